#!/bin/bash
# tests/integration/test_cli_events.sh - pmo watch, as an integrator or a
# TPM keeps an eye on changes: a change made with the CLI shows in a
# running watch within a second (text and JSON, enums by name); a watcher
# with a role in ALPHA only never receives BETA's events, live or in
# catch-up, and cannot ask for them; a watch started again with --after
# prints the events it missed, in order; a change made through a second
# server on the same database reaches a watcher on the first within a
# second, and the other way round; a write rolled back (an import's dry
# run, a transaction rolled back in SQL) publishes nothing; a watch whose
# session ends (logout) receives nothing more and ends by itself.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200

as() { pmo_test_as "$@"; }

WATCHERS=()
stop_watchers() {
    local pid
    for pid in "${WATCHERS[@]}"; do
        kill -INT "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    WATCHERS=()
}
pmo_test_at_exit stop_watchers

# start_watch NAME USER ARGS...: pmo watch ARGS as USER in the background,
# its output in $PMO_TEST_TMP/NAME.out and .err; waits until it watches.
start_watch() {
    local name=$1 user=$2
    shift 2
    : >"$PMO_TEST_TMP/$name.err"
    PMO_CONFIG_DIR="$PMO_TEST_TMP/config-$user" "$PMO" watch "$@" \
        >"$PMO_TEST_TMP/$name.out" 2>"$PMO_TEST_TMP/$name.err" &
    WATCHERS+=($!)
    eval "${name}_PID=$!"
    local tries=100
    while [ "$tries" -gt 0 ] && ! grep -q 'watching' "$PMO_TEST_TMP/$name.err"; do
        sleep 0.05
        tries=$((tries - 1))
    done
    if grep -q 'watching' "$PMO_TEST_TMP/$name.err"; then
        pmo_test_pass "$name watches"
    else
        pmo_test_fail "$name watches" "stderr: $(cat "$PMO_TEST_TMP/$name.err")"
    fi
}

# stop_watch NAME: ends a watcher with Ctrl-C and checks it exits 0.
stop_watch() {
    local pid_var="${1}_PID"
    kill -INT "${!pid_var}"
    wait "${!pid_var}"
    pmo_test_expect_eq "$1 stops on Ctrl-C with status 0" 0 "$?"
}

