#!/usr/bin/env bash
# deploy/demo.sh - loads a demo program a new user can explore at once:
# "Checkout 2.0", a software launch across three teams (platform, web,
# mobile) with milestones and cross-team dependencies, from the sample plan
# in docs/samples/plan.csv. Uses only the pmo and pmo-admin commands, as an
# admin who is logged in. Does nothing if the program CHKOUT exists.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pmo=${PMO:-pmo}
admin=${PMO_ADMIN:-pmo-admin}

if "$pmo" program show CHKOUT >/dev/null 2>&1; then
    echo "pmo: the demo program CHKOUT is already loaded"
    exit 0
fi

# The people the plan assigns work to. Their passwords are generated and
# not shown; an admin can set one with: pmo-admin user reset-password NAME
declare -A people=(
    [alice]="Alice Moreau" [bob]="Bob Okafor"
    [carol]="Carol Lindqvist" [dave]="Dave Tanaka")
for user in alice bob carol dave; do
    "$admin" user show "$user" >/dev/null 2>&1 ||
        "$admin" user add "$user" --display-name "${people[$user]}" \
            --email "$user@example.com" >/dev/null
done

make_team() { # KEY NAME LEAD MEMBER...
    local key=$1 name=$2 lead=$3
    shift 3
    "$pmo" team show "$key" >/dev/null 2>&1 ||
        "$pmo" team create "$key" --name "$name" >/dev/null
    "$pmo" team add-member "$key" "$lead" --lead >/dev/null 2>&1 || true
    for m in "$@"; do
        "$pmo" team add-member "$key" "$m" >/dev/null 2>&1 || true
    done
}
make_team platform "Payments platform" alice bob
make_team web "Storefront web" carol dave
make_team mobile "Mobile apps" bob carol

# Dates relative to today, so the demo is a program under way: it started
# on the Monday three weeks before this week's, and must be generally
# available eight weeks after it started.
this_monday=$(date -d "-$(($(date +%u) - 1)) days" +%F)
start=$(date -d "$this_monday -21 days" +%F)
day() { date -d "$start +$1 days" +%F; }

"$pmo" program create CHKOUT --name "Checkout 2.0" \
    --description "One-page checkout on web and mobile with wallets and 3-D Secure." \
    --sponsor "VP Commerce" --start "$start" --finish "$(day 53)" \
    --goal "Raise checkout conversion|conversion rate, web and app|+3 points" \
    --goal "Cut payment failures|share of failed authorisations|below 1.5%" \
    --in "Web checkout" --in "iOS and Android checkout" --in "Card, Apple Pay, Google Pay" \
    --out "Subscriptions" --out "Marketplace payouts" \
    --deliverable "Payments API v2" --deliverable "One-page web checkout" \
    --deliverable "Native app checkout" >/dev/null
"$pmo" program set CHKOUT status=active rag=amber >/dev/null
"$pmo" project add CHKOUT api --name "Payments API" --team platform --lead alice >/dev/null
"$pmo" project add CHKOUT web --name "Web checkout" --team web --lead carol >/dev/null
"$pmo" project add CHKOUT mobile --name "Mobile checkout" --team mobile --lead bob >/dev/null
for user in alice bob carol dave; do
    "$pmo" program grant CHKOUT "$user" contributor >/dev/null
done
"$pmo" program grant CHKOUT alice manager >/dev/null
"$pmo" import csv "$root/docs/samples/plan.csv" --program CHKOUT >/dev/null

# Milestone targets, and three weeks of progress: the API spec and the UX
# research are done, card tokenisation finished two days late, and 3-D
# Secure, refunds and the visual design are under way.
"$pmo" task set CHKOUT-2 start="$start" >/dev/null
"$pmo" task set CHKOUT-25 finish="$(day 46)" >/dev/null
"$pmo" task set CHKOUT-26 finish="$(day 53)" >/dev/null
# The load test must be done before the payment provider's change freeze
# on Wednesday of this week, and will not be: a deadline, which the
# schedule counts in the float of the test and all that leads to it. Work with two days of float or less counts as critical. The company
# offsite is a holiday for the whole program.
"$pmo" task set CHKOUT-8 deadline="$(day 23)" >/dev/null
"$pmo" program set CHKOUT critical_float=2 >/dev/null
"$pmo" calendar holiday add CHKOUT "$(day 30)" --name "Company offsite" >/dev/null
progress() { # REF START FINISH|- PERCENT
    local ref=$1 started=$2 finished=$3 percent=$4
    if [ "$finished" = - ]; then
        "$pmo" task set "$ref" actual_start="$started" percent="$percent" \
            state=in_progress >/dev/null
    else
        "$pmo" task set "$ref" actual_start="$started" \
            actual_finish="$finished" percent=100 state=done >/dev/null
    fi
}
progress CHKOUT-2 "$start" "$(day 2)" 100
progress CHKOUT-3 "$(day 2)" "$(day 2)" 100
progress CHKOUT-5 "$(day 3)" "$(day 16)" 100
progress CHKOUT-6 "$(day 9)" - 60
progress CHKOUT-7 "$(day 17)" - 30
progress CHKOUT-11 "$start" "$(day 3)" 100
progress CHKOUT-12 "$(day 4)" "$(day 8)" 100
progress CHKOUT-13 "$(day 9)" - 80
"$pmo" baseline save CHKOUT plan-of-record >/dev/null
"$pmo" risk add CHKOUT --title "Payment provider sandbox unstable" \
    --category vendor --probability 3 --impact 4 >/dev/null
