#!/bin/bash
# tests/integration/test_cli_governance.sh - the governance commands of the
# pmo command line, the way a TPM runs a small hardware program: a risk
# review (three risks, the heat map's counts, a score raised and its
# history, a risk that happens and becomes an issue), a gate sign-off (the
# milestone cannot be finished until its approver signs, then it can),
# action items across programs, a retrospective whose lesson someone on
# another program finds by searching, the meeting log, a program made
# from a template, issues linked to risks and decisions, deleting records
# (a stale version refused), the gate templates, lessons tagged with
# --tags, their --json forms, and bad input.
#
# The risks, worked by hand (exposure = probability x impact; zones low
# 1-4, medium 5-9, high 10-25):
#   1 Supplier slips     4 x 3 = 12 high    review 2020-01-01 (passed)
#   2 Thermal margin     2 x 5 = 10 high
#   3 Cert lab booking   1 x 2 =  2 low
# Raising the supplier's probability to 5 makes it 15; when it occurs it
# leaves the open risks, and the map counts two.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
# ASCII, no colour, and room for whole titles in every table.
export LC_ALL=C NO_COLOR=1 COLUMNS=200

# json EXPR: the value of a Python expression over d, the JSON in PMO_OUT.
json() { pmo_test_json "$@"; }

# The line of PMO_OUT that starts with TEXT, blanks squeezed.
line_of() {
    grep -E -- "^$1" <<<"$PMO_OUT" | head -n 1 | tr -s ' '
}

# as USER CMD...: runs pmo CMD as USER, each user with a session of their
# own (a config directory each).
as() { pmo_test_as "$@"; }

# ------------------------------------------------------------ the program

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
for u in bob erin; do
    pw="pw-$u-$RANDOM-$RANDOM"
    pmo_test_expect_exit "user $u" 0 "$ADM" user add "$u" \
        --password-stdin <<<"$pw"
    mkdir -p -m 0700 "$PMO_TEST_TMP/config-$u"
    pmo_test_expect_exit "$u logs in" 0 \
        as "$u" login --user "$u" --password-stdin <<<"$pw"
done
pmo_test_expect_exit "program create" 0 "$PMO" program create HW \
    --name "Sensor board" --start 2027-01-04 --finish 2027-06-30
pmo_test_expect_exit "another program" 0 "$PMO" program create OTHER \
    --name "Other program"
pmo_test_expect_exit "bob contributes to HW" 0 \
    "$PMO" program grant HW bob contributor
pmo_test_expect_exit "erin sees OTHER only" 0 \
    "$PMO" program grant OTHER erin contributor
pmo_test_expect_exit "team" 0 "$PMO" team create hwteam --name "Hardware"
pmo_test_expect_exit "project" 0 "$PMO" project add HW board \
    --name "Board" --team hwteam
pmo_test_expect_exit "milestone" 0 "$PMO" task add HW --project board \
    --title "EVT exit" --kind milestone --start 2027-02-01 --json
MS=$(json 'd["ref"]')

# ----------------------------------------------------------- risk review

pmo_test_expect_exit "risk add supplier" 0 "$PMO" risk add hw \
    --title "Supplier slips" --probability 4 --impact 3 --category vendor \
    --owner bob --mitigation "Qualify a second source" \
    --trigger "Lead time over 8 weeks" --response mitigate \
    --review 2020-01-01 --item "$MS"
pmo_test_expect_contains "risk add says what it added" "$PMO_OUT" \
    "Added risk 1: Supplier slips"
pmo_test_expect_exit "risk add thermal" 0 "$PMO" risk add HW \
    --title "Thermal margin" --probability 2 --impact 5 --json
pmo_test_expect_eq "risk add --json: exposure computed" "2|10" \
    "$(json 'str(d["id"]) + "|" + str(d["exposure"])')"
pmo_test_expect_exit "risk add cert" 0 "$PMO" risk add HW \
    --title "Cert lab booking" --probability 1 --impact 2

pmo_test_expect_exit "risk list" 0 "$PMO" risk list HW
pmo_test_expect_eq "highest exposure first" "1 2 3" \
    "$(grep -E '^[0-9]+ ' <<<"$PMO_OUT" | awk '{print $1}' | tr '\n' ' ' |
        sed 's/ $//')"
pmo_test_expect_contains "the supplier's row, its passed review marked" \
    "$(line_of 1)" "1 12 4x3 Supplier slips vendor bob open 2020-01-01 !"
pmo_test_expect_not_contains "a risk without a review is not marked" \
    "$(line_of 2)" "!"
pmo_test_expect_contains "the mark is explained" "$PMO_OUT" \
    "! review date passed (1 risk)"
pmo_test_expect_exit "risk list --overdue --json" 0 \
    "$PMO" risk list HW --overdue --json
pmo_test_expect_eq "only the passed review" "1|True" \
    "$(json '(" ".join(str(r["id"]) for r in d["risks"]) + "|" +
              str(d["risks"][0]["review_overdue"]))')"

