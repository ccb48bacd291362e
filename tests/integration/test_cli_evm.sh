#!/bin/bash
# tests/integration/test_cli_evm.sh - earned value through the pmo command
# line: pmo evm on a small two-project program with a baseline, planned
# costs, progress, expenses and a budget, its numbers checked against
# values worked out by hand below; the S-curve series; --project; a
# program budget; who may read it; bad input.
#
# The plan, on the default Monday-to-Friday calendar, baselined from
# Monday 2026-01-05 (working days of each baseline span in brackets):
#
#   api   spec    3d  Jan 5 - Jan 7   [3]  3,000.00  done Jan 7
#         tokens  5d  Jan 8 - Jan 14  [5]  7,000.00  started Jan 8, 40%
#   web   wires   4d  Jan 5 - Jan 8   [4]  4,000.00  done Jan 8
#         form    4d  Jan 9 - Jan 14  [4]  6,000.00  started Jan 9, 25%
#
# Status date Monday 2026-01-12, counted whole: the sixth working day.
# Planned value spreads an item's cost evenly over the working days of
# its span (none on the weekend of Jan 10-11):
#   api PV = 3,000 + 7,000 x 3/5 = 7,200;  EV = 3,000 + 40% 7,000 = 5,800
#   web PV = 4,000 + 6,000 x 2/4 = 7,000;  EV = 4,000 + 25% 6,000 = 5,500
# Expenses to the status date (one on Jan 13 does not count):
#   api: 2,500 on spec, 3,000 on tokens, 500 on the project = 6,000
#   web: 4,400 on wires, 1,000 on form = 5,400;  the program: 300
# web has a budget of 12,000 (two lines): its BAC, spread over its
# planned costs (10,000) by 1.2, so web PV = 8,400 and EV = 6,600.
# The program has no budget: BAC = 10,000 + 12,000, PV = 15,600,
# EV = 12,400, AC = 6,000 + 5,400 + 300 = 11,700.
# The ratios and estimates follow by their definitions (docs/EVM.md),
# computed in Python from these inputs; earned schedule counts working
# days from Jan 5 (all three earn 5 of the 6 days gone: SPI(t) 0.83).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200

# json EXPR: the value of a Python expression over d, the JSON in PMO_OUT
# (on stdin: a long series is more than a command line holds).
json() {
    python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' \
        "$1" <<<"$PMO_OUT" 2>&1
}

sql() {
    psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$PMO_TEST_DB" -c "$1"
}

as() { pmo_test_as "$@"; }

# ------------------------------------------------------------ the program

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "program create" 0 "$PMO" program create EVM1 \
    --name "Earned value" --start 2026-01-05 --finish 2026-02-27
for team in payments storefront; do
    pmo_test_expect_exit "team create $team" 0 \
        "$PMO" team create "$team" --name "Team $team"
done
pmo_test_expect_exit "project add api" 0 "$PMO" project add EVM1 api \
    --name "Payments API" --team payments
pmo_test_expect_exit "project add web" 0 "$PMO" project add EVM1 web \
    --name "Web checkout" --team storefront
PLAN="$PMO_TEST_TMP/plan.csv"
cat >"$PLAN" <<'CSV'
key,project,parent,kind,title,assignee,optimistic,likely,pessimistic,start,finish,depends_on,tags,cost,description
spec,api,,task,API spec,,3,3,3,,,,,3000,
tokens,api,,task,Card tokenisation,,5,5,5,,,spec,,7000,
wires,web,,task,Wireframes,,4,4,4,,,,,4000,
form,web,,task,Payment form,,4,4,4,,,wires,,6000,
CSV
pmo_test_expect_exit "import the plan" 0 \
    "$PMO" import csv "$PLAN" --program EVM1 --json
read -r SPEC TOKENS WIRES FORM <<<"$(json '" ".join(d["refs"])')"
pmo_test_expect_exit "baseline save" 0 \
    "$PMO" baseline save EVM1 v1 --status-date 2026-01-05

# Before any progress or spending, earned value answers, warning of no
# budget nowhere: every project takes its planned costs.
pmo_test_expect_exit "evm before progress" 0 \
    "$PMO" evm EVM1 --at 2026-01-12 --json
pmo_test_expect_eq "nothing earned or spent yet; PV as planned" \
    "720000|0|0|PLANNED_COST" \
    "$(json '"|".join(str(x) for x in [d["earned_value"]["projects"][0]["pv_minor"], d["earned_value"]["projects"][0]["ev_minor"], d["earned_value"]["projects"][0]["ac_minor"], d["earned_value"]["projects"][0]["bac_source"].replace("BAC_SOURCE_", "")])')"

