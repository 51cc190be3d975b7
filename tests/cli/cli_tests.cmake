# The runner as a user meets it: exit codes, messages, and the native-versus-WebAssembly check.
set(RUNNER "$<TARGET_FILE:insideout>")
set(CLI_DIR "${CMAKE_CURRENT_SOURCE_DIR}/cli")

add_test(NAME cli.runner_contract COMMAND bash "${CLI_DIR}/runner_contract.sh" "${RUNNER}" "${CMAKE_SOURCE_DIR}")
add_test(NAME cli.native_vs_wasm COMMAND bash "${CLI_DIR}/native_vs_wasm.sh" "${RUNNER}"
         "${CMAKE_SOURCE_DIR}/build/web/insideout.js" "${CMAKE_SOURCE_DIR}")