pmo_test_expect_exit "risk matrix" 0 "$PMO" risk matrix HW
pmo_test_expect_contains "three open risks" "$PMO_OUT" "Open risks: 3"
pmo_test_expect_eq "the supplier in likely x 3" \
    "4 likely |   . L |   . M |   1 H |   . H |   . H |" \
    "$(grep -E '^4 likely' <<<"$PMO_OUT" | sed -E 's/ +\|/ |/')"
pmo_test_expect_eq "thermal in unlikely x 5" \
    "2 unlikely |   . L |   . L |   . M |   . M |   1 H |" \
    "$(grep -E '^2 unlikely' <<<"$PMO_OUT" | sed -E 's/ +\|/ |/')"
pmo_test_expect_eq "cert in rare x 2" \
    "1 rare |   . L |   1 L |   . L |   . L |   . M |" \
    "$(grep -E '^1 rare' <<<"$PMO_OUT" | sed -E 's/ +\|/ |/')"
pmo_test_expect_eq "no other square is counted" "3" \
    "$(grep -E '^[1-5] ' <<<"$PMO_OUT" | grep -oE '\| +[0-9]+ [LMH]' | wc -l)"
pmo_test_expect_contains "the top exposures follow" \
    "$(sed -n '/^Top exposures:/,$p' <<<"$PMO_OUT" | grep -E '^1 ' |
        tr -s ' ')" \
    "1 12 4x3 Supplier slips"
pmo_test_expect_eq "no line wider than 80" "0" \
    "$(awk 'length($0) > 80' <<<"$PMO_OUT" | wc -l)"
pmo_test_expect_not_contains "no colour with NO_COLOR" "$PMO_OUT" $'\033'
pmo_test_expect_exit "risk matrix --json" 0 "$PMO" risk matrix HW --json
pmo_test_expect_eq "matrix --json: open, 25 cells, counts, top" \
    "3|25|3|1|1 2 3" \
    "$(json '"|".join([str(d["open_risks"]), str(len(d["cells"])),
                      str(sum(c["count"] for c in d["cells"])),
                      str([c["count"] for c in d["cells"]
                           if c["probability"] == 4 and c["impact"] == 3][0]),
                      " ".join(str(r["id"]) for r in d["top"])])')"

pmo_test_expect_exit "raise the supplier's probability" 0 \
    "$PMO" risk update HW 1 probability=5 --note "second slip this month"
pmo_test_expect_contains "the update shows the new exposure" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "exposure: 15 high (5x3)"
pmo_test_expect_exit "risk show" 0 "$PMO" risk show 1
pmo_test_expect_contains "the history has the creation" \
    "$(grep -F '(new)' <<<"$PMO_OUT" | tr -s ' ')" "admin (new) 4x3 = 12 -"
pmo_test_expect_contains "and the raise, with its note" \
    "$(grep -F 'second slip' <<<"$PMO_OUT" | tr -s ' ')" \
    "admin 4x3 = 12 5x3 = 15 second slip this month"
pmo_test_expect_contains "show has the mitigation" "$PMO_OUT" \
    "Qualify a second source"
pmo_test_expect_exit "risk show --json" 0 "$PMO" risk show HW 1 --json
pmo_test_expect_eq "show --json: risk and its two scores" "15|2|4>5|1" \
    "$(json '"|".join([str(d["risk"]["exposure"]), str(len(d["scores"])),
                      str(d["scores"][1]["old_probability"]) + ">" +
                      str(d["scores"][1]["new_probability"]),
                      str(d["risk"]["version"] - 1)])')"
pmo_test_expect_exit "risk matrix after the raise" 0 "$PMO" risk matrix HW
pmo_test_expect_contains "the supplier moved up to almost certain" \
    "$(grep -E '^5 almost' <<<"$PMO_OUT" | sed -E 's/ +\|/ |/')" \
    "|   . M |   . H |   1 H |"
pmo_test_expect_contains "and left likely" \
    "$(grep -E '^4 likely' <<<"$PMO_OUT" | sed -E 's/ +\|/ |/')" \
    "|   . L |   . M |   . H |"

pmo_test_expect_exit "risk occur" 0 "$PMO" risk occur HW 1
pmo_test_expect_contains "occur names the new issue" "$PMO_OUT" \
    "Risk 1 occurred: opened issue 1 (medium): Supplier slips"
pmo_test_expect_exit "issue list" 0 "$PMO" issue list HW
pmo_test_expect_contains "the issue is bob's, as the risk was" \
    "$(line_of 1)" "1 medium Supplier slips bob - open team"
pmo_test_expect_exit "issue show --json" 0 "$PMO" issue show 1 --json
pmo_test_expect_eq "the issue links back to the risk" "1" \
    "$(json '" ".join(str(x) for x in d["risks"])')"
pmo_test_expect_exit "risk show after occur" 0 "$PMO" risk show 1
pmo_test_expect_contains "the risk is occurred, with its issue" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "status: occurred"
pmo_test_expect_exit "risk matrix --json after occur" 0 \
    "$PMO" risk matrix HW --json
pmo_test_expect_eq "an occurred risk is no longer open" "2|2" \
    "$(json '(str(d["open_risks"]) + "|" +
              str(sum(c["count"] for c in d["cells"])))')"