# --------------------------------------------------- progress and money

pmo_test_expect_exit "spec started" 0 "$PMO" task start "$SPEC" --date 2026-01-05
pmo_test_expect_exit "spec done" 0 "$PMO" task done "$SPEC" --date 2026-01-07
pmo_test_expect_exit "tokens started" 0 \
    "$PMO" task start "$TOKENS" --date 2026-01-08
pmo_test_expect_exit "tokens 40%" 0 "$PMO" task set "$TOKENS" percent=40
pmo_test_expect_exit "wires started" 0 "$PMO" task start "$WIRES" --date 2026-01-05
pmo_test_expect_exit "wires done" 0 "$PMO" task done "$WIRES" --date 2026-01-08
pmo_test_expect_exit "form started" 0 "$PMO" task start "$FORM" --date 2026-01-09
pmo_test_expect_exit "form 25%" 0 "$PMO" task set "$FORM" percent=25

PROG=$(sql "SELECT id FROM programs WHERE key = 'EVM1'")
API=$(sql "SELECT id FROM projects WHERE key = 'api' AND program_id = $PROG")
WEB=$(sql "SELECT id FROM projects WHERE key = 'web' AND program_id = $PROG")
num() { echo "${1#EVM1-}"; }
sql "INSERT INTO expenses (program_id, spent_on, amount_minor, category,
        item_number, project_id) VALUES
   ($PROG, '2026-01-06', 250000, 1, $(num "$SPEC"), NULL),
   ($PROG, '2026-01-11', 300000, 1, $(num "$TOKENS"), $API),
   ($PROG, '2026-01-12',  50000, 2, NULL, $API),
   ($PROG, '2026-01-13', 100000, 1, $(num "$TOKENS"), NULL),
   ($PROG, '2026-01-08', 440000, 1, $(num "$WIRES"), NULL),
   ($PROG, '2026-01-12', 100000, 3, $(num "$FORM"), $WEB),
   ($PROG, '2026-01-09',  30000, 4, NULL, NULL)" >/dev/null
sql "INSERT INTO budgets (program_id, project_id, lines, reason) VALUES
   ($PROG, $WEB, '[{\"category\": 1, \"month\": \"2027-01\", \"amount_minor\": 700000},
                   {\"category\": 2, \"month\": \"\", \"amount_minor\": 500000}]',
    'initial')" >/dev/null

# ------------------------------------------------------------ the numbers

# expected SCOPE: the measures of api, web or the program from the inputs
# in the header, in the order checked below.
expected() {
    python3 - "$1" <<'PY'
import math, sys
from fractions import Fraction as F
def r(v):  # half away from zero, to minor units
    return int(math.floor(abs(v) + F(1, 2))) * (1 if v >= 0 else -1)
# Items in cents over the eight working days Jan 5-9, 12-14 (index 0-7):
# first working day, working days, cost, share earned, budget factor.
items = {
    "api": [(0, 3, 300000, 1, 1), (3, 5, 700000, F(40, 100), 1)],
    "web": [(0, 4, 400000, 1, F(12, 10)), (4, 4, 600000, F(25, 100), F(12, 10))],
}
items["program"] = items["api"] + items["web"]
status = 5  # Monday Jan 12
def pv_at(scope, day):
    return sum(c * f * min(max(F(day - s + 1, n), 0), 1)
               for s, n, c, _, f in items[scope])
scope = sys.argv[1]
bac = {"api": 1000000, "web": 1200000, "program": 2200000}[scope]
ac = {"api": 600000, "web": 540000, "program": 1170000}[scope]
source = {"api": "PLANNED_COST", "web": "BUDGET", "program": "PROJECTS"}[scope]
bac, ac = F(bac), F(ac)
pv = pv_at(scope, status)
ev = sum(c * e * f for _, _, c, e, f in items[scope])
spi, cpi = ev / pv, ev / ac
eac = bac / cpi
eac2 = ac + (bac - ev) / (cpi * spi)
# Earned schedule (Lipke): C the last working day whose cumulative PV is
# at most EV, then the share of the next day's PV that EV covers.
cum = [pv_at(scope, d) for d in range(8)]
c = max([d + 1 for d in range(8) if cum[d] <= ev] + [0])
lo = cum[c - 1] if c else 0
es = c + (ev - lo) / (cum[c] - lo)
out = [r(bac), r(pv), r(ev), r(ac), r(ev - pv), r(ev - ac),
       "%.4f" % spi, "%.4f" % cpi, r(eac), r(eac) - r(ac), r(bac) - r(eac),
       r(eac2), "%.4f" % ((bac - ev) / (bac - ac)),
       "%.4f" % ((bac - ev) / (r(eac) - ac)), "%.4f" % es,
       "%.4f" % (es / (status + 1)), source]
print("|".join(str(x) for x in out))
PY
}

# got SCOPE: the same measures from the --json in PMO_OUT.
got() {
    json '(lambda e: "|".join(str(x) for x in [e["bac_minor"], e["pv_minor"],
        e["ev_minor"], e["ac_minor"], e["sv_minor"], e["cv_minor"],
        "%.4f" % e["spi"], "%.4f" % e["cpi"], e["eac_cpi_minor"],
        e["etc_minor"], e["vac_minor"], e["eac_cpi_spi_minor"],
        "%.4f" % e["tcpi_bac"], "%.4f" % e["tcpi_eac"], "%.4f" % e["es_days"],
        "%.4f" % e["spi_t"], e["bac_source"].replace("BAC_SOURCE_", "")]))(
        {"api": d["earned_value"]["projects"][0],
         "web": d["earned_value"]["projects"][1],
         "program": d["earned_value"]["program_total"]}["'"$1"'"])'
}

