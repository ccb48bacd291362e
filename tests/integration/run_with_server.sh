#!/bin/bash
# tests/integration/run_with_server.sh - runs one test program against a
# pmo-server of its own.
#
#   run_with_server.sh [pmo-server flags...] -- PROGRAM [ARGS...]
#
# Starts a server (lib.sh: own database, data directory and port), runs
# PROGRAM with PMO_SERVER, PMO_CA, PMO_CONFIG_DIR, PMO_TEST_ADMIN_PASSWORD,
# PMO_TEST_DB and PMO_BIN_DIR set, stops the server and exits with
# PROGRAM's status; a server that fails to stop cleanly (or leaves a
# sanitizer report in its log) fails the run too.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

server_flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    server_flags+=("$1")
    shift
done
if [ $# -lt 2 ]; then
    echo "usage: $0 [pmo-server flags...] -- PROGRAM [ARGS...]" >&2
    exit 2
fi
shift

PMO_TEST_NAME=$(basename "$1")
pmo_test_start_server "${server_flags[@]}"

"$@"
status=$?
if [ "$status" -ne 0 ]; then
    echo "$PMO_TEST_NAME exited with status $status; the server's log:" >&2
    pmo_test_print_trouble "$PMO_TEST_SERVER_LOG"
    pmo_test_print_log "$PMO_TEST_SERVER_LOG"
fi
pmo_test_stop_server || status=1
exit "$status"
