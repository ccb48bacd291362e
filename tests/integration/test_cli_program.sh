#!/bin/bash
# tests/integration/test_cli_program.sh - the program model through the pmo
# command line, the way a TPM uses it: a program with two teams' projects,
# a work breakdown of twenty items, cross-team dependencies of every type,
# the tree and dependency views, the --json forms scripts read, the state
# moves, stakeholders and comments, and CSV imports that load everything or
# nothing.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
SAMPLE="$PMO_TEST_LIB_DIR/../../docs/samples/plan.csv"
# ASCII tree lines, no colour, and room for whole titles in every table.
export LC_ALL=C NO_COLOR=1 COLUMNS=200
TODAY=$(date -u +%F) # the server dates by UTC

# json EXPR: evaluates a Python expression over d, the JSON in PMO_OUT.
json() {
    python3 -c '
import json, sys
d = json.load(sys.stdin)
print(eval(sys.argv[1]))
' "$1" <<<"$PMO_OUT" 2>&1
}

# json_run CODE [ARGS...]: runs Python CODE with d, the JSON in PMO_OUT,
# and sys.argv[1:] = ARGS; CODE prints the result.
json_run() {
    local code=$1
    shift
    python3 -c "import json, sys
d = json.load(open('/dev/stdin'))
$code" "$@" <<<"$PMO_OUT" 2>&1
}

# add_item VAR ARGS...: pmo task add ARGS, keeping the printed ref in VAR.
add_item() {
    local var=$1
    shift
    if pmo_test_expect_exit "task add $*" 0 "$PMO" task add CHKOUT "$@"; then
        printf -v "$var" '%s' "$PMO_OUT"
    else
        printf -v "$var" '%s' "MISSING-$var"
    fi
}

# The column where TEXT starts on the line of TEXT in PMO_OUT (-1: none).
column_of() {
    python3 -c '
import sys
for line in sys.stdin.read().splitlines():
    at = line.find(sys.argv[1] + " ")
    if at >= 0:
        print(at)
        break
else:
    print(-1)
' "$1" <<<"$PMO_OUT"
}

# ------------------------------------------------------------ login, users

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
for u in alice bob carol dave; do
    pmo_test_expect_exit "create user $u" 0 \
        "$ADM" user add "$u" --password-stdin <<<"pw-$u-$RANDOM-$RANDOM"
done

# --------------------------------------------------------------- programs

pmo_test_expect_exit "program create" 0 "$PMO" program create chkout \
    --name "Checkout revamp" --description "One-page checkout, web and API" \
    --sponsor "VP Commerce" --start 2026-03-02 --finish 2026-06-30 \
    --goal "Raise conversion|checkout conversion|+3 points" \
    --goal "Fewer abandoned carts|abandonment rate|below 60%" \
    --in "Web checkout" --in "Payments API" --out "Mobile apps" \
    --deliverable "Checkout GA"
pmo_test_expect_contains "program create names the upper-cased key" \
    "$PMO_OUT" "Created program CHKOUT: Checkout revamp"

pmo_test_expect_exit "program create twice" 4 "$PMO" program create CHKOUT \
    --name "Again"
pmo_test_expect_one_line "a duplicate program is one line" "$PMO_ERR"

pmo_test_expect_exit "program create without --name" 2 \
    "$PMO" program create NONAME
pmo_test_expect_one_line "a usage error is one line" "$PMO_ERR"
pmo_test_expect_contains "the usage error says what is missing" "$PMO_ERR" \
    "--name is required"

pmo_test_expect_exit "program show" 0 "$PMO" program show CHKOUT
pmo_test_expect_contains "show has the sponsor" "$PMO_OUT" "VP Commerce"
pmo_test_expect_contains "show lists a goal with metric and target" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "Raise conversion checkout conversion +3 points"
pmo_test_expect_contains "show lists scope in" "$PMO_OUT" "- Payments API"
pmo_test_expect_contains "show lists scope out" "$PMO_OUT" "- Mobile apps"
pmo_test_expect_contains "show lists deliverables" "$PMO_OUT" "- Checkout GA"
pmo_test_expect_contains "show has a members section" "$PMO_OUT" "Members:"

pmo_test_expect_exit "program set" 0 \
    "$PMO" program set CHKOUT status=active rag=amber "name=Checkout revamp 2026"
pmo_test_expect_exit "program show --json" 0 "$PMO" program show CHKOUT --json
pmo_test_expect_eq "program --json fields after set" \
    "CHKOUT|Checkout revamp 2026|PROGRAM_ACTIVE|RAG_AMBER|2026-03-02|2|2" \
    "$(json '"|".join([d["key"], d["name"], d["status"], d["rag"],
                      d["target_start"], str(len(d["goals"])),
                      str(d["version"])])')"