pmo_test_expect_exit "evm --json" 0 "$PMO" evm evm1 --at 2026-01-12 --json
pmo_test_expect_eq "the program, its currency and baseline" \
    "EVM1|2026-01-12|USD|v1|api web|30000" \
    "$(json '"|".join([d["earned_value"]["program"], d["earned_value"]["status_date"], d["earned_value"]["currency"], d["earned_value"]["baseline"], " ".join(p["project"] for p in d["earned_value"]["projects"]), str(d["earned_value"]["unassigned_ac_minor"])])')"
for scope in api web program; do
    pmo_test_expect_eq "the measures of $scope, as worked by hand" \
        "$(expected $scope)" "$(got $scope)"
done
pmo_test_expect_eq "the hand figures of the header: api PV, web BAC, program AC" \
    "720000|1200000|1170000" \
    "$(json '"|".join(str(x) for x in [d["earned_value"]["projects"][0]["pv_minor"], d["earned_value"]["projects"][1]["bac_minor"], d["earned_value"]["program_total"]["ac_minor"]])')"
pmo_test_expect_eq "AC is the expenses while no one has a day rate" \
    "600000|0" \
    "$(json '"|".join(str(x) for x in [d["earned_value"]["projects"][0]["ac_expenses_minor"], d["earned_value"]["projects"][0]["ac_labour_minor"]])')"
# api earned 5 working days of its plan by Jan 12: to Friday Jan 9.
pmo_test_expect_eq "api: the date of its earned schedule, its span" \
    "2026-01-09|6.0|2026-01-05|2026-01-14|2|0" \
    "$(json '(lambda e: "|".join([e["es_date"], str(float(e["at_days"])), e["start_date"], e["finish_date"], str(e["items"]), str(e["unbaselined_items"])]))(d["earned_value"]["projects"][0])')"

# The weekly S-curve: weeks end on Sunday. By Sunday Jan 11:
#   PV = 3,000 + 7,000 x 2/5 + (4,000 + 6,000 x 1/4) x 1.2 = 12,400
#   EV: tokens' 2,800 earned evenly over the working days Jan 8, 9, 12
#       (2/3 by Jan 11), form's 1,500 over Jan 9, 12 (1/2):
#       3,000 + 1,866.67 + (4,000 + 750) x 1.2 = 10,566.67
#   AC = 2,500 + 3,000 + 4,400 + 300 = 10,200
# and the week of the status date holds all of it: 22,000, 12,400, 11,700.
pmo_test_expect_exit "evm --period week --json" 0 \
    "$PMO" evm EVM1 --at 2026-01-12 --period week --json
pmo_test_expect_eq "two weeks, their PV, EV and AC" \
    "2026-01-11 1240000 1056667 1020000 True|2026-01-18 2200000 1240000 1170000 True" \
    "$(json '"|".join(" ".join(str(x) for x in [p["period_end"], p["pv_minor"], p["ev_minor"], p["ac_minor"], p["actual"]]) for p in d["series"]["points"])')"
pmo_test_expect_eq "the series' BAC and its source" "2200000|BAC_SOURCE_PROJECTS" \
    "$(json '"|".join([str(d["series"]["bac_minor"]), d["series"]["bac_source"]])')"
pmo_test_expect_exit "the monthly series of api" 0 \
    "$PMO" evm EVM1 --at 2026-01-12 --project api --period month --json
