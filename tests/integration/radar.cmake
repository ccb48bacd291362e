# tests/integration/radar.cmake - RadarService, the record core's first
# organisation-wide kind, on the fixture in it_work.c.
pmo_it_c_test(test_radar)
target_sources(test_radar PRIVATE ${PMO_IT_DIR}/it_work.c)
add_test(NAME integration_cli_radar COMMAND bash ${PMO_IT_DIR}/test_cli_radar.sh)
pmo_integration_test(integration_cli_radar)