pmo_test_expect_eq "program --json goal fields" \
    "Fewer abandoned carts|abandonment rate|below 60%" \
    "$(json '"|".join(d["goals"][1][k] for k in ("description", "metric", "target"))')"

pmo_test_expect_exit "program set an unknown field" 2 \
    "$PMO" program set CHKOUT colour=blue
pmo_test_expect_one_line "an unknown field is one line" "$PMO_ERR"
pmo_test_expect_contains "an unknown field is named" "$PMO_ERR" '"colour"'
pmo_test_expect_exit "program set a bad date" 2 \
    "$PMO" program set CHKOUT finish=2026-02-30
pmo_test_expect_contains "a bad date is named" "$PMO_ERR" "'2026-02-30'"

pmo_test_expect_exit "program list" 0 "$PMO" program list
pmo_test_expect_contains "program list shows the program" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "CHKOUT Checkout revamp 2026 active amber"
pmo_test_expect_exit "program list --status on-hold" 0 \
    "$PMO" program list --status on-hold --json
pmo_test_expect_eq "no program is on hold" "0" "$(json 'len(d["programs"])')"

pmo_test_expect_exit "program grant alice contributor" 0 \
    "$PMO" program grant CHKOUT alice contributor
pmo_test_expect_exit "program members" 0 "$PMO" program members CHKOUT
pmo_test_expect_contains "members lists alice as contributor" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "alice"
pmo_test_expect_exit "program members --json" 0 \
    "$PMO" program members CHKOUT --json
pmo_test_expect_eq "alice's role in --json" "ROLE_CONTRIBUTOR" \
    "$(json '[m["role"] for m in d["members"] if m["username"] == "alice"][0]')"
pmo_test_expect_exit "program grant a bad role" 2 \
    "$PMO" program grant CHKOUT alice boss
pmo_test_expect_contains "a bad role lists the roles" "$PMO_ERR" \
    "viewer, contributor, manager, owner"

# ------------------------------------------------------- teams, projects

pmo_test_expect_exit "team create payments" 0 \
    "$PMO" team create payments --name "Payments"
pmo_test_expect_exit "team create storefront" 0 \
    "$PMO" team create storefront --name "Storefront"
pmo_test_expect_exit "team add-member bob as lead" 0 \
    "$PMO" team add-member payments bob --lead
pmo_test_expect_exit "team add-member carol" 0 \
    "$PMO" team add-member storefront carol
pmo_test_expect_exit "team show" 0 "$PMO" team show payments --json
pmo_test_expect_eq "bob leads payments" "True" \
    "$(json '[m["lead"] for m in d["members"] if m["username"] == "bob"][0]')"
pmo_test_expect_exit "team list" 0 "$PMO" team list
pmo_test_expect_contains "team list shows storefront" "$PMO_OUT" "storefront"

pmo_test_expect_exit "project add api" 0 "$PMO" project add CHKOUT api \
    --name "Payments API" --team payments --lead bob --start 2026-03-02
pmo_test_expect_exit "project add web" 0 "$PMO" project add CHKOUT web \
    --name "Web checkout" --team storefront --lead carol
pmo_test_expect_exit "project list" 0 "$PMO" project list CHKOUT
pmo_test_expect_contains "project list shows api with its team" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "api Payments API payments bob 2026-03-02"
pmo_test_expect_exit "project list --team storefront" 0 \
    "$PMO" project list CHKOUT --team storefront --json
pmo_test_expect_eq "only web is storefront's" "web" \
    "$(json '",".join(p["key"] for p in d["projects"])')"
pmo_test_expect_exit "project set" 0 \
    "$PMO" project set CHKOUT web finish=2026-06-15 --json
pmo_test_expect_eq "project set changes the date" "2026-06-15" \
    "$(json 'd["target_finish"]')"
pmo_test_expect_exit "project show" 0 "$PMO" project show CHKOUT web
pmo_test_expect_contains "project show has the lead" "$PMO_OUT" "carol"

# Whoever does the work must be able to see the program.
pmo_test_expect_exit "task add for someone with no role" 2 "$PMO" task add \
    CHKOUT --project api --title "Hidden work" --assignee bob
pmo_test_expect_contains "the assignee and the missing role are named" \
    "$PMO_ERR" "bob holds no role in CHKOUT"
