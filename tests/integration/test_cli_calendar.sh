#!/bin/bash
# tests/integration/test_cli_calendar.sh - a program's working calendar
# through the pmo command line: shown, its week and hours changed, holidays
# added, listed and removed, and the schedule moving with it.
#
# The plan, scheduled from Monday 2027-01-04: "design" (3 working days),
# then "build" (2). On the default Monday-to-Friday week, design is
# Jan 4 - 6 and build Jan 7 - 8. A holiday on Tuesday Jan 5 moves both by
# a day: design Jan 4 - 7, build Jan 8 - 11 (over the weekend). A holiday
# on a Saturday moves nothing. A Monday-to-Thursday week puts build on
# Thursday Jan 7 and Monday Jan 11.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200
AT=(--status-date 2027-01-04)

# json EXPR: evaluates a Python expression over d, the JSON in PMO_OUT.
json() {
    python3 -c '
import json, sys
d = json.load(sys.stdin)
print(eval(sys.argv[1]))
' "$1" <<<"$PMO_OUT" 2>&1
}

# expect_dates NAME WANT: the dates of design and build, then the finish,
# as "s1 f1|s2 f2|finish", are WANT.
expect_dates() {
    pmo_test_expect_exit "schedule ($1)" 0 \
        "$PMO" schedule CAL "${AT[@]}" --json
    pmo_test_expect_eq "$1" "$2" \
        "$(json '"|".join([" ".join([i["early_start"], i["early_finish"]])
                          for i in d["items"]] + [d["finish_date"]])')"
}

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "program create" 0 "$PMO" program create cal \
    --name "Calendar" --start 2027-01-04
pmo_test_expect_exit "team create" 0 "$PMO" team create eng --name Eng
pmo_test_expect_exit "project add" 0 "$PMO" project add CAL core \
    --name Core --team eng
pmo_test_expect_exit "task design" 0 "$PMO" task add CAL --project core \
    --title Design --estimate 3
pmo_test_expect_exit "task build" 0 "$PMO" task add CAL --project core \
    --title Build --estimate 2
pmo_test_expect_exit "build waits on design" 0 "$PMO" dep add CAL-1 CAL-2

# ---------------------------------------------------------------- show

pmo_test_expect_exit "calendar show" 0 "$PMO" calendar show cal
SHOWN=$(tr -s ' ' <<<"$PMO_OUT")
pmo_test_expect_contains "the default week" "$SHOWN" \
    "working weekdays: mon-fri"
pmo_test_expect_contains "the default hours" "$SHOWN" "hours per day: 8"
pmo_test_expect_contains "no holidays yet" "$SHOWN" "No holidays."
expect_dates "the default schedule" \
    "2027-01-04 2027-01-06|2027-01-07 2027-01-08|2027-01-08"

# ------------------------------------------------------------- holidays

pmo_test_expect_exit "holiday add" 0 "$PMO" calendar holiday add CAL \
    2027-01-05 --name "Company day"
pmo_test_expect_eq "says what it added" \
    "Added holiday 2027-01-05 (Company day) to CAL." "$PMO_OUT"
expect_dates "a holiday moves the schedule by a day" \
    "2027-01-04 2027-01-07|2027-01-08 2027-01-11|2027-01-11"
pmo_test_expect_exit "holiday list" 0 "$PMO" calendar holiday list CAL
pmo_test_expect_contains "the holiday, its weekday and name" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "2027-01-05 tue Company day"
pmo_test_expect_exit "the same day again" 4 "$PMO" calendar holiday add CAL \
    2027-01-05
pmo_test_expect_contains "says it is one already" "$PMO_ERR" \
    "2027-01-05 is already a holiday of CAL (Company day)"
pmo_test_expect_exit "a holiday on a Saturday" 0 "$PMO" calendar holiday add \
    CAL 2027-01-09
pmo_test_expect_contains "says it changes nothing" "$PMO_ERR" \
    "2027-01-09 is a sat, not a working weekday"
expect_dates "and the schedule stays" \
    "2027-01-04 2027-01-07|2027-01-08 2027-01-11|2027-01-11"
pmo_test_expect_exit "calendar show --json" 0 "$PMO" calendar show CAL --json
pmo_test_expect_eq "both holidays, by date, with their names" \
    "2027-01-05=Company day,2027-01-09=" \
    "$(json '",".join(h["date"] + "=" + h.get("name", "")
                      for h in d["holidays"])')"
pmo_test_expect_exit "holiday remove" 0 "$PMO" calendar holiday remove CAL \
    2027-01-05
pmo_test_expect_eq "says what it removed" \
    "Removed holiday 2027-01-05 (Company day) from CAL." "$PMO_OUT"
expect_dates "the schedule is back" \
    "2027-01-04 2027-01-06|2027-01-07 2027-01-08|2027-01-08"
pmo_test_expect_exit "removing a day that is no holiday" 3 \
    "$PMO" calendar holiday remove CAL 2027-01-05
pmo_test_expect_contains "says so" "$PMO_ERR" "2027-01-05 is no holiday of CAL"
pmo_test_expect_exit "a holiday that is no date" 2 \
    "$PMO" calendar holiday add CAL 2027-02-30
