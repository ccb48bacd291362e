#!/usr/bin/env bash
# tests/integration/test_admin_cli.sh - pmo-admin against a running server,
# checked the way an administrator sees it: output, exit codes, effects.
#
# Needs: PMO_SERVER, PMO_CA, PMO_TEST_ADMIN_PASSWORD (of the user "admin",
# or of PMO_TEST_ADMIN_USER), PMO_BIN_DIR (holding pmo and pmo-admin) and
# PMO_CONFIG_DIR (a fresh directory for the admin's session).
set -euo pipefail

: "${PMO_SERVER:?set PMO_SERVER to the server under test}"
: "${PMO_CA:?set PMO_CA to the server CA file}"
: "${PMO_TEST_ADMIN_PASSWORD:?set PMO_TEST_ADMIN_PASSWORD}"
: "${PMO_BIN_DIR:?set PMO_BIN_DIR to the directory with pmo and pmo-admin}"
: "${PMO_CONFIG_DIR:?set PMO_CONFIG_DIR to a fresh directory}"
export PMO_SERVER PMO_CA PMO_CONFIG_DIR

ADMIN_USER=${PMO_TEST_ADMIN_USER:-admin}
PMO=$PMO_BIN_DIR/pmo
ADM=$PMO_BIN_DIR/pmo-admin
# Unique names, so the script can run again against the same server.
BOB=bob$(date +%s%N | tail -c 8)
WORK=$(mktemp -d)
BOB_CFG=$WORK/bob
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0
OUT=
ERR=
RC=0

# run [--stdin TEXT] CMD...: runs CMD with TEXT (and a newline) on stdin,
# else with none, keeping its stdout, stderr and exit status.
run() {
    local input= has_input=0
    if [ "$1" = --stdin ]; then
        input=$2
        has_input=1
        shift 2
    fi
    set +e
    if [ "$has_input" = 1 ]; then
        OUT=$("$@" 2>"$WORK/stderr" <<<"$input")
    else
        OUT=$("$@" 2>"$WORK/stderr" </dev/null)
    fi
    RC=$?
    set -e
    ERR=$(cat "$WORK/stderr")
}

# As bob, with his own session file.
run_bob() {
    PMO_CONFIG_DIR=$BOB_CFG run "$@"
}

ok() {
    passed=$((passed + 1))
    printf 'ok   %s\n' "$1"
}

not_ok() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$1"
    printf '     exit %s\n     stdout: %s\n     stderr: %s\n' "$RC" \
        "$(head -c 600 <<<"$OUT")" "$(head -c 600 <<<"$ERR")"
}

# expect NAME CODE [PATTERN [stdout|stderr]]: the last run's status, and a
# grep -E pattern in its stdout (default) or stderr.
expect() {
    local name=$1 code=$2 pattern=${3:-} stream=${4:-stdout} text
    text=$OUT
    [ "$stream" = stderr ] && text=$ERR
    if [ "$RC" -ne "$code" ]; then
        not_ok "$name (wanted exit $code)"
    elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$text"; then
        not_ok "$name (wanted /$pattern/ in $stream)"
    else
        ok "$name"
    fi
}

# json_check NAME PYTHON-EXPR: evaluates EXPR with d bound to the last
# run's stdout parsed as JSON; passes when it is true.
json_check() {
    if python3 -c 'import json, sys
d = json.loads(sys.stdin.read())
sys.exit(0 if eval(sys.argv[1]) else 1)' "$2" <<<"$OUT" 2>>"$WORK/stderr"; then
        ok "$1"
    else
        not_ok "$1 (JSON check failed: $2)"
    fi
}

# The generated password: the indented line under "Generated password".
generated_password() {
    awk '/^Generated password/ { found = 1; next }
         found && /^    [^ ]/ { print $1; exit }' <<<"$OUT"
}

bob_login() {
    run_bob --stdin "$1" "$PMO" login --user "$BOB" --password-stdin
}