for u in bob carol dave; do
    pmo_test_expect_exit "program grant $u contributor" 0 \
        "$PMO" program grant CHKOUT "$u" contributor
done

# ------------------------------------------------------------ work items

# api: a summary over six items, one of them a milestone; a deliverable.
add_item A1 --project api --title "Payments API build" --kind summary
add_item A2 --project api --title "API spec" --parent "$A1" \
    --assignee alice --estimate 2/3/5 --start 2026-03-02 --tag spec
add_item A3 --project api --title "Card tokenisation" --parent "$A1" \
    --assignee bob --estimate 5/8/13 --cost 16000 --tag backend --tag pci
add_item A4 --project api --title "3-D Secure flow" --parent "$A1" \
    --assignee bob --estimate 3/5/10
add_item A5 --project api --title "Refunds endpoint" --parent "$A1" \
    --assignee alice --estimate 3
add_item A6 --project api --title "API ready" --parent "$A1" --kind milestone
add_item A7 --project api --title "API reference docs" --kind deliverable \
    --assignee dave --estimate 1/2/3
add_item A8 --project api --title "Load test" --parent "$A1" \
    --assignee dave --estimate 2/2/4
# web: a summary holding a nested summary, milestones, a top-level launch.
add_item W1 --project web --title "Web checkout build" --kind summary
add_item W2 --project web --title "Wireframes" --parent "$W1" \
    --assignee carol --estimate 2/3/5
add_item W3 --project web --title "Payment form" --parent "$W1" \
    --assignee carol --estimate 4/6/9
add_item W4 --project web --title "3-D Secure modal" --parent "$W1" \
    --assignee dave --estimate 2/3/5
add_item W5 --project web --title "Web QA" --parent "$W1" --kind summary
add_item W6 --project web --title "Accessibility fixes" --parent "$W5" \
    --assignee carol --estimate 2/3/5
add_item W7 --project web --title "Regression pass" --parent "$W5" \
    --assignee dave --estimate 1/2/3
add_item W8 --project web --title "Beta behind a flag" --parent "$W1" \
    --kind milestone
add_item W9 --project web --title "Checkout analytics" --parent "$W1" \
    --assignee alice --estimate 1/2/4
add_item W10 --project web --title "Checkout copy" --parent "$W1" \
    --assignee carol --estimate 1
add_item W11 --project web --title "Checkout GA" --kind milestone \
    --finish 2026-06-30
add_item W12 --project web --title "Support playbook" --kind deliverable \
    --assignee alice --estimate 1/1/2
pmo_test_expect_eq "task add prints a ref of the program" "CHKOUT-" \
    "$(sed -E 's/[0-9]+$//' <<<"$A2")"

pmo_test_expect_exit "task add without --project" 2 \
    "$PMO" task add CHKOUT --title "Nowhere"
pmo_test_expect_one_line "a missing --project is one line" "$PMO_ERR"
pmo_test_expect_exit "task add with a bad estimate" 2 \
    "$PMO" task add CHKOUT --project api --title "Bad" --estimate 5/3/1
pmo_test_expect_contains "a bad estimate says why" "$PMO_ERR" \
    "optimistic <= likely <= pessimistic"

pmo_test_expect_exit "task list --json fetches every item" 0 \
    "$PMO" task list CHKOUT --json
pmo_test_expect_eq "twenty work items" "20" "$(json 'len(d["items"])')"
pmo_test_expect_eq "three milestones" "3" \
    "$(json 'sum(1 for i in d["items"] if i["kind"] == "KIND_MILESTONE")')"
pmo_test_expect_eq "an item's fields in --json" \
    "$A3|api|$A1|bob|5.0|8.0|13.0|16000.0|backend,pci|STATE_TODO" \
    "$(json '[ "|".join([i["ref"], i["project"], i["parent"], i["assignee"],
                        str(float(i["optimistic_days"])), str(float(i["likely_days"])),
                        str(float(i["pessimistic_days"])), str(float(i["planned_cost"])),
                        ",".join(i["tags"]), i["state"]])
              for i in d["items"] if i["ref"] == "'"$A3"'"][0]')"

pmo_test_expect_exit "task list --project api" 0 \
    "$PMO" task list CHKOUT --project api
pmo_test_expect_eq "api has eight items (and a heading)" "9" \
    "$(grep -c . <<<"$PMO_OUT")"
pmo_test_expect_contains "task list shows ref, title, state, assignee" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "$A3 api Card tokenisation todo bob"
pmo_test_expect_exit "task list --assignee alice" 0 \
    "$PMO" task list CHKOUT --assignee alice --json
