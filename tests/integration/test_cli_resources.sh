#!/bin/bash
# tests/integration/test_cli_resources.sh - people as resources, the way a
# TPM staffs a program: a half-time person and their day rate with its
# history, several people on one item at shares of their time, the load
# that shows who is over-allocated once units count, and levelling written
# back to the plan. With the refusals people meet: a rate without a start
# date, units above a person's capacity, someone with no role assigned, a
# viewer reading rates or setting them, and an apply on a changed plan.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200
AT=(--status-date 2027-01-04)

json() { pmo_test_json "$@"; }

as() { pmo_test_as "$@"; }

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "program create" 0 "$PMO" program create PAY \
    --name "Payments" --start 2027-01-04 --finish 2027-02-26
pmo_test_expect_exit "a team" 0 "$PMO" team create web --name "Web"
pmo_test_expect_exit "a project" 0 "$PMO" project add PAY web --name "Web" --team web
for user in hana ivo vera carl olga; do
    pw="pw-$user-$RANDOM-$RANDOM"
    pmo_test_expect_exit "user $user" 0 "$ADM" user add "$user" --password-stdin <<<"$pw"
    mkdir -p -m 0700 "$PMO_TEST_TMP/config-$user"
    pmo_test_expect_exit "$user logs in" 0 \
        as "$user" login --user "$user" --password-stdin <<<"$pw"
done
pmo_test_expect_exit "hana contributes" 0 "$PMO" program grant PAY hana contributor
pmo_test_expect_exit "ivo contributes" 0 "$PMO" program grant PAY ivo contributor
pmo_test_expect_exit "vera views" 0 "$PMO" program grant PAY vera viewer
pmo_test_expect_exit "carl contributes" 0 "$PMO" program grant PAY carl contributor
pmo_test_expect_exit "carl is on the team" 0 "$PMO" team add-member web carl

# --- capacity and rates ----------------------------------------------------
pmo_test_expect_exit "person show before anything is set" 0 "$PMO" person show PAY hana
pmo_test_expect_contains "full time by default" "$PMO_OUT" "hana: capacity 1 of full time."
pmo_test_expect_exit "person set" 0 "$PMO" person set PAY hana --capacity 0.5 \
    --rate 800/day --from 2027-01-01
pmo_test_expect_contains "the capacity is shown" "$PMO_OUT" "hana: capacity 0.5 of full time."
pmo_test_expect_contains "the rate and when it starts" "$PMO_OUT" "2027-01-01  800.00    USD"
pmo_test_expect_exit "a raise from February" 0 "$PMO" person set PAY hana \
    --rate 880/day --from 2027-02-01
pmo_test_expect_exit "person show --json" 0 "$PMO" person show PAY hana --json
pmo_test_expect_eq "rates form a history, oldest first" \
    "$(json '[(r["startsOn"] if "startsOn" in r else r["starts_on"], int(r["rate_minor"] if "rate_minor" in r else r["rateMinor"])) for r in d["rates"]]')" \
    "[('2027-01-01', 80000), ('2027-02-01', 88000)]"
pmo_test_expect_exit "a rate in euros" 0 "$PMO" person set PAY ivo --rate 700 \
    --currency EUR --from 2027-01-01
pmo_test_expect_contains "in its currency" "$PMO_OUT" "700.00    EUR"

pmo_test_expect_exit "a rate without a start date" 2 "$PMO" person set PAY hana --rate 900/day
pmo_test_expect_contains "the CLI asks for it" "$PMO_ERR" "--from is required with --rate"
pmo_test_expect_exit "a capacity above full time" 2 "$PMO" person set PAY hana --capacity 1.5
pmo_test_expect_contains "the server names the field" "$PMO_ERR" "capacity:"
pmo_test_expect_exit "an unknown currency" 2 "$PMO" person set PAY hana --rate 1 \
    --currency XYZ --from 2027-01-01
pmo_test_expect_contains "currency is named" "$PMO_ERR" "currency:"
pmo_test_expect_exit "a rate that is no amount" 2 "$PMO" person set PAY hana \
    --rate abc/day --from 2027-01-01
pmo_test_expect_contains "rate is named" "$PMO_ERR" "rate:"
pmo_test_expect_exit "someone with no role in the program" 2 "$PMO" person set PAY olga \
    --capacity 0.5
pmo_test_expect_contains "the user is named" "$PMO_ERR" "olga"

pmo_test_expect_exit "a viewer sees capacity" 0 as vera person show PAY hana --json
pmo_test_expect_eq "but not rates" "$(json '(d["capacity"], d.get("rates", []), d["rates_hidden"] if "rates_hidden" in d else d["ratesHidden"])')" \
    "(0.5, [], True)"
pmo_test_expect_exit "a viewer cannot set a rate" 6 as vera person set PAY hana \
    --rate 1/day --from 2027-01-01
pmo_test_expect_exit "a contributor cannot set another's capacity" 6 \
    as carl person set PAY hana --capacity 1
