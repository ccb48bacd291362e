# tests/integration/cli.cmake - the pmo command line on the program model,
# end to end (the script starts its own server with lib.sh).
add_test(NAME integration_cli_program
         COMMAND bash ${PMO_IT_DIR}/test_cli_program.sh)
pmo_integration_test(integration_cli_program)
# The demo a new user is given (deploy/demo.sh) loads and every view works.
add_test(NAME integration_demo
         COMMAND bash ${PMO_IT_DIR}/test_demo.sh)
pmo_integration_test(integration_demo)
