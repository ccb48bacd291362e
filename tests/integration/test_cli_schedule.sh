#!/bin/bash
# tests/integration/test_cli_schedule.sh - the scheduling commands of the
# pmo command line, the way a TPM uses them on a small cross-team program:
# the schedule and its critical path, the Gantt chart, the health checks,
# a what-if slip, a baseline and its diff after a change, a Monte Carlo
# forecast, resource load and levelling, their --json forms, and bad input.
#
# The plan (imported from CSV, all scheduled from the status date, Monday
# 2027-01-04, on the default Monday-to-Friday calendar), worked by hand:
#
#   api (team payments)                       web (team storefront)
#   spec     alice 3d  Jan 4 - Jan 6          wires carol 4d  Jan 4 - Jan 7
#   tokens   bob   5d  Jan 7 - Jan 13 (spec)  form  carol 4d  Jan 14 - Jan 19
#   refunds  alice 2d  Jan 7 - Jan 8  (spec)        (wires, api-ready)
#   docs     alice 2d  Jan 7 - Jan 8  (spec)  qa    dave  2d  Jan 20 - Jan 21
#   api-ready  milestone Jan 13 (tokens, refunds)   (form)
#                                  launch  milestone Jan 21 (qa)
#
# The finish is 2027-01-21; the program's target, 2027-01-29, leaves six
# working days. The critical chain is spec, tokens, api-ready, form, qa,
# launch; refunds, docs and wires have float. Alice has 3 + 2 + 2 = 7 days
# of work in the week of January 4th, two more than it has.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
# ASCII marks, no colour, and room for whole titles in every table.
export LC_ALL=C NO_COLOR=1 COLUMNS=200
AT=(--status-date 2027-01-04)

# json EXPR: the value of a Python expression over d, the JSON in PMO_OUT
# (python3 is one of the packages deploy/install-deps.sh installs).
json() { pmo_test_json "$@"; }

# The table row of PMO_OUT that starts with REF (after any tree lines),
# blanks squeezed.
line_of() {
    grep -E -- "^[|\` -]*$1 " <<<"$PMO_OUT" | head -n 1 | tr -s ' '
}

# ------------------------------------------------------------ the program

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "program create" 0 "$PMO" program create CHKOUT \
    --name "Checkout" --start 2027-01-04 --finish 2027-01-29
# Two teams of two: the API's and the web's.
for t in payments:alice:bob storefront:carol:dave; do
    IFS=: read -r team m1 m2 <<<"$t"
    pmo_test_expect_exit "team create $team" 0 \
        "$PMO" team create "$team" --name "Team $team"
    for u in "$m1" "$m2"; do
        pmo_test_expect_exit "user $u" 0 "$ADM" user add "$u" \
            --password-stdin <<<"pw-$u-$RANDOM-$RANDOM"
        pmo_test_expect_exit "$u joins $team" 0 \
            "$PMO" team add-member "$team" "$u"
        # Assignees must see the program to be given its work.
        pmo_test_expect_exit "$u may see CHKOUT" 0 \
            "$PMO" program grant CHKOUT "$u" contributor
    done
done
pmo_test_expect_exit "project add api" 0 "$PMO" project add CHKOUT api \
    --name "Payments API" --team payments
pmo_test_expect_exit "project add web" 0 "$PMO" project add CHKOUT web \
    --name "Web checkout" --team storefront