pmo_test_expect_exit "hana sees her own rates" 0 as hana person show PAY hana
pmo_test_expect_contains "her rate" "$PMO_OUT" "880.00"

# --- assignments -----------------------------------------------------------
pmo_test_expect_exit "a week's task" 0 "$PMO" task add PAY --project web \
    --title "Card form" --estimate 5/5/5 --assignee ivo
A="$(grep -oE 'PAY-[0-9]+' <<<"$PMO_OUT" | head -n 1)"
pmo_test_expect_exit "a second week's task" 0 "$PMO" task add PAY --project web \
    --title "Receipts" --estimate 5/5/5
B="$(grep -oE 'PAY-[0-9]+' <<<"$PMO_OUT" | head -n 1)"
pmo_test_expect_exit "a third" 0 "$PMO" task add PAY --project web \
    --title "Refund form" --estimate 5/5/5
C="$(grep -oE 'PAY-[0-9]+' <<<"$PMO_OUT" | head -n 1)"

pmo_test_expect_exit "assignments before any" 0 "$PMO" assignments "$A"
pmo_test_expect_contains "the assignee counts as 1.0" "$PMO_OUT" "ivo   1 (assignee)"
pmo_test_expect_exit "hana full time on a task" 2 "$PMO" assign "$A" hana
pmo_test_expect_contains "units above capacity name units" "$PMO_ERR" \
    "units: 1.00 is more than hana works: their capacity is 0.50"
pmo_test_expect_exit "olga has no role" 2 "$PMO" assign "$A" olga --units 0.5
pmo_test_expect_contains "the user is named" "$PMO_ERR" "user:"
pmo_test_expect_contains "by name" "$PMO_ERR" "olga"
pmo_test_expect_exit "bad units" 2 "$PMO" assign "$A" hana --units 0.001
pmo_test_expect_contains "units named" "$PMO_ERR" "units:"
pmo_test_expect_exit "hana half time on it" 0 "$PMO" assign "$A" hana --units 0.5
pmo_test_expect_contains "both people are listed" "$PMO_OUT" "hana  0.5"
pmo_test_expect_contains "the assignee is kept" "$PMO_OUT" "ivo   1"
pmo_test_expect_exit "a viewer cannot assign" 6 as vera assign "$B" hana --units 0.5
pmo_test_expect_exit "a contributor on the team assigns" 0 \
    as carl assign "$B" ivo --units 0.5
pmo_test_expect_exit "hana cannot assign: not on the team" 6 \
    as hana assign "$C" hana --units 0.5
pmo_test_expect_exit "unassign" 0 "$PMO" unassign "$B" ivo
pmo_test_expect_contains "no one left" "$PMO_OUT" "No assignments."
pmo_test_expect_exit "unassign again" 3 "$PMO" unassign "$B" ivo
pmo_test_expect_contains "says who is not on what" "$PMO_ERR" "ivo is not assigned to $B"
pmo_test_expect_exit "the audit trail" 0 "$PMO" activity PAY -n 50
pmo_test_expect_contains "assignments are audited" "$PMO_OUT" "assignment"

# --- load with units -------------------------------------------------------
# Card form and Receipts run side by side in the first week (no links).
# Ivo: 1.0 on Card form; hana: 0.5 on it, then 0.5 on Receipts as well,
# which is all of her half time and more.
pmo_test_expect_exit "load" 0 "$PMO" load PAY "${AT[@]}"
pmo_test_expect_contains "hana's half of a week fits her half time" \
    "$(grep -E '^hana ' <<<"$PMO_OUT" | tr -s ' ')" "hana 2.5"
pmo_test_expect_exit "hana also half time on Receipts" 0 "$PMO" assign "$B" hana --units 0.5
pmo_test_expect_exit "load" 0 "$PMO" load PAY "${AT[@]}"
pmo_test_expect_contains "hana is over-allocated" \
    "$(grep -E '^hana ' <<<"$PMO_OUT" | tr -s ' ')" "hana 5!"
pmo_test_expect_exit "load --json" 0 "$PMO" load PAY "${AT[@]}" --json
pmo_test_expect_eq "her capacity is 2.5 days a week, her load 5" \
    "$(json '[(p["days"][0], p["capacity_days"][0] if "capacity_days" in p else p["capacityDays"][0]) for p in d["people"] if p["person"] == "hana"]')" \
    "[(5, 2.5)]"

# --- level --apply ---------------------------------------------------------
pmo_test_expect_exit "ivo on Refund form too" 0 "$PMO" assign "$C" ivo
pmo_test_expect_exit "level" 0 "$PMO" level PAY "${AT[@]}" --json
pmo_test_expect_eq "levelling moves Refund form after Card form" \
    "$(json '[(x["ref"], x["start_after"] if "start_after" in x else x["startAfter"]) for x in d["delayed"]]')" \
    "[('$C', '2027-01-11')]"
