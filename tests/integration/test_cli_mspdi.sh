#!/bin/bash
# tests/integration/test_cli_mspdi.sh - Microsoft Project XML through the
# pmo command line: each file MS Project saved (PMO_MSPDI_DIR) imported,
# its tasks, outline, links and calendar checked in pmo tree --json,
# dep list --json and calendar show --json against the XML itself; a dry
# run that keeps nothing; refusals naming the element and keeping
# nothing; and a round trip: exported, checked with xmllint, imported
# into a fresh program and compared field by field.
#
# The files are kept outside the project (their licence is the MPXJ
# project's); without them the test says so and is skipped (exit 77).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MSPDI_DIR=${PMO_MSPDI_DIR:-/work/shared/data/mspdi}
if ! ls "$MSPDI_DIR"/*.xml >/dev/null 2>&1; then
    echo "SKIP: no MSPDI files in $MSPDI_DIR (set PMO_MSPDI_DIR)"
    exit 77
fi
command -v xmllint >/dev/null ||
    pmo_test_die "xmllint is missing (Debian package libxml2-utils)"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200
WORK="$PMO_TEST_TMP/mspdi"
mkdir -p "$WORK"

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "team create" 0 "$PMO" team create eng --name Eng
# Resource 1 of the 2019 assignments file is a person here; the others
# are not.
pmo_test_expect_exit "user res1" 0 "$ADM" user add res1 \
    --display-name "Resource 1" --password-stdin <<<"res1-password-123"

# program KEY: a program with one project, res1 allowed to see it.
program() {
    pmo_test_expect_exit "program create $1" 0 "$PMO" program create "$1" \
        --name "Plan $1" --start 2027-01-04
    pmo_test_expect_exit "project add $1" 0 "$PMO" project add "$1" core \
        --name Core --team eng
    pmo_test_expect_exit "grant res1 on $1" 0 "$PMO" program grant "$1" res1 \
        contributor
}

# The plan of a program as one JSON line: the breakdown in outline order
# (position of the parent, every field MSPDI carries), the dependencies by
# position, and the calendar.
plan_of() {
    "$PMO" tree "$1" --json >"$WORK/tree.json" &&
        "$PMO" dep list "$1" --json >"$WORK/deps.json" &&
        "$PMO" calendar show "$1" --json >"$WORK/cal.json" || return 1
    python3 - "$WORK" <<'EOF'
import json, sys
w = sys.argv[1]
tree = json.load(open(w + "/tree.json"))
items, at = [], {}
def walk(nodes, parent):
    for n in nodes:
        i = n["item"]
        at[i["ref"]] = len(items)
        items.append({"parent": parent, **{k: i[k] for k in (
            "title", "description", "kind", "assignee", "optimistic_days",
            "likely_days", "pessimistic_days", "planned_start", "deadline",
            "actual_start", "actual_finish", "percent_complete", "state",
            "planned_cost_minor")}})
        walk(n["children"], len(items) - 1)
for p in tree["projects"]:
    walk(p["items"], -1)
deps = sorted((at[d["predecessor"]], at[d["successor"]], d["type"],
               round(d["lag_days"], 6))
              for d in json.load(open(w + "/deps.json"))["dependencies"])
cal = json.load(open(w + "/cal.json"))
print(json.dumps({"items": items, "deps": deps,
                  "calendar": [cal["working_weekdays"], cal["holidays"],
                               cal["hours_per_day"]]}, sort_keys=True))
EOF
}

# expect_file_plan NAME FILE PLAN_JSON: the plan is the file's, read with
# Python's own XML parser: tasks, summaries, milestones, outline parents
# by UID, every link's type and lag, and the calendar's weekdays.
expect_file_plan() {
    local got
    got=$(python3 - "$2" "$3" <<'EOF'
import json, sys
import xml.etree.ElementTree as ET
ns = {"p": "http://schemas.microsoft.com/project"}
root = ET.parse(sys.argv[1]).getroot()
plan = json.loads(sys.argv[2])
def text(el, name, default=""):
    c = el.find("p:" + name, ns)
    return c.text if c is not None and c.text is not None else default
tasks = [t for t in root.findall("p:Tasks/p:Task", ns)
         if int(text(t, "OutlineLevel", "1")) > 0 and text(t, "IsNull", "0") != "1"]
items = plan["items"]
problems = []
if len(items) != len(tasks):
    problems.append("%d items for %d tasks" % (len(items), len(tasks)))
index = {text(t, "UID"): k for k, t in enumerate(tasks)}
stack = []
per_day = float(text(root, "MinutesPerDay", "480"))
for k, t in enumerate(tasks[:len(items)]):
    level = int(text(t, "OutlineLevel", "1"))
    stack = stack[:level - 1] + [k]
    parent = stack[-2] if len(stack) > 1 else -1
    it = items[k]
    if it["parent"] != parent:
        problems.append("UID %s: parent %d, not %d" % (text(t, "UID"), it["parent"], parent))
    if it["title"] != text(t, "Name", "Task UID " + text(t, "UID")):
        problems.append("UID %s: title %r" % (text(t, "UID"), it["title"]))
children = {i["parent"] for i in items}
for k, it in enumerate(items):
    kind = ("KIND_SUMMARY" if k in children else
            "KIND_MILESTONE" if text(tasks[k], "Milestone") == "1" else "KIND_TASK")
    if it["kind"] != kind:
        problems.append("UID %s: kind %s, not %s" % (text(tasks[k], "UID"), it["kind"], kind))
types = {"0": "DEP_FINISH_TO_FINISH", "1": "DEP_FINISH_TO_START",
         "2": "DEP_START_TO_FINISH", "3": "DEP_START_TO_START"}
want = sorted((index[text(l, "PredecessorUID")], k, types[text(l, "Type", "1")],
               round(int(text(l, "LinkLag", "0")) / 10 / per_day, 6))
              for k, t in enumerate(tasks) for l in t.findall("p:PredecessorLink", ns))
if [tuple(d) for d in plan["deps"]] != want:
    problems.append("links %s, not %s" % (plan["deps"], want))
cal_uid = text(root, "CalendarUID")
for c in root.findall("p:Calendars/p:Calendar", ns):
    if text(c, "UID") == cal_uid:
        days = sorted(7 if int(text(d, "DayType")) == 1 else int(text(d, "DayType")) - 1
                      for d in c.findall("p:WeekDays/p:WeekDay", ns)
                      if text(d, "DayWorking") == "1" and text(d, "DayType") != "0")
        if plan["calendar"][0] != days:
            problems.append("weekdays %s, not %s" % (plan["calendar"][0], days))
if plan["calendar"][2] != per_day / 60:
    problems.append("hours per day %s" % plan["calendar"][2])
print("; ".join(problems) or "same")
EOF
)
    pmo_test_expect_eq "$1" "same" "$got"
}

# ------------------------------------------------------ each real file

n=0
for file in "$MSPDI_DIR"/*.xml; do
    n=$((n + 1))
    name=$(basename "$file")
    key="MS$n"
    program "$key"
    pmo_test_expect_exit "$name: dry run" 0 \
        "$PMO" import mspdi "$file" --program "$key" --dry-run
    pmo_test_expect_contains "$name: dry run says nothing was kept" \
        "$PMO_OUT" "nothing was imported"
    pmo_test_expect_exit "$name: tree after the dry run" 0 \
        "$PMO" tree "$key" --json
    pmo_test_expect_eq "$name: the dry run kept no item" "0" \
        "$(python3 -c 'import json,sys; print(sum(len(p["items"]) for p in json.load(sys.stdin)["projects"]))' <<<"$PMO_OUT")"
    pmo_test_expect_exit "$name: import" 0 \
        "$PMO" import mspdi "$file" --program "$key"
    pmo_test_expect_contains "$name: says what it made" "$PMO_OUT" \
        "into $key from $file"
    IMPORT_ERR=$PMO_ERR
    plan=$(plan_of "$key") || pmo_test_fail "$name: reading the plan back"
    expect_file_plan "$name: the plan is the file's" "$file" "$plan"

    # Round trip: out, checked, into a fresh program, the same plan.
    out="$WORK/$key.xml"
    pmo_test_expect_exit "$name: export" 0 \
        "$PMO" export mspdi "$key" -o "$out"
    pmo_test_expect_exit "$name: the export is well-formed XML" 0 \
        xmllint --noout "$out"
    program "R$key"
    pmo_test_expect_exit "$name: import the export" 0 \
        "$PMO" import mspdi "$out" --program "R$key"
    pmo_test_expect_not_contains "$name: its StartDate is the program's" \
        "$PMO_ERR" "StartDate"
    pmo_test_expect_eq "$name: round trip keeps every field" "$plan" \
        "$(plan_of "R$key")"
    pmo_test_expect_exit "$name: export again" 0 \
        "$PMO" export mspdi "R$key" -o "$WORK/R$key.xml"
    pmo_test_expect_eq "$name: the second export is the first's" \
        "$(sed "s/R$key/$key/g" "$WORK/R$key.xml" | md5sum)" \
        "$(md5sum <"$out")"
done
pmo_test_expect_eq "files read" "6" "$n"

# ---------------------------------------- what the files say, exactly

# baseline_dates FILE: each task's UID and Baseline 0 dates, a line each.
baseline_dates() {
    python3 - "$1" <<'EOF'
import sys
import xml.etree.ElementTree as ET
ns = {"p": "http://schemas.microsoft.com/project"}
for t in ET.parse(sys.argv[1]).getroot().findall("p:Tasks/p:Task", ns):
    for b in t.findall("p:Baseline", ns):
        print(t.find("p:UID", ns).text, b.find("p:Start", ns).text,
              b.find("p:Finish", ns).text)
EOF
}

# import_fresh LABEL KEY FILE [flags]: FILE imported into a new program KEY.
import_fresh() {
    program "$2"
    pmo_test_expect_exit "$1: import" 0 \
        "$PMO" import mspdi "$3" --program "$2" "${@:4}"
}

LINKS="$MSPDI_DIR/task-links-project2019-mspdi.xml"
if [ -f "$LINKS" ]; then
    import_fresh task-links LNK "$LINKS" --json
    pmo_test_expect_eq "task-links: counts" "16 0 0 8" \
        "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["items"], d["summaries"], d["milestones"], d["dependencies"])' <<<"$PMO_OUT")"
    pmo_test_expect_contains "task-links: a manual task is a warning by UID" \
        "$PMO_OUT" "Task UID 1 Manual 1: manual scheduling is not kept"
    pmo_test_expect_exit "task-links: dep list" 0 "$PMO" dep list LNK --json
    # LinkLag is in tenths of a minute whatever its LagFormat (9: weeks).
    pmo_test_expect_eq "task-links: lags in days, one and two weeks too" \
        "0 1 2 5 10" \
        "$(python3 -c 'import json,sys; print(*sorted({int(d["lag_days"]) for d in json.load(sys.stdin)["dependencies"]}))' <<<"$PMO_OUT")"
    # The newest pmo baseline goes out as each task's Baseline 0.
    pmo_test_expect_exit "task-links: baseline save" 0 \
        "$PMO" baseline save LNK v1
    pmo_test_expect_exit "task-links: baseline save again" 0 \
        "$PMO" baseline save LNK v2
    pmo_test_expect_exit "task-links: export with baselines" 0 \
        "$PMO" export mspdi LNK -o "$WORK/lnk.xml"
    pmo_test_expect_contains "task-links: older baselines are a warning" \
        "$PMO_ERR" "warning: baselines: v2 written as Baseline 0 (the newest); 1 older not written"
    pmo_test_expect_eq "task-links: a Baseline 0 with dates on every task" "16" \
        "$(xmllint --xpath 'count(//*[local-name()="Task"]/*[local-name()="Baseline"][*[local-name()="Number"]=0][*[local-name()="Start"]][*[local-name()="Finish"]])' "$WORK/lnk.xml")"
    pmo_test_expect_exit "task-links: the export with baselines is valid XML" 0 \
        xmllint --noout "$WORK/lnk.xml"
    # Start and Finish are the dates pmo schedules.
    pmo_test_expect_exit "task-links: schedule" 0 "$PMO" schedule LNK --json
    pmo_test_expect_eq "task-links: Start and Finish are pmo's schedule" \
        "same" "$(python3 - "$WORK/lnk.xml" "$PMO_OUT" <<'EOF'
import json, sys
import xml.etree.ElementTree as ET
ns = {"p": "http://schemas.microsoft.com/project"}
want = {i["title"]: (i["early_start"], i["early_finish"])
        for i in json.loads(sys.argv[2])["items"]}
got = {t.find("p:Name", ns).text: (t.find("p:Start", ns).text[:10],
                                   t.find("p:Finish", ns).text[:10])
       for t in ET.parse(sys.argv[1]).getroot().findall("p:Tasks/p:Task", ns)
       if t.find("p:UID", ns).text != "0"}
print("same" if got == want and got else "%s, not %s" % (got, want))
EOF
)"
    # ... and comes back as a pmo baseline, written out the same again.
    import_fresh "task-links with a baseline" LNK2 "$WORK/lnk.xml"
    pmo_test_expect_contains "task-links: Baseline 0 is a pmo baseline" \
        "$PMO_OUT" "Baseline 0 is baseline mspdi"
    pmo_test_expect_exit "task-links: export the copy" 0 \
        "$PMO" export mspdi LNK2 -o "$WORK/lnk2.xml"
    pmo_test_expect_eq "task-links: the same baseline dates come back" \
        "$(baseline_dates "$WORK/lnk.xml")" "$(baseline_dates "$WORK/lnk2.xml")"
fi
SAMPLE="$MSPDI_DIR/sample.xml"
if [ -f "$SAMPLE" ]; then
    import_fresh sample SMP "$SAMPLE"
    pmo_test_expect_contains "sample: costs without a currency are a warning" \
        "$PMO_ERR" "warning: Project CurrencyCode: none given; the Cost of"
    pmo_test_expect_contains "sample: a constraint pmo does not keep" \
        "$PMO_ERR" "warning: Task UID"
    pmo_test_expect_exit "sample: tree" 0 "$PMO" tree SMP --json
    # Costs are hundredths in MSPDI (task 2: its two assignments, 2015.00
    # and 1511.25); a summary's is its tasks' summed, not kept again.
    pmo_test_expect_eq "sample: task costs in minor units, summaries none" \
        "0 352625" \
        "$(python3 -c '
import json, sys
costs = set()
def walk(nodes):
    for n in nodes:
        costs.add(n["item"]["planned_cost_minor"])
        walk(n["children"])
for p in json.load(sys.stdin)["projects"]:
    walk(p["items"])
print(*sorted(costs))' <<<"$PMO_OUT")"
fi
ASSIGN="$MSPDI_DIR/assignment-assignments-project2019-mspdi.xml"
if [ -f "$ASSIGN" ]; then
    import_fresh assignments ASG "$ASSIGN"
    pmo_test_expect_contains "assignments: an unknown person is a warning" \
        "$PMO_ERR" "warning: Resource Resource 2: no pmo user"
    pmo_test_expect_exit "assignments: tree" 0 "$PMO" tree ASG --json
    pmo_test_expect_eq "assignments: Resource 1 is res1, on task UID 1" \
        "res1" \
        "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["projects"][0]["items"][0]["item"]["assignee"])' <<<"$PMO_OUT")"
fi

# A resource is matched by its email first: "Robert" is bob.
pmo_test_expect_exit "user bob" 0 "$ADM" user add bob --email bob@example.com \
    --password-stdin <<<"bob-password-123"
program EML
pmo_test_expect_exit "grant bob on EML" 0 "$PMO" program grant EML bob \
    contributor
printf '%s' '<Project xmlns="http://schemas.microsoft.com/project"><Tasks><Task><UID>1</UID><Name>A</Name><OutlineLevel>1</OutlineLevel></Task></Tasks><Resources><Resource><UID>1</UID><Name>Robert</Name><EmailAddress>BOB@example.com</EmailAddress></Resource></Resources><Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID></Assignment></Assignments></Project>' >"$WORK/email.xml"
pmo_test_expect_exit "by email: import" 0 \
    "$PMO" import mspdi "$WORK/email.xml" --program EML
pmo_test_expect_exit "by email: tree" 0 "$PMO" tree EML --json
pmo_test_expect_eq "by email: Robert is bob" "bob" \
    "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["projects"][0]["items"][0]["item"]["assignee"])' <<<"$PMO_OUT")"

# --------------------------------------------------- refused, nothing kept

program BAD
bad() { # NAME EXIT XML WANT: refused with WANT on stderr, nothing kept
    printf '%s' "$3" >"$WORK/bad.xml"
    pmo_test_expect_exit "$1: refused" "$2" \
        "$PMO" import mspdi "$WORK/bad.xml" --program BAD
    pmo_test_expect_contains "$1: names the element" "$PMO_ERR" "$4"
    pmo_test_expect_exit "$1: tree" 0 "$PMO" tree BAD --json
    pmo_test_expect_not_contains "$1: nothing kept" "$PMO_OUT" '"ref"'
}
NS='<Project xmlns="http://schemas.microsoft.com/project">'
T1='<Task><UID>1</UID><Name>A</Name><OutlineLevel>1</OutlineLevel></Task>'
bad "not XML" 2 "a plan" "bad.xml: document: not well-formed XML"
bad "another namespace" 2 '<Project xmlns="urn:x"/>' \
    "bad.xml: Project: the namespace is \"urn:x\""
bad "a link to a missing task" 2 \
    "$NS<Tasks>$T1<Task><UID>2</UID><Name>B</Name><OutlineLevel>1</OutlineLevel><PredecessorLink><PredecessorUID>7</PredecessorUID></PredecessorLink></Task></Tasks></Project>" \
    "bad.xml: Tasks/Task[UID=2]/PredecessorLink[1]/PredecessorUID: no task has UID 7"
bad "a cycle" 2 \
    "$NS<Tasks><Task><UID>1</UID><Name>A</Name><OutlineLevel>1</OutlineLevel><PredecessorLink><PredecessorUID>2</PredecessorUID></PredecessorLink></Task><Task><UID>2</UID><Name>B</Name><OutlineLevel>1</OutlineLevel><PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task></Tasks></Project>" \
    "the links make a cycle: task UIDs"
bad "no working day" 2 \
    "$NS<CalendarUID>1</CalendarUID><Calendars><Calendar><UID>1</UID><WeekDays>$(for d in 1 2 3 4 5 6 7; do printf '<WeekDay><DayType>%s</DayType><DayWorking>0</DayWorking></WeekDay>' $d; done)</WeekDays></Calendar></Calendars><Tasks>$T1</Tasks></Project>" \
    "bad.xml: Calendars/Calendar[UID=1]: WeekDays: no working day"
bad "an external entity" 2 \
    "<!DOCTYPE Project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>$NS<Name>&x;</Name><Tasks>$T1</Tasks></Project>" \
    "bad.xml: DOCTYPE: a document type declaration is not allowed"
# Refused by the load path, named as the file's element.
bad "an actual start in the future" 2 \
    "$NS<Tasks><Task><UID>4</UID><Name>A</Name><OutlineLevel>1</OutlineLevel><ActualStart>2999-01-04T08:00:00</ActualStart></Task></Tasks></Project>" \
    "bad.xml: Tasks/Task[UID=4]/ActualStart:"

# A lag past what the scheduler takes (1,000 working days), named as
# the link's LinkLag.
bad "a lag past the bound" 2 \
    "$NS<Tasks>$T1<Task><UID>2</UID><Name>B</Name><OutlineLevel>1</OutlineLevel><PredecessorLink><PredecessorUID>1</PredecessorUID><LinkLag>5000000</LinkLag></PredecessorLink></Task></Tasks></Project>" \
    "bad.xml: Tasks/Task[UID=2]/PredecessorLink[PredecessorUID=1]/LinkLag:"

# A link between a summary and its own task, refused by the load path:
# the message names the tasks by UID, as the file does.
printf '%s' "$NS<Tasks><Task><UID>1</UID><Name>Phase</Name><OutlineLevel>1</OutlineLevel></Task><Task><UID>2</UID><Name>A</Name><OutlineLevel>2</OutlineLevel><PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task></Tasks></Project>" >"$WORK/own.xml"
pmo_test_expect_exit "a task linked to its own summary" 4 \
    "$PMO" import mspdi "$WORK/own.xml" --program BAD
pmo_test_expect_contains "names the tasks by UID" "$PMO_ERR" "task UID 1"
pmo_test_expect_not_contains "no request keys" "$PMO_ERR" "uid-"

# Two projects: the one the tasks go into must be named.
pmo_test_expect_exit "a second project" 0 "$PMO" project add BAD web \
    --name Web --team eng
pmo_test_expect_exit "two projects, none named" 2 \
    "$PMO" import mspdi "$WORK/own.xml" --program BAD
pmo_test_expect_contains "says to name one" "$PMO_ERR" \
    "project: is required: program BAD has several projects"
printf '%s' "$NS<Tasks>$T1</Tasks></Project>" >"$WORK/one.xml"
pmo_test_expect_exit "a project that is not there" 2 \
    "$PMO" import mspdi "$WORK/own.xml" --program BAD --project nope
pmo_test_expect_contains "names the project" "$PMO_ERR" \
    "own.xml: project: no project nope in BAD"
pmo_test_expect_eq "once for all the tasks" "1" \
    "$(grep -c 'no project nope' <<<"$PMO_ERR")"
pmo_test_expect_exit "into the project named" 0 \
    "$PMO" import mspdi "$WORK/one.xml" --program BAD --project web
pmo_test_expect_exit "tree" 0 "$PMO" tree BAD --json
pmo_test_expect_eq "the item is in web" "web" \
    "$(python3 -c 'import json,sys; print(*[p["project"]["key"] for p in json.load(sys.stdin)["projects"] if p["items"]])' <<<"$PMO_OUT")"

# A gzip-compressed file is taken as it is; one that would grow past
# 64 MiB is refused once that much has come out.
if [ -f "$LINKS" ]; then
    program GZ
    gzip -c "$LINKS" >"$WORK/links.xml.gz"
    pmo_test_expect_exit "a gzip file" 0 \
        "$PMO" import mspdi "$WORK/links.xml.gz" --program GZ
    pmo_test_expect_contains "a gzip file: its tasks" "$PMO_OUT" \
        "Imported 16 work items"
fi
head -c $((65 << 20)) /dev/zero | gzip -c >"$WORK/bomb.gz"
pmo_test_expect_exit "a gzip bomb" 2 \
    "$PMO" import mspdi "$WORK/bomb.gz" --program BAD --project core
pmo_test_expect_contains "a gzip bomb: refused by size" "$PMO_ERR" \
    "bomb.gz: xml: more than 64 MiB once decompressed"

# ------------------------------------------------------------ who may

pmo_test_expect_exit "user viewer" 0 "$ADM" user add viewer \
    --password-stdin <<<"viewer-password-123"
pmo_test_expect_exit "grant viewer" 0 "$PMO" program grant BAD viewer viewer
pmo_test_expect_exit "login as the viewer" 0 \
    "$PMO" login --user viewer --password-stdin <<<"viewer-password-123"
pmo_test_expect_exit "a viewer may not import" 6 \
    "$PMO" import mspdi "$WORK/one.xml" --program BAD --project web
pmo_test_expect_exit "a viewer may export" 0 "$PMO" export mspdi BAD

pmo_test_done
