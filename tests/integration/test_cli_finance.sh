#!/bin/bash
# tests/integration/test_cli_finance.sh - pmo budget and pmo cost, the way
# a TPM keeps a program's money: set a budget by category and month,
# re-baseline it with a reason and see both versions in its history,
# record what was spent and import a month of invoices from CSV, and the
# refusals people meet (no reason, a viewer setting a budget, an amount in
# another currency, a CSV with one bad cell, which imports nothing).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200

json() { pmo_test_json "$@"; }

as() { pmo_test_as "$@"; }

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
for user in vera carl; do
    pw="pw-$user-$RANDOM-$RANDOM"
    pmo_test_expect_exit "user $user" 0 "$ADM" user add "$user" --password-stdin <<<"$pw"
    mkdir -p -m 0700 "$PMO_TEST_TMP/config-$user"
    pmo_test_expect_exit "$user logs in" 0 \
        as "$user" login --user "$user" --password-stdin <<<"$pw"
done
pmo_test_expect_exit "program create" 0 "$PMO" program create PAY --name "Payments"
pmo_test_expect_exit "a team" 0 "$PMO" team create web --name "Web"
pmo_test_expect_exit "a project" 0 "$PMO" project add PAY web --name "Web" --team web
pmo_test_expect_exit "a work item" 0 "$PMO" task add PAY --project web --title "Checkout page"
pmo_test_expect_exit "vera views" 0 "$PMO" program grant PAY vera viewer
pmo_test_expect_exit "carl contributes" 0 "$PMO" program grant PAY carl contributor

# --- budgets ---------------------------------------------------------------
pmo_test_expect_exit "budget show before any is set" 3 "$PMO" budget show PAY
pmo_test_expect_contains "says none is set" "$PMO_ERR" "the budget of PAY is not set yet"

pmo_test_expect_exit "budget set without a reason" 2 "$PMO" budget set PAY people=1000
pmo_test_expect_contains "the reason is asked for" "$PMO_ERR" "--reason is required"
pmo_test_expect_exit "budget set with a blank reason" 2 \
    "$PMO" budget set PAY --reason "  " people=1000
pmo_test_expect_contains "the server names the field" "$PMO_ERR" "reason:"

pmo_test_expect_exit "budget set" 0 "$PMO" budget set PAY --reason "Approved plan" \
    people:2026-01=10000 people:2026-02=10000 vendors:2026-01=2500.50 travel=800
pmo_test_expect_contains "set says the version and total" "$PMO_OUT" \
    "Set the budget of PAY: version 1, 23,300.50 USD."
pmo_test_expect_exit "budget show" 0 "$PMO" budget show PAY
pmo_test_expect_contains "a row per category, a column per month" "$PMO_OUT" \
    "people    10,000.00  10,000.00  -         20,000.00"
pmo_test_expect_contains "amounts in no month have their column" "$PMO_OUT" \
    "travel    -          -          800.00    800.00"
pmo_test_expect_contains "totals by month" "$PMO_OUT" \
    "TOTAL     12,500.50  10,000.00  800.00    23,300.50"

pmo_test_expect_exit "re-baseline" 0 "$PMO" budget set PAY \
    --reason "Vendor quote came in higher" people:2026-01=10000 \
    people:2026-02=10000 vendors:2026-01=4000 travel=800
pmo_test_expect_contains "version 2" "$PMO_OUT" "version 2, 24,800.00 USD"
pmo_test_expect_exit "budget history" 0 "$PMO" budget history PAY
pmo_test_expect_contains "the first version is kept" "$PMO_OUT" "23,300.50  Approved plan"
pmo_test_expect_contains "the re-baseline with its reason" "$PMO_OUT" \
    "24,800.00  Vendor quote came in higher"
pmo_test_expect_exit "budget history --json" 0 "$PMO" budget history PAY --json
pmo_test_expect_eq "two versions, oldest first" \
    "$(json '[(v.get("old_version", 0), v["new_version"], v["total_minor"]) for v in d["versions"]]')" \
    "[(0, 1, 2330050), (1, 2, 2480000)]"

pmo_test_expect_exit "a viewer cannot set a budget" 6 as vera budget set PAY \
    --reason "mine" people=1
pmo_test_expect_exit "a viewer reads it" 0 as vera budget show PAY --json
pmo_test_expect_eq "as set" "$(json 'd["total"]')" "24,800.00"

pmo_test_expect_exit "an unknown category" 2 "$PMO" budget set PAY --reason x snacks=1
pmo_test_expect_contains "names the line and the categories" "$PMO_ERR" \
    "\"snacks=1\": category:"
pmo_test_expect_exit "a bad month" 2 "$PMO" budget set PAY --reason x people:2026-13=1
pmo_test_expect_contains "names the month's field" "$PMO_ERR" "lines[0].month: must be a month"
pmo_test_expect_exit "a negative amount" 2 "$PMO" budget set PAY --reason x people=-5
pmo_test_expect_contains "names the amount's field" "$PMO_ERR" \
    "lines[0].amount: must not be negative"
pmo_test_expect_exit "another currency" 2 "$PMO" budget set PAY --reason x "people=EUR 10"
pmo_test_expect_contains "is refused, not converted, naming what was typed" "$PMO_ERR" \
    "\"people=EUR 10\": lines[0].amount: is in EUR, but the program's money is in USD"
