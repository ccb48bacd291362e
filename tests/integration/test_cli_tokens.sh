#!/bin/bash
# tests/integration/test_cli_tokens.sh - a service calling pmo the way an
# operator sets one up: an admin makes a service account and API tokens
# for it, the service reads with PMO_TOKEN, and each limit of a token
# holds (read-only, one program, revoked, expired, account disabled). A
# service account cannot log in with a password, and the database keeps
# only a hash of each token.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200

json() { pmo_test_json "$@"; }

# svc TOKEN ARGS...: pmo as the service, with nothing but its token.
svc() { pmo_test_with_token "$1" "$PMO" "${@:2}"; }

# refused_on_second NAME TOKEN NEEDLE: the token, cached by the second server
# before the change made on the first, is refused there soon after (the
# NOTIFY path), far sooner than the cache would forget it (30 s).
refused_on_second() {
    local name=$1 token=$2 needle=$3 tries=30
    while [ "$tries" -gt 0 ] &&
        PMO_SERVER=$SECOND_URL svc "$token" program show ALPHA >/dev/null 2>&1; do
        sleep 0.1
        tries=$((tries - 1))
    done
    PMO_SERVER=$SECOND_URL pmo_test_expect_exit "$name" 5 \
        svc "$token" program show ALPHA
    pmo_test_expect_contains "$name (says why)" "$PMO_ERR" "$needle"
}

sql() {
    psql -d "$PMO_TEST_DB" -XAtqc "$1"
}

# make_token NAME ARGS...: an admin's token for ci-bot, its id in tok_id
# and its secret in tok.
make_token() {
    local name=$1
    shift
    pmo_test_expect_exit "token create $name" 0 \
        "$ADM" --json token create "$name" --user ci-bot "$@"
    tok_id=$(json 'd["token"]["id"]')
    tok=$(json 'd["secret"]')
}

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "program ALPHA" 0 "$PMO" program create ALPHA --name "Alpha"
pmo_test_expect_exit "program BRAVO" 0 "$PMO" program create BRAVO --name "Bravo"

# ---------------------------------------------------- the service account

pmo_test_expect_exit "service-account add" 0 \
    "$ADM" service-account add ci-bot --display-name "CI pipeline"
pmo_test_expect_contains "says how to give it a token" "$PMO_OUT" \
    "pmo-admin token create --user ci-bot"
pmo_test_expect_exit "user show" 0 "$ADM" user show ci-bot
pmo_test_expect_contains "its kind is shown" "$PMO_OUT" "kind          service"
pmo_test_expect_exit "a manager in ALPHA" 0 \
    "$PMO" program grant ALPHA ci-bot manager
pmo_test_expect_exit "a manager in BRAVO" 0 \
    "$PMO" program grant BRAVO ci-bot manager

pmo_test_expect_exit "a service account cannot log in with a password" 5 \
    "$PMO" login --user ci-bot --password-stdin <<<"any password at all"
pmo_test_expect_contains "login says why" "$PMO_ERR" \
    "ci-bot is a service account: it cannot log in with a password"
pmo_test_expect_exit "reset-password is refused for it" 4 \
    "$ADM" user reset-password ci-bot 2>/dev/null
pmo_test_expect_contains "reset says why" "$PMO_ERR" "has no password"

# ------------------------------------------------------ a read-write token

make_token deploy
rw_id=$tok_id rw=$tok
pmo_test_expect_exit "with PMO_TOKEN the service reads a program" 0 \
    svc "$rw" program show ALPHA
pmo_test_expect_contains "it sees the program" "$PMO_OUT" "Alpha"
pmo_test_expect_exit "and writes in it" 0 \
    svc "$rw" risk add ALPHA --title "Pipeline flaky" --probability 2 --impact 2
pmo_test_expect_exit "team create" 0 "$PMO" team create eng --name Eng
pmo_test_expect_exit "project add" 0 "$PMO" project add ALPHA core \
    --name Core --team eng
pmo_test_expect_exit "a task for the service" 0 "$PMO" task add ALPHA \
    --project core --title "Nightly build" --assignee ci-bot
pmo_test_expect_exit "task list --mine knows whose token it is" 0 \
    svc "$rw" task list --mine
pmo_test_expect_contains "the service's own task" "$PMO_OUT" "Nightly build"
pmo_test_expect_exit "whoami" 0 svc "$rw" whoami
pmo_test_expect_contains "whoami names the token" "$PMO_OUT" \
    "ci-bot (CI pipeline), service account on $PMO_SERVER (API token $rw_id"