pmo_test_expect_exit "risk close" 0 "$PMO" risk close HW 3 --note "booked"
pmo_test_expect_contains "close says so" "$PMO_OUT" \
    "Closed risk 3: Cert lab booking"

pmo_test_expect_exit "risk add with probability 7" 2 "$PMO" risk add HW \
    --title "Bad" --probability 7 --impact 2
pmo_test_expect_one_line "a bad probability is one line" "$PMO_ERR"
pmo_test_expect_contains "it names the field" "$PMO_ERR" \
    "--probability: probability: must be from 1 to 5: '7'"
pmo_test_expect_exit "risk add without a title" 2 "$PMO" risk add HW \
    --probability 2 --impact 2
pmo_test_expect_contains "the title is asked for" "$PMO_ERR" \
    "--title is required"
pmo_test_expect_exit "risk add with a bad category" 2 "$PMO" risk add HW \
    --title "Bad" --probability 2 --impact 2 --category weather
pmo_test_expect_one_line "a bad category is one line" "$PMO_ERR"
pmo_test_expect_contains "the categories are listed" "$PMO_ERR" "vendor"
pmo_test_expect_exit "risk update of an unknown field" 2 \
    "$PMO" risk update 2 colour=red
pmo_test_expect_one_line "an unknown field is one line" "$PMO_ERR"
pmo_test_expect_exit "risk show of another program's key" 3 \
    "$PMO" risk show OTHER 2
pmo_test_expect_one_line "a risk of another program is one line" "$PMO_ERR"
pmo_test_expect_contains "and says where it is" "$PMO_ERR" \
    "risk 2 is in HW, not OTHER"
pmo_test_expect_exit "risk show of no risk" 3 "$PMO" risk show 999
pmo_test_expect_one_line "no such risk is one line" "$PMO_ERR"
pmo_test_expect_exit "risk matrix --top 0" 2 "$PMO" risk matrix HW --top 0
pmo_test_expect_contains "--top is named" "$PMO_ERR" "--top"

# --------------------------------------------------------------- gates

pmo_test_expect_exit "gate add" 0 "$PMO" gate add "$MS" \
    --name "EVT exit review" --kind quality --approver bob \
    --criterion "Test report reviewed" --criterion "Thermal sign-off"
pmo_test_expect_contains "gate add counts its criteria" "$PMO_OUT" \
    "to $MS: EVT exit review (2 criteria)"
pmo_test_expect_exit "gate status" 0 "$PMO" gate status "$MS"
pmo_test_expect_contains "each criterion with its approver, pending" \
    "$(grep -F 'Test report' <<<"$PMO_OUT" | tr -s ' ')" \
    "EVT exit review Test report reviewed bob pending -"
pmo_test_expect_contains "not ready" "$PMO_OUT" \
    "Not ready: 2 of 2 criteria unsigned; $MS cannot be finished yet."
pmo_test_expect_exit "gate status --json" 0 "$PMO" gate status "$MS" --json
pmo_test_expect_eq "status --json: not ready, two pending" "False|2|2" \
    "$(json '"|".join([str(d["ready"]), str(d["criteria"]),
                      str(len(d["pending"]))])')"
FIRST=$(json 'd["gates"][0]["criteria"][0]["id"]')

pmo_test_expect_exit "the milestone cannot be finished" 4 \
    "$PMO" task done "$MS"
pmo_test_expect_one_line "the refusal is one line" "$PMO_ERR"
pmo_test_expect_exit "admin cannot sign for bob" 6 \
    "$PMO" gate sign "$MS" "$FIRST" --note "looks fine"
pmo_test_expect_one_line "signing for someone else is one line" "$PMO_ERR"
pmo_test_expect_exit "gate sign without evidence" 2 \
    as bob gate sign "$MS" "$FIRST"
pmo_test_expect_contains "evidence is asked for" "$PMO_ERR" \
    "give one of --evidence URL and --note TEXT"
pmo_test_expect_exit "gate sign of no such criterion" 2 \
    as bob gate sign "$MS" "Firmware freeze" --note x
pmo_test_expect_contains "an unknown criterion is named" "$PMO_ERR" \
    "no criterion of $MS's gates is \"Firmware freeze\""
pmo_test_expect_exit "bob signs the first, by id" 0 as bob gate sign "$MS" \
    "$FIRST" --evidence "https://wiki.example/evt-report"
pmo_test_expect_contains "sign says how far the gate is" "$PMO_OUT" \
    "(1 of 2 signed)"
pmo_test_expect_exit "still not finished" 4 "$PMO" task done "$MS"
pmo_test_expect_exit "bob signs the second, by its words" 0 \
    as bob gate sign "$MS" thermal --note "Margins 12 C at worst case"
pmo_test_expect_exit "gate status when signed" 0 "$PMO" gate status "$MS"
pmo_test_expect_contains "signed by bob, with the evidence" \
    "$(grep -F 'Test report' <<<"$PMO_OUT" | tr -s ' ')" \
    "signed by bob"
