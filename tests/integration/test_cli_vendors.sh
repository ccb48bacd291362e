#!/bin/bash
# tests/integration/test_cli_vendors.sh - pmo vendor and pmo contract, the
# way a TPM keeps a program's suppliers: add a vendor with its contacts,
# record a contract with it (value, dates, the work items its payments
# fall due on and the ones the vendor owes), spend against it, and see
# what is left and what is late (by the due date and by the schedule's
# forecast), point a risk and an issue at the vendor; and the refusals
# people meet (a negative value, an amount in another currency, an end
# before the start, a deliverable of another program, a viewer adding a
# contract, a contract of another program, a vendor still under contract
# deleted).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200

json() { pmo_test_json "$@"; }

as() { pmo_test_as "$@"; }

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pw="pw-vera-$RANDOM-$RANDOM"
pmo_test_expect_exit "user vera" 0 "$ADM" user add vera --password-stdin <<<"$pw"
mkdir -p -m 0700 "$PMO_TEST_TMP/config-vera"
pmo_test_expect_exit "vera logs in" 0 \
    as vera login --user vera --password-stdin <<<"$pw"
pmo_test_expect_exit "program create" 0 "$PMO" program create PAY --name "Payments"
pmo_test_expect_exit "another program" 0 "$PMO" program create OPS --name "Operations"
pmo_test_expect_exit "a team" 0 "$PMO" team create web --name "Web"
pmo_test_expect_exit "a project" 0 "$PMO" project add PAY web --name "Web" --team web
pmo_test_expect_exit "an ops project" 0 "$PMO" project add OPS run --name "Run" --team web
pmo_test_expect_exit "a milestone done" 0 "$PMO" task add PAY --project web \
    --title "Sandbox integration" --start 2026-01-05 --finish 2026-01-30
pmo_test_expect_exit "it is done" 0 "$PMO" task done PAY-1 --date 2026-01-30
pmo_test_expect_exit "a milestone due in March" 0 "$PMO" task add PAY \
    --project web --title "Production cutover" --start 2026-02-02 \
    --finish 2026-03-13
pmo_test_expect_exit "a deliverable past the contract's end" 0 "$PMO" task add \
    PAY --project web --title "Fraud rules tuned" --start 2026-05-04 \
    --finish 2026-07-31
pmo_test_expect_exit "a deliverable forecast past the contract's end" 0 \
    "$PMO" task add PAY --project web --title "Chargeback flow" \
    --start 2026-06-22 --estimate 8/10/15
pmo_test_expect_exit "an ops item" 0 "$PMO" task add OPS --project run --title "Pager"
pmo_test_expect_exit "vera views PAY" 0 "$PMO" program grant PAY vera viewer

# --- vendors ---------------------------------------------------------------
pmo_test_expect_exit "vendor add" 0 "$PMO" vendor add "PayFast Ltd" \
    --contact "Dana Ruiz <dana@payfast.example>" --contact "support@payfast.example" \
    --notes "Card acquiring and tokenisation"
pmo_test_expect_contains "add says what it made" "$PMO_OUT" "Added vendor 1: PayFast Ltd"
pmo_test_expect_exit "a twin" 4 "$PMO" vendor add "payfast ltd"
pmo_test_expect_contains "says which name is taken" "$PMO_ERR" "'payfast ltd' already exists"
pmo_test_expect_exit "vendor list" 0 "$PMO" vendor list
pmo_test_expect_contains "lists it with its contacts" "$PMO_OUT" \
    "PayFast Ltd  admin  Dana Ruiz <dana@payfast.example>, support@payfast.example"
pmo_test_expect_exit "vendor show by name" 0 "$PMO" vendor show "payfast ltd"
pmo_test_expect_contains "shows the notes" "$PMO_OUT" "Card acquiring and tokenisation"
pmo_test_expect_exit "vendor show --json" 0 "$PMO" vendor show "PayFast Ltd" --json
pmo_test_expect_eq "the contacts as a list" "$(json 'd["contacts"]')" \
    "['Dana Ruiz <dana@payfast.example>', 'support@payfast.example']"
