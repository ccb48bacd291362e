# tests/integration/edits_cli.cmake - the everyday edits of the pmo command
# line (work across programs, actual dates, list elements, calendars), end
# to end (each script starts its own server with lib.sh).
add_test(NAME integration_cli_edits
         COMMAND bash ${PMO_IT_DIR}/test_cli_edits.sh)
pmo_integration_test(integration_cli_edits)
add_test(NAME integration_cli_calendar
         COMMAND bash ${PMO_IT_DIR}/test_cli_calendar.sh)
pmo_integration_test(integration_cli_calendar)
add_test(NAME integration_cli_days_off
         COMMAND bash ${PMO_IT_DIR}/test_cli_days_off.sh)
pmo_integration_test(integration_cli_days_off)
