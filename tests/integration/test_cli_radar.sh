#!/bin/bash
# tests/integration/test_cli_radar.sh - pmo radar, the way a TPM keeps the
# organisation's technology radar: put technologies on it, move one to
# another ring as evidence comes in, link it to the program and risk it
# bears on, see it on the program's summary, read its history, and the
# errors a slip of the keyboard gets (a blank name, an unknown ring, a
# twin, someone else's entry).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200

json() { pmo_test_json "$@"; }

as() { pmo_test_as "$@"; }

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pw="pw-erin-$RANDOM-$RANDOM"
pmo_test_expect_exit "user erin" 0 "$ADM" user add erin --password-stdin <<<"$pw"
mkdir -p -m 0700 "$PMO_TEST_TMP/config-erin"
pmo_test_expect_exit "erin logs in" 0 \
    as erin login --user erin --password-stdin <<<"$pw"
pmo_test_expect_exit "program create" 0 "$PMO" program create PAY \
    --name "Payments"
pmo_test_expect_exit "a risk to link" 0 "$PMO" risk add PAY \
    --title "Runtime unfamiliar to on-call" --probability 3 --impact 3

pmo_test_expect_exit "radar add" 0 "$PMO" radar add Rust --quadrant languages \
    --ring assess --rationale "memory safety without a collector" \
    --program pay
pmo_test_expect_contains "add says what it made" "$PMO_OUT" "Added entry 1: Rust"
pmo_test_expect_exit "radar add by erin" 0 as erin radar add "Feature flags" \
    --quadrant techniques --ring trial

pmo_test_expect_exit "radar list" 0 "$PMO" radar list
pmo_test_expect_contains "list shows the ring" "$PMO_OUT" \
    "Rust           languages   assess"
pmo_test_expect_exit "radar list --ring trial" 0 "$PMO" radar list --ring trial
pmo_test_expect_contains "the trial ring holds erin's entry" "$PMO_OUT" \
    "Feature flags"
pmo_test_expect_not_contains "and not Rust" "$PMO_OUT" "Rust"

pmo_test_expect_exit "radar move" 0 "$PMO" radar move 1 trial \
    --rationale "one team shipped it"
pmo_test_expect_contains "the move is shown" "$PMO_OUT" "ring:         trial"
pmo_test_expect_exit "radar link" 0 "$PMO" radar link 1 --risk 1
pmo_test_expect_exit "radar show --json" 0 "$PMO" radar show 1 --json
pmo_test_expect_eq "links add to what was there" \
    "$(json '[d["programs"], d["risk_ids"], d["ring"]]')" \
    "[['PAY'], [1], 'RADAR_TRIAL']"

pmo_test_expect_exit "radar history" 0 "$PMO" radar history 1
pmo_test_expect_contains "history: the creation" "$PMO_OUT" "admin  -       assess"
pmo_test_expect_contains "history: the move with its reason" "$PMO_OUT" \
    "assess  trial   one team shipped it"

pmo_test_expect_exit "program show" 0 "$PMO" program show PAY
pmo_test_expect_contains "the program's summary lists its radar" "$PMO_OUT" \
    "Rust (trial, languages)"

pmo_test_expect_exit "a blank name" 2 "$PMO" radar add "   "
pmo_test_expect_contains "names the field" "$PMO_ERR" "entry.name: must not be blank"
pmo_test_expect_exit "an unknown ring" 2 "$PMO" radar move 1 maybe
pmo_test_expect_contains "lists the rings" "$PMO_ERR" "adopt, trial, assess, hold"
pmo_test_expect_exit "a twin" 4 "$PMO" radar add RUST
pmo_test_expect_contains "says which name" "$PMO_ERR" "'RUST' already exists"
pmo_test_expect_exit "someone else's entry" 6 as erin radar move 1 hold
pmo_test_expect_contains "says who may" "$PMO_ERR" "only the owner"
pmo_test_expect_exit "a program erin cannot see" 2 as erin radar link 2 \
    --program PAY
pmo_test_expect_contains "is not found" "$PMO_ERR" "entry.programs[0]: no program PAY"

pmo_test_expect_exit "radar delete" 0 as erin radar delete 2
pmo_test_expect_exit "radar list after delete" 0 "$PMO" radar list --json
pmo_test_expect_eq "one entry left" "$(json 'len(d["entries"])')" "1"

pmo_test_done
