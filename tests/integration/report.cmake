# tests/integration/report.cmake - ReportService through pmo report and
# pmo export ics on the demo program, each output read back by what
# readers use: Python's csv module, the icalendar package, and headless
# Chromium for the HTML.
add_test(NAME integration_report COMMAND bash ${PMO_IT_DIR}/test_report.sh)
pmo_integration_test(integration_report)
# Reports past one reply: parts, and a change between them.
pmo_it_c_test(test_report_parts)
target_sources(test_report_parts PRIVATE ${PMO_IT_DIR}/it_work.c)
