#!/bin/bash
# tests/integration/test_report.sh - pmo report and pmo export ics on the
# demo program (deploy/demo.sh) with a gate, action items and risks of
# its own, each output read back the way its readers read it: the CSV by
# Python's csv module (one row per work item, quoted titles intact), the
# calendar by the icalendar package (one VEVENT per milestone, gate and
# open dated action; UIDs the same in a second export), the HTML drawn by
# headless Chromium into a PNG that is not blank, with one bar per task
# or summary and one diamond per milestone. Then a viewer reads, a
# stranger and a bad format are refused, and a program whose CSV passes
# one reply comes whole in parts, its chart collapsed to summaries.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C.UTF-8 NO_COLOR=1 COLUMNS=200
export PMO="$PMO" PMO_ADMIN="$ADM"
HERE="$PMO_TEST_LIB_DIR"
OUT="$PMO_TEST_TMP/reports"
mkdir -p "$OUT"

# Debian's own Python, which python3-icalendar installs into, whatever
# else PATH puts first.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
py() { # SCRIPT ARGS...: a Python check; its stdout is the result
    "$PY" -c "$@" 2>&1
}

as() { pmo_test_as "$@"; }

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "the demo loads" 0 bash "$HERE/../../deploy/demo.sh"
pmo_test_expect_exit "a gate on the launch milestone" 0 \
    "$PMO" gate add CHKOUT-26 --template "Launch readiness" --approver alice
pmo_test_expect_exit "an overdue action, its title with a comma" 0 \
    "$PMO" action add CHKOUT --title 'Chase the PSP, again; "today"' \
    --owner bob --due "$(date -d '-3 days' +%F)"
pmo_test_expect_exit "an action due later" 0 \
    "$PMO" action add CHKOUT --title "Book the load-test lab" --due \
    "$(date -d '+9 days' +%F)"
pmo_test_expect_exit "an action without a date" 0 \
    "$PMO" action add CHKOUT --title "Write the runbook"
pmo_test_expect_exit "a second risk, in the high zone" 0 \
    "$PMO" risk add CHKOUT --title "Wallet certification <slips>" \
    --category vendor --probability 4 --impact 5
pmo_test_expect_exit "a title with a comma and quotes" 0 \
    "$PMO" task set CHKOUT-7 'title=3-D Secure, "frictionless" flow'

pmo_test_expect_exit "the schedule as JSON, to count" 0 \
    "$PMO" schedule CHKOUT --json
