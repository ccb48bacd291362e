#!/bin/bash
# tests/integration/test_status.sh - pmo status and pmo portfolio the way
# a TPM runs the weekly report on the demo program (deploy/demo.sh): the
# draft comes filled in from the plan, a RAG overridden without a reason
# is refused naming the field, a reviewer holds publishing until they
# approve, a published report cannot change, two weeks compare field by
# field, and the portfolio shows each program's RAG to those who can see
# it and hides the rest.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=220
export PMO="$PMO" PMO_ADMIN="$ADM"
DEMO="$PMO_TEST_LIB_DIR/../../deploy/demo.sh"

json() { pmo_test_json "$@"; }

as() { pmo_test_as "$@"; }

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "the demo loads" 0 bash "$DEMO"
for u in rita vic sam; do
    pw="pw-$u-$RANDOM-$RANDOM"
    pmo_test_expect_exit "user $u" 0 "$ADM" user add "$u" --password-stdin <<<"$pw"
    mkdir -p -m 0700 "$PMO_TEST_TMP/config-$u"
    pmo_test_expect_exit "$u logs in" 0 \
        as "$u" login --user "$u" --password-stdin <<<"$pw"
done
pmo_test_expect_exit "rita reviews CHKOUT" 0 "$PMO" program grant CHKOUT rita contributor
pmo_test_expect_exit "vic views CHKOUT" 0 "$PMO" program grant CHKOUT vic viewer
pmo_test_expect_exit "a second program" 0 "$PMO" program create SECRET \
    --name "Secret project"

# ---------------------------------------------------------------- draft
# Weeks far from now, clear of the demo's own reports.
W1=2099-W10
W2=2099-W11
pmo_test_expect_exit "status draft" 0 "$PMO" status draft CHKOUT $W1
pmo_test_expect_contains "the draft is shown" "$PMO_OUT" "CHKOUT status $W1: draft"
pmo_test_expect_contains "with the suggested schedule RAG and why" "$PMO_OUT" \
    "P80 finish"
pmo_test_expect_contains "and the metrics from the plan" "$PMO_OUT" "risks:"
pmo_test_expect_exit "status show --json" 0 "$PMO" status show CHKOUT $W1 --json
pmo_test_expect_eq "metrics: a target, a P80 and the demo's risk" "True True True" \
    "$(json 'bool(d["metrics"]["target_finish"]), bool(d["metrics"]["p80_finish"]), d["metrics"]["top_risk_exposure"] > 0' | tr -d '(),')"
pmo_test_expect_eq "the demo's budget is in the metrics" "True" \
    "$(json 'd["metrics"]["has_budget"] and int(d["metrics"]["spent_minor"]) > 0')"
suggested=$(json 'd["schedule"].get("suggested", "RAG_UNSPECIFIED")')
other=red
[ "$suggested" = RAG_RED ] && other=green
pmo_test_expect_exit "a second draft of the week is refused" 4 \
    "$PMO" status draft CHKOUT $W1
pmo_test_expect_contains "saying to edit it" "$PMO_ERR" "edit it instead"

# ------------------------------------------------------------- override
pmo_test_expect_exit "override without a reason" 2 \
    "$PMO" status edit CHKOUT $W1 --rag schedule=$other
pmo_test_expect_contains "names the field" "$PMO_ERR" "report.schedule.reason"
pmo_test_expect_exit "override with a reason" 0 \
    "$PMO" status edit CHKOUT $W1 --rag schedule=$other \
    --reason "schedule=vendor dates slipped" \
    --summary "Payments integration on track" --next-step "Load test the API" \
    --next-step "Security review"
pmo_test_expect_contains "the override is shown" "$PMO_OUT" \
    "vendor dates slipped (suggested"
pmo_test_expect_exit "a viewer cannot edit" 6 as vic status edit CHKOUT $W1 \
    --summary "mine"

# --------------------------------------------------------------- review
pmo_test_expect_exit "settings: rita reviews" 0 \
    "$PMO" status settings CHKOUT --reviewer rita --risk-red-exposure 20
pmo_test_expect_contains "settings show the reviewer" "$PMO_OUT" "reviewer:             rita"
pmo_test_expect_exit "a viewer cannot set the rules" 6 \
    as vic status settings CHKOUT --reviewer vic
pmo_test_expect_exit "publish before approval" 4 "$PMO" status publish CHKOUT $W1
pmo_test_expect_contains "says review is required" "$PMO_ERR" \
    "requires review by rita"
pmo_test_expect_exit "submit for review" 0 "$PMO" status review CHKOUT $W1
pmo_test_expect_contains "now in review" "$PMO_OUT" "in review"
pmo_test_expect_exit "rita comments" 0 as rita status comment CHKOUT $W1 \
    asks "Say what you need from leadership"
pmo_test_expect_contains "the comment is on the report" "$PMO_OUT" \
    "[asks] rita: Say what you need from leadership"
