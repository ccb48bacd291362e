#!/bin/bash
# tests/integration/test_valgrind.sh - the server under valgrind's
# memcheck, through a TPM's day in miniature: log in, make a program with
# work, links and money, read every kind of view (schedule, critical
# path, forecast, levelling, budget, costs, radar), fail a few writes,
# and stop. Any invalid read or write, use of uninitialised memory, or a
# definite leak fails the test; valgrind's report is printed.
#
# A sanitizer build cannot run under valgrind: there the test is skipped
# (exit 77).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_find_binaries
if ! command -v valgrind >/dev/null; then
    echo "valgrind is not installed: skipped"
    exit 77
fi
if ldd "$PMO_BIN_DIR/pmo-server" | grep -q libasan; then
    echo "a sanitizer build cannot run under valgrind: skipped"
    exit 77
fi
pmo_test_scratch
VG_LOG="$PMO_TEST_TMP/valgrind.log"
# Definite and indirect leaks are errors; still-reachable memory (nng's
# and OpenSSL's process-wide state) is not.
export PMO_TEST_SERVER_WRAPPER="valgrind --quiet --error-exitcode=99
    --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-origins=yes
    --log-file=$VG_LOG"
PMO_TEST_READY_TIMEOUT_S=180
PMO_TEST_STOP_TIMEOUT_S=180
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
export LC_ALL=C NO_COLOR=1 COLUMNS=160

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "program create" 0 "$PMO" program create VG \
    --name "Under valgrind" --start 2026-11-02 --finish 2027-03-01
pmo_test_expect_exit "a team" 0 "$PMO" team create web --name Web
pmo_test_expect_exit "a project" 0 "$PMO" project add VG web --name Web \
    --team web
cat >"$PMO_TEST_TMP/plan.csv" <<'CSV'
key,project,kind,title,optimistic,likely,pessimistic,depends_on,cost
spec,web,task,Write the spec,2,3,5,,1200
build,web,task,Build it,5,8,13,spec,8000
test,web,task,Test it,2,3,6,build:SS+2,2500
ship,web,milestone,Ship,,,,test,
CSV
pmo_test_expect_exit "import a plan" 0 \
    "$PMO" import csv "$PMO_TEST_TMP/plan.csv" --program VG
pmo_test_expect_exit "a bad link is refused" 4 "$PMO" dep add VG-4 VG-1
pmo_test_expect_exit "start a task" 0 "$PMO" task start VG-1 --date 2026-11-02
for view in "tree VG" "schedule VG" "critical-path VG" "gantt VG" \
    "schedule check VG" "load VG" "level VG" "calendar show VG"; do
    # shellcheck disable=SC2086
    "$PMO" $view >/dev/null 2>&1
    case $? in
    0 | 1) pmo_test_pass "pmo $view answers" ;;
    *) pmo_test_fail "pmo $view answers" "exit $?" ;;
    esac
done
pmo_test_expect_exit "forecast" 0 "$PMO" forecast VG --iterations 200
pmo_test_expect_exit "baseline save" 0 "$PMO" baseline save VG v1
pmo_test_expect_exit "budget set" 0 "$PMO" budget set VG --reason "Plan" \
    people=10000 vendors:2026-12=5000
pmo_test_expect_exit "budget without a reason is refused" 2 \
    "$PMO" budget set VG people=1
pmo_test_expect_exit "cost add" 0 "$PMO" cost add VG --date 2026-11-05 \
    --amount 250.75 --category travel --item VG-1 --note "Kick-off"
pmo_test_expect_exit "budget show" 0 "$PMO" budget show VG
pmo_test_expect_exit "cost list" 0 "$PMO" cost list VG --json
pmo_test_expect_exit "risk add" 0 "$PMO" risk add VG --title "Late spec" \
    --probability 3 --impact 4
pmo_test_expect_exit "radar add" 0 "$PMO" radar add Valgrind \
    --quadrant tools --ring adopt
pmo_test_expect_exit "radar list" 0 "$PMO" radar list
pmo_test_expect_exit "whoami" 0 "$PMO" whoami

if pmo_test_stop_server; then
    pmo_test_pass "the server stopped cleanly under valgrind"
else
    pmo_test_fail "the server stopped cleanly under valgrind" \
        "$(tail -n 40 "$PMO_TEST_SERVER_LOG")"
fi
if [ -s "$VG_LOG" ]; then
    pmo_test_fail "valgrind found nothing" "$(head -c 20000 "$VG_LOG")"
else
    pmo_test_pass "valgrind found nothing"
fi
pmo_test_done
