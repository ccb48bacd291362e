# tests/integration/finance.cmake - FinanceService through pmo budget and
# pmo cost: budgets with their versions, expenses, CSV imports, roles.
add_test(NAME integration_cli_finance
         COMMAND bash ${PMO_IT_DIR}/test_cli_finance.sh)
pmo_integration_test(integration_cli_finance)