pmo_test_expect_contains "the evidence is shown" "$PMO_OUT" \
    "https://wiki.example/evt-report"
pmo_test_expect_contains "ready" "$PMO_OUT" \
    "Ready: all 2 criteria are signed; $MS may be finished."

# Changing a gate: a sign-off withdrawn, an approver moved, a rename, a
# template gate added by mistake and removed.
pmo_test_expect_exit "bob withdraws his own sign-off" 0 \
    as bob gate unsign "$MS" thermal
pmo_test_expect_contains "unsign says how far the gate is" "$PMO_OUT" \
    "(1 of 2 signed)"
pmo_test_expect_exit "an unsigned criterion cannot be unsigned" 4 \
    as bob gate unsign "$MS" thermal
pmo_test_expect_contains "it says it is not signed" "$PMO_ERR" "is not signed"
pmo_test_expect_exit "the milestone is held back again" 4 \
    "$PMO" task done "$MS"
pmo_test_expect_exit "the thermal sign-off moves to admin" 0 \
    "$PMO" gate reassign "$MS" thermal admin
pmo_test_expect_exit "bob may no longer sign it" 6 \
    as bob gate sign "$MS" thermal --note "again"
pmo_test_expect_exit "a contributor cannot move an approver" 6 \
    as bob gate reassign "$MS" thermal bob
pmo_test_expect_exit "admin signs what is now theirs" 0 \
    "$PMO" gate sign "$MS" thermal --note "Margins 12 C at worst case"
pmo_test_expect_exit "gate status after the move" 0 "$PMO" gate status "$MS"
pmo_test_expect_contains "the first keeps bob's sign-off" \
    "$(grep -F 'Test report' <<<"$PMO_OUT" | tr -s ' ')" "bob signed by bob"
pmo_test_expect_contains "the second is admin's" \
    "$(grep -F 'Thermal' <<<"$PMO_OUT" | tr -s ' ')" "admin signed by admin"
pmo_test_expect_exit "gate update renames it" 0 \
    "$PMO" gate update 1 --name "EVT exit gate" --description "Before DVT"
pmo_test_expect_contains "update says what it is now" "$PMO_OUT" \
    "Changed gate 1 on $MS: EVT exit gate (2 of 2 signed)"
pmo_test_expect_exit "gate update with nothing to change" 2 \
    "$PMO" gate update 1
pmo_test_expect_exit "gate add --template of no template" 2 \
    "$PMO" gate add "$MS" --template "Securty review"
pmo_test_expect_one_line "an unknown gate template is one line" "$PMO_ERR"
pmo_test_expect_contains "the gate templates are listed" "$PMO_ERR" \
    "no gate template \"Securty review\" (one of: Security review, Launch readiness"
pmo_test_expect_exit "a template gate added" 0 \
    "$PMO" gate add "$MS" --template "Security review" --json
EXTRA=$(json 'd["id"]')
pmo_test_expect_exit "a contributor cannot remove a gate" 6 \
    as bob gate remove "$EXTRA"
pmo_test_expect_exit "gate remove" 0 "$PMO" gate remove "$EXTRA"
pmo_test_expect_contains "remove says what went" "$PMO_OUT" \
    "Removed gate $EXTRA from $MS: Security review"
pmo_test_expect_exit "a removed gate is gone" 3 "$PMO" gate update "$EXTRA" \
    --name x
pmo_test_expect_exit "now the milestone can be finished" 0 \
    "$PMO" task done "$MS"
# A finished milestone keeps its sign-offs: reopen it to withdraw one.
pmo_test_expect_exit "no unsigning on a finished milestone" 4 \
    "$PMO" gate unsign "$MS" thermal
pmo_test_expect_contains "it says to reopen it" "$PMO_ERR" "reopen it first"
pmo_test_expect_exit "gate list" 0 "$PMO" gate list HW
pmo_test_expect_contains "the gate is fully signed" "$(line_of 1)" \
    "1 $MS EVT exit gate quality 2/2"
pmo_test_expect_eq "the removed gate is not listed" "1" \
    "$(grep -cE '^[0-9]+ ' <<<"$PMO_OUT")"
pmo_test_expect_exit "audit tail" 0 "$ADM" audit tail -n 50
pmo_test_expect_contains "the withdrawn sign-off is audited" "$PMO_OUT" \
    "UnsignCriterion"

# ------------------------------------------------------------- actions

pmo_test_expect_exit "action for bob, overdue" 0 "$PMO" action add HW \
    --title "Call the supplier" --owner bob --due 2020-02-01 --from risk:1
pmo_test_expect_exit "action for admin" 0 "$PMO" action add HW \
    --title "Book the cert lab" --owner admin --due 2099-01-01
pmo_test_expect_exit "action in OTHER" 0 "$PMO" action add OTHER \
    --title "Kick-off" --owner admin --due 2099-01-01
pmo_test_expect_exit "action list" 0 "$PMO" action list HW
pmo_test_expect_contains "the risk action, overdue" "$(line_of 1)" \
    "1 HW Call the supplier bob 2020-02-01 ! open risk 1"
