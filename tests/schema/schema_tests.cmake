# scenarios/schema.json against the loader: every shipped and test scenario validates, and the
# bad files of tests/scenario/bad/ are rejected by both at the same place (ajv, from npm ci).
add_test(NAME schema.agrees_with_loader COMMAND node "${CMAKE_CURRENT_SOURCE_DIR}/schema/schema_test.mjs"
         "${CMAKE_SOURCE_DIR}" "$<TARGET_FILE:insideout>")
