#!/bin/bash
# tests/integration/test_db_outage.sh - an external PostgreSQL that goes away
# for a few seconds: pmo-server waits quietly (a handful of log lines, little
# CPU) and serves again once the database is back.
#
# The cluster is this test's own (the shared one of the suite must not stop),
# on a Unix socket in the scratch directory.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_find_binaries
pmo_test_scratch
PMO=$(pmo_test_bin pmo) || exit 1
OUTAGE_S=5
MAX_LINES=5     # the loss, the first failure, the reconnection, and slack
MAX_CPU_PCT=10  # a busy loop takes most of a core; idle waiting takes ~0

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PG_BIN/initdb" ] || pmo_test_die "no initdb under /usr/lib/postgresql"
CLUSTER="$PMO_TEST_TMP/cluster"
mkdir -p "$CLUSTER"
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$CLUSTER" && chmod 755 "$PMO_TEST_TMP"
as_owner "$PG_BIN/initdb" -D "$CLUSTER/data" -A trust -U pmo >/dev/null ||
    pmo_test_die "initdb failed"
PG_PORT=$(pmo_test_free_port)
pg() {
    as_owner "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/pg.log" -w \
        -o "-k $CLUSTER -p $PG_PORT -c listen_addresses=''" "$@" >/dev/null
}
pg start || pmo_test_die "cannot start the test's cluster"
pmo_test_at_exit 'pg stop -m immediate 2>/dev/null'

PMO_TEST_ADMIN_PASSWORD="outage-admin-$RANDOM-$RANDOM"
(umask 077 && printf '%s\n' "$PMO_TEST_ADMIN_PASSWORD" \
    >"$PMO_TEST_TMP/admin-password")
PMO_TEST_PORT=$(pmo_test_free_port)
PMO_TEST_SERVER_LOG="$PMO_TEST_TMP/server.log"
export PMO_SERVER="tls+tcp://127.0.0.1:$PMO_TEST_PORT"
export PMO_CA="$PMO_TEST_TMP/data/ca.pem"
export PMO_CONFIG_DIR="$PMO_TEST_TMP/config"
mkdir -p -m 0700 "$PMO_CONFIG_DIR"
pmo_test_launch_server "$PMO_TEST_SERVER_LOG" \
    --db "host=$CLUSTER port=$PG_PORT user=pmo dbname=postgres" \
    --data-dir "$PMO_TEST_TMP/data" --listen "$PMO_SERVER" \
    --admin-password-file "$PMO_TEST_TMP/admin-password" \
    --password-iterations 10000 || pmo_test_die "cannot start pmo-server"
pmo_test_expect_exit "login" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"

# utime + stime of the server, in clock ticks.
cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$PMO_TEST_SERVER_PID/stat"
}

lines_before=$(wc -l <"$PMO_TEST_SERVER_LOG")
pg stop -m fast || pmo_test_die "cannot stop the test's cluster"
ticks_before=$(cpu_ticks)
sleep "$OUTAGE_S"
ticks=$(($(cpu_ticks) - ticks_before))
lines=$(($(wc -l <"$PMO_TEST_SERVER_LOG") - lines_before))
pct=$((ticks * 100 / ($(getconf CLK_TCK) * OUTAGE_S)))
pg start || pmo_test_die "cannot restart the test's cluster"

if [ "$lines" -le "$MAX_LINES" ]; then
    pmo_test_pass "a ${OUTAGE_S} s outage logs $lines lines (at most $MAX_LINES)"
else
    pmo_test_fail "a ${OUTAGE_S} s outage logs at most $MAX_LINES lines" \
        "seen: $lines lines; the first of them:" \
        "$(tail -n +"$((lines_before + 1))" "$PMO_TEST_SERVER_LOG" | head -5)"
fi
if [ "$pct" -lt "$MAX_CPU_PCT" ]; then
    pmo_test_pass "the server used ${pct}% of a core while waiting"
else
    pmo_test_fail "the server uses under ${MAX_CPU_PCT}% of a core while" \
        "the database is down" "seen: ${pct}% ($ticks ticks in ${OUTAGE_S} s)"
fi

# The workers reconnect on the next request; the listener within its backoff.
served=1
for _ in $(seq 30); do
    "$PMO" whoami >/dev/null 2>&1 && served=0 && break
    sleep 0.5
done
pmo_test_expect_eq "the server serves again once the database is back" 0 \
    "$served"
listening=1
for _ in $(seq 30); do
    grep -q 'notification listener reconnected' "$PMO_TEST_SERVER_LOG" &&
        listening=0 && break
    sleep 0.5
done
pmo_test_expect_eq "the notification listener reconnects" 0 "$listening"

pmo_test_done