# The organisation's technology radar, with what bears on CHKOUT.
"$pmo" radar add "Contract testing" --quadrant techniques --ring adopt \
    --rationale "caught two breaking API changes before release" \
    --program CHKOUT >/dev/null
"$pmo" radar add "Passkeys" --quadrant platforms --ring assess \
    --rationale "could replace the password step at checkout" \
    --program CHKOUT >/dev/null
# Money, in the program's currency (USD): a budget by category and month
# over the program's three months, re-baselined once with its reason, and
# three weeks of spending, imported from CSV as a finance export would be.
month() { date -d "$start +$1 month" +%Y-%m; }
budget_lines() { # VENDORS: the vendors' line of the first month
    echo "people:$(month 0)=42000" "people:$(month 1)=48000" \
        "people:$(month 2)=30000" "vendors:$(month 0)=$1" \
        "vendors:$(month 1)=9000" "infrastructure:$(month 0)=3200" \
        "infrastructure:$(month 1)=3200" "infrastructure:$(month 2)=3200" \
        "licences=4800" "travel=3500"
}
# shellcheck disable=SC2046
"$pmo" budget set CHKOUT --reason "Business case approved by VP Commerce" \
    $(budget_lines 12000) >/dev/null
# shellcheck disable=SC2046
"$pmo" budget set CHKOUT --reason "3-D Secure vendor quote came in higher" \
    $(budget_lines 15500) >/dev/null
# The payment provider, and its integration contract: paid when card
# tokenisation is done and when the payments API is ready for
# integration, and owed the 3-D Secure flow. The contract ends at the
# provider's change freeze, which the load test will miss, and so will
# the API: its second payment milestone is late.
"$pmo" vendor add "Acme PSP" --contact "Integration desk <integrations@acme-psp.example>" \
    --notes "Card acquiring, tokenisation and 3-D Secure" >/dev/null
"$pmo" contract add CHKOUT --vendor "Acme PSP" --title "Checkout integration" \
    --value 24000 --start "$start" --end "$(day 23)" \
    --milestone CHKOUT-5 --milestone CHKOUT-9 --deliverable CHKOUT-6 \
    --sla "Sandbox available 99.5% of working hours; answers within one working day" \
    >/dev/null
expenses=$(mktemp)
trap 'rm -f "$expenses"' EXIT
cat >"$expenses" <<CSV
date,amount,category,vendor,item,project,note,contract
$(day 1),4800,licences,Figma,,web,Design seats for the quarter,
$(day 2),1250.00,infrastructure,CloudCo,,api,Staging cluster,
$(day 4),6400,vendors,Acme PSP,CHKOUT-5,,Sandbox and tokenisation setup,1
$(day 5),980.40,travel,Rail Co,,,Kick-off in Lyon,
$(day 8),14000,people,Contract QA,,mobile,Two testers for the first half,
$(day 9),1250.00,infrastructure,CloudCo,,api,Staging cluster,
$(day 12),3200,vendors,Acme PSP,CHKOUT-6,,3-D Secure certification,1
$(day 15),12600,people,Design studio,CHKOUT-13,,Visual design,
$(day 16),1250.00,infrastructure,CloudCo,,api,Staging cluster,
$(day 18),412.75,travel,Hotel Central,,,Usability sessions,
CSV
"$pmo" cost import csv "$expenses" --program CHKOUT >/dev/null
# People as resources: dave is on the program half time (he shares QA
# with another team), everyone has a day rate from the start (bob's rises
# in week five), and two items share people: alice pairs with bob on
# 3-D Secure for half her time, and dave reviews the visual design for a
# quarter of his. pmo load then shows dave over his half time.
"$pmo" person set CHKOUT dave --capacity 0.5 >/dev/null
for rate in alice:950 bob:900 carol:850 dave:700; do
    "$pmo" person set CHKOUT "${rate%%:*}" --rate "${rate#*:}/day" \
        --currency USD --from "$start" >/dev/null
done
"$pmo" person set CHKOUT bob --rate 950/day --from "$(day 28)" >/dev/null
"$pmo" assign CHKOUT-6 alice --units 0.5 >/dev/null
"$pmo" assign CHKOUT-13 dave --units 0.25 >/dev/null

# Last week's status report, published, and this week's draft, which
# starts from last week's next steps.
last_week=$(date -d "-7 days" +%G-W%V)
this_week=$(date +%G-W%V)
"$pmo" status draft CHKOUT "$last_week" >/dev/null
"$pmo" status edit CHKOUT "$last_week" \
    --summary "Kick-off done; payment provider sandbox running" \
    --accomplishment "Teams staffed and plan baselined" \
    --next-step "Finish the payment API" --next-step "Start 3-D Secure" \
    --ask "Confirm the launch date with Marketing" >/dev/null
"$pmo" status publish CHKOUT "$last_week" >/dev/null
"$pmo" status draft CHKOUT "$this_week" >/dev/null
echo "pmo: loaded the demo program CHKOUT, three weeks under way" \
    "(try: pmo tree CHKOUT, pmo gantt CHKOUT, pmo critical-path CHKOUT," \
    "pmo schedule CHKOUT, pmo forecast CHKOUT, pmo schedule check CHKOUT," \
    "pmo calendar show CHKOUT, pmo radar list, pmo budget show CHKOUT," \
    "pmo cost list CHKOUT, pmo contract show CHKOUT 1, pmo load CHKOUT," \
    "pmo person show CHKOUT dave, pmo assignments CHKOUT," \
    "pmo status show CHKOUT $this_week, pmo portfolio)"