SCHEDULE="$PMO_OUT"
counts=$(py 'import json, sys
d = json.loads(sys.argv[1])
items = d["items"]
ms = [i for i in items if i.get("kind") == "KIND_MILESTONE"]
print(len(items), len(ms), len(items) - len(ms))' "$SCHEDULE")
read -r n_items n_milestones n_bars <<<"$counts"
pmo_test_expect_eq "the demo has milestones and work" "yes" \
    "$([ "${n_milestones:-0}" -ge 2 ] && [ "${n_bars:-0}" -ge 10 ] && echo yes)"

# ---------------------------------------------------------------- CSV
pmo_test_expect_exit "pmo report --format csv" 0 \
    "$PMO" report CHKOUT --format csv -o "$OUT/chkout.csv"
pmo_test_expect_contains "it says what it wrote" "$PMO_OUT" \
    "wrote $OUT/chkout.csv"
pmo_test_expect_eq "csv parses: a header and one row per work item, CRLF" \
    "rows=$((n_items + 1)) crlf=yes" \
    "$(py 'import csv, sys
raw = open(sys.argv[1], "rb").read()
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
crlf = raw.count(b"\r\n") == len(rows) and raw.endswith(b"\r\n")
print("rows=%d crlf=%s" % (len(rows), "yes" if crlf else "no"))' "$OUT/chkout.csv")"
pmo_test_expect_eq "its header" \
    "ref,title,project,start,finish,float,critical,percent,owner" \
    "$(head -1 "$OUT/chkout.csv" | tr -d '\r')"
pmo_test_expect_eq "the quoted title comes back whole, with the schedule's dates" \
    "ok" \
    "$(py 'import csv, json, sys
rows = {r["ref"]: r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
sched = {i["ref"]: i for i in json.loads(sys.argv[2])["items"]}
r, s = rows["CHKOUT-7"], sched["CHKOUT-7"]
bad = [k for k in rows if rows[k]["start"] != sched[k]["early_start"] or rows[k]["finish"] != sched[k]["early_finish"]]
ok = r["title"] == "3-D Secure, \"frictionless\" flow" and not bad
print("ok" if ok else "title=%r mismatched=%r" % (r["title"], bad))' "$OUT/chkout.csv" "$SCHEDULE")"

# ---------------------------------------------------------------- iCalendar
pmo_test_expect_exit "pmo export ics" 0 \
    "$PMO" export ics CHKOUT -o "$OUT/chkout.ics"
ICS_CHECK='import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
ev = [c for c in cal.walk("VEVENT")]
uids = [str(e["UID"]) for e in ev]
ms = [u for u in uids if u.startswith("milestone-")]
gates = [u for u in uids if u.startswith("gate-")]
acts = [u for u in uids if u.startswith("action-")]
dated = all(type(e.decoded("DTSTART")) is datetime.date for e in ev)
stamped = all("DTSTAMP" in e for e in ev)
summ = [str(e["SUMMARY"]) for e in ev if str(e["UID"]).startswith("action-")]
print(len(ms), len(gates), len(acts), dated, stamped, len(set(uids)) == len(uids), "|".join(sorted(summ)))
'
pmo_test_expect_eq "the calendar parses with icalendar: one VEVENT per milestone, the gate, the two dated actions; all-day, stamped, unique UIDs" \
    "$n_milestones 1 2 True True True Action due: Book the load-test lab|Action due: Chase the PSP, again; \"today\"" \
    "$(py "$ICS_CHECK" "$OUT/chkout.ics")"
pmo_test_expect_eq "every line ends in CRLF and none passes 75 octets" "ok" \
    "$(py 'import sys
raw = open(sys.argv[1], "rb").read()
lines = raw.split(b"\r\n")
ok = lines[-1] == b"" and all(b"\n" not in l and len(l) <= 75 for l in lines)
print("ok" if ok else "bad")' "$OUT/chkout.ics")"
sleep 1
pmo_test_expect_exit "a second export" 0 \
    "$PMO" export ics CHKOUT -o "$OUT/again.ics"
pmo_test_expect_eq "the UIDs do not change between exports" \
    "$(grep '^UID:' "$OUT/chkout.ics")" "$(grep '^UID:' "$OUT/again.ics")"

# ---------------------------------------------------------------- Markdown
pmo_test_expect_exit "pmo report (Markdown by default) to standard output" 0 \
    "$PMO" report CHKOUT
MD="$PMO_OUT"
for section in "# CHKOUT: Checkout 2.0" "## Milestones missed" \
    "## Milestones due" "## Critical path" "## Open risks by exposure" \
    "## Overdue actions" "## Gates waiting"; do
    pmo_test_expect_contains "markdown has \"$section\"" "$MD" "$section"
done
pmo_test_expect_contains "a quick forecast of the finish" "$MD" \
    "Forecast finish: P50 "
pmo_test_expect_contains "with the odds of the target" "$MD" \
    "chance of meeting the target (Monte Carlo, 1000 runs)"
pmo_test_expect_contains "the overdue action is listed, escaped" "$MD" \
    'Chase the PSP, again; "today" (bob, due'
pmo_test_expect_contains "risks by exposure, the highest first" \
    "$(grep -A2 '^|---:|' <<<"$MD")" "| 20 (high) | 4 x 5 |"
pmo_test_expect_contains "the gate waits for its sign-offs" "$MD" \
    "on CHKOUT-26, forecast"

# ---------------------------------------------------------------- HTML
pmo_test_expect_exit "pmo report --format html" 0 \
    "$PMO" report CHKOUT --format html -o "$OUT/chkout.html"
pmo_test_expect_eq "one bar per task and summary, one diamond per milestone" \
    "bars=$n_bars diamonds=$n_milestones" \
    "$(py 'import sys
from html.parser import HTMLParser
class Count(HTMLParser):
    bars = diamonds = 0
    def handle_starttag(self, tag, attrs):
        cls = (dict(attrs).get("class") or "").split()
        if tag == "rect" and cls == ["bar"]:
            self.bars += 1
        if tag == "polygon" and "milestone" in cls:
            self.diamonds += 1
c = Count()
c.feed(open(sys.argv[1], encoding="utf-8").read())
print("bars=%d diamonds=%d" % (c.bars, c.diamonds))' "$OUT/chkout.html")"
HTML=$(cat "$OUT/chkout.html")
pmo_test_expect_contains "the baseline shows as ghost bars" "$HTML" \
    '<rect class="ghost"'
pmo_test_expect_contains "critical work is marked" "$HTML" 'class="item critical"'
pmo_test_expect_contains "the status date is a line" "$HTML" '<line class="status"'
pmo_test_expect_contains "dependencies are drawn" "$HTML" '<path class="dep"'
pmo_test_expect_contains "the heat map is there" "$HTML" '<table class="heat">'
pmo_test_expect_contains "text is escaped" "$HTML" \
    'Wallet certification &lt;slips&gt;'
pmo_test_expect_eq "no script and nothing loaded from elsewhere" "0" \
    "$(grep -c -E '<script|<link| src=|href=|url\(' "$OUT/chkout.html")"

if command -v chromium >/dev/null 2>&1; then
    rm -f "$OUT/chkout.png"
    timeout 120 chromium --headless --no-sandbox --disable-gpu \
        --user-data-dir="$PMO_TEST_TMP/chromium" \
        --screenshot="$OUT/chkout.png" --window-size=1400,2000 \
        "file://$OUT/chkout.html" >"$OUT/chromium.log" 2>&1
    png=$("$PY" "$HERE/report_png.py" "$OUT/chkout.png" 2>&1)
    read -r size colours inked <<<"$png"
    pmo_test_expect_eq "Chromium draws the page into a 1400x2000 PNG" \
        "1400x2000" "$size"
    pmo_test_expect_eq "and it is not blank (many colours, ink on 2% or more)" \
        "yes" "$([ "${colours:-0}" -ge 8 ] &&
            [ "${inked:-0}" -ge 56000 ] && echo yes || echo "no: $png")"
    if [ -n "${PMO_REPORT_SCREENSHOT:-}" ]; then
        cp "$OUT/chkout.png" "$PMO_REPORT_SCREENSHOT"
    fi
else
    pmo_test_fail "chromium is installed (deploy/install-deps.sh)" \
        "no chromium on PATH"
fi

# ---------------------------------------------------------------- who may
pw="pw-vera-$RANDOM-$RANDOM"
pmo_test_expect_exit "user vera" 0 "$ADM" user add vera --password-stdin <<<"$pw"
pmo_test_expect_exit "user sam" 0 "$ADM" user add sam --password-stdin <<<"$pw"
for u in vera sam; do
    mkdir -p -m 0700 "$PMO_TEST_TMP/config-$u"
    as "$u" login --user "$u" --password-stdin <<<"$pw" >/dev/null
done
pmo_test_expect_exit "vera is made a viewer" 0 "$PMO" program grant CHKOUT vera viewer
pmo_test_expect_exit "a viewer reads the report" 0 \
    as vera report CHKOUT --format html -o "$OUT/vera.html"
pmo_test_expect_exit "someone with no role is told there is no such program" 3 \
    as sam report CHKOUT
pmo_test_expect_contains "naming it" "$PMO_ERR" "CHKOUT"
pmo_test_expect_exit "an unknown format is a usage error" 2 \
    "$PMO" report CHKOUT --format pdf
pmo_test_expect_contains "naming the formats" "$PMO_ERR" "md, html, csv or ics"
pmo_test_expect_exit "an unknown program" 3 "$PMO" report NOPE -o "$OUT/nope.md"
pmo_test_expect_eq "and no file is left behind" "none" \
    "$(ls "$OUT"/nope.md* 2>/dev/null || echo none)"

# ---------------------------------------------------------------- in parts
pmo_test_expect_exit "a large program" 0 \
    "$PMO" program create BIG --name "Big one" --start 2027-01-04
pmo_test_expect_exit "a team" 0 "$PMO" team create core --name Core
pmo_test_expect_exit "its project" 0 \
    "$PMO" project add BIG core --name Core --team core
"$PY" - "$OUT/big.csv" <<'PY'
import sys
n_phases, per_phase = 12, 250
with open(sys.argv[1], "w", newline="") as f:
    f.write("key,project,parent,kind,title,assignee,optimistic,likely,"
            "pessimistic,start,finish,depends_on,tags,cost,description\n")
    for p in range(n_phases):
        f.write("ph%d,core,,summary,Phase %d,,,,,,,,,,\n" % (p, p))
        for t in range(per_phase):
            title = ('"Task %d.%d, with ""quotes"" and a long tail %s"'
                     % (p, t, "x" * 380))
            dep = "t%d_%d" % (p, t - 1) if t else ""
            f.write("t%d_%d,core,ph%d,task,%s,,1,2,3,,,%s,,,\n"
                    % (p, t, p, title, dep))
PY
pmo_test_expect_exit "loads 3,012 items" 0 \
    "$PMO" import csv "$OUT/big.csv" --program BIG
pmo_test_expect_exit "its CSV report" 0 \
    "$PMO" report BIG --format csv -o "$OUT/big-report.csv"
pmo_test_expect_eq "is larger than one reply, and comes whole" \
    "big=yes rows=3013 last=BIG-3012" \
    "$(py 'import csv, os, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
big = os.path.getsize(sys.argv[1]) > 1024 * 1024
print("big=%s rows=%d last=%s" % ("yes" if big else "no", len(rows), rows[-1][0]))' \
    "$OUT/big-report.csv")"
pmo_test_expect_exit "its HTML report" 0 \
    "$PMO" report BIG --format html -o "$OUT/big.html"
pmo_test_expect_contains "says the chart shows its summaries only" \
    "$(cat "$OUT/big.html")" "This program has 3012 work items"
pmo_test_expect_eq "one bar per phase" "12" \
    "$(grep -o '<rect class="bar"' "$OUT/big.html" | wc -l)"

pmo_test_done