pmo_test_expect_exit "logout does not pretend to end a token" 2 \
    svc "$rw" logout
pmo_test_expect_contains "says what to do" "$PMO_ERR" "pmo token revoke"
pmo_test_expect_exit "a token cannot make tokens" 6 \
    svc "$rw" token create another
pmo_test_expect_contains "says to log in" "$PMO_ERR" "cannot make tokens"
pmo_test_expect_exit "nor reach admin methods" 6 \
    pmo_test_with_token "$rw" "$ADM" user list
pmo_test_expect_contains "admin role needed" "$PMO_ERR" "requires the admin role"

pmo_test_expect_exit "token list --user ci-bot --json" 0 \
    "$ADM" --json token list --user ci-bot
pmo_test_expect_eq "the use is recorded" "True" \
    "$(json 'd["tokens"][0]["last_used_ms"] > 0')"
used=$(sql "SELECT last_used_at FROM api_tokens WHERE id = $rw_id")
pmo_test_expect_exit "another call within the minute" 0 \
    svc "$rw" program show ALPHA
pmo_test_expect_eq "is not written again (once a minute at most)" "$used" \
    "$(sql "SELECT last_used_at FROM api_tokens WHERE id = $rw_id")"

# --------------------------------------------------------- stored as hash

pmo_test_expect_eq "the secret is not stored in clear" "0" \
    "$(sql "SELECT count(*) FROM api_tokens t WHERE strpos(t::text, '$rw') > 0")"
pmo_test_expect_eq "nor in the audit trail" "0" \
    "$(sql "SELECT count(*) FROM audit_log a WHERE strpos(a::text, '$rw') > 0")"
pmo_test_expect_eq "only its SHA-256 is" "1" \
    "$(sql "SELECT count(*) FROM api_tokens WHERE id = $rw_id AND token_hash =
              encode(sha256(convert_to('$rw', 'UTF8')), 'hex')")"
pmo_test_expect_exit "audit tail" 0 "$ADM" audit tail -n 50
pmo_test_expect_contains "the new token is audited" "$PMO_OUT" "api_token"
pmo_test_expect_not_contains "without its secret" "$PMO_OUT" "$rw"

# --------------------------------------------------------- read-only token

make_token report --read-only
ro_id=$tok_id ro=$tok
pmo_test_expect_exit "a read-only token reads" 0 svc "$ro" risk list ALPHA
pmo_test_expect_contains "the risk is there" "$PMO_OUT" "Pipeline flaky"
pmo_test_expect_exit "a read-only token is refused a write" 6 \
    svc "$ro" risk add ALPHA --title "Not allowed" --probability 1 --impact 1
pmo_test_expect_contains "the refusal names the scope" "$PMO_ERR" \
    "this API token is read-only and pmo.v1.RiskService/CreateRisk writes"
pmo_test_expect_exit "and nothing was written" 0 "$PMO" risk list ALPHA
pmo_test_expect_not_contains "no such risk" "$PMO_OUT" "Not allowed"

# --------------------------------------------------- a token for one program

make_token alpha-only --program alpha
one_id=$tok_id one=$tok
pmo_test_expect_exit "a token for ALPHA reads ALPHA" 0 \
    svc "$one" program show ALPHA
pmo_test_expect_exit "and is refused BRAVO" 6 svc "$one" program show BRAVO
pmo_test_expect_contains "the refusal names the program" "$PMO_ERR" \
    "this API token is not for program BRAVO"
pmo_test_expect_exit "refused a write in BRAVO too" 6 \
    svc "$one" risk add BRAVO --title "Elsewhere" --probability 1 --impact 1
pmo_test_expect_exit "its program list" 0 svc "$one" program list
pmo_test_expect_contains "lists ALPHA" "$PMO_OUT" "ALPHA"
pmo_test_expect_not_contains "and not BRAVO" "$PMO_OUT" "BRAVO"
pmo_test_expect_exit "the full token's list" 0 svc "$rw" program list
pmo_test_expect_contains "lists BRAVO" "$PMO_OUT" "BRAVO"
pmo_test_expect_exit "a radar entry on both programs" 0 \
    "$PMO" radar add Rust --quadrant languages --ring assess --program ALPHA
