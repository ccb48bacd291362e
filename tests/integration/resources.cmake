# tests/integration/resources.cmake - ResourceService through pmo person,
# assign and unassign, and units-aware pmo load and pmo level --apply.
add_test(NAME integration_cli_resources
         COMMAND bash ${PMO_IT_DIR}/test_cli_resources.sh)
pmo_integration_test(integration_cli_resources)
