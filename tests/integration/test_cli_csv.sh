#!/bin/bash
# tests/integration/test_cli_csv.sh - `--csv` on the list and schedule
# views: the table alone on standard output as RFC 4180 CSV (what a
# spreadsheet opens), the rest of what the view says on standard error,
# one row per item whatever the terminal's width, and titles with commas,
# quotes and non-ASCII text intact.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
export LC_ALL=C.UTF-8 NO_COLOR=1 COLUMNS=40

# rows CSV_TEXT: the records as JSON lists, parsed by Python's csv module.
rows() {
    /usr/bin/python3 -c 'import csv, io, json, sys
print(json.dumps(list(csv.reader(io.StringIO(sys.argv[1], newline="")))))' "$1"
}
py() { /usr/bin/python3 -c "import json, sys; d = json.loads(sys.argv[2]); print($1)" _ "$2"; }

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "program create" 0 "$PMO" program create CSV \
    --name "CSV views" --start 2026-11-02
pmo_test_expect_exit "team" 0 "$PMO" team create web --name Web
pmo_test_expect_exit "project" 0 "$PMO" project add CSV web --name Web \
    --team web
cat >"$PMO_TEST_TMP/plan.csv" <<'PLAN'
key,project,title,likely,depends_on
a,web,"Design, then review the ""v2"" API",3,
b,web,Bâtir le service,5,a
c,web,Ship,1,b
PLAN
pmo_test_expect_exit "import" 0 \
    "$PMO" import csv "$PMO_TEST_TMP/plan.csv" --program CSV

pmo_test_expect_exit "schedule --csv" 0 "$PMO" schedule CSV --csv
out=$PMO_OUT
parsed=$(rows "$out")
pmo_test_expect_eq "a heading row and one row per item" "4" \
    "$(py 'len(d)' "$parsed")"
pmo_test_expect_eq "the first column is the item" "WORK ITEM" \
    "$(py 'd[0][0]' "$parsed")"
pmo_test_expect_eq "a title with a comma and quotes comes back whole" \
    'CSV-1  Design, then review the "v2" API' "$(py 'd[1][0]' "$parsed")"
pmo_test_expect_eq "non-ASCII text is kept" "CSV-2  Bâtir le service" \
    "$(py 'd[2][0]' "$parsed")"
pmo_test_expect_eq "every record ends in CRLF" "4 4" \
    "$("$PMO" schedule CSV --csv 2>/dev/null | /usr/bin/python3 -c '
import sys; b = sys.stdin.buffer.read()
print(b.count(b"\r\n"), b.count(b"\n"))')"
pmo_test_expect_contains "the view's heading went to stderr" "$PMO_ERR" \
    "CSV"

pmo_test_expect_exit "critical-path --csv" 0 "$PMO" critical-path CSV --csv
pmo_test_expect_eq "the chains make one CSV" "4" \
    "$(py 'len(d)' "$(rows "$PMO_OUT")")"

pmo_test_expect_exit "risk add" 0 "$PMO" risk add CSV \
    --title "Vendor, late" --probability 3 --impact 4
pmo_test_expect_exit "risk list --csv" 0 "$PMO" risk list CSV --csv
pmo_test_expect_eq "risks: heading and one row" "2" \
    "$(py 'len(d)' "$(rows "$PMO_OUT")")"

pmo_test_expect_exit "--csv before the command too" 0 \
    "$PMO" --csv schedule CSV
pmo_test_expect_eq "the same rows" "4" "$(py 'len(d)' "$(rows "$PMO_OUT")")"
pmo_test_expect_exit "--csv with --json is refused" 2 \
    "$PMO" schedule CSV --csv --json
pmo_test_done