PLAN="$PMO_TEST_TMP/plan.csv"
cat >"$PLAN" <<'CSV'
key,project,parent,kind,title,assignee,optimistic,likely,pessimistic,start,finish,depends_on,tags,cost,description
api-build,api,,summary,Payments API build,,,,,,,,,,
spec,api,api-build,task,API spec,alice,2,3,5,,,,,,
tokens,api,api-build,task,Card tokenisation,bob,3,5,8,,,spec,,,
refunds,api,api-build,task,Refunds endpoint,alice,1,2,4,,,spec,,,
docs,api,api-build,task,API reference docs,alice,2,2,3,,,spec,,,
api-ready,api,api-build,milestone,API ready,,,,,,,tokens;refunds,,,
web-build,web,,summary,Web checkout build,,,,,,,,,,
wires,web,web-build,task,Wireframes,carol,2,4,6,,,,,,
form,web,web-build,task,Payment form,carol,3,4,7,,,wires;api-ready,,,
qa,web,web-build,task,Web QA,dave,1,2,3,,,form,,,
launch,web,,milestone,Checkout live,,,,,,2027-01-29,qa,,,
CSV
pmo_test_expect_exit "import the plan" 0 \
    "$PMO" import csv "$PLAN" --program CHKOUT --json
# The refs, in the order of the CSV's rows.
read -r R_API R_SPEC R_TOKENS R_REFUNDS R_DOCS R_READY R_WEB R_WIRES R_FORM \
    R_QA R_LAUNCH <<<"$(json '" ".join(d["refs"])')"
pmo_test_expect_eq "eleven refs" "CHKOUT-11" "$R_LAUNCH"
CRITICAL="$R_SPEC $R_TOKENS $R_READY $R_FORM $R_QA $R_LAUNCH"

# Six working days ahead of the target, no item has float <= 0: nothing is
# critical, and the chain to the finish shows as the longest path.
pmo_test_expect_exit "schedule --json at the default threshold" 0 \
    "$PMO" schedule CHKOUT "${AT[@]}" --json
pmo_test_expect_eq "nothing critical with six days of float; the longest path" \
    "|$CRITICAL" \
    "$(json '" ".join(i["ref"] for i in d["items"] if i.get("critical")) + "|" + " ".join(i["ref"] for i in d["items"] if i.get("longest_path") and i["kind"] != "KIND_SUMMARY")')"
pmo_test_expect_exit "critical-path with nothing critical" 0 \
    "$PMO" critical-path CHKOUT "${AT[@]}"
pmo_test_expect_contains "critical-path says why nothing is critical" \
    "$PMO_OUT" "Nothing is critical"
# The TPM calls near-critical work critical: float of six days or less.
pmo_test_expect_exit "program set critical_float=6" 0 \
    "$PMO" program set CHKOUT critical_float=6
pmo_test_expect_contains "the program shows its threshold" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "critical when float <=: 6"
pmo_test_expect_exit "critical_float=x is refused" 2 \
    "$PMO" program set CHKOUT critical_float=x
pmo_test_expect_exit "critical_float=5000 is refused" 2 \
    "$PMO" program set CHKOUT critical_float=5000
pmo_test_expect_contains "naming the field and its bounds" "$PMO_ERR" \
    "critical_float_days: must be a number of working days from -1000 to 1000"

# --------------------------------------------------------------- schedule

pmo_test_expect_exit "schedule" 0 "$PMO" schedule chkout "${AT[@]}"
pmo_test_expect_contains "the finish, computed by hand" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "finish: 2027-01-21"
pmo_test_expect_contains "six working days before the target" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "target: 2027-01-29, 6 working days early"
pmo_test_expect_contains "tokens: dates, duration and the critical mark" \
    "$(line_of "$R_TOKENS")" \
    "$R_TOKENS Card tokenisation api 2027-01-07 2027-01-13 5 6 0 *L"
pmo_test_expect_contains "refunds: three days of free float, not critical" \
    "$(line_of "$R_REFUNDS")" \
    "$R_REFUNDS Refunds endpoint api 2027-01-07 2027-01-08 2 9 3"
pmo_test_expect_not_contains "refunds is not marked critical" \
    "$(line_of "$R_REFUNDS")" "*"
pmo_test_expect_contains "the launch milestone against its target" \
    "$(line_of "$R_LAUNCH")" "2027-01-21 2027-01-21 0 6 0 *L 2027-01-29 (-6)"
