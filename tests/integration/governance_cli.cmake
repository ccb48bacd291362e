# tests/integration/governance_cli.cmake - the governance commands of the
# pmo command line (risks, gates, actions, retrospectives and lessons),
# end to end (the script starts its own server with lib.sh).
add_test(NAME integration_cli_governance
         COMMAND bash ${PMO_IT_DIR}/test_cli_governance.sh)
pmo_integration_test(integration_cli_governance)
add_test(NAME integration_cli_retro_actions
         COMMAND bash ${PMO_IT_DIR}/test_cli_retro_actions.sh)
pmo_integration_test(integration_cli_retro_actions)