pmo_test_expect_exit "actions --mine, as bob" 0 as bob actions --mine
pmo_test_expect_eq "only bob's" "1" \
    "$(grep -cE '^[0-9]+ ' <<<"$PMO_OUT")"
pmo_test_expect_exit "actions across programs, as admin" 0 \
    "$PMO" actions --mine --json
pmo_test_expect_eq "admin's from both programs" "HW OTHER" \
    "$(json '" ".join(sorted(a["program"] for a in d["actions"]))')"
pmo_test_expect_exit "actions --overdue" 0 "$PMO" actions --overdue
pmo_test_expect_contains "the overdue one" "$PMO_OUT" "Call the supplier"
pmo_test_expect_not_contains "and not the others" "$PMO_OUT" "Kick-off"
pmo_test_expect_exit "bob marks his done" 0 as bob action done 1
pmo_test_expect_contains "done says so" "$PMO_OUT" \
    "Done: action 1: Call the supplier"
pmo_test_expect_exit "nothing overdue now" 0 "$PMO" actions --overdue
pmo_test_expect_contains "no actions" "$PMO_OUT" "No actions."
pmo_test_expect_exit "action add with a bad source" 2 "$PMO" action add HW \
    --title "x" --from sprint:3
pmo_test_expect_one_line "a bad --from is one line" "$PMO_ERR"

# ---------------------------------------------- retrospective, lessons

pmo_test_expect_exit "retro add" 0 "$PMO" retro add HW --title "EVT retro" \
    --date 2027-02-02 --went-well "Board up in a day" \
    --went-badly "The supplier slipped twice" \
    --root-cause "Single source for the sensor" \
    --action "Qualify a second source|bob|2027-03-01"
pmo_test_expect_exit "lesson from the retro" 0 "$PMO" lessons add HW \
    --title "Vendor delay: qualify a second source early" \
    --body "A single vendor delay cost the EVT build two weeks." \
    --tag vendor --tag supply --retro 1
pmo_test_expect_exit "another lesson" 0 "$PMO" lessons add HW \
    --title "Book test labs early" --body "Labs book out a month ahead." \
    --tag lab
pmo_test_expect_exit "retro show" 0 "$PMO" retro show 1
pmo_test_expect_contains "the retro's action item, action 4 of the log" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "4 open Qualify a second source bob 2027-03-01"
pmo_test_expect_contains "and its lesson" "$PMO_OUT" \
    "1  Vendor delay: qualify a second source early"
pmo_test_expect_exit "retro list" 0 "$PMO" retro list HW
pmo_test_expect_contains "the retro is listed" "$(line_of 1)" \
    "1 2027-02-02 retrospective EVT retro admin"
# A program one has no role in is not there, as far as one can tell.
pmo_test_expect_exit "erin cannot read HW's risks" 3 as erin risk list HW
pmo_test_expect_one_line "refused in one line" "$PMO_ERR"
pmo_test_expect_exit "erin searches the lessons" 0 \
    as erin lessons search "vendor delay"
pmo_test_expect_contains "she finds HW's lesson first" \
    "$(grep -E '^[0-9]+ ' <<<"$PMO_OUT" | head -n 1 | tr -s ' ')" \
    "HW Vendor delay: qualify a second source early vendor, supply"
pmo_test_expect_not_contains "and not the lab one" "$PMO_OUT" "test labs"
pmo_test_expect_exit "lessons search --json" 0 \
    as erin lessons search '"vendor delay"' --json
pmo_test_expect_eq "search --json: the lesson, ranked" "1|HW|True" \
    "$(json '"|".join([str(d["lessons"][0]["id"]), d["lessons"][0]["program"],
                      str(d["lessons"][0]["rank"] > 0)])')"
pmo_test_expect_exit "lessons search by tag" 0 as erin lessons search --tag lab
pmo_test_expect_contains "the tag finds the lab lesson" "$PMO_OUT" \
    "Book test labs early"
pmo_test_expect_exit "retro add without a date" 2 "$PMO" retro add HW \
    --title "x"
pmo_test_expect_contains "the date is asked for" "$PMO_ERR" \
    "--date is required"
pmo_test_expect_exit "retro add with a bad action" 2 "$PMO" retro add HW \
    --title x --date 2027-02-02 --action "a|b|someday"
pmo_test_expect_one_line "a bad action is one line" "$PMO_ERR"

# ------------------------------------------- meetings, decisions, RAID

pmo_test_expect_exit "meeting add" 0 "$PMO" meeting add HW \
    --title "Weekly risk review" --date 2027-01-11 --attendee bob,admin
pmo_test_expect_exit "decision in the meeting" 0 "$PMO" decision add HW \
    --question "Second source for the sensor?" --option "Stay single" \
    --option "Qualify a second" --decision "Qualify a second" \
    --status decided --meeting 1
pmo_test_expect_exit "action from the meeting" 0 "$PMO" action add HW \
    --title "Send the RFQ" --owner bob --meeting 1
