#!/bin/bash
# tests/integration/test_startup_rules.sh - what pmo-server decides at start:
# it refuses an admin password file others can read, and by default trusts a
# verified session for a while without asking the database again.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_require_pg
pmo_test_find_binaries
pmo_test_scratch

# ------------------------------------------------- the admin password file

LOOSE_DB="pmo_it_loose_$$_${RANDOM}"
createdb "$LOOSE_DB" || pmo_test_die "createdb $LOOSE_DB failed"
pmo_test_at_exit 'dropdb --if-exists --force "$LOOSE_DB" 2>/dev/null'
LOOSE="$PMO_TEST_TMP/loose-password"
printf 'loose-password-123\n' >"$LOOSE"
chmod 640 "$LOOSE"
pmo_test_expect_exit "a group-readable admin password file is refused" 1 \
    timeout 30 "$PMO_BIN_DIR/pmo-server" --db "dbname=$LOOSE_DB" \
    --data-dir "$PMO_TEST_TMP/loose-data" --listen "tls+tcp://127.0.0.1:1" \
    --admin-password-file "$LOOSE"
pmo_test_expect_contains "the refusal names the file and the fix" "$PMO_ERR" \
    "admin password file $LOOSE: readable by group or others (mode 640); run chmod 600 $LOOSE"

# ------------------------------------------------------ the session cache

pmo_test_start_server
PMO=$(pmo_test_bin pmo) || exit 1
pmo_test_expect_exit "login" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "a first call checks the session" 0 "$PMO" whoami

# Reads of the sessions table, as the statistics collector counts them; a
# backend reports its counts once idle for a second, so wait that out.
session_reads() {
    sleep 2
    psql -X -At -d "$PMO_TEST_DB" -c "SELECT coalesce(seq_scan, 0) + \
        coalesce(idx_scan, 0) FROM pg_stat_user_tables \
        WHERE relname = 'sessions'"
}
before=$(session_reads)
for i in 1 2 3; do
    pmo_test_expect_exit "call $i within the cache window" 0 "$PMO" whoami
done
pmo_test_expect_eq "calls within the window do not read the sessions table" \
    "$before" "$(session_reads)"

pmo_test_done
