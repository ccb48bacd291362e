#!/bin/bash
# tests/integration/test_embedded_restart.sh - pmo-server with its own
# embedded PostgreSQL: first start, clean stop, restart on the same data
# directory with sessions intact; the postmaster killed under a running
# server and restarted by it; server and postmaster killed together and
# the server started again a second later.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# This test brings its own cluster: nothing may point it at another one.
unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE
# initdb on the first start takes a while on a busy machine.
PMO_TEST_READY_TIMEOUT_S=120

pmo_test_find_binaries
pmo_test_scratch
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pmo-it-embedded.XXXXXX")
PG_DIR="$DATA_DIR/pg"
PMO=$(pmo_test_bin pmo) || exit 1

# Should the server die without stopping its cluster, stop it by its pid.
stop_leftover_cluster() {
    local pid
    pid=$(head -n 1 "$PG_DIR/postmaster.pid" 2>/dev/null)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -QUIT "$pid"
    fi
}
pmo_test_at_exit 'rm -rf "$DATA_DIR"'
pmo_test_at_exit stop_leftover_cluster

PMO_TEST_ADMIN_PASSWORD="embedded-admin-$RANDOM"
(umask 077 && printf '%s\n' "$PMO_TEST_ADMIN_PASSWORD" \
    >"$PMO_TEST_TMP/admin-password")
PMO_TEST_PORT=$(pmo_test_free_port)
PMO_TEST_SERVER_LOG="$PMO_TEST_TMP/server.log"
export PMO_SERVER="tls+tcp://127.0.0.1:$PMO_TEST_PORT"
export PMO_CA="$DATA_DIR/ca.pem"
export PMO_CONFIG_DIR="$PMO_TEST_TMP/config"

start_server() {
    pmo_test_launch_server "$PMO_TEST_SERVER_LOG" \
        --data-dir "$DATA_DIR" --listen "$PMO_SERVER" \
        --admin-password-file "$PMO_TEST_TMP/admin-password" \
        --password-iterations 10000
}

# Stops the server and checks that it exits 0 and its cluster is gone.
stop_server_and_cluster() {
    local when=$1
    if pmo_test_stop_server; then
        pmo_test_pass "$when: SIGTERM stops pmo-server with status 0"
    else
        pmo_test_fail "$when: SIGTERM stops pmo-server with status 0" \
            "see the report above"
    fi
    local left
    left=$(pgrep -a -f "$PG_DIR")
    pmo_test_expect_eq "$when: no postgres process is left for $PG_DIR" \
        "" "$left"
}

# ------------------------------------------------------------ first start

if ! start_server; then
    pmo_test_fail "first start becomes ready" "see the log above"
    pmo_test_done
fi
pmo_test_pass "first start becomes ready"
pmo_test_expect_contains "first start runs the embedded database" \
    "$(grep 'msg=ready' "$PMO_TEST_SERVER_LOG")" "database=embedded"

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "whoami before the restart" 0 "$PMO" whoami
session_before=$(grep -o 'session [0-9]*' <<<"$PMO_OUT")

stop_server_and_cluster "first stop"

# ---------------------------------------------------------------- restart

: >"$PMO_TEST_SERVER_LOG.restart"
PMO_TEST_SERVER_LOG="$PMO_TEST_SERVER_LOG.restart"
if ! start_server; then
    pmo_test_fail "restart on the same data directory becomes ready" \
        "see the log above"
    pmo_test_done
fi
pmo_test_pass "restart on the same data directory becomes ready"

pmo_test_expect_exit "the session token survives the restart" 0 \
    "$PMO" whoami
pmo_test_expect_contains "it is the same session" "$PMO_OUT" \
    "${session_before:-session ?}"
pmo_test_expect_exit "login again after the restart" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "health after the restart" 0 "$PMO" health
# The same session again: the login above made a new one.
pmo_test_expect_exit "whoami for the new session" 0 "$PMO" whoami
session_before=$(grep -o 'session [0-9]*' <<<"$PMO_OUT")

# ------------------------------------------- the postmaster dies (kill -9)

postmaster_pid() { head -n 1 "$PG_DIR/postmaster.pid" 2>/dev/null; }

# Waits up to $1 s for `pmo whoami` to answer again.
whoami_within() {
    local tries=$(($1 * 2))
    while [ "$tries" -gt 0 ]; do
        "$PMO" whoami >/dev/null 2>&1 && return 0
        sleep 0.5
        tries=$((tries - 1))
    done
    return 1
}

old_pid=$(postmaster_pid)
kill -KILL "$old_pid"
if whoami_within 60; then
    pmo_test_pass "after kill -9 of the postmaster the server answers again"
else
    pmo_test_fail "after kill -9 of the postmaster the server answers again" \
        "$(tail -n 20 "$PMO_TEST_SERVER_LOG")"
fi
new_pid=$(postmaster_pid)
if [ -n "$new_pid" ] && [ "$new_pid" != "$old_pid" ]; then
    pmo_test_pass "a new postmaster runs"
else
    pmo_test_fail "a new postmaster runs" "postmaster.pid: ${new_pid:-none}"
fi
pmo_test_expect_contains "the server says it restarted the cluster" \
    "$(cat "$PMO_TEST_SERVER_LOG")" "embedded PostgreSQL restarted"
pmo_test_expect_exit "the session survives the postmaster's death" 0 \
    "$PMO" whoami
pmo_test_expect_contains "it is still the same session" "$PMO_OUT" \
    "${session_before:-session ?}"

# -------------------------------------- server and postmaster die together

old_pid=$(postmaster_pid)
kill -KILL "$PMO_TEST_SERVER_PID" "$old_pid"
wait "$PMO_TEST_SERVER_PID" 2>/dev/null
PMO_TEST_SERVER_PID=
sleep 1
: >"$PMO_TEST_SERVER_LOG.crash"
PMO_TEST_SERVER_LOG="$PMO_TEST_SERVER_LOG.crash"
if start_server; then
    pmo_test_pass "a start 1 s after both were killed becomes ready"
else
    pmo_test_fail "a start 1 s after both were killed becomes ready" \
        "see the log above"
    pmo_test_done
fi
pmo_test_expect_exit "whoami after the crash of both" 0 "$PMO" whoami
pmo_test_expect_contains "the session is kept across the crash" "$PMO_OUT" \
    "${session_before:-session ?}"

stop_server_and_cluster "after the crash"

pmo_test_done