pmo_test_expect_exit "an unknown vendor" 3 "$PMO" vendor show Nobody
pmo_test_expect_contains "says so" "$PMO_ERR" "no vendor Nobody"

# --- contracts -------------------------------------------------------------
pmo_test_expect_exit "contract add" 0 "$PMO" contract add pay --vendor "PayFast Ltd" \
    --title "Card acquiring 2026" --value "120,000" --start 2026-01-01 \
    --end 2026-06-30 --milestone pay-1 --milestone PAY-2 --deliverable PAY-3 --deliverable pay-4 \
    --sla "99.95% authorisation uptime"
pmo_test_expect_contains "add says what it made" "$PMO_OUT" \
    "Added contract 1: Card acquiring 2026"
pmo_test_expect_exit "contract list" 0 "$PMO" contract list PAY
pmo_test_expect_contains "a row with the vendor's name and the value" "$PMO_OUT" \
    "PayFast Ltd  Card acquiring 2026  120,000.00 USD  2026-01-01  2026-06-30  active"

pmo_test_expect_exit "spend against it" 0 "$PMO" cost add PAY --date 2026-01-31 \
    --amount 30000 --category vendors --vendor "PayFast Ltd" --contract 1
pmo_test_expect_exit "spend again" 0 "$PMO" cost add PAY --date 2026-02-28 \
    --amount 12500.50 --category vendors --contract 1
pmo_test_expect_exit "spend on no contract" 0 "$PMO" cost add PAY \
    --date 2026-02-28 --amount 99 --category travel
pmo_test_expect_exit "a contract of no program's" 3 "$PMO" cost add PAY \
    --date 2026-02-28 --amount 5 --category vendors --contract 7
pmo_test_expect_contains "names the field" "$PMO_ERR" \
    "expense.contract_id: no contract 7 in PAY"

pmo_test_expect_exit "contract show" 0 "$PMO" contract show PAY 1 \
    --status-date 2026-04-01
pmo_test_expect_contains "spent so far" "$PMO_OUT" "42,500.50 USD (2 expenses)"
pmo_test_expect_contains "what is left" "$PMO_OUT" "77,499.50 USD"
pmo_test_expect_contains "the done milestone" "$PMO_OUT" \
    "PAY-1  Sandbox integration  2026-01-30  2026-01-30        done"
pmo_test_expect_contains "the late milestone" "$PMO_OUT" \
    "PAY-2  Production cutover   2026-03-13  2026-04-01  late  due 2026-03-13, before the status date 2026-04-01"
pmo_test_expect_contains "the late deliverable" "$PMO_OUT" \
    "PAY-3  Fraud rules tuned  2026-07-31  2026-05-04  late  due 2026-07-31, after the contract ends 2026-06-30"
pmo_test_expect_contains "counts the late" "$PMO_OUT" "Payment milestones (1 late)"
pmo_test_expect_contains "and the forecast" "$PMO_OUT" \
    "PAY-4  Chargeback flow    -           2026-07-03  late  forecast to finish 2026-07-03, after the contract ends 2026-06-30"
pmo_test_expect_contains "the service levels" "$PMO_OUT" "99.95% authorisation uptime"
pmo_test_expect_exit "contract show --json" 0 "$PMO" contract show PAY 1 \
    --status-date 2026-02-01 --json
pmo_test_expect_eq "money in minor units, no milestone late yet, both deliverables" \
    "$(json '[d["spent_minor"], d["remaining_minor"], d.get("late_milestones", 0), d["late_deliverables"], d["vendor"]]')" \
    "[4250050, 7749950, 0, 2, 'PayFast Ltd']"
pmo_test_expect_eq "one deliverable is late by the schedule's forecast" \
    "$(json '[d["deliverables"][1]["ref"], d["deliverables"][1]["forecast_finish"] > "2026-06-30", d["deliverables"][1]["why"].startswith("forecast to finish 2026-07")]')" \
    "['PAY-4', True, True]"
pmo_test_expect_exit "a viewer reads it" 0 as vera contract show PAY 1
pmo_test_expect_exit "in another program's name" 3 "$PMO" contract show OPS 1
pmo_test_expect_contains "says where it is" "$PMO_ERR" "contract 1 is in PAY, not OPS"

