#!/bin/bash
# tests/integration/test_login_limits.sh - failed logins are counted in the
# database: a success clears the account's count, the count survives a
# restart, two servers on one database share it, and the peer address has
# an allowance of its own (four times the account's).
#
# The servers run with --login-max-failures 3: the third failure locks an
# account, the twelfth the loopback address every login here comes from.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PMO=$(pmo_test_bin pmo) || exit 1

pmo_test_start_server --login-max-failures 3

# login USER PASSWORD: `pmo login` against PMO_SERVER, result in PMO_RC/OUT/ERR.
login() {
    "$PMO" login --user "$1" --password-stdin <<<"$2" >"$PMO_TEST_TMP/out" \
        2>"$PMO_TEST_TMP/err"
    PMO_RC=$?
    PMO_ERR=$(cat "$PMO_TEST_TMP/err")
}

# expect_login NAME WANT_EXIT USER PASSWORD
expect_login() {
    login "$3" "$4"
    pmo_test_expect_eq "$1 (exit status)" "$2" "$PMO_RC"
}

# expect_locked NAME USER PASSWORD: refused as RESOURCE_EXHAUSTED (exit 7).
expect_locked() {
    expect_login "$1" 7 "$2" "$3"
    pmo_test_expect_contains "$1 (says why)" "$PMO_ERR" "too many failed logins"
}

# ---------------------------------------------------- success clears it

expect_login "a wrong password is refused" 5 admin wrong-1
expect_login "a second wrong password is refused" 5 admin wrong-2
expect_login "the right password after two failures logs in" 0 \
    admin "$PMO_TEST_ADMIN_PASSWORD"
expect_login "a failure after the login counts from zero" 5 admin wrong-3
expect_login "and a second one" 5 admin wrong-4
expect_login "two failures since the last login still allow one" 0 \
    admin "$PMO_TEST_ADMIN_PASSWORD"

# ------------------------------------------------- a restart forgets nothing

expect_login "failure 1 before the restart" 5 admin wrong-5
expect_login "failure 2 before the restart" 5 admin wrong-6
pmo_test_stop_server || pmo_test_die "the server did not stop cleanly"
PMO_TEST_SERVER_LOG="$PMO_TEST_TMP/restarted.log"
pmo_test_start_second "$PMO_TEST_SERVER_LOG" --login-max-failures 3
PMO_TEST_SERVER_PID=$SECOND_PID
export PMO_SERVER=$SECOND_URL
expect_login "failure 3 after the restart" 5 admin wrong-7
expect_locked "the right password is refused once three failures span a restart" \
    admin "$PMO_TEST_ADMIN_PASSWORD"
expect_login "another account is not locked" 5 bystander wrong-8

# -------------------------------------------- two servers share one count

FIRST_URL=$PMO_SERVER
pmo_test_start_second "$PMO_TEST_TMP/second.log" --login-max-failures 3
PMO_SERVER=$FIRST_URL expect_login "failure 1 on the first server" 5 shared.user wrong-a
PMO_SERVER=$FIRST_URL expect_login "failure 2 on the first server" 5 shared.user wrong-b
PMO_SERVER=$SECOND_URL expect_login "failure 3 on the second server" 5 shared.user wrong-c
PMO_SERVER=$SECOND_URL expect_locked "the second server refuses the account" \
    shared.user wrong-d
PMO_SERVER=$FIRST_URL expect_locked "so does the first" shared.user wrong-e
pmo_test_stop_second "$PMO_TEST_TMP/second.log" ||
    pmo_test_fail "the second server stops cleanly" "see its log above"

# ------------------------------------------------ the peer's allowance

# Eleven failures so far from this address (refused attempts are not
# counted); one more reaches its allowance of twelve.
expect_login "failure 12 from this address" 5 peer.user.1 wrong
expect_locked "a fresh account from the same address is refused" \
    peer.user.3 wrong

pmo_test_done