pmo_test_expect_contains "children are drawn under their summary" \
    "$(line_of "$R_FORM")" "|- $R_FORM Payment form"
pmo_test_expect_eq "the critical items are marked, and only they" \
    "$CRITICAL" \
    "$(grep -E '^(\|- |`- )?CHKOUT-[0-9]+ ' <<<"$PMO_OUT" |
        grep -E ' \*L?( |$)' | grep -v 'build' |
        sed -E 's/^(\|- |`- )?(CHKOUT-[0-9]+) .*/\2/' | tr '\n' ' ' |
        sed 's/ $//')"

pmo_test_expect_exit "schedule --json" 0 "$PMO" schedule CHKOUT "${AT[@]}" --json
pmo_test_expect_eq "schedule --json: finish, slip, items, critical" \
    "2027-01-21|-6.0|11|$CRITICAL" \
    "$(json '"|".join([d["finish_date"], str(float(d["slip_days"])),
                      str(len(d["items"])),
                      " ".join(i["ref"] for i in d["items"]
                               if i["critical"] and i["kind"] != "KIND_SUMMARY")])')"

# ---------------------------------------------------------- critical path

pmo_test_expect_exit "critical-path" 0 "$PMO" critical-path CHKOUT "${AT[@]}"
pmo_test_expect_contains "one chain, in order, across the two teams" \
    "$PMO_OUT" "Chain 1: ${CRITICAL// / -> }"
pmo_test_expect_not_contains "no second chain" "$PMO_OUT" "Chain 2"
pmo_test_expect_contains "the chain's table has the form's dates" \
    "$(line_of "$R_FORM")" "$R_FORM Payment form web 2027-01-14 2027-01-19 4"
pmo_test_expect_exit "critical-path --json" 0 \
    "$PMO" critical-path CHKOUT "${AT[@]}" --json
pmo_test_expect_eq "critical-path --json: the chain and its items" \
    "$CRITICAL|6" \
    "$(json '" ".join(d["critical_path"][0]["refs"]) + "|" + str(len(d["items"]))')"

# ------------------------------------------------------------------ gantt

pmo_test_expect_exit "gantt at 80 columns" 0 \
    "$PMO" gantt CHKOUT "${AT[@]}" --width 80
pmo_test_expect_eq "no line is wider than 80" "0" \
    "$(awk 'length($0) > 80' <<<"$PMO_OUT" | wc -l)"
pmo_test_expect_eq "a row per item, two header lines and a legend" "14" \
    "$(wc -l <<<"$PMO_OUT")"
pmo_test_expect_eq "critical rows are flagged (summaries too), the others not" \
    "$R_API $R_SPEC $R_TOKENS $R_READY $R_WEB $R_FORM $R_QA $R_LAUNCH" \
    "$(grep -E '^! +CHKOUT' <<<"$PMO_OUT" | awk '{print $2}' | tr '\n' ' ' |
        sed 's/ $//')"
pmo_test_expect_contains "critical bars use their own mark" \
    "$(grep -F "$R_TOKENS " <<<"$PMO_OUT")" "#####"
pmo_test_expect_contains "other bars another" \
    "$(grep -F "$R_REFUNDS " <<<"$PMO_OUT")" "====="
# Labels: "  CHKOUT-5 API reference docs" is the longest, 29 of the 30
# that (80 - 3) * 2 / 5 allows; bars from column 32, 48 columns for the 18
# days from January 4th to 21st. The launch, day 17: 32 + 17 * 48 / 18.
pmo_test_expect_eq "the launch diamond sits on its date's column" "77" \
    "$(grep -F "$R_LAUNCH " <<<"$PMO_OUT" | awk '{print index($0, "*") - 1}')"
pmo_test_expect_eq "the axis starts at the first day" "32" \
    "$(head -n 1 <<<"$PMO_OUT" | awk '{print index($0, "2027-01-04") - 1}')"
