# tests/integration/python_client.cmake - client/python against a server;
# skipped (77) without protoc or python3-protobuf.
add_test(NAME integration_python_client
         COMMAND bash ${PMO_IT_DIR}/test_python_client.sh)
pmo_integration_test(integration_python_client)
set_property(TEST integration_python_client APPEND PROPERTY ENVIRONMENT
             "PMO_BUILD_DIR=${CMAKE_BINARY_DIR}")
set_tests_properties(integration_python_client PROPERTIES SKIP_RETURN_CODE 77)
