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

# ------------------------------------------- lists, one element at a time

goals() {
    json '" / ".join(g["description"] for g in d.get("goals", []))'
}
pmo_test_expect_exit "program with goals, scope, deliverables" 0 \
    "$PMO" program create LISTS --name "Lists" \
    --goal "Raise conversion|checkout conversion|+3 points" \
    --goal "Fewer abandoned carts|abandonment|below 60%" \
    --in "Web checkout" --out "Mobile apps" --deliverable "Checkout GA"
pmo_test_expect_exit "goal+= adds a goal" 0 "$PMO" program set LISTS \
    "goal+=Faster pages|p95 page load|under 1 s" --json
pmo_test_expect_eq "the goals read, and the new one last" \
    "Raise conversion / Fewer abandoned carts / Faster pages" "$(goals)"
pmo_test_expect_eq "its metric and target" "p95 page load|under 1 s" \
    "$(json '"|".join([d["goals"][2]["metric"], d["goals"][2]["target"]])')"
pmo_test_expect_eq "no note for an edit" "" "$PMO_ERR"
pmo_test_expect_exit "goal-= removes one by its description" 0 \
    "$PMO" program set LISTS "goal-=Fewer abandoned carts" --json
pmo_test_expect_eq "the others stay, with their metrics" \
    "Raise conversion / Faster pages|checkout conversion" \
    "$(goals)|$(json 'd["goals"][0]["metric"]')"
pmo_test_expect_exit "goal+= of a goal it has" 0 \
    "$PMO" program set LISTS "goal+=Faster pages" --json
pmo_test_expect_eq "is not added twice" "Raise conversion / Faster pages" \
    "$(goals)"
pmo_test_expect_exit "scope and deliverables, several at once" 0 \
    "$PMO" program set LISTS "in+=Payments API" "in+=Admin" \
    "out-=Mobile apps" "deliverable+=API docs" --json
pmo_test_expect_eq "in, out and deliverables" \
    "Web checkout,Payments API,Admin||Checkout GA,API docs" \
    "$(json '"|".join(",".join(d.get(k, [])) for k in
                      ["scope_in", "scope_out", "deliverables"])')"
VERSION=$(json 'd["version"]')
pmo_test_expect_exit "goal-= of a goal it does not have" 2 \
    "$PMO" program set LISTS "goal-=Nope" "in+=Never"
pmo_test_expect_contains "names the element" "$PMO_ERR" \
    "goal-=Nope: the goals of the record have no such element"
pmo_test_expect_exit "program show --json" 0 "$PMO" program show LISTS --json
pmo_test_expect_eq "nothing was written" "$VERSION|Web checkout,Payments API,Admin" \
    "$(json 'str(d["version"]) + "|" + ",".join(d["scope_in"])')"
pmo_test_expect_exit "a list replaced and edited at once" 2 \
    "$PMO" program set LISTS "goals=A" "goal+=B"
pmo_test_expect_contains "says to give one or the other" "$PMO_ERR" \
    "give one or the other"
pmo_test_expect_exit "+= on a field that is no list" 2 \
    "$PMO" program set LISTS "name+=x"
pmo_test_expect_contains "says it is no list" "$PMO_ERR" \
    "name+= adds to or removes from a list, and name is none"
pmo_test_expect_exit "a bare goals= replaces them all" 0 \
    "$PMO" program set LISTS "goals=Only this|m|t" --json
pmo_test_expect_eq "one goal left" "Only this" "$(goals)"
pmo_test_expect_contains "and says it replaced the list" "$PMO_ERR" \
    "note: goals= replaced the whole list of 2 (goal+=X adds one, goal-=X removes one)"
pmo_test_expect_exit "program set --help names the list edits" 0 \
    "$PMO" program set --help
pmo_test_expect_contains "goal+=" "$PMO_OUT" "goal+="

pmo_test_expect_exit "tag+= on a task" 0 "$PMO" task set BETA-1 tag+=later,qa \
    --json
pmo_test_expect_eq "tags added to the one it had" "urgent,later,qa" \
    "$(json '",".join(d["tags"])')"
pmo_test_expect_exit "tag-= on a task" 0 "$PMO" task set BETA-1 tag-=urgent \
    --json
pmo_test_expect_eq "that tag gone" "later,qa" "$(json '",".join(d["tags"])')"
pmo_test_expect_exit "a meeting" 0 "$PMO" meeting add ALPHA --title Weekly \
    --date 2027-01-11 --attendee admin
pmo_test_expect_exit "attendees+= on a meeting" 0 \
    "$PMO" meeting update 1 attendees+=alice --json
pmo_test_expect_eq "both attendees" "admin,alice" \
    "$(json '",".join(d["attendees"])')"

pmo_test_done
