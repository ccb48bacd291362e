# tests/integration/tokens.cmake - identities for services: service
# accounts and the API tokens they call with, through pmo and pmo-admin.
add_test(NAME integration_cli_tokens
         COMMAND bash ${PMO_IT_DIR}/test_cli_tokens.sh)
pmo_integration_test(integration_cli_tokens)
add_test(NAME integration_cli_token_mtls
         COMMAND bash ${PMO_IT_DIR}/test_cli_token_mtls.sh)
pmo_integration_test(integration_cli_token_mtls)
# The scope of a token against every method ListMethods lists.
pmo_it_c_test(test_token_scope)
