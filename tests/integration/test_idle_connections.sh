#!/bin/bash
# tests/integration/test_idle_connections.sh - a connection that sends
# nothing is closed after --idle-timeout-seconds and frees its place, one
# that keeps asking is not, and one that never starts or never finishes
# its TLS handshake is dropped after --handshake-timeout-seconds.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_require_pg
pmo_test_find_binaries
pmo_test_scratch
PMO=$(pmo_test_bin pmo) || exit 1
SP_PEER="$PMO_TEST_LIB_DIR/sp_peer.py"

# pmo_expect_between NAME LOW HIGH VALUE: LOW <= VALUE <= HIGH (integers).
pmo_expect_between() {
    if [ "$4" -ge "$2" ] 2>/dev/null && [ "$4" -le "$3" ]; then
        pmo_test_pass "$1"
    else
        pmo_test_fail "$1" "expected: from $2 to $3" "seen:     $4"
    fi
}

# The value of KEY in sp_peer.py's "key=value" lines.
report_value() {
    printf '%s\n' "$REPORT" | sed -n "s/^$1=//p"
}

# At debug level the server logs each connection it closes.
pmo_test_start_server --idle-timeout-seconds 2 --handshake-timeout-seconds 4 \
    --max-connections-per-peer 1 --log-level debug

REPORT=$(python3 "$SP_PEER" idle --silent 127.0.0.2 --busy 127.0.0.3 \
    --raw 127.0.0.4 --partial 127.0.0.5 --busy-seconds 6 --limit 20 2>&1)
pmo_expect_between "a silent connection is closed after the idle timeout" \
    1800 5000 "$(report_value silent_closed_ms)"
pmo_test_expect_eq "a connection that keeps asking is served throughout" \
    "served" "$(report_value busy)"
pmo_expect_between "a connection that never starts TLS is dropped" \
    3800 8000 "$(report_value raw_closed_ms)"
pmo_expect_between "so is one that stops inside its handshake" \
    3800 8000 "$(report_value partial_closed_ms)"
pmo_test_expect_contains "the log names the idle one" \
    "$(grep 'msg="idle connection closed"' "$PMO_TEST_SERVER_LOG")" \
    "peer=127.0.0.2:"
handshakes=$(grep 'msg="handshake timed out"' "$PMO_TEST_SERVER_LOG")
pmo_test_expect_contains "and the stuck handshakes" "$handshakes" \
    "peer=127.0.0.4:"
pmo_test_expect_contains "both of them" "$handshakes" "peer=127.0.0.5:"

HELD=$(timeout 20 python3 "$SP_PEER" hold --source 127.0.0.2 --count 1 \
    --settle 0.5 --exit 2>&1)
pmo_test_expect_eq "the closed connection's place is free again" \
    "open=1 closed=0" "$HELD"
pmo_test_expect_exit "clients are served as before" 0 "$PMO" info

pmo_test_expect_eq "nothing was refused" "" \
    "$(grep 'msg="connection refused"' "$PMO_TEST_SERVER_LOG")"

pmo_test_done
