# tests/integration/finance.cmake - FinanceService through pmo budget and
# pmo cost: budgets with their versions, expenses, CSV imports, roles.
add_test(NAME integration_cli_finance
         COMMAND bash ${PMO_IT_DIR}/test_cli_finance.sh)
pmo_integration_test(integration_cli_finance)
pmo_it_c_test(test_finance)
target_sources(test_finance PRIVATE ${PMO_IT_DIR}/it_work.c)
