#!/bin/bash
# tests/integration/test_backup.sh - backup and restore with PostgreSQL's
# own tools: the demo program backed up by pmo-admin backup from one
# server and restored by pmo-admin restore into a fresh one (a database
# of its own) reads back the same through the API, byte for byte over
# several parts each way; a restore onto a server with data, a file that
# is not a backup, a damaged one, one from a newer schema and a caller
# who is not an admin are refused; pmo-server --backup and --restore do
# the same without a running server, on a --db and on the embedded
# cluster, and a host backup beside a running server leaves it serving.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# The schema version a backup says: the number of the newest migration.
SCHEMA=$(find "$PMO_TEST_LIB_DIR/../../server/db/migrations" -name '[0-9]*.sql' |
    sed -E 's|.*/0*([0-9]+)_[^/]*$|\1|' | sort -n | tail -n 1)
pmo_test_start_server
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200
export PMO="$PMO" PMO_ADMIN="$ADM"
DEMO="$PMO_TEST_LIB_DIR/../../deploy/demo.sh"
BACKUP="$PMO_TEST_TMP/chkout.pmo"
VIEWS=("tree CHKOUT" "schedule CHKOUT" "risk list CHKOUT" "budget show CHKOUT")

# views_save DIR: every compared view as JSON into DIR.
views_save() {
    mkdir -p "$1"
    local v
    for v in "${VIEWS[@]}"; do
        # shellcheck disable=SC2086
        "$PMO" $v --json >"$1/${v// /_}.json" || echo "pmo $v failed" >&2
    done
}

pmo_test_expect_exit "login as admin" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "the demo loads" 0 bash "$DEMO"
views_save "$PMO_TEST_TMP/before"
pmo_test_expect_exit "a service account" 0 "$ADM" service-account add ci-bot
pmo_test_expect_exit "who may read CHKOUT" 0 \
    "$PMO" program grant CHKOUT ci-bot viewer
pmo_test_expect_exit "with an API token" 0 \
    "$ADM" --json token create reader --user ci-bot --read-only
TOKEN=$(pmo_test_json 'd["secret"]')
# Ballast that does not compress, so the backup comes in several parts.
BALLAST="SELECT md5(string_agg(t, '' ORDER BY n)) FROM backup_ballast"
RANDOM_TEXT="md5(random()::text) || md5(random()::text) || md5(random()::text)"
psql -X -q -d "$PMO_TEST_DB" -c "CREATE TABLE backup_ballast (n int, t text)" \
    -c "INSERT INTO backup_ballast SELECT n, $RANDOM_TEXT
        FROM generate_series(1, 60000) n"
BALLAST_MD5=$(psql -X -tA -d "$PMO_TEST_DB" -c "$BALLAST")

pmo_test_expect_exit "pmo-admin backup" 0 "$ADM" backup "$BACKUP"
pmo_test_expect_contains "it says where" "$PMO_OUT" "backup written to $BACKUP"
pmo_test_expect_eq "the file is the owner's alone, and whole" "600 no" \
    "$(stat -c %a "$BACKUP") $([ -e "$BACKUP.tmp" ] && echo yes || echo no)"
pmo_test_expect_eq "it starts with pmo's header" \
    "PMO-BACKUP 1|schema-version: $SCHEMA" \
    "$(sed -n 1p "$BACKUP")|$(sed -n 3p "$BACKUP")"
pmo_test_expect_eq "then a pg_dump archive" "PGDMP" \
    "$(sed -n '/^$/{n;p;q}' "$BACKUP" | head -c 5)"
pmo_test_expect_eq "it came in several parts" yes \
    "$([ "$(grep -c 'BackupService/Backup' "$PMO_TEST_SERVER_LOG")" -gt 2 ] && echo yes)"
pmo_test_expect_eq "the server keeps no copy" "" \
    "$(ls "$PMO_TEST_DATA_DIR/backups")"

pmo_test_expect_exit "restore onto a server with data is refused" 4 \
    "$ADM" restore "$BACKUP"
