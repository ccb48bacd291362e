#!/bin/bash
# tests/integration/test_cli_retro_actions.sh - a retrospective's action
# items are action items: handed out with the retro, they show in their
# owner's pmo actions --mine --overdue and in retro show with their state;
# owners must hold a role in the program. Then migration 0012 on a
# database as 0011 left it: the action items kept inside retros become
# action items, exactly.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200
YESTERDAY=$(date -d yesterday +%F)
NEXT_YEAR=$(date -d '+1 year' +%F)

sql() {
    psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$PMO_TEST_DB" -c "$1"
}

# as USER CMD...: the pmo command line logged in as USER.
as() {
    local who=$1
    shift
    env PMO_CONFIG_DIR="$PMO_TEST_TMP/config-$who" "$PMO" "$@"
}

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
for who in bob carol; do
    pw="pw-$who-$RANDOM-$RANDOM"
    pmo_test_expect_exit "create $who" 0 \
        "$ADM" user add "$who" --password-stdin <<<"$pw"
    mkdir -p -m 0700 "$PMO_TEST_TMP/config-$who"
    pmo_test_expect_exit "$who logs in" 0 as "$who" login --user "$who" \
        --password-stdin <<<"$pw"
done
pmo_test_expect_exit "program create" 0 "$PMO" program create ret \
    --name "Retros"
pmo_test_expect_exit "bob contributes to RET" 0 \
    "$PMO" program grant RET bob contributor

# ------------------------------------------------- handed out by a retro

pmo_test_expect_exit "retro with an action for bob due yesterday" 0 \
    "$PMO" retro add RET --title "Sprint 9" --date "$YESTERDAY" \
    --action "Fix the flaky test|bob|$YESTERDAY" --action "Write it up||"
pmo_test_expect_exit "bob's overdue actions" 0 as bob actions --mine --overdue
pmo_test_expect_contains "the retro's action is there, overdue, from it" \
    "$(tr -s ' ' <<<"$PMO_OUT")" \
    "1 RET Fix the flaky test bob $YESTERDAY ! open retrospective 1"
pmo_test_expect_not_contains "and not the unowned one" "$PMO_OUT" "Write it up"
pmo_test_expect_exit "retro show" 0 "$PMO" retro show 1
SHOWN=$(tr -s ' ' <<<"$PMO_OUT")
pmo_test_expect_contains "the retro lists it with its state" "$SHOWN" \
    "1 open (overdue) Fix the flaky test bob $YESTERDAY"
pmo_test_expect_contains "and the other" "$SHOWN" "2 open Write it up - -"

pmo_test_expect_exit "bob marks it done" 0 as bob action done 1
pmo_test_expect_exit "retro show after" 0 "$PMO" retro show 1 --json
pmo_test_expect_eq "the retro shows it done" "1:ACTION_DONE:False" \
    "$(python3 -c 'import json, sys
a = json.loads(sys.argv[1])["action_items"][0]
print("%s:%s:%s" % (a["action_id"], a["status"], a.get("overdue", False)))' \
        "$PMO_OUT")"
pmo_test_expect_exit "nothing overdue for bob now" 0 \
    as bob actions --mine --overdue
pmo_test_expect_contains "says so" "$PMO_OUT" "No actions."

pmo_test_expect_exit "retro update hands out one more" 0 \
    "$PMO" retro update 1 action="Share the fix|bob|$NEXT_YEAR"
pmo_test_expect_exit "bob's open actions" 0 as bob actions --mine \
    --status open
pmo_test_expect_contains "the new one" "$PMO_OUT" "Share the fix"
pmo_test_expect_exit "retro show lists three" 0 "$PMO" retro show 1 --json
pmo_test_expect_eq "the two kept and the new one, in order" \
    "Fix the flaky test,Write it up,Share the fix" \
    "$(python3 -c 'import json, sys
print(",".join(a["text"] for a in json.loads(sys.argv[1])["action_items"]))' \
        "$PMO_OUT")"

# ------------------------------------------------ owners who cannot see it

pmo_test_expect_exit "an owner with no role in RET" 2 \
    "$PMO" retro add RET --title "Sprint 10" --date "$YESTERDAY" \
    --action "Ask carol|carol|"
