#!/bin/bash
# tests/integration/test_cli_days_off.sh - a person's days off through the
# pmo command line: added, listed and removed, shown in pmo load as
# over-allocation, and moved around by pmo level; the CPM dates of pmo
# schedule do not move.
#
# The plan, from Monday 2027-01-04: "design", 2 working days, for bob.
# CPM: Jan 4 - 5. With Tuesday Jan 5 off, bob's week holds 4 working
# days and one of his 2 is on his day off: over. Levelled, design moves
# whole to Wednesday and Thursday, Jan 6 - 7.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200
AT=(--status-date 2027-01-04)

json() {
    python3 -c '
import json, sys
d = json.load(sys.stdin)
print(eval(sys.argv[1]))
' "$1" <<<"$PMO_OUT" 2>&1
}

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
for who in bob carol; do
    pmo_test_expect_exit "create $who" 0 \
        "$ADM" user add "$who" --password-stdin <<<"pw-$who-$RANDOM-$RANDOM"
done
pmo_test_expect_exit "program create" 0 "$PMO" program create off \
    --name "Days off" --start 2027-01-04
pmo_test_expect_exit "bob works on OFF" 0 "$PMO" program grant OFF bob \
    contributor
pmo_test_expect_exit "team create" 0 "$PMO" team create eng --name Eng
pmo_test_expect_exit "project add" 0 "$PMO" project add OFF core \
    --name Core --team eng
pmo_test_expect_exit "task design for bob" 0 "$PMO" task add OFF \
    --project core --title Design --estimate 2 --assignee bob

pmo_test_expect_exit "load before" 0 "$PMO" load OFF "${AT[@]}"
pmo_test_expect_contains "bob is not over" \
    "$(grep -E '^bob ' <<<"$PMO_OUT" | tr -s ' ')" "bob 2"
pmo_test_expect_not_contains "nothing marked" "$PMO_OUT" "2!"

pmo_test_expect_exit "dayoff add" 0 "$PMO" calendar dayoff add OFF bob \
    2027-01-05 --note "Dentist"
pmo_test_expect_contains "says what it added" "$(tr -s ' ' <<<"$PMO_OUT")" \
    "bob 2027-01-05 Dentist"
pmo_test_expect_exit "the same day again" 4 "$PMO" calendar dayoff add OFF \
    bob 2027-01-05
pmo_test_expect_exit "a range" 0 "$PMO" calendar dayoff add OFF bob \
    2027-02-01 --to 2027-02-03 --json
pmo_test_expect_eq "three days" "2027-02-01 2027-02-02 2027-02-03" \
    "$(json '" ".join(x["date"] for x in d["days_off"])')"
pmo_test_expect_exit "dayoff list" 0 "$PMO" calendar dayoff list OFF
pmo_test_expect_eq "every member's days off" "4" \
    "$(grep -cE '^bob ' <<<"$PMO_OUT")"
pmo_test_expect_exit "dayoff remove a range" 0 "$PMO" calendar dayoff remove \
    OFF bob 2027-02-01 --to 2027-02-03
pmo_test_expect_exit "dayoff remove again" 3 "$PMO" calendar dayoff remove \
    OFF bob 2027-02-01
pmo_test_expect_exit "a user with no role in OFF" 2 "$PMO" calendar dayoff add \
    OFF carol 2027-01-05
pmo_test_expect_contains "names the field and the user" "$PMO_ERR" \
    "carol holds no role in OFF"
pmo_test_expect_exit "a range backwards" 2 "$PMO" calendar dayoff add OFF bob \
    2027-01-05 --to 2027-01-01
pmo_test_expect_contains "names --to" "$PMO_ERR" "to:"

# --------------------------------------------------- schedule, load, level

pmo_test_expect_exit "schedule" 0 "$PMO" schedule OFF "${AT[@]}" --json
pmo_test_expect_eq "the CPM dates do not move" "2027-01-04 2027-01-05" \
    "$(json '" ".join([d["items"][0]["early_start"],
                      d["items"][0]["early_finish"]])')"
pmo_test_expect_exit "load with the day off" 0 "$PMO" load OFF "${AT[@]}"
pmo_test_expect_contains "bob is over in that week" \
    "$(grep -E '^bob ' <<<"$PMO_OUT" | tr -s ' ')" "bob 2!"
pmo_test_expect_contains "and why" "$PMO_OUT" \
    "bob has 1 working days of work on days off in the week of 2027-01-04."
pmo_test_expect_exit "load --json" 0 "$PMO" load OFF "${AT[@]}" --json
pmo_test_expect_eq "bob's capacity, work on his day off, over" "4.0|1.0|True|1" \
    "$(json '"|".join([str(float(d["people"][0]["capacity_days"][0])),
                      str(float(d["people"][0]["days_off_booked"][0])),
                      str(d["people"][0]["over"][0]),
                      str(d["over_allocations"])])')"
pmo_test_expect_exit "level" 0 "$PMO" level OFF "${AT[@]}" --json
pmo_test_expect_eq "levelling moves design off the day off, whole" \
    "OFF-1 2027-01-04 2027-01-06 2027-01-07|1|0" \
    "$(json '"|".join([" ".join([d["delayed"][0]["ref"],
                                 d["delayed"][0]["start_before"],
                                 d["delayed"][0]["start_after"],
                                 d["delayed"][0]["finish_after"]]),
                       str(d["over_allocations_before"]),
                       str(d.get("over_allocations_after", 0))])')"
pmo_test_expect_exit "level, for people" 0 "$PMO" level OFF "${AT[@]}"
pmo_test_expect_contains "the move is shown" "$(tr -s ' ' <<<"$PMO_OUT")" \
    "OFF-1 Design bob 2027-01-04 2027-01-06 2027-01-07"
pmo_test_expect_exit "load --levelled" 0 "$PMO" load OFF "${AT[@]}" \
    --levelled --json
pmo_test_expect_eq "the levelled load is not over" "0" \
    "$(json 'd.get("over_allocations", 0)')"
pmo_test_expect_exit "dayoff remove" 0 "$PMO" calendar dayoff remove OFF bob \
    2027-01-05
pmo_test_expect_exit "load after" 0 "$PMO" load OFF "${AT[@]}" --json
pmo_test_expect_eq "no over-allocation again" "0" \
    "$(json 'd.get("over_allocations", 0)')"

pmo_test_done
