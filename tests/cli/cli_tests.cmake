# The runner as a user meets it: exit codes, messages, and the native-versus-WebAssembly check.
set(RUNNER "$<TARGET_FILE:insideout>")
set(CLI_DIR "${CMAKE_CURRENT_SOURCE_DIR}/cli")

add_test(NAME cli.runner_contract COMMAND bash "${CLI_DIR}/runner_contract.sh" "${RUNNER}" "${CMAKE_SOURCE_DIR}")
add_test(NAME cli.native_vs_wasm COMMAND bash "${CLI_DIR}/native_vs_wasm.sh" "${RUNNER}"
         "${CMAKE_SOURCE_DIR}/build/web/insideout.js" "${CMAKE_SOURCE_DIR}")

# The benchmark's smoke run (seconds), natively and in WebAssembly: it must run and print every
# figure; its timings are not judged here (scripts/bench does that, into bench/RESULTS.md).
add_test(NAME bench.smoke COMMAND bash "${CLI_DIR}/bench_smoke.sh" "${RUNNER}" WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
add_test(NAME bench.smoke_wasm COMMAND bash "${CLI_DIR}/bench_smoke.sh" node "${CMAKE_SOURCE_DIR}/build/web/insideout.js"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