# --- refusals --------------------------------------------------------------
pmo_test_expect_exit "a negative value" 2 "$PMO" contract add PAY --vendor payfast\ ltd \
    --title "Refund" --value -5 --start 2026-01-01 --end 2026-02-01
pmo_test_expect_contains "names the value" "$PMO_ERR" "contract.value:"
pmo_test_expect_exit "an amount in another currency" 2 "$PMO" contract add PAY \
    --vendor "PayFast Ltd" --title "Euro deal" --value "EUR 10" \
    --start 2026-01-01 --end 2026-02-01
pmo_test_expect_contains "names the value and currency" "$PMO_ERR" "contract.value:"
pmo_test_expect_exit "an end before the start" 2 "$PMO" contract add PAY \
    --vendor "PayFast Ltd" --title "Backwards" --value 10 --start 2026-03-01 \
    --end 2026-02-01
pmo_test_expect_contains "names the end" "$PMO_ERR" \
    "contract.end_on: must not be before start_on 2026-03-01"
pmo_test_expect_exit "an end moved before the start" 2 "$PMO" contract update PAY 1 \
    end=2025-12-31
pmo_test_expect_contains "names the end, against the start as stored" "$PMO_ERR" \
    "contract.end_on: must not be before start_on 2026-01-01 (got 2025-12-31)"
pmo_test_expect_exit "a deliverable of another program" 2 "$PMO" contract add PAY \
    --vendor "PayFast Ltd" --title "Wrong item" --value 10 --start 2026-01-01 \
    --end 2026-02-01 --deliverable OPS-1
pmo_test_expect_contains "names the deliverable" "$PMO_ERR" "contract.deliverables[0]"
pmo_test_expect_exit "no title" 2 "$PMO" contract add PAY --vendor "PayFast Ltd" \
    --value 10 --start 2026-01-01 --end 2026-02-01
pmo_test_expect_contains "names the title" "$PMO_ERR" "contract.title: is required"
pmo_test_expect_exit "a viewer cannot add a contract" 6 as vera contract add PAY \
    --vendor "PayFast Ltd" --title "Mine" --value 10 --start 2026-01-01 \
    --end 2026-02-01
pmo_test_expect_contains "names the role needed" "$PMO_ERR" "manager"
pmo_test_expect_exit "a vendor with a contract is not deleted" 4 "$PMO" vendor delete 1
pmo_test_expect_contains "says what holds it" "$PMO_ERR" "contracts"
pmo_test_expect_exit "nothing half written" 0 "$PMO" contract list PAY --json
pmo_test_expect_eq "still one contract" "$(json 'len(d["contracts"])')" "1"

# --- a risk or an issue names the vendor it concerns ----------------------
pmo_test_expect_exit "a risk" 0 "$PMO" risk add PAY --title "Acquirer outage" \
    --category vendor --probability 2 --impact 4
pmo_test_expect_exit "it names the vendor" 0 "$PMO" risk update PAY 1 vendor=1
pmo_test_expect_contains "shown" "$PMO_OUT" "vendor:"
pmo_test_expect_exit "risk show --json" 0 "$PMO" risk show PAY 1 --json
pmo_test_expect_eq "the vendor's id" "$(json 'd["risk"]["vendor_id"]')" "1"
pmo_test_expect_exit "no such vendor" 2 "$PMO" risk update PAY 1 vendor=99
pmo_test_expect_contains "names the field" "$PMO_ERR" "risk.vendor_id: no vendor 99"
pmo_test_expect_exit "an issue" 0 "$PMO" issue add PAY --title "Settlement file late"
pmo_test_expect_exit "it names the vendor" 0 "$PMO" issue update PAY 1 vendor=1
pmo_test_expect_exit "issue show --json" 0 "$PMO" issue show PAY 1 --json
pmo_test_expect_eq "the vendor's id" "$(json 'd["vendor_id"]')" "1"
pmo_test_expect_exit "the risk occurs" 0 "$PMO" risk occur PAY 1
pmo_test_expect_exit "its issue" 0 "$PMO" issue show PAY 2 --json
pmo_test_expect_eq "keeps the vendor" "$(json 'd["vendor_id"]')" "1"

pmo_test_done
