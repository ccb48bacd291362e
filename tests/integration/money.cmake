# tests/integration/money.cmake - money in minor units of a program's
# currency: migration 0016, budgets and expenses (MoneyService), the
# earned value of a program.
add_test(NAME integration_money_migration
         COMMAND bash ${PMO_IT_DIR}/test_money_migration.sh)
pmo_integration_test(integration_money_migration)
