# tests/integration/protocol_doc.cmake - docs/PROTOCOL.md's examples,
# built against the installed libpmoclient and run against a server.
add_test(NAME integration_protocol_doc
         COMMAND bash ${PMO_IT_DIR}/test_protocol_doc.sh)
pmo_integration_test(integration_protocol_doc)
set_property(TEST integration_protocol_doc APPEND PROPERTY ENVIRONMENT
             "PMO_BUILD_DIR=${CMAKE_BINARY_DIR}")