pmo_test_expect_not_contains "no colour with NO_COLOR" "$PMO_OUT" $'\033'

pmo_test_expect_exit "gantt takes the width from COLUMNS" 0 \
    env COLUMNS=50 "$PMO" gantt CHKOUT "${AT[@]}"
pmo_test_expect_eq "no line is wider than COLUMNS" "0" \
    "$(awk 'length($0) > 50' <<<"$PMO_OUT" | wc -l)"
pmo_test_expect_exit "gantt of a window" 0 "$PMO" gantt CHKOUT "${AT[@]}" \
    --from 2027-01-14 --to 2027-01-21
pmo_test_expect_not_contains "items before the window have no row" \
    "$PMO_OUT" "$R_SPEC "
pmo_test_expect_contains "items in it have" "$PMO_OUT" "$R_QA Web QA"
pmo_test_expect_exit "gantt --to before --from" 2 "$PMO" gantt CHKOUT \
    --from 2027-01-14 --to 2027-01-04
pmo_test_expect_one_line "a window the wrong way round is one line" "$PMO_ERR"
pmo_test_expect_exit "gantt --width too small" 2 \
    "$PMO" gantt CHKOUT --width 5
pmo_test_expect_contains "the width is named" "$PMO_ERR" "--width"
pmo_test_expect_exit "gantt --json" 0 "$PMO" gantt CHKOUT "${AT[@]}" --json
pmo_test_expect_eq "gantt --json is the schedule" "2027-01-21" \
    "$(json 'd["finish_date"]')"

# ----------------------------------------------------------------- checks

# A failed check is exit 1, for scripts, with the report still printed.
pmo_test_expect_exit "schedule check with a failed check" 1 \
    "$PMO" schedule check CHKOUT "${AT[@]}"
check_out=$PMO_OUT
pmo_test_expect_eq "fourteen checks, numbered" "1 2 3 4 5 6 7 8 9 10 11 12 13 14" \
    "$(grep -E '^[0-9]+ +[A-Z]' <<<"$check_out" | awk '{print $1}' |
        tr '\n' ' ' | sed 's/ $//')"
# Wireframes start nothing off and the docs lead nowhere: 2 of 7 tasks.
pmo_test_expect_contains "missing logic fails, 2 of 7" \
    "$(grep -E '^1 ' <<<"$check_out" | tr -s ' ')" "2 of 7 FAIL"
pmo_test_expect_eq "its offenders are listed under it" \
    "$R_DOCS $R_WIRES" \
    "$(awk '/^1 /{on=1; next} /^2 /{on=0} on && /CHKOUT-/{print $1}' \
        <<<"$check_out" | tr '\n' ' ' | sed 's/ $//')"
pmo_test_expect_contains "relationship types pass: all finish-to-start" \
    "$(grep -E '^4 ' <<<"$check_out" | tr -s ' ')" ">= 90% 9 of 9 PASS"
pmo_test_expect_exit "schedule check --json with a failed check" 1 \
    "$PMO" schedule check CHKOUT "${AT[@]}" --json
pmo_test_expect_contains "the totals agree with the JSON" "$check_out" \
    "$(json 'str(d["passed"]) + " passed, " + str(d["failed"]) + " failed."')"
pmo_test_expect_eq "check --json: 14 checks, missing logic's offenders" \
    "14|$R_DOCS,$R_WIRES" \
    "$(json 'str(len(d["checks"])) + "|" + ",".join(d["checks"][0]["offenders"])')"

pmo_test_expect_exit "a program with nothing to check" 0 \
    "$PMO" program create NOPLAN --name "Nothing planned yet"
pmo_test_expect_exit "schedule check where no check fails" 0 \
    "$PMO" schedule check NOPLAN
