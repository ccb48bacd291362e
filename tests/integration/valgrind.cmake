# tests/integration/valgrind.cmake - the server under valgrind's memcheck
# through a small day's work; skipped (77) in a sanitizer build.
add_test(NAME integration_valgrind
         COMMAND bash ${PMO_IT_DIR}/test_valgrind.sh)
pmo_integration_test(integration_valgrind)
set_tests_properties(integration_valgrind PROPERTIES SKIP_RETURN_CODE 77)