# --- logging in -----------------------------------------------------------
run "$ADM" user list
expect "user list before login says to log in" 5 "login" stderr
closed_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PMO_SERVER="tls+tcp://127.0.0.1:$closed_port" run "$ADM" user list
expect "user list of an unreachable server says so, not to log in" 7 \
    "127.0.0.1:$closed_port" stderr

run --stdin "$PMO_TEST_ADMIN_PASSWORD" \
    "$ADM" login --user "$ADMIN_USER" --password-stdin
expect "admin logs in" 0 "Logged in .* as $ADMIN_USER \(admin\)"
if [ "$RC" -ne 0 ]; then
    echo "$passed passed, $failed failed (no admin session: stopped)"
    exit 1
fi

# --- creating a user --------------------------------------------------------
run "$ADM" user add "$BOB" --display-name "Bob Builder" --email bob@example.com
expect "user add prints the new user" 0 "Created user $BOB"
BOB_PASS=$(generated_password)
if [ ${#BOB_PASS} -ge 12 ]; then
    ok "user add prints a generated password"
else
    not_ok "user add prints a generated password"
fi

bob_login "$BOB_PASS"
expect "bob logs in with the generated password" 0 "Logged in .* as $BOB"
run_bob "$PMO" whoami
expect "bob's session works" 0 "^$BOB \(Bob Builder\)"

run "$ADM" user add "$BOB"
expect "adding bob twice is a conflict" 4 "exists" stderr

run "$ADM" user add 'Bob!'
expect "a bad username exits 2" 2
expect "the error names the username field" 2 "^pmo-admin: .*username" stderr

run "$ADM" user add
expect "user add without a name is a usage error" 2 "usage: user add NAME" stderr

# --- listing and showing ----------------------------------------------------
run "$ADM" user list
expect "user list shows bob" 0 "^$BOB +Bob Builder +bob@example.com +user +active"
expect "user list has a heading" 0 "^USERNAME +NAME +EMAIL"

run "$ADM" --json user list --prefix "$BOB"
json_check "user list --json parses and has bob" \
    "[u['username'] for u in d['users']] == ['$BOB'] and not d['users'][0]['is_admin']"

run "$ADM" user show "$BOB"
expect "user show shows bob's email" 0 "^email +bob@example.com$"
expect "user show counts bob's session" 0 "^sessions +1 active$"

run "$ADM" user show "nobody$BOB"
expect "user show of a missing user exits 3" 3 "nobody$BOB" stderr

# --- disabling ----------------------------------------------------------------
run "$ADM" user disable "$BOB"
expect "user disable ends bob's session" 0 "Disabled $BOB; ended 1 session"
run_bob "$PMO" whoami
expect "bob's session is refused once disabled" 5
bob_login "$BOB_PASS"
expect "a disabled bob cannot log in" 5

run "$ADM" user list
if grep -q "^$BOB " <<<"$OUT"; then
    not_ok "user list leaves out disabled users"
else
    ok "user list leaves out disabled users"
fi
run "$ADM" user list --all --prefix "$BOB"
expect "user list --all shows disabled bob" 0 "^$BOB .* disabled "

run "$ADM" user enable "$BOB"
expect "user enable" 0 "Enabled $BOB"
run "$ADM" --json user show "$BOB"
json_check "user show --json says bob is enabled" \
    "d['user']['username'] == '$BOB' and d['user']['disabled'] is False"

# --- passwords ----------------------------------------------------------------
bob_login "$BOB_PASS"
expect "bob logs in again once enabled" 0

run "$ADM" user reset-password "$BOB"
expect "reset-password ends bob's session" 0 "ended 1 session"
NEW_PASS=$(generated_password)
if [ -n "$NEW_PASS" ] && [ "$NEW_PASS" != "$BOB_PASS" ]; then
    ok "reset-password prints a new generated password"
else
    not_ok "reset-password prints a new generated password"
fi
bob_login "$BOB_PASS"
expect "the old password no longer works" 5
bob_login "$NEW_PASS"
expect "the new password works" 0

run --stdin chosen-Pass-42 "$ADM" user reset-password "$BOB" --password-stdin
expect "reset-password --password-stdin" 0 "Reset the password of $BOB"
if grep -q "Generated password" <<<"$OUT"; then
    not_ok "a chosen password is not echoed back"
else
    ok "a chosen password is not echoed back"
fi
bob_login "chosen-Pass-42"
expect "bob logs in with the chosen password" 0

# --- the admin role ---------------------------------------------------------
run_bob "$ADM" user list
expect "a non-admin is refused admin commands" 6 "admin role" stderr

run "$ADM" user grant-admin "$BOB"
expect "grant-admin" 0 "$BOB is now an admin"
run "$ADM" user show "$BOB"
expect "user show reflects grant-admin" 0 "^role +admin$"
run_bob "$ADM" user show "$BOB"
expect "bob can use pmo-admin as an admin" 0 "^username +$BOB$"

run "$ADM" user revoke-admin "$BOB"
expect "revoke-admin" 0 "$BOB is no longer an admin"
run "$ADM" --json user show "$BOB"
json_check "user show --json reflects revoke-admin" \
    "d['user']['is_admin'] is False"

# --- sessions ----------------------------------------------------------------
run "$ADM" session list
expect "session list has a heading" 0 "^ID +USER +CLIENT +PEER"
expect "session list shows bob's live session" 0 "^[0-9]+ +$BOB +pmo on .* live$"

run "$ADM" session list --user "$BOB" --json
json_check "session list --json parses" \
    "len(d['sessions']) == 1 and d['sessions'][0]['username'] == '$BOB'"
BOB_SESSION=$(python3 -c 'import json, sys
print(json.load(sys.stdin)["sessions"][0]["id"])' <<<"$OUT" 2>/dev/null) ||
    BOB_SESSION=0

run "$ADM" session revoke "$BOB_SESSION"
expect "session revoke" 0 "Revoked session $BOB_SESSION of $BOB"
run_bob "$PMO" whoami
expect "a revoked session is refused" 5
run "$ADM" session list --user "$BOB" --all
expect "session list --all shows the revoked session" 0 \
    "^$BOB_SESSION +$BOB .* revoked "

run "$ADM" session revoke twelve
expect "session revoke needs a number" 2 "ID must be a whole number" stderr

# --- audit --------------------------------------------------------------------
run "$ADM" audit tail -n 100
expect "audit tail shows creating bob" 0 \
    "$ADMIN_USER +pmo\.v1\.AdminService/CreateUser +user [0-9]+"
run "$ADM" --json audit tail -n 100
json_check "audit tail --json has the CreateUser entry" \
    "any(e['method'].endswith('/CreateUser') and '$BOB' in e['after_json'] for e in d['entries'])"

run "$ADM" audit verify
expect "audit verify says ok" 0 "^ok"

# --- server -------------------------------------------------------------------
run "$ADM" server health
expect "server health" 0 "^SERVING"
run "$ADM" server info
expect "server info lists the address" 0 "^listening +tls\+tcp://"
run "$ADM" server methods
expect "server methods lists admin methods" 0 \
    "AdminService/CreateUser +admin +writes"

# --- scripts and usage ----------------------------------------------------------
run --stdin "user show $BOB"$'\n'"# a note"$'\n'"server health" "$ADM"
expect "two piped commands: the first ran" 0 "^username +$BOB$"
expect "two piped commands: the second ran" 0 "^SERVING"

run --stdin $'user show nobody-here\nserver health' "$ADM"
expect "a piped script goes on after a failure, exits with it" 3 "^SERVING"

run "$ADM" frobnicate
expect "an unknown command exits 2" 2 "no command" stderr
run "$ADM" help user
expect "help user lists the user commands" 0 "user reset-password NAME"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