# expect_within NAME FILE NEEDLE SECONDS: FILE holds NEEDLE within SECONDS.
expect_within() {
    local name=$1 file=$2 needle=$3 seconds=$4
    local tries=$((seconds * 20))
    while [ "$tries" -gt 0 ]; do
        if grep -qF -- "$needle" "$file"; then
            pmo_test_pass "$name"
            return 0
        fi
        sleep 0.05
        tries=$((tries - 1))
    done
    pmo_test_fail "$name" "expected within ${seconds} s: \"$needle\"" \
        "seen: $(pmo_test_quote "$(cat "$file")")"
    return 1
}

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
mkdir -p -m 0700 "$PMO_TEST_TMP/config-admin"
cp "$PMO_CONFIG_DIR"/* "$PMO_TEST_TMP/config-admin/"
pw="pw-alice-$RANDOM-$RANDOM"
pmo_test_expect_exit "user alice" 0 "$ADM" user add alice --password-stdin <<<"$pw"
mkdir -p -m 0700 "$PMO_TEST_TMP/config-alice"
pmo_test_expect_exit "alice logs in" 0 \
    as alice login --user alice --password-stdin <<<"$pw"
pmo_test_expect_exit "program ALPHA" 0 "$PMO" program create ALPHA --name "Alpha"
pmo_test_expect_exit "program BETA" 0 "$PMO" program create BETA --name "Beta"
pmo_test_expect_exit "a team" 0 "$PMO" team create web --name "Web"
pmo_test_expect_exit "ALPHA's project" 0 "$PMO" project add ALPHA web --name "Web" --team web
pmo_test_expect_exit "BETA's project" 0 "$PMO" project add BETA web --name "Web" --team web
pmo_test_expect_exit "alice views ALPHA only" 0 "$PMO" program grant ALPHA alice viewer

# --- a change shows within a second ----------------------------------------
start_watch admin_json admin --json
start_watch alice_all alice
pmo_test_expect_exit "a task in ALPHA" 0 "$PMO" task add ALPHA --project web \
    --title "Checkout page"
expect_within "the admin's watch shows it within a second" \
    "$PMO_TEST_TMP/admin_json.out" '"entity_id":"ALPHA-1"' 1
expect_within "alice's watch shows it within a second" \
    "$PMO_TEST_TMP/alice_all.out" "ALPHA work_item ALPHA-1 created by admin" 1
line=$(grep -F '"entity_id":"ALPHA-1"' "$PMO_TEST_TMP/admin_json.out" | head -n 1)
pmo_test_expect_contains "JSON names the action, not a number" "$line" \
    '"action":"EVENT_ACTION_CREATED"'
pmo_test_expect_contains "JSON names the program and the kind" "$line" \
    '"program":"ALPHA","kind":"work_item"'
pmo_test_expect_exit "the task changes" 0 "$PMO" task set ALPHA-1 title="Checkout v2"
expect_within "an update names the fields that changed" \
    "$PMO_TEST_TMP/alice_all.out" "ALPHA work_item ALPHA-1 updated by admin: title" 1

pmo_test_expect_exit "the activity feed" 0 "$PMO" activity ALPHA -n 1 --json
watch_seq=$(grep -F '"entity_id":"ALPHA-1"' "$PMO_TEST_TMP/admin_json.out" |
    tail -n 1 | python3 -c 'import json, sys; print(json.loads(sys.stdin.read())["seq"])')
pmo_test_expect_eq "gives the newest change the seq the watch showed" \
    "$watch_seq" "$(pmo_test_json 'd["entries"][0]["seq"]')"

# --- a role in ALPHA only: never BETA --------------------------------------
# Anyone who reaches the events socket receives every message published on
# it (pub0 sends all to all): what keeps BETA from them is the sealing.
EVENTS_URL="tls+tcp://127.0.0.1:$((PMO_TEST_PORT + 1))"
python3 "$PMO_TEST_LIB_DIR/sub_eavesdrop.py" "$EVENTS_URL" 2 \
    "$PMO_TEST_TMP/eavesdrop.bin" >"$PMO_TEST_TMP/eavesdrop.txt" &
eavesdropper=$!
sleep 0.5
pmo_test_expect_exit "a task in BETA" 0 "$PMO" task add BETA --project web \
    --title "Secret beta work"
expect_within "the admin sees BETA's event" "$PMO_TEST_TMP/admin_json.out" \
    '"entity_id":"BETA-1"' 3
pmo_test_expect_exit "then a risk in ALPHA" 0 "$PMO" risk add ALPHA \
    --title "Late sandbox" --probability 2 --impact 3
expect_within "alice sees the later ALPHA event" "$PMO_TEST_TMP/alice_all.out" \
    "ALPHA risk" 3
wait "$eavesdropper"
pmo_test_expect_contains "a subscriber of every topic receives messages" \
    "$(cat "$PMO_TEST_TMP/eavesdrop.txt")" "messages="
pmo_test_expect_not_contains "but not none" \
    "$(cat "$PMO_TEST_TMP/eavesdrop.txt")" "messages=0"
pmo_test_expect_eq "and none it can read: no BETA in any" "0" \
    "$(grep -c BETA "$PMO_TEST_TMP/eavesdrop.bin")"
pmo_test_expect_eq "no ALPHA either" "0" \
    "$(grep -c ALPHA "$PMO_TEST_TMP/eavesdrop.bin")"
alice_seen=$(cat "$PMO_TEST_TMP/alice_all.out")
pmo_test_expect_not_contains "alice's watch never shows BETA" "$alice_seen" "BETA"
pmo_test_expect_not_contains "nor BETA's task" "$alice_seen" "Secret"
pmo_test_expect_exit "alice cannot watch BETA" 3 as alice watch BETA
pmo_test_expect_contains "told it does not exist" "$PMO_ERR" "no program BETA"
PMO_OUT=$(PMO_CONFIG_DIR="$PMO_TEST_TMP/config-alice" timeout -s INT 3 \
    "$PMO" watch --after 0 --json 2>/dev/null)
pmo_test_expect_contains "alice's catch-up has ALPHA's task" "$PMO_OUT" \
    '"entity_id":"ALPHA-1"'
pmo_test_expect_not_contains "and no BETA event" "$PMO_OUT" '"program":"BETA"'
pmo_test_expect_not_contains "nor an admin-only one (sessions)" "$PMO_OUT" \
    '"kind":"session"'
pmo_test_expect_contains "but the organisation's team" "$PMO_OUT" \
    '"kind":"team"'

# --- catch-up after a gap ---------------------------------------------------
stop_watch alice_all
last=$(grep -o '^[0-9]*' "$PMO_TEST_TMP/alice_all.out" | tail -n 1)
for t in "Gap one" "Gap two" "Gap three"; do
    pmo_test_expect_exit "while no one watches: $t" 0 "$PMO" task add ALPHA \
        --project web --title "$t"
done
pmo_test_expect_exit "BETA changes meanwhile" 0 "$PMO" task add BETA \
    --project web --title "Beta gap"
PMO_OUT=$(PMO_CONFIG_DIR="$PMO_TEST_TMP/config-alice" timeout -s INT 3 \
    "$PMO" watch --after "$last" 2>/dev/null)
pmo_test_expect_eq "the watch started again prints the missed events, in order" \
    "ALPHA-2 ALPHA-3 ALPHA-4" \
    "$(printf '%s\n' "$PMO_OUT" | awk '{print $6}' | tr '\n' ' ' | sed 's/ $//')"
seqs=$(printf '%s\n' "$PMO_OUT" | awk '{print $1}')
pmo_test_expect_eq "with rising sequence numbers" "$(sort -n <<<"$seqs")" "$seqs"

# --- two servers on one database -------------------------------------------
pmo_test_expect_exit "an events address without TLS is refused" 1 \
    "$PMO_BIN_DIR/pmo-server" --db "dbname=$PMO_TEST_DB" \
    --data-dir "$PMO_TEST_DATA_DIR" --listen "tls+tcp://127.0.0.1:$(pmo_test_free_port)" \
    --events-listen "tcp://127.0.0.1:$(pmo_test_free_port)"
pmo_test_expect_contains "naming the setting" "$PMO_ERR" \
    "events_listen tcp://127.0.0.1:"
second_events_port=$(pmo_test_free_port)
pmo_test_start_second "$PMO_TEST_TMP/second.log" \
    --events-listen "tls+tcp://127.0.0.1:$second_events_port"
mkdir -p -m 0700 "$PMO_TEST_TMP/config-alice2"
pmo_test_expect_exit "alice logs in on the second server" 0 \
    env PMO_SERVER="$SECOND_URL" PMO_CONFIG_DIR="$PMO_TEST_TMP/config-alice2" \
    "$PMO" login --user alice --password-stdin <<<"$pw"
PMO_SERVER="$SECOND_URL" start_watch alice_second alice2
pmo_test_expect_exit "the second server serves events where it was told" 0 \
    python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2).close()' \
    "$second_events_port"
pmo_test_expect_exit "a change through the first server" 0 "$PMO" task add ALPHA \
    --project web --title "Made on the first"
expect_within "reaches the watcher on the second within a second" \
    "$PMO_TEST_TMP/alice_second.out" "ALPHA work_item ALPHA-5 created by admin" 1
start_watch admin_first admin ALPHA
pmo_test_expect_exit "a change through the second server" 0 \
    env PMO_SERVER="$SECOND_URL" PMO_CONFIG_DIR="$PMO_TEST_TMP/config-alice2" \
    "$PMO" comment add ALPHA program ALPHA "From the second server"
expect_within "reaches the watcher on the first within a second" \
    "$PMO_TEST_TMP/admin_first.out" "ALPHA comment" 1
stop_watch alice_second
pmo_test_expect_eq "the second server's watcher saw BETA never" "" \
    "$(grep -F BETA "$PMO_TEST_TMP/alice_second.out")"

# --- writes rolled back publish nothing -------------------------------------
printf 'key,project,parent,kind,title\nd1,web,,task,Dry run only\n' \
    >"$PMO_TEST_TMP/dry.csv"
pmo_test_expect_exit "an import's dry run (written, then rolled back)" 0 \
    "$PMO" import csv "$PMO_TEST_TMP/dry.csv" --program ALPHA --dry-run
pmo_test_expect_exit "a transaction rolled back in SQL" 0 psql -q -X \
    -v ON_ERROR_STOP=1 -d "$PMO_TEST_DB" -c "BEGIN" \
    -c "INSERT INTO audit_log (actor, method, entity, entity_id, after, program_id)
        SELECT 'admin', 'pmo.v1.WorkService/CreateWorkItem', 'work_item',
               'ALPHA-99', '{}', id FROM programs WHERE key = 'ALPHA'" \
    -c "SELECT pg_notify('pmo_audit', '')" -c "ROLLBACK"
pmo_test_expect_exit "then a change that commits" 0 "$PMO" task add ALPHA \
    --project web --title "After the rollbacks"
expect_within "the committed change shows" "$PMO_TEST_TMP/admin_json.out" \
    '"entity_id":"ALPHA-6"' 2
admin_seen=$(cat "$PMO_TEST_TMP/admin_json.out")
pmo_test_expect_not_contains "the dry run published nothing" "$admin_seen" '"kind":"plan"'
pmo_test_expect_not_contains "nor the SQL rolled back" "$admin_seen" 'ALPHA-99'
PMO_OUT=$(timeout -s INT 3 "$PMO" watch ALPHA --after 0 --json 2>/dev/null)
pmo_test_expect_not_contains "and catch-up has neither" "$PMO_OUT" '"kind":"plan"'

# --- a session that ends takes its subscription with it ---------------------
start_watch alice_out alice ALPHA
pmo_test_expect_exit "alice logs out" 0 as alice logout
pmo_test_expect_exit "a change after the logout" 0 "$PMO" task add ALPHA \
    --project web --title "After the logout"
expect_within "reaches those still logged in" "$PMO_TEST_TMP/admin_json.out" \
    '"entity_id":"ALPHA-7"' 1
sleep 1
pmo_test_expect_not_contains "but not the watch of the session that ended" \
    "$(cat "$PMO_TEST_TMP/alice_out.out")" "ALPHA-7"
tries=250
while [ "$tries" -gt 0 ] && kill -0 "$alice_out_PID" 2>/dev/null; do
    sleep 0.1
    tries=$((tries - 1))
done
if kill -0 "$alice_out_PID" 2>/dev/null; then
    pmo_test_fail "the watch ends by itself" "still running after 25 s"
else
    wait "$alice_out_PID"
    rc=$?
    pmo_test_expect_eq "the watch ends by itself, failing" 1 "$((rc != 0))"
    pmo_test_expect_contains "and says why" \
        "$(cat "$PMO_TEST_TMP/alice_out.err")" "session"
fi

stop_watchers
pmo_test_stop_second "$PMO_TEST_TMP/second.log" &&
    pmo_test_pass "the second server stops cleanly"
pmo_test_done
