# tests/integration/failover.cmake - two servers, one database, clients
# that go on when one is stopped.
add_test(NAME integration_failover COMMAND bash ${PMO_IT_DIR}/test_failover.sh)
pmo_integration_test(integration_failover)