pmo_test_expect_exit "meeting show" 0 "$PMO" meeting show HW 1
pmo_test_expect_contains "the meeting lists its decision" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "decisions: 1"
pmo_test_expect_contains "and its action" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "actions: 5"
pmo_test_expect_contains "the action itself: title, owner, status" \
    "$(sed -n '/^Actions/,$p' <<<"$PMO_OUT" | tr -s ' ')" \
    "5 Send the RFQ bob - open"
pmo_test_expect_exit "decision list" 0 "$PMO" decision list HW
pmo_test_expect_contains "the decision" "$(line_of 1)" \
    "1 decided Second source for the sensor? Qualify a second"
pmo_test_expect_exit "assumption add" 0 "$PMO" assumption add HW \
    --statement "The lab is free in February" --validate-by 2020-01-20
pmo_test_expect_exit "assumption list --overdue" 0 \
    "$PMO" assumption list HW --overdue
pmo_test_expect_contains "the assumption, past its date" "$(line_of 1)" \
    "1 The lab is free in February - 2020-01-20 ! open"
pmo_test_expect_exit "assumption update" 0 "$PMO" assumption update 1 \
    status=validated "note=Booked for Feb 3"
pmo_test_expect_contains "validated" "$(tr -s ' ' <<<"$PMO_OUT")" \
    "status: validated"
pmo_test_expect_exit "issue update" 0 "$PMO" issue update HW 1 \
    status=resolved "resolution=Second source qualified" escalation=program
pmo_test_expect_contains "the issue is resolved" \
    "$(tr -s ' ' <<<"$PMO_OUT")" "escalation: program"
pmo_test_expect_exit "issue update with a bad escalation" 2 \
    "$PMO" issue update 1 escalation=ceo
pmo_test_expect_one_line "a bad escalation is one line" "$PMO_ERR"
pmo_test_expect_exit "meeting add without a date" 2 "$PMO" meeting add HW \
    --title x
pmo_test_expect_contains "the date is asked for" "$PMO_ERR" \
    "--date is required"

# ------------------------------------------------------------ bad input

pmo_test_expect_exit "an option of one value given twice" 2 \
    "$PMO" task add HW --project board --title "A" --title "B"
pmo_test_expect_contains "it says so" "$PMO_ERR" \
    "--title was given twice; it takes one value"
pmo_test_expect_exit "the same in a record command" 2 \
    "$PMO" risk add HW --title "A" --probability 2 --title "B" --impact 2
pmo_test_expect_contains "it says so there too" "$PMO_ERR" "given twice"
pmo_test_expect_exit "a repeatable option given twice is fine" 0 \
    "$PMO" task add HW --project board --title "Tagged" --tag a --tag b --json
pmo_test_expect_eq "both tags" "a,b" "$(json '",".join(d["tags"])')"
TAGGED=$(json 'd["ref"]')
pmo_test_expect_exit "percent complete below 0" 2 \
    "$PMO" task set "$TAGGED" percent_complete=-5
pmo_test_expect_contains "the range is 0 to 100, for the field named" \
    "$PMO_ERR" "percent_complete: must be from 0 to 100: '-5'"
pmo_test_expect_exit "percent complete above 100" 2 \
    "$PMO" task set "$TAGGED" percent_complete=101
pmo_test_expect_exit "pmo help risk add" 0 "$PMO" help risk add
help_out=$PMO_OUT
pmo_test_expect_exit "pmo risk add --help" 0 "$PMO" risk add --help
pmo_test_expect_eq "help CMD and CMD --help say the same" "$help_out" \
    "$PMO_OUT"
pmo_test_expect_contains "the usage and what it does" "$PMO_OUT" \
    "usage: pmo risk add PROGRAM --title T"
pmo_test_expect_exit "pmo help task" 0 "$PMO" help task
help_out=$PMO_OUT
pmo_test_expect_exit "pmo task --help" 0 "$PMO" task --help
pmo_test_expect_eq "help GROUP and GROUP --help say the same" "$help_out" \
    "$PMO_OUT"
pmo_test_expect_exit "pmo help of no command" 2 "$PMO" help frobnicate

# -------------------------------------------------------------- template

# The template's gates are signed by roles the creator must name.
pmo_test_expect_exit "program create --template without its approvers" 2 \
    "$PMO" program create HW2 --name "Next board" --template hardware
pmo_test_expect_one_line "the missing roles are one line" "$PMO_ERR"
pmo_test_expect_contains "the roles to name are listed" "$PMO_ERR" \
    "name who signs its gates as compliance-officer, hardware-lead, operations-lead, quality-lead"
pmo_test_expect_exit "nothing was made for it" 3 "$PMO" program show HW2
pmo_test_expect_exit "program create --template with a role it lacks" 2 \
    "$PMO" program create HW2 --name "Next board" --template hardware \
    --approver janitor=bob --approver admin
pmo_test_expect_contains "the unknown role is named" "$PMO_ERR" \
    "has no role janitor"
pmo_test_expect_exit "program create --template hardware" 0 \
    "$PMO" program create HW2 --name "Next board" --template hardware \
    --approver hardware-lead=bob --approver admin
pmo_test_expect_contains "made from the Hardware template" "$PMO_OUT" \
    "From template Hardware, in project plan:"