pmo_test_expect_exit "linked to BRAVO too" 0 "$PMO" radar link 1 --program BRAVO
pmo_test_expect_exit "the ALPHA token reads the entry" 0 \
    svc "$one" radar show 1 --json
pmo_test_expect_eq "and sees only the link to ALPHA" "['ALPHA']" \
    "$(json 'd["programs"]')"
pmo_test_expect_exit "nor makes a program" 6 \
    svc "$one" program create CHARLIE --name "Charlie"
pmo_test_expect_contains "says why" "$PMO_ERR" "cannot make one"
pmo_test_expect_exit "a token bound to mutual TLS on a server without it" 2 \
    "$ADM" token create bound --user ci-bot --client-cert
pmo_test_expect_contains "is refused, naming the field" "$PMO_ERR" \
    "client_cert: this server does not check client certificates"
pmo_test_expect_exit "a program the account cannot see" 2 \
    "$ADM" token create nowhere --user ci-bot --program NOPE
pmo_test_expect_contains "is named" "$PMO_ERR" "programs[0]: no program NOPE"

# ------------------------------------------------------ revoked and expired

pmo_test_start_second "$PMO_TEST_TMP/second.log"
PMO_SERVER=$SECOND_URL pmo_test_expect_exit "a second server serves the token" 0 \
    svc "$rw" program show ALPHA
PMO_SERVER=$SECOND_URL pmo_test_expect_exit "and the ALPHA token" 0 \
    svc "$one" program show ALPHA
pmo_test_expect_exit "token revoke" 0 "$ADM" token revoke "$rw_id"
pmo_test_expect_contains "says which" "$PMO_OUT" \
    "Revoked API token $rw_id \"deploy\" of ci-bot."
pmo_test_expect_exit "the next call with a revoked token is refused" 5 \
    svc "$rw" program show ALPHA
pmo_test_expect_contains "says revoked" "$PMO_ERR" "API token was revoked"
refused_on_second "the second server refuses it too" "$rw" \
    "API token was revoked"

make_token stale --expires 1
old_id=$tok_id old=$tok
sql "UPDATE api_tokens SET expires_at = now() - interval '1 second'
      WHERE id = $old_id" >/dev/null
pmo_test_expect_exit "an expired token is refused" 5 svc "$old" program show ALPHA
pmo_test_expect_contains "says expired" "$PMO_ERR" "API token expired"

pmo_test_expect_exit "token list" 0 "$ADM" token list --user ci-bot --all
pmo_test_expect_contains "the listing shows the scope" "$PMO_OUT" \
    "alpha-only  read-write  ALPHA"
pmo_test_expect_contains "and the revocation" "$PMO_OUT" "revoked"

# -------------------------------------------------------- a person's tokens

pmo_test_expect_exit "pmo token create" 0 "$PMO" token create laptop --read-only
pmo_test_expect_contains "the secret is shown once" "$PMO_OUT" "shown this once"
mine=$(printf '%s\n' "$PMO_OUT" | sed -n '3p')
pmo_test_expect_exit "pmo token list --json" 0 "$PMO" token list --json
pmo_test_expect_eq "lists only the caller's own" "['laptop']" \
    "$(json '[t["name"] for t in d["tokens"]]')"
mine_id=$(json 'd["tokens"][0]["id"]')
pmo_test_expect_exit "the person's token works" 0 svc "$mine" program list
pmo_test_expect_exit "pmo token revoke" 0 "$PMO" token revoke "$mine_id"
pmo_test_expect_exit "and then it does not" 5 svc "$mine" program list

# -------------------------------------------------------- account disabled

pmo_test_expect_exit "service-account list" 0 "$ADM" service-account list
pmo_test_expect_contains "lists ci-bot with its live tokens" "$PMO_OUT" \
    "ci-bot  CI pipeline   2"
pmo_test_expect_exit "service-account disable" 0 \
    "$ADM" service-account disable ci-bot
pmo_test_expect_exit "a disabled account's tokens stop at once" 5 \
    svc "$one" program show ALPHA
pmo_test_expect_contains "says disabled" "$PMO_ERR" "account is disabled"
refused_on_second "on every server" "$one" "account is disabled"
pmo_test_stop_second "$PMO_TEST_TMP/second.log" ||
    pmo_test_fail "the second server stops cleanly" "see its log above"
pmo_test_expect_exit "a person is not disabled this way" 4 \
    "$ADM" service-account disable admin
pmo_test_expect_contains "says it is a person" "$PMO_ERR" "admin is a person"

pmo_test_done
