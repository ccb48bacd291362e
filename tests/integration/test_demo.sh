#!/bin/bash
# tests/integration/test_demo.sh - the demo program that deploy/setup.sh
# loads for a new user (deploy/demo.sh), against a real server: it loads
# in full, once, and every view it advertises answers, with the features
# it shows off in place (a deadline, the critical threshold, a holiday,
# progress, a baseline, a risk, the radar, a budget and what was spent,
# a vendor's contract with a late payment milestone, last week's
# published status report and this week's draft).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
export LC_ALL=C NO_COLOR=1 COLUMNS=200
export PMO="$PMO" PMO_ADMIN="$PMO_BIN_DIR/pmo-admin"
DEMO="$PMO_TEST_LIB_DIR/../../deploy/demo.sh"

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "the demo loads" 0 bash "$DEMO"
pmo_test_expect_contains "and says what to try" "$PMO_OUT" \
    "loaded the demo program CHKOUT"
pmo_test_expect_exit "a second run changes nothing" 0 bash "$DEMO"
pmo_test_expect_contains "it says the demo is there" "$PMO_OUT" \
    "already loaded"

for view in "tree CHKOUT" "schedule CHKOUT" "gantt CHKOUT" \
    "critical-path CHKOUT" "forecast CHKOUT" "load CHKOUT" "level CHKOUT" \
    "calendar show CHKOUT" "risk list CHKOUT" "radar list" \
    "baseline diff CHKOUT plan-of-record" "budget show CHKOUT" \
    "budget history CHKOUT" "cost list CHKOUT" "vendor list" \
    "contract list CHKOUT" "assignments CHKOUT" "person show CHKOUT dave"; do
    # shellcheck disable=SC2086
    pmo_test_expect_exit "pmo $view answers" 0 "$PMO" $view
done
pmo_test_expect_exit "schedule check runs (a failed check exits 1)" 1 \
    "$PMO" schedule check CHKOUT
pmo_test_expect_exit "calendar show" 0 "$PMO" calendar show CHKOUT
pmo_test_expect_contains "the offsite is a holiday" "$PMO_OUT" \
    "Company offsite"
pmo_test_expect_exit "program show" 0 "$PMO" program show CHKOUT
pmo_test_expect_contains "near-critical work counts as critical" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "critical when float <=: 2"
pmo_test_expect_exit "schedule --json" 0 "$PMO" schedule CHKOUT --json
pmo_test_expect_eq "the load test has its deadline" "1" \
    "$(python3 -c 'import json, sys
d = json.loads(sys.argv[1])
print(sum(1 for i in d["items"] if i["ref"] == "CHKOUT-8" and i.get("target_finish")))' "$PMO_OUT")"
pmo_test_expect_eq "some work is critical, and a longest path runs to the finish" "yes yes" \
    "$(python3 -c 'import json, sys
d = json.loads(sys.argv[1])
c = any(i.get("critical") for i in d["items"])
l = any(i.get("longest_path") for i in d["items"])
print("yes" if c else "no", "yes" if l else "no")' "$PMO_OUT")"

pmo_test_expect_exit "budget show --json" 0 "$PMO" budget show CHKOUT --json
pmo_test_expect_eq "the budget was re-baselined once, to 162,400.00" \
    "2 162,400.00 USD" \
    "$(python3 -c 'import json, sys
d = json.loads(sys.argv[1])
print(d["version"], d["total"], d["currency"])' "$PMO_OUT")"
pmo_test_expect_exit "budget show" 0 "$PMO" budget show CHKOUT
pmo_test_expect_contains "people by month" "$PMO_OUT" \
    "people          42,000.00  48,000.00  30,000.00  -         120,000.00"
pmo_test_expect_exit "budget history" 0 "$PMO" budget history CHKOUT
pmo_test_expect_contains "the re-baseline says why" "$PMO_OUT" \
    "3-D Secure vendor quote came in higher"
pmo_test_expect_exit "cost list" 0 "$PMO" cost list CHKOUT
pmo_test_expect_contains "ten expenses and their total" "$PMO_OUT" \
    "10 expenses, total 46,143.15 USD"
pmo_test_expect_contains "an expense on a work item" "$PMO_OUT" \
    "6,400.00    vendors         CHKOUT-5"
pmo_test_expect_exit "cost list --project api" 0 "$PMO" cost list CHKOUT \
    --project api --json
pmo_test_expect_eq "the API's spend, its items' included" "5 13,350.00" \
    "$(python3 -c 'import json, sys
d = json.loads(sys.argv[1])
print(d["count"], d["total"])' "$PMO_OUT")"

pmo_test_expect_exit "contract show" 0 "$PMO" contract show CHKOUT 1
pmo_test_expect_contains "the payment provider's contract" "$PMO_OUT" \
    "Acme PSP"
pmo_test_expect_contains "two of the demo's expenses are against it" \
    "$PMO_OUT" "9,600.00 USD (2 expenses)"
pmo_test_expect_contains "what is left" "$PMO_OUT" "14,400.00 USD"
pmo_test_expect_contains "a payment milestone shown as late" "$PMO_OUT" \
    "Payment milestones (1 late)"
pmo_test_expect_exit "contract show --json" 0 "$PMO" contract show CHKOUT 1 --json
pmo_test_expect_eq "its second payment milestone, the API ready, is late" \
    "CHKOUT-9 True forecast to finish" \
    "$(python3 -c 'import json, sys
m = json.loads(sys.argv[1])["payment_milestones"][1]
print(m["ref"], m.get("late", False), m.get("why", "")[:18])' "$PMO_OUT")"
pmo_test_expect_exit "person show" 0 "$PMO" person show CHKOUT bob
pmo_test_expect_contains "bob's rate has a history" "$(tr -s ' ' <<<"$PMO_OUT")" \
    "900.00 USD"
pmo_test_expect_contains "with his raise" "$(tr -s ' ' <<<"$PMO_OUT")" "950.00 USD"
pmo_test_expect_exit "assignments of 3-D Secure" 0 "$PMO" assignments CHKOUT-6 --json
pmo_test_expect_eq "alice pairs with bob on it" "[('alice', 0.5), ('bob', 1)]" \
    "$(python3 -c 'import json, sys
d = json.loads(sys.argv[1])
print([(a["user"], a["units"]) for a in d["assignments"]])' "$PMO_OUT")"
pmo_test_expect_exit "load --json" 0 "$PMO" load CHKOUT --json
pmo_test_expect_eq "dave, half time, is over-allocated" "yes 2.5" \
    "$(python3 -c 'import json, sys
d = json.loads(sys.argv[1])
p = [p for p in d["people"] if p["person"] == "dave"][0]
print("yes" if p.get("weeks_over") else "no", max(p["capacity_days"]))' "$PMO_OUT")"
last_week=$(date -d "-7 days" +%G-W%V)
this_week=$(date +%G-W%V)
pmo_test_expect_exit "status list" 0 "$PMO" status list CHKOUT
pmo_test_expect_contains "last week's report is published" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "$last_week published"
pmo_test_expect_contains "this week's is a draft" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "$this_week draft"
pmo_test_expect_exit "this week's draft --json" 0 \
    "$PMO" status show CHKOUT "$this_week" --json
pmo_test_expect_eq "it starts from last week's next steps" \
    "['Finish the payment API', 'Start 3-D Secure']" \
    "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["accomplishments"])' "$PMO_OUT")"
pmo_test_expect_exit "portfolio" 0 "$PMO" portfolio
pmo_test_expect_contains "CHKOUT with last week's report" "$PMO_OUT" "$last_week"

pmo_test_done