pmo_test_expect_contains "the check it expects to fail, and why" "$PMO_OUT" \
    "Expected to fail schedule check resources: A template names no people"
pmo_test_expect_exit "the template's risks are in the register" 0 \
    "$PMO" risk list HW2 --json
pmo_test_expect_eq "its five risks, in their categories" \
    "compliance:1 vendor:2 technical:1 budget:1" \
    "$(json '" ".join(c + ":" + str(sum(r["category"] == "RISK_" + c.upper() for r in d["risks"]))
                   for c in ["compliance", "vendor", "technical", "budget"])')"
pmo_test_expect_exit "the template's gates are on its milestones" 0 \
    "$PMO" gate list HW2 --json
pmo_test_expect_eq "six gates" "6" "$(json 'len(d["gates"])')"
pmo_test_expect_exit "bob may sign what he was named for" 0 \
    "$PMO" program members HW2 --json
pmo_test_expect_eq "bob was made a contributor to sign" "ROLE_CONTRIBUTOR" \
    "$(json '[m["role"] for m in d["members"] if m["username"] == "bob"][0]')"
pmo_test_expect_exit "the schedule check of a fresh template" 1 \
    "$PMO" schedule check HW2
pmo_test_expect_contains "only the exempt check fails" "$PMO_OUT" \
    " 1 failed."
pmo_test_expect_exit "a template by the start of its name" 0 \
    "$PMO" program create ENT --name "ERP" --template enterprise \
    --approver admin
pmo_test_expect_contains "enterprise is Enterprise systems" "$PMO_OUT" \
    "From template Enterprise systems"
pmo_test_expect_exit "program create --template of no template" 2 \
    "$PMO" program create HW3 --name "x" --template nosuch
pmo_test_expect_one_line "an unknown template is one line" "$PMO_ERR"
pmo_test_expect_contains "the templates are listed" "$PMO_ERR" "Hardware"
# A template that fails at its second gate (two gates of one name on one
# milestone), after the program, its project and its items were made.
psql -X -q -v ON_ERROR_STOP=1 -d "$PMO_TEST_DB" -c "INSERT INTO templates
    (kind, name, program_kind, document) VALUES (1, 'Broken', 5, '{
    \"phases\": [{\"title\": \"Build\",
      \"checklist\": [{\"title\": \"Solder\", \"days\": 2}],
      \"milestones\": [{\"title\": \"Built\", \"gates\": [
        {\"name\": \"Review\", \"kind\": \"quality\", \"criteria\": [\"a\"]},
        {\"name\": \"Review\", \"kind\": \"quality\", \"criteria\": [\"b\"]}
      ]}]}]}')" >/dev/null
pmo_test_expect_exit "program create from a template that fails midway" 4 \
    "$PMO" program create HALF --name "Half made" --template Broken
pmo_test_expect_exit "leaves no program behind" 3 "$PMO" program show HALF

# ------------------------------------------------------- issue links

# The risk still open is 2 (thermal), the decision 1; refs are taken in
# any case, as everywhere.
pmo_test_expect_exit "issue add with its links" 0 "$PMO" issue add HW \
    --title "Fan too loud" --risk 2 --decision 1 --item "${MS,,}" --json
pmo_test_expect_eq "add --json: the links as given" "2|[2]|[1]|['$MS']" \
    "$(json '"|".join(str(x) for x in [d["id"], d["risks"], d["decisions"],
                                       d["items"]])')"
pmo_test_expect_exit "issue show of the links" 0 "$PMO" issue show 2
pmo_test_expect_contains "the risk is shown" "$(tr -s ' ' <<<"$PMO_OUT")" \
    "risks: 2"
pmo_test_expect_contains "the decision is shown" "$(tr -s ' ' <<<"$PMO_OUT")" \
    "decisions: 1"
pmo_test_expect_exit "issue update --risk replaces the risks" 0 \
    "$PMO" issue update HW 2 --risk 3 --risk 2 --json
pmo_test_expect_eq "both risks, the decision kept" "[2, 3]|[1]|2" \
    "$(json '"|".join(str(x) for x in [sorted(d["risks"]), d["decisions"],
                                       d["version"]])')"
pmo_test_expect_exit "issue update --decision '' with a field" 0 \
    "$PMO" issue update 2 --decision "" severity=high --json
pmo_test_expect_eq "no decision now; the risks stay" "[]|[2, 3]|ISSUE_HIGH" \
    "$(json '"|".join(str(x) for x in [d.get("decisions", []),
                                       sorted(d["risks"]), d["severity"]])')"
pmo_test_expect_exit "issue update with nothing to change" 2 \
    "$PMO" issue update 2
pmo_test_expect_contains "it says so" "$PMO_ERR" "nothing to change"
pmo_test_expect_exit "issue add --risk 0" 2 "$PMO" issue add HW \
    --title "x" --risk 0
pmo_test_expect_one_line "a bad risk id is one line" "$PMO_ERR"
pmo_test_expect_contains "it names the option" "$PMO_ERR" "--risk: risks:"
pmo_test_expect_exit "issue add linking no such risk" 2 "$PMO" issue add HW \
    --title "x" --risk 999
