# tests/integration/client_library.cmake - libpmoclient installed and used
# from outside the source tree.
add_test(NAME integration_client_library
         COMMAND bash ${PMO_IT_DIR}/test_client_library.sh)
pmo_integration_test(integration_client_library)
set_property(TEST integration_client_library APPEND PROPERTY ENVIRONMENT
             "PMO_BUILD_DIR=${CMAKE_BINARY_DIR}")
