# tests/integration/schedule_cli.cmake - the scheduling commands of the pmo
# command line, end to end (the script starts its own server with lib.sh).
add_test(NAME integration_cli_schedule
         COMMAND bash ${PMO_IT_DIR}/test_cli_schedule.sh)
pmo_integration_test(integration_cli_schedule)
