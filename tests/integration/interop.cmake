# tests/integration/interop.cmake - plans in and out of Microsoft Project
# XML through the pmo command line, on files MS Project saved (kept
# outside the project: PMO_MSPDI_DIR, set in tests/unit/CMakeLists.txt);
# without them the test is skipped, saying so.
add_test(NAME integration_cli_mspdi
         COMMAND bash ${PMO_IT_DIR}/test_cli_mspdi.sh)
pmo_integration_test(integration_cli_mspdi)
set_property(TEST integration_cli_mspdi APPEND PROPERTY
             ENVIRONMENT "PMO_MSPDI_DIR=${PMO_MSPDI_DIR}")
set_tests_properties(integration_cli_mspdi PROPERTIES SKIP_RETURN_CODE 77)