pmo_test_expect_eq "alice has four items" "4" "$(json 'len(d["items"])')"
pmo_test_expect_exit "task list --tag pci" 0 \
    "$PMO" task list CHKOUT --tag pci --json
pmo_test_expect_eq "one item is tagged pci" "$A3" \
    "$(json '",".join(i["ref"] for i in d["items"])')"
pmo_test_expect_exit "task list --mine (admin has none)" 0 \
    "$PMO" task list CHKOUT --mine --json
pmo_test_expect_eq "admin has no items" "0" "$(json 'len(d["items"])')"

pmo_test_expect_exit "task show" 0 "$PMO" task show "$A2"
pmo_test_expect_contains "task show gives the estimate" "$PMO_OUT" \
    "2 / 3 / 5 working days"

# ------------------------------------------------------------ dependencies

# Across the teams, one of each type; and some within each team.
pmo_test_expect_exit "dep add FS across teams" 0 \
    "$PMO" dep add "$A6" "$W3" --type fs
pmo_test_expect_exit "dep add SS across teams with lag" 0 \
    "$PMO" dep add "$A4" "$W4" --type ss --lag 2
pmo_test_expect_contains "dep add says what it added" "$PMO_OUT" \
    "$A4 -> $W4: start-to-start, lag +2d"
pmo_test_expect_exit "dep add FF across teams with a lead" 0 \
    "$PMO" dep add "$W3" "$A8" --type finish-to-finish --lag -1
pmo_test_expect_exit "dep add SF across teams" 0 \
    "$PMO" dep add "$A5" "$W10" --type SF
for pair in "$A2 $A3" "$A3 $A4" "$A5 $A6" "$W2 $W3" "$W6 $W8" "$W7 $W8"; do
    # shellcheck disable=SC2086
    pmo_test_expect_exit "dep add $pair" 0 "$PMO" dep add $pair
done
pmo_test_expect_exit "dep add with lag" 0 "$PMO" dep add "$W8" "$W11" --lag 5
pmo_test_expect_exit "dep add a bad type" 2 \
    "$PMO" dep add "$A2" "$W2" --type xx
pmo_test_expect_contains "a bad type lists the short forms" "$PMO_ERR" \
    "fs, ss, ff, sf"
pmo_test_expect_exit "dep add a twin" 4 "$PMO" dep add "$A2" "$A3"
pmo_test_expect_exit "dep add a cycle is refused" 4 \
    "$PMO" dep add "$A4" "$A2"

pmo_test_expect_exit "dep list" 0 "$PMO" dep list CHKOUT --json
pmo_test_expect_eq "eleven dependencies" "11" \
    "$(json 'len(d["dependencies"])')"
pmo_test_expect_eq "all four types are there" \
    "DEP_FINISH_TO_FINISH DEP_FINISH_TO_START DEP_START_TO_FINISH DEP_START_TO_START" \
    "$(json '" ".join(sorted(set(x["type"] for x in d["dependencies"])))')"
pmo_test_expect_exit "dep list for people" 0 "$PMO" dep list CHKOUT
pmo_test_expect_contains "dep list shows both ends' projects" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "$A4 api 3-D Secure flow SS +2d $W4 web 3-D Secure modal"

pmo_test_expect_exit "deps of the payment form" 0 "$PMO" deps "$W3"
deps_out=$(tr -s ' ' <<<"$PMO_OUT")
pmo_test_expect_contains "deps names the item" "$deps_out" \
    "$W3 Payment form (project web)"
pmo_test_expect_contains "deps: it waits on two" "$deps_out" "Waits on (2):"
pmo_test_expect_contains "deps: it waits on the API milestone, across teams" \
    "$deps_out" "$A6 API ready api finish-to-start 0"
pmo_test_expect_contains "deps: and on the wireframes" "$deps_out" \
    "$W2 Wireframes web finish-to-start 0"
pmo_test_expect_contains "deps: one waits on it" "$deps_out" \
    "Waited on by (1):"
pmo_test_expect_contains "deps: the load test, finish-to-finish with a lead" \
    "$deps_out" "$A8 Load test api finish-to-finish -1d"
waits_section=$(sed -n '/^Waits on/,/^Waited on by/p' <<<"$deps_out")
pmo_test_expect_not_contains "the load test is not among what it waits on" \
    "$waits_section" "$A8"