pmo_test_expect_contains "names the argument" "$PMO_ERR" "DATE: "

# ------------------------------------------------------ week and hours

pmo_test_expect_exit "calendar set weekdays=mon-thu" 0 \
    "$PMO" calendar set CAL weekdays=mon-thu
pmo_test_expect_contains "prints the new week" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "working weekdays: mon-thu"
expect_dates "a four-day week moves the build" \
    "2027-01-04 2027-01-06|2027-01-07 2027-01-11|2027-01-11"
pmo_test_expect_exit "calendar set hours=7.5" 0 "$PMO" calendar set CAL \
    hours=7.5
SHOWN=$(tr -s ' ' <<<"$PMO_OUT")
pmo_test_expect_contains "the new hours" "$SHOWN" "hours per day: 7.5"
pmo_test_expect_contains "the week as it was" "$SHOWN" \
    "working weekdays: mon-thu"
pmo_test_expect_contains "the holiday as it was" "$SHOWN" "2027-01-09 sat"
pmo_test_expect_exit "calendar set both, --json" 0 "$PMO" calendar set CAL \
    weekdays=sun-thu hours=6 --json
pmo_test_expect_eq "the week in ISO days, the hours" "1,2,3,4,7|6" \
    "$(json '(",".join(str(x) for x in d["working_weekdays"]) + "|" +
              "%g" % d["hours_per_day"])')"

pmo_test_expect_exit "weekdays-= and weekdays+=, a day at a time" 0 \
    "$PMO" calendar set CAL weekdays-=sun --json
pmo_test_expect_eq "Sunday is off" "1,2,3,4|6" \
    "$(json '(",".join(str(x) for x in d["working_weekdays"]) + "|" +
              "%g" % d["hours_per_day"])')"
pmo_test_expect_exit "weekdays+=sun" 0 "$PMO" calendar set CAL weekdays+=sun \
    --json
for bad in "weekdays=mo:working_weekdays: not a weekday" \
    "weekdays=mon-fri,fri:fri is given twice" \
    "weekdays=:no working weekday" \
    "hours=25:hours_per_day: must be above 0 and at most 24" \
    "hours=0:hours_per_day: must be above 0" \
    "colour=red:no field \"colour\""; do
    word=${bad%%:*}
    pmo_test_expect_exit "calendar set $word" 2 "$PMO" calendar set CAL "$word"
    pmo_test_expect_contains "calendar set $word says why" "$PMO_ERR" \
        "${bad#*:}"
done
pmo_test_expect_exit "calendar show after bad input" 0 \
    "$PMO" calendar show CAL --json
pmo_test_expect_eq "nothing was changed by it" "1,2,3,4,7|6" \
    "$(json '(",".join(str(x) for x in d["working_weekdays"]) + "|" +
              "%g" % d["hours_per_day"])')"

# ------------------------------------------------------- roles and help

BOB_PW="pw-bob-$RANDOM-$RANDOM"
pmo_test_expect_exit "create bob" 0 \
    "$ADM" user add bob --password-stdin <<<"$BOB_PW"
pmo_test_expect_exit "bob views CAL" 0 "$PMO" program grant CAL bob viewer
mkdir -p -m 0700 "$PMO_TEST_TMP/config-bob"
export PMO_CONFIG_DIR_BOB="$PMO_TEST_TMP/config-bob"
pmo_test_expect_exit "bob logs in" 0 env PMO_CONFIG_DIR="$PMO_CONFIG_DIR_BOB" \
    "$PMO" login --user bob --password-stdin <<<"$BOB_PW"
pmo_test_expect_exit "a viewer reads the calendar" 0 \
    env PMO_CONFIG_DIR="$PMO_CONFIG_DIR_BOB" "$PMO" calendar show CAL
pmo_test_expect_exit "a viewer adds no holiday" 6 \
    env PMO_CONFIG_DIR="$PMO_CONFIG_DIR_BOB" \
    "$PMO" calendar holiday add CAL 2027-03-01

pmo_test_expect_exit "pmo help lists the calendar" 0 "$PMO" help
pmo_test_expect_contains "calendar holiday add" "$PMO_OUT" \
    "calendar holiday add PROGRAM DATE [--name N]"
pmo_test_expect_exit "pmo help calendar set" 0 "$PMO" help calendar set
help_out=$PMO_OUT
pmo_test_expect_exit "pmo calendar set --help" 0 "$PMO" calendar set --help
pmo_test_expect_eq "help CMD and CMD --help say the same" "$help_out" \
    "$PMO_OUT"

pmo_test_expect_exit "pmo help calendar holiday" 0 "$PMO" help calendar holiday
help_out=$PMO_OUT
pmo_test_expect_contains "the holiday commands" "$help_out" \
    "calendar holiday remove PROGRAM DATE"
pmo_test_expect_not_contains "and only those" "$help_out" "calendar show"
pmo_test_expect_exit "pmo calendar holiday --help" 0 \
    "$PMO" calendar holiday --help
pmo_test_expect_eq "help GROUP and GROUP --help say the same" "$help_out" \
    "$PMO_OUT"

pmo_test_done
