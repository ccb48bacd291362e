#!/bin/bash
# tests/integration/test_cli_edits.sh - the everyday edits of a TPM through
# the pmo command line: one person's work across every program they can
# see, actual dates given to task start and done, and lists (goals, scope,
# deliverables, tags) changed one element at a time.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200

# json EXPR: evaluates a Python expression over d, the JSON in PMO_OUT.
json() {
    python3 -c '
import json, sys
d = json.load(sys.stdin)
print(eval(sys.argv[1]))
' "$1" <<<"$PMO_OUT" 2>&1
}

# as USER CMD...: runs pmo as USER, with a config directory of their own.
as() {
    local user=$1
    shift
    PMO_CONFIG_DIR="$PMO_TEST_TMP/config-$user" "$@"
}

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
ALICE_PW="pw-alice-$RANDOM-$RANDOM"
pmo_test_expect_exit "create alice" 0 \
    "$ADM" user add alice --password-stdin <<<"$ALICE_PW"
mkdir -p -m 0700 "$PMO_TEST_TMP/config-alice"
pmo_test_expect_exit "alice logs in" 0 as alice \
    "$PMO" login --user alice --password-stdin <<<"$ALICE_PW"

# ---------------------------------------------- one person across programs

pmo_test_expect_exit "team create" 0 "$PMO" team create eng --name Engineering
for key in ALPHA BETA HIDDEN; do
    pmo_test_expect_exit "program create $key" 0 "$PMO" program create "$key" \
        --name "Program $key"
    pmo_test_expect_exit "project in $key" 0 "$PMO" project add "$key" \
        core --name Core --team eng
done
pmo_test_expect_exit "alice sees ALPHA" 0 "$PMO" program grant ALPHA alice \
    contributor
pmo_test_expect_exit "alice sees BETA" 0 "$PMO" program grant BETA alice viewer
pmo_test_expect_exit "alice's ALPHA task" 0 "$PMO" task add ALPHA \
    --project core --title "Alpha work" --assignee alice
pmo_test_expect_exit "someone else's ALPHA task" 0 "$PMO" task add ALPHA \
    --project core --title "Admin work" --assignee admin
pmo_test_expect_exit "alice's BETA task" 0 "$PMO" task add BETA \
    --project core --title "Beta work" --assignee alice --tag urgent
# Once alice holds no role in HIDDEN, her item there is not hers to see.
pmo_test_expect_exit "alice sees HIDDEN for now" 0 \
    "$PMO" program grant HIDDEN alice viewer
pmo_test_expect_exit "alice's HIDDEN task" 0 "$PMO" task add HIDDEN \
    --project core --title "Hidden work" --assignee alice
pmo_test_expect_exit "alice no longer sees HIDDEN" 0 \
    "$PMO" program grant HIDDEN alice none

pmo_test_expect_exit "task list --mine without a program" 0 \
    as alice "$PMO" task list --mine
pmo_test_expect_contains "her ALPHA item" "$(tr -s ' ' <<<"$PMO_OUT")" \
    "ALPHA-1 core Alpha work todo alice"
pmo_test_expect_contains "her BETA item" "$(tr -s ' ' <<<"$PMO_OUT")" \
    "BETA-1 core Beta work todo alice"
pmo_test_expect_not_contains "not others' items" "$PMO_OUT" "Admin work"
pmo_test_expect_not_contains "not a program she cannot see" "$PMO_OUT" \
    "HIDDEN"
pmo_test_expect_exit "task list --mine --json" 0 \
    as alice "$PMO" task list --mine --json
pmo_test_expect_eq "the refs, in the order they were made" "ALPHA-1 BETA-1" \
    "$(json '" ".join(i["ref"] for i in d["items"])')"
pmo_test_expect_exit "task list --mine --tag across programs" 0 \
    as alice "$PMO" task list --mine --tag urgent --json
pmo_test_expect_eq "only the tagged one" "BETA-1" \
    "$(json '" ".join(i["ref"] for i in d["items"])')"
pmo_test_expect_exit "an admin lists alice's work everywhere" 0 \
    "$PMO" task list --assignee alice --json
pmo_test_expect_eq "in every program" "ALPHA-1 BETA-1 HIDDEN-1" \
    "$(json '" ".join(i["ref"] for i in d["items"])')"
pmo_test_expect_exit "task list --mine in one program still works" 0 \
    as alice "$PMO" task list ALPHA --mine --json
pmo_test_expect_eq "only that program" "ALPHA-1" \
    "$(json '" ".join(i["ref"] for i in d["items"])')"
pmo_test_expect_exit "task list with neither program nor person" 2 \
    "$PMO" task list
pmo_test_expect_contains "says what to give" "$PMO_ERR" "--mine"
pmo_test_expect_exit "--project needs a program" 2 \
    "$PMO" task list --mine --project core
pmo_test_expect_contains "the server names the field" "$PMO_ERR" "project"

# ---------------------------------------------- actual dates of start/done

pmo_test_expect_exit "task start --date" 0 \
    "$PMO" task start ALPHA-2 --date 2026-01-05
pmo_test_expect_contains "says when it started" "$PMO_OUT" \
    "ALPHA-2 is in progress (started 2026-01-05)"
pmo_test_expect_exit "task start --date again moves the start" 0 \
    "$PMO" task start ALPHA-2 --date 2026-01-06 --json
pmo_test_expect_eq "the start is the date given" "2026-01-06" \
    "$(json 'd["actual_start"]')"
pmo_test_expect_exit "task done --date" 0 \
    "$PMO" task done ALPHA-2 --date 2026-01-09
pmo_test_expect_contains "says when it finished" "$PMO_OUT" \
    "ALPHA-2 is done (finished 2026-01-09)"
pmo_test_expect_exit "task show" 0 "$PMO" task show ALPHA-2 --json
pmo_test_expect_eq "both actual dates, 100%" "2026-01-06|2026-01-09|100" \
    "$(json '"|".join([d["actual_start"], d["actual_finish"],
                      str(d["percent_complete"])])')"
pmo_test_expect_exit "task done --date that is not a date" 2 \
    "$PMO" task done ALPHA-1 --date 2026-13-01
pmo_test_expect_contains "names the option" "$PMO_ERR" "--date: "
pmo_test_expect_exit "task start ALPHA-1 --date" 0 \
    "$PMO" task start ALPHA-1 --date 2026-02-10
pmo_test_expect_exit "task done --date before its start" 2 \
    "$PMO" task done ALPHA-1 --date 2026-02-01
pmo_test_expect_contains "the server names the field" "$PMO_ERR" \
    "actual_finish"

pmo_test_done