pmo_test_expect_exit "only the reviewer approves" 6 "$PMO" status approve CHKOUT $W1
pmo_test_expect_exit "vic cannot comment" 6 as vic status comment CHKOUT $W1 \
    summary "hello"
pmo_test_expect_exit "rita approves" 0 as rita status approve CHKOUT $W1
pmo_test_expect_contains "approved by rita" "$PMO_OUT" "Approved by rita"
pmo_test_expect_exit "publish" 0 "$PMO" status publish CHKOUT $W1
pmo_test_expect_contains "published" "$PMO_OUT" "published"

# ------------------------------------------------------------ immutable
pmo_test_expect_exit "a published report cannot change" 4 \
    "$PMO" status edit CHKOUT $W1 --summary "rewritten"
pmo_test_expect_contains "says why" "$PMO_ERR" "is published"
pmo_test_expect_exit "nor be commented" 4 as rita status comment CHKOUT $W1 \
    summary "late"

# ------------------------------------------------- next week and history
pmo_test_expect_exit "next week's draft" 0 "$PMO" status draft CHKOUT $W2 --json
pmo_test_expect_eq "last week's next steps are this week's accomplishments" \
    "['Load test the API', 'Security review']" "$(json 'd["accomplishments"]')"
pmo_test_expect_exit "edit next week" 0 "$PMO" status edit CHKOUT $W2 \
    --summary "Load test passed"
pmo_test_expect_exit "status list" 0 "$PMO" status list CHKOUT
pmo_test_expect_contains "the history lists both weeks" "$PMO_OUT" "$W1"
pmo_test_expect_contains "newest first" "$(head -2 <<<"$PMO_OUT" | tail -1)" "$W2"
pmo_test_expect_exit "status diff" 0 "$PMO" status diff CHKOUT $W1 $W2
pmo_test_expect_contains "the summary changed" "$PMO_OUT" \
    "summary"
pmo_test_expect_contains "from what to what" "$PMO_OUT" "Load test passed"
pmo_test_expect_contains "the state too" "$PMO_OUT" "published"
pmo_test_expect_exit "status show --format md" 0 \
    "$PMO" status show CHKOUT $W1 --format md
pmo_test_expect_contains "markdown heading" "$PMO_OUT" "# CHKOUT status, $W1 (published)"
pmo_test_expect_contains "frozen metrics" "$PMO_OUT" "## Metrics (as published)"
pmo_test_expect_contains "the override in the table" "$PMO_OUT" "| Schedule | $other (override) | vendor dates slipped |"
pmo_test_expect_exit "a bad week" 2 "$PMO" status show CHKOUT 2026-50
pmo_test_expect_contains "names the field" "$PMO_ERR" "week: \"2026-50\" is not an ISO week"

# ------------------------------------------------------------ portfolio
pmo_test_expect_exit "portfolio" 0 "$PMO" portfolio
pmo_test_expect_contains "CHKOUT with its week" "$PMO_OUT" "$W1"
pmo_test_expect_contains "and the other program" "$PMO_OUT" "SECRET"
pmo_test_expect_exit "portfolio --json" 0 "$PMO" portfolio --json
pmo_test_expect_eq "CHKOUT's RAG and P80 come from the published report" "True True" \
    "$(json '[l for l in d["lines"] if l["program"] == "CHKOUT"][0]["finish_is_p80"], [l for l in d["lines"] if l["program"] == "CHKOUT"][0]["rag"] != "RAG_UNSPECIFIED"' | tr -d '(),')"
pmo_test_expect_exit "vic's portfolio" 0 as vic portfolio
pmo_test_expect_contains "vic sees CHKOUT" "$PMO_OUT" "CHKOUT"
pmo_test_expect_not_contains "but not SECRET" "$PMO_OUT" "SECRET"
pmo_test_expect_exit "sam sees no program" 0 as sam portfolio
pmo_test_expect_contains "and says so" "$PMO_OUT" "No programs to show."
pmo_test_expect_exit "portfolio --csv" 0 "$PMO" portfolio --csv --sort slip
pmo_test_expect_contains "a CSV heading" "$PMO_OUT" "PROGRAM,STATUS,RAG"
pmo_test_expect_exit "portfolio --rag filters" 0 "$PMO" portfolio --rag amber --json
pmo_test_expect_eq "SECRET has no report, so no amber" "False" \
    "$(json 'any(l["program"] == "SECRET" for l in d.get("lines", []))')"
pmo_test_expect_exit "a tag on one program's work" 0 "$PMO" task set CHKOUT-9 \
    tags=payments
pmo_test_expect_exit "portfolio --tag" 0 "$PMO" portfolio --tag payments --json
pmo_test_expect_eq "keeps the programs with work so tagged" "['CHKOUT']" \
    "$(json '[l["program"] for l in d["lines"]]')"
pmo_test_expect_exit "a bad sort" 2 "$PMO" portfolio --sort size
pmo_test_expect_exit "sam cannot read CHKOUT's reports" 3 \
    as sam status show CHKOUT $W1

pmo_test_done