pmo_test_expect_contains "it says why and what to do" "$PMO_ERR" \
    "restore with --replace to overwrite them"
printf 'hello\n' >"$PMO_TEST_TMP/not-a-backup"
pmo_test_expect_exit "a file that is not a backup is refused" 4 \
    "$ADM" restore "$PMO_TEST_TMP/not-a-backup" --replace
pmo_test_expect_contains "it says so" "$PMO_ERR" "not a pmo backup"
head -c 3000000 /dev/urandom >"$PMO_TEST_TMP/big-not-a-backup"
CALLS_BEFORE=$(grep -c 'BackupService/Restore' "$PMO_TEST_SERVER_LOG")
pmo_test_expect_exit "a large file that is not a backup is refused" 4 \
    "$ADM" restore "$PMO_TEST_TMP/big-not-a-backup" --replace
pmo_test_expect_eq "on its first part, before the rest is sent" 1 \
    $(($(grep -c 'BackupService/Restore' "$PMO_TEST_SERVER_LOG") - CALLS_BEFORE))
head -c 4000 "$BACKUP" >"$PMO_TEST_TMP/damaged.pmo"
pmo_test_expect_exit "a cut-short backup is refused" 4 \
    "$ADM" restore "$PMO_TEST_TMP/damaged.pmo" --replace
pmo_test_expect_contains "it says it is damaged" "$PMO_ERR" \
    "the backup is damaged"
sed "3s/schema-version: $SCHEMA/schema-version: 9999/" "$BACKUP" \
    >"$PMO_TEST_TMP/newer.pmo"
pmo_test_expect_exit "a backup of a newer schema is refused" 4 \
    "$ADM" restore "$PMO_TEST_TMP/newer.pmo" --replace
pmo_test_expect_contains "it says to upgrade" "$PMO_ERR" \
    "upgrade the server first"
pmo_test_expect_exit "the refusals changed nothing" 0 "$PMO" tree CHKOUT --json
pmo_test_expect_eq "the program is as it was" \
    "$(cat "$PMO_TEST_TMP/before/tree_CHKOUT.json")" "$PMO_OUT"

pmo_test_expect_exit "add a user who is not an admin" 0 \
    "$ADM" user add nadia --password-stdin <<<"nadia-password-123"
CAROL_CFG="$PMO_TEST_TMP/nadia"
mkdir -p -m 0700 "$CAROL_CFG"
PMO_CONFIG_DIR=$CAROL_CFG pmo_test_expect_exit "nadia logs in" 0 \
    "$PMO" login --user nadia --password-stdin <<<"nadia-password-123"
PMO_CONFIG_DIR=$CAROL_CFG pmo_test_expect_exit "nadia may not back up" 6 \
    "$ADM" backup "$PMO_TEST_TMP/nadia.pmo"
PMO_CONFIG_DIR=$CAROL_CFG pmo_test_expect_exit "nor restore" 6 \
    "$ADM" restore "$BACKUP" --replace
pmo_test_expect_eq "and got no file" "no" \
    "$([ -e "$PMO_TEST_TMP/nadia.pmo" ] && echo yes || echo no)"

# A fresh server on a database of its own, with a first admin of its own.
FRESH_DB="${PMO_TEST_DB}_fresh"
createdb "$FRESH_DB" || pmo_test_die "createdb $FRESH_DB failed"
pmo_test_at_exit 'dropdb --if-exists --force "'"$FRESH_DB"'" 2>/dev/null'
(umask 077 && printf 'fresh-admin-password\n' >"$PMO_TEST_TMP/fresh-password")
FRESH_URL="tls+tcp://127.0.0.1:$(pmo_test_free_port)"
FRESH_LOG="$PMO_TEST_TMP/fresh.log"
FIRST_PID=$PMO_TEST_SERVER_PID
pmo_test_launch_server "$FRESH_LOG" --db "dbname=$FRESH_DB" \
    --data-dir "$PMO_TEST_TMP/fresh-data" --listen "$FRESH_URL" \
    --password-iterations 10000 \
    --admin-password-file "$PMO_TEST_TMP/fresh-password"