pmo_test_expect_contains "the missing risk is named" "$PMO_ERR" \
    "issue.risks[0]: no risk 999 in HW"

# --------------------------------------------------------------- deletes

# A version given is the one the caller read: risk 3 was created (1) and
# closed (2), so version 1 is stale and nothing is deleted.
pmo_test_expect_exit "risk delete of a stale version" 4 \
    "$PMO" risk delete 3 --version 1
pmo_test_expect_one_line "the refusal is one line" "$PMO_ERR"
pmo_test_expect_contains "it gives both versions" "$PMO_ERR" \
    "it is at version 2, you read version 1"
pmo_test_expect_exit "the risk is still there" 0 "$PMO" risk show 3
pmo_test_expect_exit "risk delete of the version it is at" 0 \
    "$PMO" risk delete 3 --version 2
pmo_test_expect_contains "delete --version says what went" "$PMO_OUT" \
    "Deleted risk 3."
pmo_test_expect_exit "risk delete in another program's name" 3 \
    "$PMO" risk delete OTHER 2
pmo_test_expect_contains "it says where the risk is" "$PMO_ERR" \
    "risk 2 is in HW, not OTHER"
pmo_test_expect_exit "risk delete, the version read first" 0 \
    "$PMO" risk delete HW 2
pmo_test_expect_contains "delete names what it deleted" "$PMO_OUT" \
    "Deleted risk 2: Thermal margin"
pmo_test_expect_exit "a deleted risk is gone" 3 "$PMO" risk show 2
pmo_test_expect_exit "risk delete of no risk" 3 "$PMO" risk delete 2
pmo_test_expect_one_line "no such risk is one line" "$PMO_ERR"
pmo_test_expect_exit "risk delete with a bad version" 2 \
    "$PMO" risk delete 1 --version x
pmo_test_expect_contains "the option is named" "$PMO_ERR" "--version"
pmo_test_expect_exit "risk delete without an id" 2 "$PMO" risk delete
pmo_test_expect_exit "issue delete --json" 0 "$PMO" issue delete 2 --json
pmo_test_expect_eq "delete --json is the empty reply" "{}" \
    "$(json 'd' | tr -d ' ')"
pmo_test_expect_exit "assumption delete" 0 "$PMO" assumption delete HW 1
pmo_test_expect_contains "the assumption went" "$PMO_OUT" \
    "Deleted assumption 1: The lab is free in February"
pmo_test_expect_exit "decision delete" 0 "$PMO" decision delete 1
pmo_test_expect_exit "decision list after" 0 "$PMO" decision list HW
pmo_test_expect_contains "no decisions" "$PMO_OUT" "No decisions."
pmo_test_expect_exit "action delete" 0 "$PMO" action delete HW 5
pmo_test_expect_contains "the action went" "$PMO_OUT" \
    "Deleted action 5: Send the RFQ"
pmo_test_expect_exit "meeting delete" 0 "$PMO" meeting delete 1
pmo_test_expect_contains "the meeting went" "$PMO_OUT" \
    "Deleted meeting 1: Weekly risk review"
pmo_test_expect_exit "a deleted meeting is gone" 3 "$PMO" meeting show 1
pmo_test_expect_exit "bob may not delete admin's program's issue" 6 \
    as bob issue delete 1
pmo_test_expect_one_line "refused in one line" "$PMO_ERR"

# --------------------------------------------------- gate templates, tags

pmo_test_expect_exit "gate templates" 0 "$PMO" gate templates
pmo_test_expect_contains "a seeded template, what it is for" \
    "$(line_of 'Launch readiness')" \
    "Launch readiness Go/no-go for a launch built-in"
pmo_test_expect_not_contains "no program templates" "$PMO_OUT" "Hardware"
pmo_test_expect_exit "gate templates --json" 0 "$PMO" gate templates --json
SEEDED="Compliance controls, Launch readiness, Responsible AI review"
SEEDED+=", Security review"
pmo_test_expect_eq "the four seeded gate templates, gate kind only" \
    "$SEEDED|TEMPLATE_GATE" \
    "$(json '(", ".join(sorted(t["name"] for t in d["templates"])) + "|" +
              " ".join(sorted(set(t["kind"] for t in d["templates"]))))')"
pmo_test_expect_exit "gate templates takes no argument" 2 \
    "$PMO" gate templates HW

pmo_test_expect_exit "lessons add --tags" 0 "$PMO" lessons add HW \
    --title "Keep spare sensors" --tags "spares,supply" --tag vendor --json
pmo_test_expect_eq "--tags adds each tag, with --tag's" "spares supply vendor" \
    "$(json '" ".join(sorted(d["tags"]))')"
pmo_test_expect_exit "a tag from --tags is searched" 0 \
    "$PMO" lessons search --tag spares
pmo_test_expect_contains "the lesson is found by it" "$PMO_OUT" \
    "Keep spare sensors"

pmo_test_expect_exit "risk group help" 0 "$PMO" risk --help
pmo_test_expect_contains "the risk commands are listed" "$PMO_OUT" \
    "risk matrix"

pmo_test_done
