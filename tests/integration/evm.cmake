# tests/integration/evm.cmake - earned value (EvmService) through the pmo
# command line, checked against figures worked by hand.
add_test(NAME integration_cli_evm
         COMMAND bash ${PMO_IT_DIR}/test_cli_evm.sh)
pmo_integration_test(integration_cli_evm)