pmo_test_expect_contains "names the field and the user" "$PMO_ERR" \
    "retro.action_items[0].owner: carol holds no role in RET"
pmo_test_expect_exit "an owner who is no user" 2 \
    "$PMO" retro add RET --title "Sprint 10" --date "$YESTERDAY" \
    --action "Ask a ghost|ghost|"
pmo_test_expect_contains "names the field and the user" "$PMO_ERR" \
    "retro.action_items[0].owner: no user ghost"
pmo_test_expect_eq "nothing was half written" "1|3" \
    "$(sql "SELECT (SELECT count(*) FROM retros) || '|' ||
                   (SELECT count(*) FROM action_items)")"
pmo_test_expect_exit "no owner in retro update either" 2 \
    "$PMO" retro update 1 action="Ask carol|carol|"
pmo_test_expect_contains "names her" "$PMO_ERR" "carol holds no role in RET"

# -------------------------------------------------------- migration 0012

# The database as 0011 left it: action items inside the retro, as JSON,
# owned by a user with a role, by a name that is no user, and by no one.
pmo_test_stop_server || pmo_test_fail "the server stopped cleanly"
sql "DELETE FROM schema_migrations WHERE name = '0012_retro_actions_days_off';
     DROP TABLE days_off;
     DROP INDEX action_items_by_retro;
     ALTER TABLE retros ADD COLUMN action_items jsonb NOT NULL DEFAULT '[]';
     INSERT INTO retros (program_id, title, held_on, kind, action_items,
                         created_at)
     SELECT id, 'Old retro', '2026-01-05', 1,
            '[{\"text\": \"Renew the certs\", \"owner\": \"bob\",
               \"due\": \"2026-02-01\"},
              {\"text\": \"Call the vendor\", \"owner\": \"Alice Smith\",
               \"due\": \"\"},
              {\"text\": \"Tidy the wiki\", \"owner\": \"\", \"due\": \"\"}]',
            '2026-01-05 10:00+00'
       FROM programs WHERE key = 'RET'" >/dev/null ||
    pmo_test_die "cannot set up the old database"
AUDIT_BEFORE=$(sql "SELECT coalesce(max(id), 0) FROM audit_log")
pmo_test_restart_server

pmo_test_expect_eq "each old item is one action, in order, exactly" \
"Renew the certs|bob|2026-02-01|1|2026-01-05||
Call the vendor|||1|2026-01-05|Owner named in the retrospective: Alice Smith|
Tidy the wiki|||1|2026-01-05||" \
    "$(sql "SELECT a.title, coalesce(u.username, ''),
                   coalesce(a.due_date::text, ''), a.status,
                   (a.created_at AT TIME ZONE 'UTC')::date, a.notes, ''
              FROM action_items a LEFT JOIN users u ON u.id = a.owner_id
              JOIN retros r ON r.id = a.source_id AND a.source = 2
             WHERE r.title = 'Old retro' ORDER BY a.id")"
pmo_test_expect_eq "each new action is audited" "3" \
    "$(sql "SELECT count(*) FROM audit_log
             WHERE id > $AUDIT_BEFORE AND entity = 'action_item'
               AND method = 'migration 0012_retro_actions_days_off'")"
pmo_test_expect_eq "the column is gone" "0" \
    "$(sql "SELECT count(*) FROM information_schema.columns
             WHERE table_name = 'retros' AND column_name = 'action_items'")"
pmo_test_expect_eq "the retros handed out before are untouched" "3" \
    "$(sql "SELECT count(*) FROM action_items WHERE source_id = 1")"
pmo_test_expect_exit "the old retro shows them" 0 "$PMO" retro show 2
SHOWN=$(tr -s ' ' <<<"$PMO_OUT")
pmo_test_expect_contains "bob's, overdue" "$SHOWN" \
    "open (overdue) Renew the certs bob 2026-02-01"
pmo_test_expect_contains "the unowned one" "$SHOWN" "open Call the vendor - -"
pmo_test_expect_exit "bob's overdue actions after the upgrade" 0 \
    as bob actions --mine --overdue
pmo_test_expect_contains "the migrated one is there" "$PMO_OUT" \
    "Renew the certs"

pmo_test_done