pmo_test_expect_exit "deps --json" 0 "$PMO" deps "$W3" --json
pmo_test_expect_eq "deps --json splits the two sides" "ok" "$(json_run '
want_pred = sorted(sys.argv[2:4])
pred = sorted(x["predecessor"] for x in d["waits_on"])
succ = [x["successor"] for x in d["waited_on_by"]]
ok = (d["item"]["ref"] == sys.argv[1] and pred == want_pred
      and succ == [sys.argv[4]]
      and d["waited_on_by"][0]["type"] == "DEP_FINISH_TO_FINISH"
      and d["waited_on_by"][0]["lag_days"] == -1
      and d["waited_on_by"][0]["successor_project"] == "api")
print("ok" if ok else d)
' "$W3" "$A6" "$W2" "$A8")"

pmo_test_expect_exit "dep remove" 0 "$PMO" dep remove "$W7" "$W8"
pmo_test_expect_exit "dep list after remove" 0 "$PMO" dep list CHKOUT --json
pmo_test_expect_eq "ten dependencies left" "10" \
    "$(json 'len(d["dependencies"])')"

# -------------------------------------------------------------------- tree

pmo_test_expect_exit "tree" 0 "$PMO" tree CHKOUT
tree_out=$PMO_OUT
pmo_test_expect_contains "tree heads each project with its team" \
    "$tree_out" "api  Payments API (team payments)"
pmo_test_expect_contains "tree shows the other project" "$tree_out" \
    "web  Web checkout (team storefront)"
pmo_test_expect_contains "tree marks milestones" "$tree_out" "$A6  <> API ready"
pmo_test_expect_contains "tree draws the last child with a corner" \
    "$tree_out" "\`- $W12  [D] Support playbook"
pmo_test_expect_eq "projects are at the left edge" "0" "$(column_of api)"
c1=$(column_of "$W1") c5=$(column_of "$W5") c6=$(column_of "$W6")
c11=$(column_of "$W11")
pmo_test_expect_eq "items nest under their parents" "yes" \
    "$([ "$c1" -gt 0 ] && [ "$c5" -gt "$c1" ] && [ "$c6" -gt "$c5" ] &&
        [ "$c11" -eq "$c1" ] && echo yes || echo "no: $c1 $c5 $c6 $c11")"
pmo_test_expect_eq "every item is in the tree once" "20" \
    "$(grep -cE 'CHKOUT-[0-9]+  ' <<<"$tree_out")"
w6_line=$(grep -F "$W6  " <<<"$tree_out" | tr -s ' ')
pmo_test_expect_contains "a tree row has state, assignee and dates" \
    "$w6_line" "Accessibility fixes todo carol"

pmo_test_expect_exit "tree --json" 0 "$PMO" tree CHKOUT --json
pmo_test_expect_eq "tree --json nests projects, items and children" \
    "CHKOUT|api,web|2|$W5:$W6,$W7|20|0" "$(json_run '
def count(nodes):
    return sum(1 + count(n["children"]) for n in nodes)
def find(nodes, ref):
    for n in nodes:
        if n["item"]["ref"] == ref:
            return n
        hit = find(n["children"], ref)
        if hit:
            return hit
projects = {p["project"]["key"]: p for p in d["projects"]}
w5 = find(projects["web"]["items"], sys.argv[1])
print("|".join([
    d["program"], ",".join(sorted(projects)),
    str(len(projects["api"]["items"])),
    w5["item"]["ref"] + ":" + ",".join(c["item"]["ref"] for c in w5["children"]),
    str(sum(count(p["items"]) for p in d["projects"])),
    str(len(d["unplaced"]))]))
' "$W5")"

# ------------------------------------------------------------- state moves

pmo_test_expect_exit "task start" 0 "$PMO" task start "$A2"
pmo_test_expect_contains "task start says so" "$PMO_OUT" \
    "$A2 is in progress (started $TODAY)"
pmo_test_expect_exit "task done" 0 "$PMO" task done "$A2" --json
pmo_test_expect_eq "task done: state, percent, actual dates" \
    "STATE_DONE|100|$TODAY|$TODAY" \
    "$(json '"|".join([d["state"], str(d["percent_complete"]),
                      d["actual_start"], d["actual_finish"]])')"
pmo_test_expect_exit "task block" 0 \
    "$PMO" task block "$A3" --reason "waiting for the PSP sandbox"
pmo_test_expect_contains "task block says why" "$PMO_OUT" \
    "$A3 is blocked: waiting for the PSP sandbox"
pmo_test_expect_exit "task show --json after block" 0 \
    "$PMO" task show "$A3" --json
pmo_test_expect_eq "blocked with its reason" \
    "STATE_BLOCKED|waiting for the PSP sandbox" \
    "$(json 'd["state"] + "|" + d["blocked_reason"]')"