pmo_test_expect_exit "lines past the int64 limit" 2 "$PMO" budget set PAY --reason x \
    people=92233720368547758.07 vendors=0.01
pmo_test_expect_contains "the line that overflows is named" "$PMO_ERR" \
    "lines[1].amount: takes the sum of the lines past the largest amount"
pmo_test_expect_exit "the budget is as it was" 0 "$PMO" budget show PAY --json
pmo_test_expect_eq "still version 2" "$(json 'd["version"]')" "2"

pmo_test_expect_exit "a project budget" 0 "$PMO" budget set PAY --project web \
    --reason "Web team's share" people:2026-01=5000
pmo_test_expect_exit "budget show --project" 0 "$PMO" budget show PAY --project web
pmo_test_expect_contains "the project's own" "$PMO_OUT" "Budget of PAY project web, version 1"

# --- expenses --------------------------------------------------------------
pmo_test_expect_exit "a contributor adds an expense" 0 as carl cost add PAY \
    --date 2026-01-15 --amount 1234.50 --category vendors --item pay-1 \
    --vendor "Acme PSP" --note "Sandbox fees"
pmo_test_expect_contains "add says what it recorded" "$PMO_OUT" \
    "Added expense 1: 1,234.50 USD on 2026-01-15, vendors, PAY-1."
pmo_test_expect_exit "a viewer cannot add one" 6 as vera cost add PAY \
    --date 2026-01-15 --amount 1 --category travel
pmo_test_expect_exit "an amount in another currency" 2 "$PMO" cost add PAY \
    --date 2026-01-15 --amount "EUR 10" --category travel
pmo_test_expect_contains "names the amount" "$PMO_ERR" "expense.amount: is in EUR"
pmo_test_expect_exit "an item that is not there" 3 "$PMO" cost add PAY \
    --date 2026-01-15 --amount 10 --category travel --item PAY-99
pmo_test_expect_contains "names the item" "$PMO_ERR" "expense.item: no work item PAY-99"
pmo_test_expect_exit "a zero amount" 2 "$PMO" cost add PAY --date 2026-01-15 \
    --amount 0 --category travel
pmo_test_expect_contains "must be more than 0" "$PMO_ERR" "expense.amount: must be more than 0"

cat >"$PMO_TEST_TMP/bad.csv" <<'CSV'
date,amount,category,vendor,project,note
2026-02-01,300,travel,Rail Co,web,Team offsite
2026-02-03,EUR 120,licences,Figma,,Seats
CSV
pmo_test_expect_exit "an import with one bad cell" 2 \
    as carl cost import csv "$PMO_TEST_TMP/bad.csv" --program PAY
pmo_test_expect_contains "names the line and the column" "$PMO_ERR" \
    "bad.csv:3: column amount: is in EUR"
pmo_test_expect_contains "and says nothing was kept" "$PMO_ERR" "nothing was imported"

cat >"$PMO_TEST_TMP/feb.csv" <<'CSV'
date,amount,category,vendor,project,note
2026-02-01,300,travel,Rail Co,web,Team offsite
2026-02-03,120,licences,Figma,,Seats
CSV
pmo_test_expect_exit "import --dry-run" 0 \
    as carl cost import csv "$PMO_TEST_TMP/feb.csv" --program PAY --dry-run
pmo_test_expect_contains "checked, not kept" "$PMO_OUT" "2 expenses, 420.00 USD, all valid"
pmo_test_expect_exit "cost list after the refusal and the dry run" 0 "$PMO" cost list PAY
pmo_test_expect_contains "only the one expense" "$PMO_OUT" "1 expense, total 1,234.50 USD"
pmo_test_expect_exit "import" 0 as carl cost import csv "$PMO_TEST_TMP/feb.csv" --program PAY
pmo_test_expect_contains "import says how much" "$PMO_OUT" \
    "Imported 2 expenses, 420.00 USD, into PAY"

pmo_test_expect_exit "a viewer lists expenses" 0 as vera cost list PAY
pmo_test_expect_contains "by date, who entered each" "$PMO_OUT" \
    "1   2026-01-15  1,234.50    vendors   PAY-1  Acme PSP  carl"
pmo_test_expect_contains "with the total" "$PMO_OUT" "3 expenses, total 1,654.50 USD"
pmo_test_expect_exit "cost list --project WEB" 0 "$PMO" cost list PAY --project web
pmo_test_expect_contains "an item's expense counts for its project" "$PMO_OUT" \
    "2 expenses, total 1,534.50 USD"
pmo_test_expect_exit "cost list --category --json" 0 "$PMO" cost list PAY \
    --category licences --json
pmo_test_expect_eq "one licence, in minor units" \
    "$(json '[(e["vendor"], e["amount_minor"]) for e in d["expenses"]] + [d["total_minor"]]')" \
    "[('Figma', 12000), 12000]"
pmo_test_expect_exit "cost list --from --to" 0 "$PMO" cost list PAY \
    --from 2026-02-02 --to 2026-02-28 --json
pmo_test_expect_eq "the range keeps one" "$(json 'd.get("count", 0)')" "1"

pmo_test_expect_exit "the audit trail" 0 "$ADM" audit tail -n 100
pmo_test_expect_contains "records the budget" "$PMO_OUT" "SetBudget"
pmo_test_expect_contains "records the import" "$PMO_OUT" "ImportExpenses"

pmo_test_done