FRESH_RC=$? FRESH_PID=$PMO_TEST_SERVER_PID
PMO_TEST_SERVER_PID=$FIRST_PID
[ "$FRESH_RC" -eq 0 ] || pmo_test_die "cannot start the fresh server"
pmo_test_at_exit 'kill '"$FRESH_PID"' 2>/dev/null'

export PMO_SERVER=$FRESH_URL PMO_CA="$PMO_TEST_TMP/fresh-data/ca.pem"
export PMO_CONFIG_DIR="$PMO_TEST_TMP/fresh-config"
mkdir -p -m 0700 "$PMO_CONFIG_DIR"
pmo_test_expect_exit "log in to the fresh server" 0 \
    "$PMO" login --user admin --password-stdin <<<"fresh-admin-password"
pmo_test_expect_exit "pmo-admin restore into it" 0 "$ADM" restore "$BACKUP"
pmo_test_expect_contains "it says to log in again" "$PMO_OUT" \
    "log in again with an account from the backup"
pmo_test_expect_exit "the fresh server's own session is gone with its data" 5 \
    "$ADM" user list
pmo_test_expect_exit "the backup's admin logs in" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
views_save "$PMO_TEST_TMP/after"
for v in "${VIEWS[@]}"; do
    f="${v// /_}.json"
    pmo_test_expect_eq "pmo $v --json reads the same after the restore" \
        "$(cat "$PMO_TEST_TMP/before/$f")" "$(cat "$PMO_TEST_TMP/after/$f")"
done
pmo_test_expect_exit "the backup's API token works on the new server" 0 \
    pmo_test_with_token "$TOKEN" "$PMO" tree CHKOUT --json
pmo_test_expect_eq "and reads the same" \
    "$(cat "$PMO_TEST_TMP/before/tree_CHKOUT.json")" "$PMO_OUT"
pmo_test_expect_eq "every byte of every part arrived" "$BALLAST_MD5" \
    "$(psql -X -tA -d "$FRESH_DB" -c "$BALLAST")"
pmo_test_expect_exit "pmo-admin audit verify" 0 "$ADM" audit verify
pmo_test_expect_not_contains "the audit chain holds" "$PMO_OUT" "BROKEN"
pmo_test_expect_exit "the restore is in the audit trail" 0 "$ADM" audit tail
pmo_test_expect_contains "as a restore of the database" "$PMO_OUT" \
    "database restore"
pmo_test_expect_exit "a second restore is refused: it has data now" 4 \
    "$ADM" restore "$BACKUP"
pmo_test_expect_exit "unless --replace" 0 "$ADM" restore "$BACKUP" --replace
kill -TERM "$FRESH_PID"
wait "$FRESH_PID"

# Without a running server: pmo-server --backup and --restore.
LOCAL_DB="${PMO_TEST_DB}_local"
createdb "$LOCAL_DB" || pmo_test_die "createdb $LOCAL_DB failed"
pmo_test_at_exit 'dropdb --if-exists --force "'"$LOCAL_DB"'" 2>/dev/null'
pmo_test_expect_exit "pmo-server --backup" 0 "$PMO_BIN_DIR/pmo-server" \
    --db "dbname=$PMO_TEST_DB" --data-dir "$PMO_TEST_DATA_DIR" \
    --backup "$PMO_TEST_TMP/local.pmo"
pmo_test_expect_eq "it writes a pmo backup, mode 0600" "PMO-BACKUP 1 600" \
    "$(sed -n 1p "$PMO_TEST_TMP/local.pmo") $(stat -c %a "$PMO_TEST_TMP/local.pmo")"
pmo_test_expect_exit "pmo-server --restore into an empty database" 0 \
    "$PMO_BIN_DIR/pmo-server" --db "dbname=$LOCAL_DB" \
    --data-dir "$PMO_TEST_TMP/local-data" --restore "$PMO_TEST_TMP/local.pmo"
pmo_test_expect_contains "it says to start the server" "$PMO_OUT" \
    "start pmo-server to serve it"
