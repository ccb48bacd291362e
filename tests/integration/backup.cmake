# tests/integration/backup.cmake - backup and restore with pg_dump and
# pg_restore: pmo-admin backup/restore between two servers and
# pmo-server --backup/--restore, compared through the API.
add_test(NAME integration_backup
         COMMAND bash ${PMO_IT_DIR}/test_backup.sh)
pmo_integration_test(integration_backup)