pmo_test_expect_exit "task block without a reason" 2 "$PMO" task block "$A3"
pmo_test_expect_one_line "a missing reason is one line" "$PMO_ERR"
pmo_test_expect_exit "task list --state blocked" 0 \
    "$PMO" task list CHKOUT --state blocked --json
pmo_test_expect_eq "one item is blocked" "$A3" \
    "$(json '",".join(i["ref"] for i in d["items"])')"
pmo_test_expect_exit "task list --state in-progress" 0 \
    "$PMO" task list CHKOUT --state in-progress --json
pmo_test_expect_eq "none is in progress" "0" "$(json 'len(d["items"])')"

pmo_test_expect_exit "task set several fields" 0 "$PMO" task set "$A4" \
    estimate=3/5/8 assignee=alice "title=3-D Secure v2 flow" tags=pci,backend \
    percent=40 --json
pmo_test_expect_eq "task set wrote each field" \
    "3.0|5.0|8.0|alice|3-D Secure v2 flow|pci,backend|40" \
    "$(json '"|".join([str(float(d["optimistic_days"])), str(float(d["likely_days"])),
                      str(float(d["pessimistic_days"])), d["assignee"], d["title"],
                      ",".join(d["tags"]), str(d["percent_complete"])])')"
pmo_test_expect_exit "task set state by name" 0 \
    "$PMO" task set "$A4" state=in_progress --json
pmo_test_expect_eq "state in_progress" "STATE_IN_PROGRESS" "$(json 'd["state"]')"
pmo_test_expect_exit "task set a bad number" 2 "$PMO" task set "$A4" percent=x
pmo_test_expect_one_line "a bad number is one line" "$PMO_ERR"
pmo_test_expect_exit "task set a bad state" 2 "$PMO" task set "$A4" state=doing
pmo_test_expect_contains "a bad state lists the states" "$PMO_ERR" \
    "todo, in-progress, blocked, done"
# Finishing ahead of what an item waits on is allowed, and said.
pmo_test_expect_exit "task done while a predecessor is open" 0 \
    "$PMO" task done "$A4"
pmo_test_expect_contains "task done names the open predecessor" "$PMO_ERR" \
    "note: $A4 is done, but what it waits on is not: $A3 (blocked)"
pmo_test_expect_exit "task set state=done says so too" 0 \
    "$PMO" task set "$W3" state=done
pmo_test_expect_contains "task set names both open predecessors" "$PMO_ERR" \
    "$W3 is done, but what it waits on is not: "
pmo_test_expect_contains "the API milestone among them" "$PMO_ERR" "$A6 (todo)"
pmo_test_expect_exit "task done once what it waits on is done" 0 \
    "$PMO" task done "$A3"
pmo_test_expect_not_contains "no note then" "$PMO_ERR" "note:"
pmo_test_expect_exit "task set state=in_progress reopens a done item" 0 \
    "$PMO" task set "$A3" state=in_progress --json
pmo_test_expect_eq "reopening clears percent and finish" "0|" \
    "$(json 'str(d["percent_complete"]) + "|" + d["actual_finish"]')"
pmo_test_expect_exit "task show of an unknown ref" 3 \
    "$PMO" task show CHKOUT-9999
pmo_test_expect_one_line "an unknown ref is one line" "$PMO_ERR"

# ---------------------------------------------------- stakeholders, comments

pmo_test_expect_exit "stakeholder add" 0 "$PMO" stakeholder add CHKOUT \
    --name "Dana Legal" --org "Legal" --kind internal --interest high \
    --influence medium --email dana@example.com --raci web=consulted \
    --raci "$A3=a" --json
sh_id=$(json 'd["id"]')
pmo_test_expect_eq "stakeholder --json fields" \
    "Dana Legal|Legal|STAKEHOLDER_INTERNAL|LEVEL_HIGH|LEVEL_MEDIUM|2" \
    "$(json '"|".join([d["name"], d["organisation"], d["kind"], d["interest"],
                      d["influence"], str(len(d["raci"]))])')"
pmo_test_expect_exit "stakeholder add a vendor" 0 "$PMO" stakeholder add \
    CHKOUT --name "Acme PSP" --kind vendor --raci "api=r"
pmo_test_expect_exit "stakeholder list" 0 "$PMO" stakeholder list CHKOUT
pmo_test_expect_contains "stakeholder list shows RACI letters" "$PMO_OUT" \
    "web:C"