pmo_test_expect_eq "one month, api's own money" \
    "2026-01-31 1000000 580000 600000" \
    "$(json '" ".join(str(x) for x in [d["series"]["points"][0]["period_end"], d["series"]["points"][0]["pv_minor"], d["series"]["points"][0]["ev_minor"], d["series"]["points"][0]["ac_minor"]])')"
pmo_test_expect_eq "--project: that project only, no roll-up" "api|None" \
    "$(json '"|".join([" ".join(p["project"] for p in d["earned_value"]["projects"]), str(d["earned_value"]["program_total"])])')"

# ------------------------------------------------------ for people

pmo_test_expect_exit "evm" 0 "$PMO" evm EVM1 --at 2026-01-12
squeezed=$(tr -s ' ' <<<"$PMO_OUT")
pmo_test_expect_contains "the heading" "$squeezed" \
    "Earned value of EVM1 at 2026-01-12, in USD; baseline v1"
pmo_test_expect_contains "web's money row" "$squeezed" \
    "web 12,000.00 8,400.00 6,600.00 5,400.00 -1,800.00 1,200.00"
pmo_test_expect_contains "the program's row" "$squeezed" \
    "(program) 22,000.00 15,600.00 12,400.00 11,700.00 -3,200.00 700.00"
# web: SPI 6,600 / 8,400, CPI 6,600 / 5,400, SPI(t) 5 / 6 working days.
pmo_test_expect_contains "web's indices: SPI, CPI, SPI(t), earned schedule" \
    "$squeezed" "web 0.79 1.22 0.83 2026-01-09"
pmo_test_expect_contains "where each BAC comes from" "$squeezed" "budget"
pmo_test_expect_contains "money booked on no project" "$squeezed" \
    "The program's AC holds 300.00 booked on no project."
pmo_test_expect_contains "the chart's legend" "$PMO_OUT" \
    "P planned value  E earned value  A actual cost"
pmo_test_expect_contains "the chart's axis ends at the largest amount" \
    "$PMO_OUT" "22,000.00|"

# ------------------------------------------------------ a program budget

# A budget of 25,000 for the program spreads over all its planned costs
# (20,000) by 1.25: PV = 14,200 x 1.25, EV = 11,300 x 1.25.
sql "INSERT INTO budgets (program_id, project_id, lines, reason) VALUES
   ($PROG, NULL, '[{\"category\": 1, \"month\": \"\", \"amount_minor\": 2500000}]',
    'program')" >/dev/null
pmo_test_expect_exit "evm with a program budget" 0 \
    "$PMO" evm EVM1 --at 2026-01-12 --json
pmo_test_expect_eq "the program's BAC from its budget" \
    "2500000|1775000|1412500|1170000|BAC_SOURCE_BUDGET" \
    "$(json '(lambda e: "|".join(str(x) for x in [e["bac_minor"], e["pv_minor"], e["ev_minor"], e["ac_minor"], e["bac_source"]]))(d["earned_value"]["program_total"])')"

# ------------------------------------------------------------ no baseline

# Nothing is planned without a baseline: PV 0, and both forms say why.
pmo_test_expect_exit "program create NOBL" 0 "$PMO" program create NOBL \
    --name "No baseline"
pmo_test_expect_exit "project add" 0 "$PMO" project add NOBL app \
    --name "App" --team payments
pmo_test_expect_exit "an item with a cost" 0 "$PMO" task add NOBL \
    --project app --title "Build" --cost 1500
pmo_test_expect_exit "evm NOBL --json" 0 "$PMO" evm NOBL --json
pmo_test_expect_eq "BAC from the cost, nothing planned, no baseline" \
    "150000|0||1|1" \
    "$(json '(lambda v, e: "|".join(str(x) for x in [e["bac_minor"], e["pv_minor"], v["baseline"], e["items"], e["unbaselined_items"]]))(d["earned_value"], d["earned_value"]["program_total"])')"
pmo_test_expect_contains "the warning names what to do" \
    "$(json '" ".join(d["earned_value"]["warnings"])')" \
    "program NOBL has no baseline, so nothing is planned"
pmo_test_expect_exit "evm NOBL" 0 "$PMO" evm NOBL
pmo_test_expect_contains "on stderr for people" "$PMO_ERR" \
    "warning: program NOBL has no baseline"
# A baseline a century and a half long is not phased day by day: the money
# stands, earned schedule is left out, and the reply says so.
NOBL=$(sql "SELECT id FROM programs WHERE key = 'NOBL'")
sql "WITH b AS (INSERT INTO baselines (program_id, name, status_date,
        finish_date, items) VALUES ($NOBL, 'long', '1900-01-01',
        '2049-12-31', 1) RETURNING id)
     INSERT INTO baseline_items (baseline_id, number, kind, title,
        start_date, finish_date)
     SELECT b.id, 1, 2, 'Build', '1900-01-01', '2049-12-31' FROM b" >/dev/null
