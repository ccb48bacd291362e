#!/bin/bash
# tests/integration/test_conn_limits.sh - no one peer can take every
# connection: past --max-connections-per-peer its connections are closed
# as they arrive while other peers are served, past --max-connections
# everyone's are, the refusals make one log line rather than one each, a
# closed connection frees its place, and the server raises its open-file
# limit to fit the cap (warning when the hard limit is too low).
#
# Peers are loopback addresses: 127.0.0.2 and 127.0.0.3 hold connections
# (tests/integration/sp_peer.py), the pmo CLI comes from 127.0.0.1.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_require_pg
pmo_test_find_binaries
pmo_test_scratch
PMO=$(pmo_test_bin pmo) || exit 1
SP_PEER="$PMO_TEST_LIB_DIR/sp_peer.py"

# hold_connections NAME SOURCE COUNT: opens COUNT connections from SOURCE
# in the background and sets HELD (its "open=X closed=Y") and the pid in
# the variable NAME, to stop it with release_connections NAME.
hold_connections() {
    local out="$PMO_TEST_TMP/$1.out" tries=300
    python3 "$SP_PEER" hold --source "$2" --count "$3" >"$out" 2>&1 &
    printf -v "$1" '%s' "$!"
    pmo_test_at_exit "kill $! 2>/dev/null"
    while [ "$tries" -gt 0 ] && ! grep -q . "$out"; do
        sleep 0.1
        tries=$((tries - 1))
    done
    HELD=$(cat "$out")
}

release_connections() {
    kill "${!1}" 2>/dev/null
    wait "${!1}" 2>/dev/null
}

refusal_lines() {
    grep 'msg="connection refused"' "$PMO_TEST_SERVER_LOG"
}

# ------------------------------------------------------------- settings

pmo_test_expect_exit "a cap of 0 is refused" 2 \
    "$PMO_BIN_DIR/pmo-server" --max-connections-per-peer 0
pmo_test_expect_contains "naming the setting and the range" "$PMO_ERR" \
    'max_connections_per_peer: expected a whole number from 1 to 262144, got "0"'

# ----------------------------------------------------------------- caps

# The caps come from the config file, as an operator would set them.
cat >"$PMO_TEST_TMP/limits.conf" <<'CONF'
max_connections = 5
max_connections_per_peer = 3
CONF
# A soft open-file limit below what the cap needs, which the server raises.
hard_limit=$(ulimit -H -n)
ulimit -S -n 64
pmo_test_start_server --config "$PMO_TEST_TMP/limits.conf"

hold_connections GREEDY 127.0.0.2 5
pmo_test_expect_eq "one peer keeps 3 of its 5 connections" \
    "open=3 closed=2" "$HELD"
pmo_test_expect_exit "another peer is served meanwhile" 0 "$PMO" info
pmo_test_expect_contains "and gets the real answer" "$PMO_OUT" "protocol"
pmo_test_expect_one_line "two refusals make one log line" "$(refusal_lines)"
pmo_test_expect_contains "the line names the peer and the cap" \
    "$(refusal_lines)" \
    "peer=127.0.0.2 reason=max_connections_per_peer limit=3"

hold_connections OTHER 127.0.0.3 3
pmo_test_expect_eq "a second peer gets what is left of the total" \
    "open=2 closed=1" "$HELD"
pmo_test_expect_one_line "a refusal for the total adds no line either" \
    "$(refusal_lines)"

release_connections GREEDY
release_connections OTHER
sleep 0.5
hold_connections AGAIN 127.0.0.2 3
pmo_test_expect_eq "closed connections free their places" \
    "open=3 closed=0" "$HELD"
release_connections AGAIN

# --------------------------------------------------- the open-file limit

pmo_test_expect_contains "the soft open-file limit was raised to the hard" \
    "$(grep '^Max open files' "/proc/$PMO_TEST_SERVER_PID/limits")" \
    "$hard_limit"
pmo_test_expect_contains "and the log says so" \
    "$(grep 'raised the open file limit' "$PMO_TEST_SERVER_LOG")" \
    "from=64 to=$hard_limit"
pmo_test_stop_server || pmo_test_fail "the server stopped cleanly"

ulimit -H -n 200
pmo_test_start_server --max-connections 1000
pmo_test_expect_contains "a hard limit below the cap is warned about" \
    "$(grep 'level=warn' "$PMO_TEST_SERVER_LOG")" \
    'msg="open file limit below the connection cap" limit=200'
pmo_test_expect_exit "and the server still serves" 0 "$PMO" info

pmo_test_done
