#!/bin/bash
# tests/integration/test_cli_auth.sh - the pmo command line: login, whoami,
# info, health, methods, passwd, logout, and how it reports a server it
# cannot reach or trust.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO=$(pmo_test_bin pmo) || exit 1
SESSION_FILE="$PMO_CONFIG_DIR/session"

# ---------------------------------------------------------------- login

pmo_test_expect_exit "login with --password-stdin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_contains "login says who and where" "$PMO_OUT" \
    "Logged in to $PMO_SERVER as admin (admin)"
pmo_test_expect_not_contains "login does not print the token" "$PMO_OUT" \
    "$(sed -n 's/^token = //p' "$SESSION_FILE")"
pmo_test_expect_eq "the session file is mode 0600" 600 \
    "$(stat -c %a "$SESSION_FILE" 2>&1)"

# --------------------------------------------------------------- whoami

pmo_test_expect_exit "whoami" 0 "$PMO" whoami
pmo_test_expect_contains "whoami names user, role and server" "$PMO_OUT" \
    "admin (Administrator), admin on $PMO_SERVER (session "

pmo_test_expect_exit "whoami --json" 0 "$PMO" whoami --json
json=$(python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["user"]["username"], d["user"]["is_admin"], d["session_id"] > 0,
      d["session_expires_at_ms"] > d["user"]["created_at_ms"])
' <<<"$PMO_OUT" 2>&1)
pmo_test_expect_eq "whoami --json gives user, role and session" \
    "admin True True True" "$json"

# ------------------------------------------------- info, health, methods

pmo_test_expect_exit "info" 0 "$PMO" info
pmo_test_expect_contains "info shows the protocol" "$PMO_OUT" "(protocol 1)"
pmo_test_expect_contains "info lists the listen address" "$PMO_OUT" \
    "listening $PMO_SERVER"

pmo_test_expect_exit "health" 0 "$PMO" health
pmo_test_expect_eq "health says SERVING" "SERVING" "$PMO_OUT"

pmo_test_expect_exit "methods" 0 "$PMO" methods
pmo_test_expect_contains "methods lists Login" "$PMO_OUT" \
    "pmo.v1.AuthService/Login"
login_line=$(grep '^pmo.v1.AuthService/Login ' <<<"$PMO_OUT" | tr -s ' ')
pmo_test_expect_eq "Login is public and writes" \
    "pmo.v1.AuthService/Login public writes" "$login_line"

pmo_test_expect_exit "methods --json" 0 "$PMO" methods --json
json=$(python3 -c '
import json, sys
ms = {m["path"]: m for m in json.load(sys.stdin)["methods"]}
print(ms["pmo.v1.AuthService/Login"]["access"],
      ms["pmo.v1.AdminService/CreateUser"]["access"],
      ms["pmo.v1.AuthService/WhoAmI"]["access"])
' <<<"$PMO_OUT" 2>&1)
pmo_test_expect_eq "methods --json gives each access rule" \
    "public admin session" "$json"

# --------------------------------------------------------------- passwd

new_password="changed-by-cli-$RANDOM"
pmo_test_expect_exit "passwd with --password-stdin" 0 \
    "$PMO" passwd --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD
$new_password"
pmo_test_expect_exit "whoami still works after passwd" 0 "$PMO" whoami
pmo_test_expect_exit "the old password no longer logs in" 5 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "the new password logs in" 0 \
    "$PMO" login --user admin --password-stdin <<<"$new_password"

# --------------------------------------------------------------- logout

cp -p "$SESSION_FILE" "$PMO_TEST_TMP/session.before-logout"
pmo_test_expect_exit "logout" 0 "$PMO" logout
pmo_test_expect_exit "whoami after logout exits 5" 5 "$PMO" whoami
pmo_test_expect_one_line "whoami after logout says so in one line" "$PMO_ERR"
pmo_test_expect_contains "whoami after logout says not logged in" \
    "$PMO_ERR" "not logged in"
pmo_test_expect_eq "logout removes the session file" "gone" \
    "$([ -e "$SESSION_FILE" ] && echo present || echo gone)"

# The server ended the session too: the old token is refused.
cp -p "$PMO_TEST_TMP/session.before-logout" "$SESSION_FILE"
pmo_test_expect_exit "a logged-out token is refused" 5 "$PMO" whoami
pmo_test_expect_contains "the refusal says the session ended" "$PMO_ERR" \
    "session was revoked"
rm -f "$SESSION_FILE"

pmo_test_expect_exit "wrong password exits 5" 5 \
    "$PMO" login --user admin --password-stdin <<<"not the password"
pmo_test_expect_one_line "wrong password is one line" "$PMO_ERR"
pmo_test_expect_contains "wrong password is reported as such" "$PMO_ERR" \
    "wrong username or password"

# ------------------------------------------------ unreachable, untrusted

closed_port=$(pmo_test_free_port)
pmo_test_expect_exit "unreachable server exits 7" 7 \
    env PMO_SERVER="tls+tcp://127.0.0.1:$closed_port" "$PMO" info
pmo_test_expect_one_line "unreachable server is one line" "$PMO_ERR"
pmo_test_expect_contains "unreachable server names the address" "$PMO_ERR" \
    "127.0.0.1:$closed_port"
# No session is kept for that address: a command needing one must still say
# the server is down, not that a login is missing.
for cmd in whoami "task list CHKOUT"; do
    # shellcheck disable=SC2086
    pmo_test_expect_exit "$cmd against an unreachable server exits 7" 7 \
        env PMO_SERVER="tls+tcp://127.0.0.1:$closed_port" "$PMO" $cmd
    pmo_test_expect_contains "$cmd says the server is unreachable" \
        "$PMO_ERR" "127.0.0.1:$closed_port"
    pmo_test_expect_not_contains "$cmd does not ask for a login" \
        "$PMO_ERR" "not logged in"
done
pmo_test_expect_exit "whoami without a session, server up, exits 5" 5 \
    env PMO_CONFIG_DIR="$PMO_TEST_TMP/empty-config" "$PMO" whoami
pmo_test_expect_contains "and says to log in" "$PMO_ERR" "not logged in"

other_ca="$PMO_TEST_TMP/other-ca.pem"
if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$PMO_TEST_TMP/other-ca.key" -out "$other_ca" -days 1 \
    -subj /CN=Another-CA >/dev/null 2>&1; then
    pmo_test_expect_exit "untrusted certificate exits 8" 8 \
        env PMO_CA="$other_ca" "$PMO" info
    pmo_test_expect_one_line "untrusted certificate is one line" "$PMO_ERR"
    pmo_test_expect_contains "untrusted certificate says certificate" \
        "$PMO_ERR" "certificate"
else
    pmo_test_fail "make another CA with openssl" "openssl req failed"
fi

pmo_test_done