pmo_test_expect_exit "evm NOBL on the long baseline" 0 \
    "$PMO" evm NOBL --at 2000-01-01 --period month --json
pmo_test_expect_eq "PV two thirds of the way, no earned schedule" "100000|False" \
    "$(json '(lambda e: "|".join(str(x) for x in [e["pv_minor"], e["has_es"]]))(d["earned_value"]["program_total"])')"
pmo_test_expect_contains "the warning names the span" \
    "$(json '" ".join(d["earned_value"]["warnings"])')" \
    "spans 54787 days, more than 36600: no earned schedule"

# An empty program answers with nothing to measure, not an error.
pmo_test_expect_exit "program create EMPTY" 0 "$PMO" program create EMPTY \
    --name "Empty"
pmo_test_expect_exit "evm of an empty program" 0 "$PMO" evm EMPTY --json
pmo_test_expect_eq "no projects, all zero, ratios undefined" "0|0|0|False|False" \
    "$(json '(lambda e: "|".join(str(x) for x in [len(d["earned_value"]["projects"]), e["bac_minor"], e["ac_minor"], e["has_spi"], e["has_cpi"]]))(d["earned_value"]["program_total"])')"
pmo_test_expect_exit "and for people" 0 "$PMO" evm EMPTY

# ------------------------------------------------------------ who reads

for u in eve vic; do
    pw="pw-$u-$RANDOM-$RANDOM"
    pmo_test_expect_exit "user $u" 0 "$ADM" user add "$u" --password-stdin <<<"$pw"
    mkdir -p -m 0700 "$PMO_TEST_TMP/config-$u"
    pmo_test_expect_exit "$u logs in" 0 \
        as "$u" login --user "$u" --password-stdin <<<"$pw"
done
pmo_test_expect_exit "program grant vic viewer" 0 \
    "$PMO" program grant EVM1 vic viewer
pmo_test_expect_exit "a viewer reads earned value" 0 \
    as vic evm EVM1 --at 2026-01-12 --json
pmo_test_expect_eq "the same figures" "1412500" \
    "$(json 'd["earned_value"]["program_total"]["ev_minor"]')"
pmo_test_expect_exit "no role in the program: refused" 3 \
    as eve evm EVM1 --at 2026-01-12
pmo_test_expect_contains "as if it did not exist" "$PMO_ERR" "no program EVM1"
pmo_test_expect_eq "and nothing printed" "" "$PMO_OUT"

# ------------------------------------------------------------ bad input

pmo_test_expect_exit "--at that is not a date" 2 \
    "$PMO" evm EVM1 --at 2026-02-30
pmo_test_expect_contains "names the option" "$PMO_ERR" "--at: "
pmo_test_expect_exit "--period day" 2 "$PMO" evm EVM1 --period day
pmo_test_expect_exit "a project that is not there" 3 \
    "$PMO" evm EVM1 --project nope
pmo_test_expect_contains "names it" "$PMO_ERR" "program EVM1 has no project nope"
# Labour is part of AC: a day rate of 1,000.00 for half of admin's time
# on the spec, worked Monday Jan 5 to Wednesday Jan 7: 3 x 1,000 x 0.5.
pmo_test_expect_exit "a day rate" 0 "$PMO" person set EVM1 admin \
    --rate 1000/day --currency USD --from 2026-01-01
pmo_test_expect_exit "half of admin on the spec" 0 \
    "$PMO" assign "$SPEC" admin --units 0.5
pmo_test_expect_exit "evm with labour" 0 "$PMO" evm EVM1 --at 2026-01-12 --json
pmo_test_expect_eq "api's AC: its expenses and 1,500.00 of labour" \
    "600000|150000|750000" \
    "$(json '(lambda e: "|".join(str(x) for x in [e["ac_expenses_minor"], e["ac_labour_minor"], e["ac_minor"]]))(d["earned_value"]["projects"][0])')"
pmo_test_expect_eq "the program's AC holds the labour too" "150000|1320000" \
    "$(json '(lambda e: "|".join(str(x) for x in [e["ac_labour_minor"], e["ac_minor"]]))(d["earned_value"]["program_total"])')"

pmo_test_expect_exit "a baseline that is not there" 3 \
    "$PMO" evm EVM1 --baseline v9
pmo_test_expect_contains "names it" "$PMO_ERR" "program EVM1 has no baseline \"v9\""

pmo_test_done
