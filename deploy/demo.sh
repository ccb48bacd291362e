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

"$pmo" program create CHKOUT --name "Checkout 2.0" \
    --description "One-page checkout on web and mobile with wallets and 3-D Secure." \
    --sponsor "VP Commerce" --start 2026-03-02 --finish 2026-06-30 \
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
echo "pmo: loaded the demo program CHKOUT (try: pmo tree CHKOUT)"