pmo_test_expect_eq "the program is in it" "CHKOUT" \
    "$(psql -X -tA -d "$LOCAL_DB" -c "SELECT key FROM programs WHERE key = 'CHKOUT'")"
pmo_test_expect_exit "a second --restore is refused" 1 \
    "$PMO_BIN_DIR/pmo-server" --db "dbname=$LOCAL_DB" \
    --data-dir "$PMO_TEST_TMP/local-data" --restore "$PMO_TEST_TMP/local.pmo"
pmo_test_expect_contains "naming --replace" "$PMO_ERR" "--replace"

# The embedded cluster, reached through its Unix socket: a backup loaded
# into it and taken out of it again holds the same work.
EMB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pmo-it-backup.XXXXXX")
stop_leftover_cluster() {
    local pid
    pid=$(head -n 1 "$EMB_DIR/pg/postmaster.pid" 2>/dev/null)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -QUIT "$pid"
    fi
}
pmo_test_at_exit 'rm -rf "$EMB_DIR"'
pmo_test_at_exit stop_leftover_cluster
NO_PG_ENV=(env -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u PGDATABASE
    -u PGSERVICE)
pmo_test_expect_exit "pmo-server --restore into its embedded cluster" 0 \
    "${NO_PG_ENV[@]}" "$PMO_BIN_DIR/pmo-server" --data-dir "$EMB_DIR" \
    --restore "$PMO_TEST_TMP/local.pmo"
pmo_test_expect_exit "pmo-server --backup from it" 0 \
    "${NO_PG_ENV[@]}" "$PMO_BIN_DIR/pmo-server" --data-dir "$EMB_DIR" \
    --backup "$PMO_TEST_TMP/embedded.pmo"
pmo_test_expect_exit "which loads over the local database" 0 \
    "$PMO_BIN_DIR/pmo-server" --db "dbname=$LOCAL_DB" \
    --data-dir "$PMO_TEST_TMP/local-data" --restore "$PMO_TEST_TMP/embedded.pmo" \
    --replace
COUNT_ITEMS="SELECT count(*) || ' items' FROM work_items"
FIRST_ITEMS=$(psql -X -tA -d "$PMO_TEST_DB" -c "$COUNT_ITEMS")
pmo_test_expect_eq "the first server has work items" yes \
    "$([ "${FIRST_ITEMS%% *}" -gt 0 ] 2>/dev/null && echo yes)"
pmo_test_expect_eq "the restored database has the same" "$FIRST_ITEMS" \
    "$(psql -X -tA -d "$LOCAL_DB" -c "$COUNT_ITEMS")"

# A backup taken on the host of a running server leaves its cluster up.
unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE
EMB_URL="tls+tcp://127.0.0.1:$(pmo_test_free_port)"
EMB_LOG="$PMO_TEST_TMP/embedded.log"
pmo_test_launch_server "$EMB_LOG" --data-dir "$EMB_DIR" --listen "$EMB_URL"
EMB_RC=$? EMB_PID=$PMO_TEST_SERVER_PID
PMO_TEST_SERVER_PID=$FIRST_PID
[ "$EMB_RC" -eq 0 ] || pmo_test_die "cannot start the embedded server"
pmo_test_at_exit 'kill '"$EMB_PID"' 2>/dev/null'
POSTMASTER=$(head -n 1 "$EMB_DIR/pg/postmaster.pid")
pmo_test_expect_exit "pmo-server --backup beside a running server" 0 \
    "$PMO_BIN_DIR/pmo-server" --data-dir "$EMB_DIR" \
    --backup "$PMO_TEST_TMP/live.pmo"
pmo_test_expect_exit "which still serves from its database" 0 \
    "$ADM" --server "$EMB_URL" --ca "$EMB_DIR/ca.pem" server health
pmo_test_expect_contains "as before" "$PMO_OUT" "SERVING"
pmo_test_expect_eq "on the same postmaster, never stopped" "$POSTMASTER" \
    "$(head -n 1 "$EMB_DIR/pg/postmaster.pid")"
kill -TERM "$EMB_PID"
wait "$EMB_PID"
pmo_test_done