pmo_test_expect_contains "no check failed" "$PMO_OUT" " 0 failed."
# Planned to start a month before the status date, with nothing in it yet:
# it finishes at the status date, not in the past, in every view.
pmo_test_expect_exit "an empty program that was to start in December" 0 \
    "$PMO" program set NOPLAN start=2026-12-01
for view in "forecast" "level"; do
    pmo_test_expect_exit "$view of the empty program" 0 \
        "$PMO" $view NOPLAN "${AT[@]}"
    pmo_test_expect_not_contains "$view shows no date before the status date" \
        "$PMO_OUT" "2026-12"
done
pmo_test_expect_exit "schedule --json of the empty program" 0 \
    "$PMO" schedule NOPLAN "${AT[@]}" --json
pmo_test_expect_eq "its header has both starts: the plan's and the finish" \
    "2026-12-01|2027-01-04" \
    "$(json 'd["start_date"] + "|" + d["finish_date"]')"

# ---------------------------------------------------------------- what-if

pmo_test_expect_exit "whatif tokens slips 3 days" 0 \
    "$PMO" whatif CHKOUT "${AT[@]}" --slip "$R_TOKENS=3"
pmo_test_expect_contains "the finish moves 3 working days, over a weekend" \
    "$PMO_OUT" "Finish: 2027-01-21 before, 2027-01-26 after (+3 working days)"
pmo_test_expect_contains "the launch milestone slips with it" \
    "$(line_of "$R_LAUNCH")" "Checkout live 2027-01-21 2027-01-26 +3"
pmo_test_expect_contains "the API milestone too" \
    "$(line_of "$R_READY")" "API ready 2027-01-13 2027-01-18 +3"
pmo_test_expect_not_contains "refunds does not move" "$PMO_OUT" "$R_REFUNDS "
pmo_test_expect_exit "whatif --json" 0 "$PMO" whatif CHKOUT "${AT[@]}" \
    --slip "$R_TOKENS=3" --json
pmo_test_expect_eq "whatif --json: finish after, slip, milestones" \
    "2027-01-26|3.0|$R_LAUNCH $R_READY" \
    "$(json '"|".join([d["finish_after"], str(float(d["finish_slip_days"])),
                      " ".join(sorted(m["ref"] for m in d["milestones"]))])')"

# Wireframes made to start 2 days after the spec does, and to take 8 days:
# Jan 6 to 15, so the form runs Jan 18 to 21 and QA Jan 22 and 25. Wires
# now has 4 days of float, within the threshold of 6; the API side keeps
# its 6 and stays critical.
pmo_test_expect_exit "whatif several changes" 0 "$PMO" whatif CHKOUT \
    "${AT[@]}" --add-dep "$R_SPEC:$R_WIRES:ss:2" --estimate "$R_WIRES=8"
pmo_test_expect_contains "and moves the finish" "$PMO_OUT" \
    "Finish: 2027-01-21 before, 2027-01-25 after (+2 working days)"
pmo_test_expect_contains "wires joins the critical path" "$PMO_OUT" \
    "now critical: $R_WIRES"
pmo_test_expect_not_contains "nothing leaves it" "$PMO_OUT" \
    "no longer critical"

pmo_test_expect_exit "whatif with an unknown ref" 2 \
    "$PMO" whatif CHKOUT --slip CHKOUT-99=3
pmo_test_expect_one_line "an unknown ref is one line" "$PMO_ERR"
pmo_test_expect_contains "the option and the ref are named" "$PMO_ERR" \
    "--slip CHKOUT-99=3: no work item \"CHKOUT-99\""
pmo_test_expect_exit "whatif --slip without days" 2 \
    "$PMO" whatif CHKOUT --slip "$R_TOKENS"
pmo_test_expect_one_line "a bad --slip is one line" "$PMO_ERR"
pmo_test_expect_contains "and says what it wants" "$PMO_ERR" "not REF=DAYS"
pmo_test_expect_exit "whatif with a bad dependency type" 2 \
    "$PMO" whatif CHKOUT --add-dep "$R_SPEC:$R_WIRES:xx"
