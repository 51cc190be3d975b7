# The loader's fuzzer, built by the fuzz preset (clang, libFuzzer, ASan+UBSan) into build/fuzz and
# run from this ctest like the ASan unit tests, for a bounded time. scripts/test builds it first.
if(NOT INSIDEOUT_SANITIZE)
  add_test(NAME fuzz.loader COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/run_fuzz.sh"
           "${CMAKE_SOURCE_DIR}/build/fuzz/tests/fuzz/loader_fuzz" "${CMAKE_CURRENT_SOURCE_DIR}/fuzz"
           "${CMAKE_CURRENT_BINARY_DIR}/fuzz-loader" 30)
  set_tests_properties(fuzz.loader PROPERTIES TIMEOUT 120)
endif()
