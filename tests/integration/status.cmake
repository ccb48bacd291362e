# tests/integration/status.cmake - StatusService through pmo status and
# pmo portfolio on the demo program: drafts, overrides, review, publish,
# history, diff, Markdown and the portfolio's visibility.
add_test(NAME integration_status COMMAND bash ${PMO_IT_DIR}/test_status.sh)
pmo_integration_test(integration_status)
