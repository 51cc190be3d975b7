# Browser tests: Playwright (playwright-core) drives Debian's /usr/bin/chromium against the site
# built by the web preset. Screenshots land in build/test-artifacts/ for a person to look at.
set(WEB_TEST_DIR "${CMAKE_CURRENT_SOURCE_DIR}/web")
add_test(NAME web.first_page COMMAND node "${WEB_TEST_DIR}/first_page.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.first_page PROPERTIES TIMEOUT 180
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.dataflow_panels COMMAND node "${WEB_TEST_DIR}/dataflow_panels.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.dataflow_panels PROPERTIES TIMEOUT 180
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.storage_panel COMMAND node "${WEB_TEST_DIR}/storage_panel.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.storage_panel PROPERTIES TIMEOUT 180
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.lesson COMMAND node "${WEB_TEST_DIR}/lesson.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.lesson PROPERTIES TIMEOUT 300
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.privacy_credit COMMAND node "${WEB_TEST_DIR}/privacy_credit.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.privacy_credit PROPERTIES TIMEOUT 240
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.frame_timer COMMAND node "${WEB_TEST_DIR}/frame_timer.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.frame_timer PROPERTIES TIMEOUT 180
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.time_travel COMMAND node "${WEB_TEST_DIR}/time_travel.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.time_travel PROPERTIES TIMEOUT 180
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.share_link COMMAND node "${WEB_TEST_DIR}/share_link.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.share_link PROPERTIES TIMEOUT 180
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.scenario_picker COMMAND node "${WEB_TEST_DIR}/scenario_picker.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.scenario_picker PROPERTIES TIMEOUT 180
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.credit_tab COMMAND node "${WEB_TEST_DIR}/credit_tab.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.credit_tab PROPERTIES TIMEOUT 180
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.scenario_editor COMMAND node "${WEB_TEST_DIR}/scenario_editor.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.scenario_editor PROPERTIES TIMEOUT 180
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.presenter COMMAND node "${WEB_TEST_DIR}/presenter.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.presenter PROPERTIES TIMEOUT 180
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
add_test(NAME web.tape_faults COMMAND node "${WEB_TEST_DIR}/tape_faults.test.mjs"
         WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
set_tests_properties(web.tape_faults PROPERTIES TIMEOUT 180
  ENVIRONMENT "INSIDEOUT_SITE=${CMAKE_SOURCE_DIR}/build/web/site;INSIDEOUT_ARTIFACTS=${CMAKE_SOURCE_DIR}/build/test-artifacts")
