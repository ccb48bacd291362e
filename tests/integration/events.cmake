# tests/integration/events.cmake - the event stream: pmo watch over the
# events socket, ListEvents catch-up, programs a watcher may not read, two
# servers on one database, and writes rolled back.
add_test(NAME integration_cli_events
         COMMAND bash ${PMO_IT_DIR}/test_cli_events.sh)
pmo_integration_test(integration_cli_events)