pmo_test_expect_contains "the types are listed" "$PMO_ERR" "fs, ss, ff, sf"
pmo_test_expect_exit "whatif without a change" 2 "$PMO" whatif CHKOUT
pmo_test_expect_one_line "no change is one line" "$PMO_ERR"
pmo_test_expect_exit "schedule of an unknown program" 3 \
    "$PMO" schedule NOSUCH
pmo_test_expect_one_line "an unknown program is one line" "$PMO_ERR"
pmo_test_expect_exit "schedule with a bad status date" 2 \
    "$PMO" schedule CHKOUT --status-date 2027-02-30
pmo_test_expect_contains "the bad date is named" "$PMO_ERR" \
    "--status-date: not a date"

# -------------------------------------------------------------- baselines

pmo_test_expect_exit "baseline list before any" 0 "$PMO" baseline list CHKOUT
pmo_test_expect_contains "none yet" "$PMO_OUT" "no baselines yet"
pmo_test_expect_exit "baseline save" 0 \
    "$PMO" baseline save CHKOUT v1 "${AT[@]}"
pmo_test_expect_contains "baseline save says what it froze" "$PMO_OUT" \
    "Saved baseline \"v1\" of CHKOUT: 11 work items, finish 2027-01-21"
pmo_test_expect_exit "baseline save twice" 4 \
    "$PMO" baseline save CHKOUT v1 "${AT[@]}"
pmo_test_expect_one_line "a duplicate name is one line" "$PMO_ERR"
pmo_test_expect_exit "baseline list" 0 "$PMO" baseline list CHKOUT --json
pmo_test_expect_eq "baseline list --json" "v1|admin|2027-01-21|11" \
    "$(json '"|".join(str(d["baselines"][0][k]) for k in
                     ("name", "created_by", "finish_date", "items"))')"

# Tokens grows from 5 to 7 days: it, the API milestone, the form, QA and
# the launch move 2 working days (Friday the 21st becomes Monday the 25th).
pmo_test_expect_exit "tokens estimate grows" 0 \
    "$PMO" task set "$R_TOKENS" estimate=3/7/9
pmo_test_expect_exit "baseline diff" 0 "$PMO" baseline diff CHKOUT "${AT[@]}"
pmo_test_expect_contains "the finish against the baseline" "$PMO_OUT" \
    "Finish: 2027-01-21 in the baseline, 2027-01-25 now (+2 working days)"
pmo_test_expect_contains "tokens finishes 2 days later" \
    "$(line_of "$R_TOKENS")" "2027-01-07 2027-01-07 2027-01-13 2027-01-15 0 +2"
pmo_test_expect_contains "the launch moves 2 days" \
    "$(line_of "$R_LAUNCH")" "2027-01-21 2027-01-25 2027-01-21 2027-01-25 +2 +2"
pmo_test_expect_not_contains "items that did not move are left out" \
    "$PMO_OUT" "$R_REFUNDS "
pmo_test_expect_contains "and counted" "$PMO_OUT" "4 items unchanged"
pmo_test_expect_exit "baseline diff --json, by name" 0 \
    "$PMO" baseline diff CHKOUT v1 "${AT[@]}" --json
pmo_test_expect_eq "baseline diff --json" "v1|2027-01-25|2.0|11" \
    "$(json '"|".join([d["baseline"]["name"], d["finish_now"],
                      str(float(d["finish_slip_days"])), str(len(d["items"]))])')"
pmo_test_expect_exit "baseline diff of an unknown name" 3 \
    "$PMO" baseline diff CHKOUT nosuch
pmo_test_expect_one_line "an unknown baseline is one line" "$PMO_ERR"

# --------------------------------------------------------------- forecast

