# tests/integration/cli_csv.cmake - --csv on the CLI's list and schedule
# views.
add_test(NAME integration_cli_csv COMMAND bash ${PMO_IT_DIR}/test_cli_csv.sh)
pmo_integration_test(integration_cli_csv)
