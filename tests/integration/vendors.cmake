# tests/integration/vendors.cmake - VendorService through pmo vendor and
# pmo contract: vendors, contracts with their money and dates, spend
# against a contract, late milestones and deliverables, roles.
add_test(NAME integration_cli_vendors
         COMMAND bash ${PMO_IT_DIR}/test_cli_vendors.sh)
pmo_integration_test(integration_cli_vendors)