pmo_test_expect_exit "stakeholder list --target api" 0 \
    "$PMO" stakeholder list CHKOUT --target api --json
pmo_test_expect_eq "only the vendor is on api" "Acme PSP" \
    "$(json '",".join(s["name"] for s in d["stakeholders"])')"
pmo_test_expect_exit "stakeholder set" 0 \
    "$PMO" stakeholder set "$sh_id" influence=high org=Legal-EU --json
pmo_test_expect_eq "stakeholder set wrote the fields" "LEVEL_HIGH|Legal-EU" \
    "$(json 'd["influence"] + "|" + d["organisation"]')"
pmo_test_expect_exit "stakeholder show" 0 "$PMO" stakeholder show "$sh_id"
pmo_test_expect_contains "stakeholder show has the email" "$PMO_OUT" \
    "dana@example.com"
pmo_test_expect_exit "stakeholder show of a bad id" 2 \
    "$PMO" stakeholder show abc
pmo_test_expect_exit "stakeholder delete" 0 "$PMO" stakeholder delete "$sh_id"
pmo_test_expect_exit "stakeholder show after delete" 3 \
    "$PMO" stakeholder show "$sh_id"

pmo_test_expect_exit "comment add" 0 "$PMO" comment add CHKOUT task "$A3" \
    "PSP sandbox keys promised for Friday, @bob please chase"
pmo_test_expect_exit "comment list on the item" 0 \
    "$PMO" comment list CHKOUT work_item "$A3"
pmo_test_expect_contains "the comment is listed" "$PMO_OUT" \
    "PSP sandbox keys promised for Friday"
pmo_test_expect_exit "comment list --json" 0 "$PMO" comment list CHKOUT --json
pmo_test_expect_eq "the mention is found" "bob" \
    "$(json '",".join(d["comments"][0]["mentions"])')"
pmo_test_expect_exit "activity" 0 "$PMO" activity CHKOUT -n 5 --json
pmo_test_expect_eq "activity gives five entries" "5" \
    "$(json 'len(d["entries"])')"
pmo_test_expect_exit "activity for people" 0 "$PMO" activity CHKOUT
pmo_test_expect_contains "activity names who did it" "$PMO_OUT" "admin"

# ----------------------------------------------------------------- import

pmo_test_expect_exit "program create for the import" 0 \
    "$PMO" program create CHK2 --name "Checkout plan import"
pmo_test_expect_exit "team create mobile" 0 "$PMO" team create mobile \
    --name "Mobile"
for p in "api payments" "web storefront" "mobile mobile"; do
    set -- $p
    pmo_test_expect_exit "project add CHK2 $1" 0 \
        "$PMO" project add CHK2 "$1" --name "Project $1" --team "$2"
done
# The sample's assignees must see CHK2 to be given its work.
for u in alice bob carol dave; do
    pmo_test_expect_exit "program grant CHK2 $u contributor" 0 \
        "$PMO" program grant CHK2 "$u" contributor
done
rows=$(($(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1]))))' "$SAMPLE") - 1))
pmo_test_expect_exit "import the sample plan" 0 \
    "$PMO" import csv "$SAMPLE" --program CHK2
pmo_test_expect_contains "import says what it loaded" "$PMO_OUT" \
    "Imported $rows work items and"
pmo_test_expect_exit "the imported items are there" 0 \
    "$PMO" task list CHK2 --json
pmo_test_expect_eq "as many items as sample rows" "$rows" \
    "$(json 'len(d["items"])')"
pmo_test_expect_eq "imported estimates, assignee and tags" \
    "5.0|8.0|13.0|bob|backend,pci" \
    "$(json '[ "|".join([str(float(i["optimistic_days"])), str(float(i["likely_days"])),
                        str(float(i["pessimistic_days"])), i["assignee"],
                        ",".join(i["tags"])])
              for i in d["items"] if i["title"] == "Card tokenisation service"][0]')"
pmo_test_expect_eq "a quoted title with a comma survives" "1" \
    "$(json 'sum(1 for i in d["items"] if i["title"] == "Address, delivery and payment form")')"
pmo_test_expect_exit "the imported dependencies are there" 0 \
    "$PMO" dep list CHK2 --json
pmo_test_expect_eq "the sample's dependencies, all four types" \
    "26|DEP_FINISH_TO_FINISH DEP_FINISH_TO_START DEP_START_TO_FINISH DEP_START_TO_START" \
    "$(json 'str(len(d["dependencies"])) + "|" + " ".join(sorted(set(x["type"] for x in d["dependencies"])))')"
