#!/usr/bin/env bash
# tests/integration/test_mtls.sh - mutual TLS for service integrations: a
# server that requires client certificates admits a client holding one
# issued by its CA (pmo-server --issue-client-cert) and refuses one without.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

pmo_test_find_binaries
pmo_test_scratch
server=$(pmo_test_bin pmo-server)
pmo=$(pmo_test_bin pmo)
data=$PMO_TEST_TMP/data

pmo_test_expect_exit "issue a client certificate" 0 \
    "$server" --data-dir "$data" --issue-client-cert billing-svc
pmo_test_expect_contains "it says where the certificate is" "$PMO_OUT" \
    "$data/clients/billing-svc.pem"
pmo_test_expect_eq "the key is private" 600 \
    "$(stat -c %a "$data/clients/billing-svc.key")"
pmo_test_expect_exit "a bad name is refused" 1 \
    "$server" --data-dir "$data" --issue-client-cert "../x"

pmo_test_start_server --tls-client-auth required \
    --tls-client-ca "$data/tls/ca.pem"

pmo_test_expect_exit "no client certificate: refused" 10 "$pmo" info
pmo_test_expect_one_line "the refusal is one line" "$PMO_ERR"
pmo_test_expect_contains "the refusal names the fix" "$PMO_ERR" \
    "requires a client certificate: give --cert FILE and --key FILE"

cat >"$PMO_CONFIG_DIR/config" <<CFG
cert = $data/clients/billing-svc.pem
key = $data/clients/billing-svc.key
CFG
pmo_test_expect_exit "with the client certificate: info" 0 "$pmo" info
pmo_test_expect_exit "with the client certificate: login" 0 \
    "$pmo" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "and a call as that user" 0 "$pmo" whoami

pmo_test_stop_server || pmo_test_fail "server stopped cleanly"
pmo_test_done