version="$(json 'd["plan_version"] if "plan_version" in d else d["planVersion"]')"
pmo_test_expect_exit "a viewer cannot apply" 6 as vera level PAY "${AT[@]}" --apply
pmo_test_expect_exit "a contributor cannot apply" 6 as carl level PAY "${AT[@]}" --apply
pmo_test_expect_exit "the plan changes" 0 "$PMO" task set "$B" title="Receipts by email"
pmo_test_expect_exit "applying what was seen before the change" 4 \
    "$PMO" level PAY "${AT[@]}" --apply --plan-version "$version"
pmo_test_expect_contains "is refused: the plan changed" "$PMO_ERR" \
    "the plan of PAY changed since it was levelled"
pmo_test_expect_exit "task show before" 0 "$PMO" task show "$C" --json
pmo_test_expect_eq "nothing was written" "$(json 'd.get("planned_start", d.get("plannedStart", ""))')" ""
pmo_test_expect_exit "level --apply" 0 "$PMO" level PAY "${AT[@]}" --apply
pmo_test_expect_contains "says what it wrote" "$PMO_OUT" \
    "Applied: wrote the levelled planned start and finish of 1 item."
pmo_test_expect_contains "and the baseline saved first" "$PMO_OUT" \
    "Saved the schedule before as baseline before-level-"
pmo_test_expect_exit "task show after" 0 "$PMO" task show "$C" --json
pmo_test_expect_eq "its planned start is the levelled one" \
    "$(json 'd.get("planned_start", d.get("plannedStart", ""))')" "2027-01-11"
pmo_test_expect_exit "baseline list" 0 "$PMO" baseline list PAY
pmo_test_expect_contains "the baseline is kept" "$PMO_OUT" "before-level-"
pmo_test_expect_exit "schedule" 0 "$PMO" level PAY "${AT[@]}" --json
pmo_test_expect_eq "levelling again moves nothing" "$(json 'd.get("delayed", [])')" "[]"
pmo_test_expect_exit "activity" 0 "$PMO" activity PAY -n 5 --json
pmo_test_expect_contains "the apply is audited with the dates before" "$PMO_OUT" "ApplyLevel"

# --- labour cost -----------------------------------------------------------
# Work done in March 2025 (actual dates are never in the future): the
# integration ran from Monday the 3rd, hana at 0.5 for 700 a day and ivo
# at 1.0, whose rate then was in euros while PAY's money is in dollars.
pmo_test_expect_exit "hana's rate then" 0 "$PMO" person set PAY hana \
    --rate 700/day --from 2025-01-01
pmo_test_expect_exit "ivo's rate then, in euros" 0 "$PMO" person set PAY ivo \
    --rate 650/day --currency EUR --from 2025-01-01
pmo_test_expect_exit "past work" 0 "$PMO" task add PAY --project web \
    --title "Integration" --estimate 5/5/5 --assignee ivo
D="$(grep -oE 'PAY-[0-9]+' <<<"$PMO_OUT" | head -n 1)"
pmo_test_expect_exit "hana on it" 0 "$PMO" assign "$D" hana --units 0.5
pmo_test_expect_exit "it started on the 3rd" 0 "$PMO" task set "$D" \
    actual_start=2025-03-03 state=in_progress
pmo_test_expect_exit "a rate in another currency is not converted" 4 \
    "$PMO" labour PAY --status-date 2025-03-07
pmo_test_expect_contains "says whose and which" "$PMO_ERR" \
    "the day rate of ivo from 2025-01-01 is in EUR, and the money of PAY is in USD"
pmo_test_expect_exit "ivo's rate in dollars instead" 0 "$PMO" person set PAY ivo \
    --rate 600/day --from 2025-01-01
pmo_test_expect_exit "labour to Friday" 0 "$PMO" labour PAY --status-date 2025-03-07
pmo_test_expect_contains "five days: 5 x 0.5 x 700 + 5 x 1 x 600" "$PMO_OUT" \
    "Labour cost to 2025-03-07, from actual dates and day rates: 4,750.00 USD."
pmo_test_expect_exit "hana was off on Tuesday" 0 "$PMO" calendar dayoff add PAY hana 2025-03-04
pmo_test_expect_exit "labour to Tuesday --json" 0 "$PMO" labour PAY --status-date 2025-03-04 --json
pmo_test_expect_eq "two days of ivo, one half day of hana" \
    "$(json '[(i["ref"], int(i["cost_minor"] if "cost_minor" in i else i["costMinor"]), i["person_days"] if "person_days" in i else i["personDays"]) for i in d["items"]]')" \
    "[('$D', 155000, 2.5)]"
pmo_test_expect_exit "finished on Wednesday" 0 "$PMO" task set "$D" \
    actual_finish=2025-03-05 state=done percent=100
pmo_test_expect_exit "labour to Friday" 0 "$PMO" labour PAY --status-date 2025-03-07 --json
pmo_test_expect_eq "counts to the actual finish: 3 x 600 + 2 x 0.5 x 700" \
    "$(json 'd["total"]')" "2,500.00"
pmo_test_expect_exit "a contributor cannot see labour cost" 6 as carl labour PAY

pmo_test_done