FC=(forecast CHKOUT "${AT[@]}" --iterations 3000 --seed 42)
pmo_test_expect_exit "forecast" 0 "$PMO" "${FC[@]}"
forecast_once=$PMO_OUT
pmo_test_expect_contains "forecast names its run" "$PMO_OUT" \
    "3000 iterations, pert, seed 42"
pmo_test_expect_exit "forecast again" 0 "$PMO" "${FC[@]}"
pmo_test_expect_eq "the same seed gives the same forecast" \
    "$forecast_once" "$PMO_OUT"
pmo_test_expect_exit "forecast --json" 0 "$PMO" "${FC[@]}" --json
pmo_test_expect_eq "P50 <= P80 <= P95, none before the likely finish" "True" \
    "$(json '(d["planned_finish"] <= d["finish"]["p95"] and
              d["finish"]["p50"] <= d["finish"]["p80"] <= d["finish"]["p95"])')"
pmo_test_expect_contains "the people's form shows P80" \
    "$(tr -s ' ' <<<"$forecast_once")" \
    "P80: $(json 'd["finish"]["p80"]')"
pmo_test_expect_eq "the launch milestone is forecast" "$R_LAUNCH" \
    "$(json '",".join(m["ref"] for m in d["milestones"] if m["ref"] == "'"$R_LAUNCH"'")')"
forecast_json=$(json 'json.dumps({k: v for k, v in d.items() if k != "elapsed_ms"}, sort_keys=True)')
pmo_test_expect_exit "forecast --json again" 0 "$PMO" "${FC[@]}" --json
pmo_test_expect_eq "the same JSON twice, but for the time taken" \
    "$forecast_json" \
    "$(json 'json.dumps({k: v for k, v in d.items() if k != "elapsed_ms"}, sort_keys=True)')"
pmo_test_expect_exit "forecast --distribution triangular" 0 \
    "$PMO" forecast CHKOUT "${AT[@]}" --iterations 500 \
    --distribution triangular --json
pmo_test_expect_eq "triangular is asked for" "DISTRIBUTION_TRIANGULAR" \
    "$(json 'd["distribution"]')"
pmo_test_expect_exit "forecast with a bad distribution" 2 \
    "$PMO" forecast CHKOUT --distribution normal
pmo_test_expect_contains "the distributions are listed" "$PMO_ERR" \
    "pert, triangular"
pmo_test_expect_exit "forecast with too many iterations" 2 \
    "$PMO" forecast CHKOUT --iterations 999999
pmo_test_expect_one_line "too many iterations is one line" "$PMO_ERR"

# ------------------------------------------------------- load and levelling

pmo_test_expect_exit "load" 0 "$PMO" load CHKOUT "${AT[@]}"
# Tokens takes 7 days since the baseline, Jan 7 to 15, and the plan now
# ends on Monday the 25th: four weeks. QA is one day in each of the last.
pmo_test_expect_contains "alice is over in her first week" \
    "$(grep -E '^alice ' <<<"$PMO_OUT" | tr -s ' ')" "alice 7! - - -"
pmo_test_expect_contains "bob is booked across two weeks" \
    "$(grep -E '^bob ' <<<"$PMO_OUT" | tr -s ' ')" "bob 2 5 - -"
pmo_test_expect_contains "dave's QA spans a weekend" \
    "$(grep -E '^dave ' <<<"$PMO_OUT" | tr -s ' ')" "dave - - 1 1"
pmo_test_expect_contains "the capacity of each week" \
    "$(grep -E '^\(capacity\)' <<<"$PMO_OUT" | tr -s ' ')" "(capacity) 5 5 5 5"
pmo_test_expect_contains "one person-week is over" "$PMO_OUT" \
    "1 person-week over capacity (marked !)"
pmo_test_expect_exit "load --json" 0 "$PMO" load CHKOUT "${AT[@]}" --json
pmo_test_expect_eq "load --json: weeks, alice's days, over-allocations" \
    "2027-01-04 2027-01-11 2027-01-18 2027-01-25|7.0 0.0 0.0 0.0|1" \
    "$(json '(" ".join(d["weeks"]) + "|" +
              " ".join(str(float(x)) for p in d["people"]
                       if p["person"] == "alice" for x in p["days"]) +
              "|" + str(d["over_allocations"]))')"

