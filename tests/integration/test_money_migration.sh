#!/bin/bash
# tests/integration/test_money_migration.sh - a program's currency, and
# migration 0016 on a database as the migrations before it left it: work
# item costs kept as doubles become integer minor units exactly, rounded
# half to even, and a value that is no amount stops the upgrade naming
# its item instead of changing money silently.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
export LC_ALL=C NO_COLOR=1 COLUMNS=200

sql() {
    psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$PMO_TEST_DB" -c "$1"
}

json() { pmo_test_json "$@"; }

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"

# ------------------------------------------------------------- currency

pmo_test_expect_exit "a program without a currency" 0 \
    "$PMO" program create OLD --name "Old books"
pmo_test_expect_exit "program show" 0 "$PMO" program show OLD --json
pmo_test_expect_contains "is in USD" "$PMO_OUT" '"currency": "USD"'
pmo_test_expect_exit "a program in euros" 0 \
    "$PMO" program create EURO --name "Euro books" --currency eur
pmo_test_expect_exit "program show" 0 "$PMO" program show EURO
pmo_test_expect_contains "shows its currency" "$PMO_OUT" "EUR"
pmo_test_expect_exit "a code that is not ISO 4217" 2 \
    "$PMO" program create BAD --name "Bad" --currency XYZ
pmo_test_expect_contains "names the field" "$PMO_ERR" \
    "program.currency: XYZ is not an ISO 4217 currency code"
pmo_test_expect_exit "gold is no currency of minor units" 2 \
    "$PMO" program create BAD --name "Bad" --currency XAU
pmo_test_expect_exit "currency changes while there is no money" 0 \
    "$PMO" program set EURO currency=JPY
pmo_test_expect_exit "team" 0 "$PMO" team create ops --name Ops
pmo_test_expect_exit "project" 0 "$PMO" project add EURO web --name Web \
    --team ops
pmo_test_expect_exit "a task with a cost in yen" 0 \
    "$PMO" task add EURO --project web --title "Buy servers" --cost 1500
pmo_test_expect_exit "task show" 0 "$PMO" task show EURO-1
pmo_test_expect_contains "the cost is shown with the currency" "$PMO_OUT" \
    "1,500 JPY"
pmo_test_expect_exit "task show --json" 0 "$PMO" task show EURO-1 --json
pmo_test_expect_eq "minor units of yen, and the mirror" "1500 1500 JPY" \
    "$(json '"%s %s %s" % (d["planned_cost_minor"], d["planned_cost"], d["currency"])')"
pmo_test_expect_exit "the currency no longer changes" 2 \
    "$PMO" program set EURO currency=EUR
pmo_test_expect_contains "names the field and why" "$PMO_ERR" \
    "program.currency: cannot change from JPY to EUR: EURO already holds money in JPY"
pmo_test_expect_exit "nor to an unknown one" 2 \
    "$PMO" program set EURO currency=ZZZ
pmo_test_expect_contains "names the field" "$PMO_ERR" "program.currency"

# ------------------------------------------------------- migration 0016

pmo_test_expect_exit "project" 0 "$PMO" project add OLD web --name Web \
    --team ops
for title in a b c d e f g h; do
    pmo_test_expect_exit "task $title" 0 \
        "$PMO" task add OLD --project web --title "Task $title"
done

# The database as 0015 left it: costs as doubles, no currencies, no
# budgets or expenses.
pmo_test_stop_server || pmo_test_fail "the server stopped cleanly"
sql "DELETE FROM schema_migrations WHERE name = '0016_money';
     DROP TABLE expenses, budget_versions, budgets;
     ALTER TABLE programs DROP COLUMN currency;
     ALTER TABLE work_items ADD COLUMN planned_cost double precision
         NOT NULL DEFAULT 0;
     UPDATE work_items w SET planned_cost = v.cost
       FROM (VALUES (1, 1200.5::float8), (2, 0.125), (3, 0.135), (4, 2.675),
                    (5, 0.1::float8 + 0.2::float8), (6, 0.001),
                    (7, 12345678.905), (8, 0)) v(n, cost),
            programs p
      WHERE p.id = w.program_id AND p.key = 'OLD' AND w.number = v.n;
     ALTER TABLE work_items DROP COLUMN planned_cost_minor;" >/dev/null ||
    pmo_test_die "cannot set up the old database"

# First a value that is no amount: the upgrade stops and says which.
sql "UPDATE work_items SET planned_cost = 'NaN'
      WHERE number = 8 AND program_id = (SELECT id FROM programs
                                          WHERE key = 'OLD')" >/dev/null
LOG="$PMO_TEST_TMP/refused.log"
pmo_test_launch_server "$LOG" --db "dbname=$PMO_TEST_DB" \
    --data-dir "$PMO_TEST_DATA_DIR" --listen "$PMO_SERVER" \
    --password-iterations 10000 2>/dev/null
pmo_test_expect_eq "the server does not start on it" "1" "$?"
pmo_test_expect_contains "the log names the item and the value" \
    "$(cat "$LOG")" "work item OLD-8 has planned_cost NaN"
pmo_test_expect_eq "nothing was applied" "0" \
    "$(sql "SELECT count(*) FROM schema_migrations WHERE name = '0016_money'")"

sql "UPDATE work_items SET planned_cost = 0 WHERE planned_cost = 'NaN'" \
    >/dev/null
pmo_test_restart_server

pmo_test_expect_eq "each cost is exact in cents, half to even" \
"1|120050
2|12
3|14
4|268
5|30
6|0
7|1234567890
8|0" \
    "$(sql "SELECT w.number, w.planned_cost_minor FROM work_items w
              JOIN programs p ON p.id = w.program_id
             WHERE p.key = 'OLD' ORDER BY w.number")"
pmo_test_expect_eq "every program is in USD" "USD|USD" \
    "$(sql "SELECT string_agg(currency, '|' ORDER BY key) FROM programs")"
pmo_test_expect_eq "the double is gone" "0" \
    "$(sql "SELECT count(*) FROM information_schema.columns
             WHERE table_name = 'work_items' AND column_name = 'planned_cost'")"
pmo_test_expect_exit "task show after the upgrade" 0 "$PMO" task show OLD-1
pmo_test_expect_contains "the cost as people read it" "$PMO_OUT" \
    "1,200.50 USD"
pmo_test_expect_exit "task show --json" 0 "$PMO" task show OLD-7 --json
pmo_test_expect_eq "the deprecated double mirrors it" "1234567890 12345678.9" \
    "$(json '"%s %s" % (d["planned_cost_minor"], d["planned_cost"])')"
pmo_test_expect_exit "the old field still sets a cost" 0 \
    "$PMO" task set OLD-2 cost=0.125
pmo_test_expect_exit "task show --json" 0 "$PMO" task show OLD-2 --json
pmo_test_expect_eq "converted half to even" "12" \
    "$(json 'd["planned_cost_minor"]')"

pmo_test_done