pmo_test_expect_exit "tree of the import" 0 "$PMO" tree CHK2
pmo_test_expect_contains "the imported tree has the mobile project" \
    "$PMO_OUT" "mobile  Project mobile (team mobile)"

pmo_test_expect_exit "program create for bad imports" 0 \
    "$PMO" program create CHK3 --name "Bad imports"
pmo_test_expect_exit "project add CHK3 api" 0 \
    "$PMO" project add CHK3 api --name "API" --team payments
pmo_test_expect_exit "project add CHK3 web" 0 \
    "$PMO" project add CHK3 web --name "Web" --team storefront
pmo_test_expect_exit "project add CHK3 mobile" 0 \
    "$PMO" project add CHK3 mobile --name "Mobile" --team mobile
for u in alice bob carol dave; do
    pmo_test_expect_exit "program grant CHK3 $u contributor" 0 \
        "$PMO" program grant CHK3 "$u" contributor
done

# A bad number on line 14: found here, nothing sent.
bad_local="$PMO_TEST_TMP/plan-bad-number.csv"
awk -F, -v OFS=, 'NR == 14 { $8 = "x" } { print }' "$SAMPLE" >"$bad_local"
pmo_test_expect_exit "an import with one bad number" 2 \
    "$PMO" import csv "$bad_local" --program CHK3
pmo_test_expect_contains "the bad number is named by line and column" \
    "$PMO_ERR" "plan-bad-number.csv:14: column likely: not a number: 'x'"
pmo_test_expect_contains "the import says nothing was imported" "$PMO_ERR" \
    "nothing was imported"

# A project the program does not have on line 9: only the server knows.
bad_server="$PMO_TEST_TMP/plan-bad-project.csv"
awk -F, -v OFS=, 'NR == 9 { $2 = "nosuch" } { print }' "$SAMPLE" >"$bad_server"
pmo_test_expect_exit "a dry run the server refuses" 2 \
    "$PMO" import csv "$bad_server" --program CHK3 --dry-run
pmo_test_expect_contains "the dry run names the refused line too" \
    "$PMO_ERR" "plan-bad-project.csv:9: column project:"
pmo_test_expect_exit "a dry run of a plan that would load" 0 \
    "$PMO" import csv "$SAMPLE" --program CHK3 --dry-run
pmo_test_expect_contains "all valid, checked by the server" "$PMO_OUT" \
    "$rows work items and 26 dependencies, all valid: the server checked them against CHK3"
pmo_test_expect_exit "an import the server refuses" 2 \
    "$PMO" import csv "$bad_server" --program CHK3
pmo_test_expect_contains "the refused line and column are named" \
    "$PMO_ERR" "plan-bad-project.csv:9: column project:"
pmo_test_expect_exit "task list after the refused imports" 0 \
    "$PMO" task list CHK3 --json
pmo_test_expect_eq "nothing was loaded" "0" "$(json 'len(d["items"])')"

# A milestone that depends on its own summary: the server names both.
bad_summary="$PMO_TEST_TMP/plan-own-summary.csv"
awk -F, -v OFS=, 'NR == 4 { $12 = "api-design" } { print }' "$SAMPLE" >"$bad_summary"
pmo_test_expect_exit "an import linking an item to its own summary" 4 \
    "$PMO" import csv "$bad_summary" --program CHK3
pmo_test_expect_contains "the refusal names both and says why" "$PMO_ERR" \
    "api-design -> api-review links api-review to its own summary api-design"
pmo_test_expect_exit "task list after the summary refusal" 0 \
    "$PMO" task list CHK3 --json
pmo_test_expect_eq "nothing was loaded either" "0" "$(json 'len(d["items"])')"

# ------------------------------------------------------ deletes, cleanup

pmo_test_expect_exit "task delete" 0 "$PMO" task delete "$W12"
pmo_test_expect_exit "task show after delete" 3 "$PMO" task show "$W12"
pmo_test_expect_exit "program delete with projects is refused" 4 \
    "$PMO" program delete CHKOUT
pmo_test_expect_one_line "the refusal is one line" "$PMO_ERR"
pmo_test_expect_exit "program delete --cascade" 0 \
    "$PMO" program delete CHK3 --cascade
pmo_test_expect_exit "program show after delete" 3 "$PMO" program show CHK3

pmo_test_expect_exit "a group without a verb" 2 "$PMO" task
pmo_test_expect_one_line "a group without a verb is one line" "$PMO_ERR"
pmo_test_expect_contains "and lists the verbs" "$PMO_ERR" "add, list, show"

pmo_test_done