pmo_test_expect_exit "level" 0 "$PMO" level CHKOUT "${AT[@]}"
pmo_test_expect_contains "level says nothing is changed" "$PMO_OUT" \
    "Nothing is changed."
pmo_test_expect_exit "level --json" 0 "$PMO" level CHKOUT "${AT[@]}" --json
pmo_test_expect_eq "levelling takes alice's over-allocation away" "1|0" \
    "$(json 'str(d["over_allocations_before"]) + "|" + str(d["over_allocations_after"])')"
moved=$(json '" ".join(x["ref"] for x in d["delayed"])')
pmo_test_expect_contains "it delays one of alice's parallel tasks" \
    " $R_REFUNDS $R_DOCS " " ${moved%% *} "
pmo_test_expect_exit "load --levelled" 0 \
    "$PMO" load CHKOUT "${AT[@]}" --levelled --json
pmo_test_expect_eq "the levelled load has no over-allocation" "0" \
    "$(json 'd["over_allocations"]')"
pmo_test_expect_exit "level with a bad seed" 2 "$PMO" level CHKOUT --seed x
pmo_test_expect_one_line "a bad seed is one line" "$PMO_ERR"

# Progress on the chart, last as it changes the plan. Since its estimate
# grew, tokens runs January 7th to 15th, days 3 to 11 of the 22 to the
# launch on the 25th; at 80 columns that is 32 + 3 * 48 / 22 = 38 to
# 32 + 12 * 48 / 22 - 1 = 57, 20 cells, of which 40% is 8 done.
pmo_test_expect_exit "tokens is 40% done" 0 \
    "$PMO" task set "$R_TOKENS" percent=40
pmo_test_expect_exit "gantt with progress" 0 \
    "$PMO" gantt CHKOUT "${AT[@]}" --width 80
pmo_test_expect_eq "the done share of the bar, then the critical mark" \
    "38 8 12" \
    "$(grep -F "$R_TOKENS " <<<"$PMO_OUT" |
        awk '{print index($0, "X") - 1, gsub(/X/, "X"), gsub(/#/, "#")}')"

# A link the server would refuse, written straight into the database
# (launch -> spec closes a loop): the schedule still answers, and says on
# stderr which dependency it left out.
psql -q -X -d "$PMO_TEST_DB" -v ON_ERROR_STOP=1 -c "
    INSERT INTO dependencies (program_id, predecessor_id, successor_id)
    SELECT a.program_id, a.id, b.id FROM work_items a, work_items b, programs p
     WHERE p.key = 'CHKOUT' AND a.program_id = p.id AND b.program_id = p.id
       AND a.number = ${R_LAUNCH#CHKOUT-} AND b.number = ${R_SPEC#CHKOUT-}" ||
    pmo_test_fail "inserting a cycle in SQL"
pmo_test_expect_exit "schedule over a stored cycle" 0 \
    "$PMO" schedule CHKOUT "${AT[@]}"
pmo_test_expect_contains "the left-out link is a warning on stderr" \
    "$PMO_ERR" "warning: $R_LAUNCH -> $R_SPEC is left out of the schedule: it closes the cycle"
pmo_test_expect_exit "schedule --json over a stored cycle" 0 \
    "$PMO" schedule CHKOUT "${AT[@]}" --json
pmo_test_expect_contains "the JSON carries the warning" \
    "$(json 'd["warnings"][0]')" "$R_LAUNCH -> $R_SPEC is left out"

pmo_test_expect_exit "schedule group help" 0 "$PMO" baseline --help
pmo_test_expect_contains "the baseline commands are listed" "$PMO_OUT" \
    "baseline diff"

pmo_test_done
