#!/bin/bash
# tests/integration/test_failover.sh - two pmo-servers on one database,
# and clients given both addresses (`--server A,B`): a command connects to
# whichever answers, reads and writes go on when one server is stopped,
# and a long-lived connection (the pmo-admin shell) keeps working across
# the stop without reconnecting by hand.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
pmo_test_start_second "$PMO_TEST_TMP/second.log"
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
BOTH="$PMO_SERVER,$SECOND_URL"
export PMO_SERVER="$BOTH"

pmo_test_expect_exit "login given both servers" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "a write through either" 0 \
    "$PMO" program create FAIL --name "Fail over"

# A long-lived connection to both: the admin shell, fed line by line.
mkfifo "$PMO_TEST_TMP/shell.in"
"$ADM" <"$PMO_TEST_TMP/shell.in" >"$PMO_TEST_TMP/shell.out" 2>&1 &
shell_pid=$!
exec 7>"$PMO_TEST_TMP/shell.in"
echo "user list" >&7
for _ in $(seq 1 50); do
    grep -q admin "$PMO_TEST_TMP/shell.out" && break
    sleep 0.1
done
pmo_test_expect_contains "the shell answers" \
    "$(cat "$PMO_TEST_TMP/shell.out")" "admin"

# The first server goes away.
if pmo_test_stop_server; then
    pmo_test_pass "the first server stops"
else
    pmo_test_fail "the first server stops" "see its log"
fi

pmo_test_expect_exit "a read with one server down" 0 "$PMO" program show FAIL
pmo_test_expect_exit "a write with one server down" 0 \
    "$PMO" program set FAIL description="written while A was down"
pmo_test_expect_exit "the write is there" 0 "$PMO" program show FAIL --json
pmo_test_expect_eq "as written" "written while A was down" \
    "$(pmo_test_json 'd["description"]')"

: >"$PMO_TEST_TMP/shell.out"
echo "user show admin" >&7
for _ in $(seq 1 100); do
    grep -q "admin" "$PMO_TEST_TMP/shell.out" && break
    sleep 0.1
done
pmo_test_expect_contains "the open shell goes on through the other server" \
    "$(cat "$PMO_TEST_TMP/shell.out")" "admin"
echo "quit" >&7
exec 7>&-
wait "$shell_pid" 2>/dev/null

PMO_SERVER="${BOTH%%,*}" pmo_test_expect_exit \
    "the stopped server alone is unreachable (exit 7)" 7 "$PMO" whoami
if pmo_test_stop_second "$PMO_TEST_TMP/second.log"; then
    pmo_test_pass "the second server stops cleanly"
else
    pmo_test_fail "the second server stops cleanly" "see its log"
fi
pmo_test_expect_exit "with both down, unreachable (exit 7)" 7 "$PMO" whoami
pmo_test_done
