#!/bin/bash
# tests/integration/test_cli_token_mtls.sh - an API token bound to mutual
# TLS: on a server that checks client certificates when given (optional),
# a token made with --client-cert is refused on a connection without a
# verified certificate and honoured with one, so the token alone does not
# let its holder in.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pmo_test_find_binaries
pmo_test_scratch
data=$PMO_TEST_TMP/data
PMO="$PMO_BIN_DIR/pmo"
ADM="$PMO_BIN_DIR/pmo-admin"
export LC_ALL=C NO_COLOR=1 COLUMNS=200

json() { pmo_test_json "$@"; }

pmo_test_expect_exit "issue a client certificate" 0 \
    "$PMO_BIN_DIR/pmo-server" --data-dir "$data" --issue-client-cert ci-bot
pmo_test_start_server --tls-client-auth optional \
    --tls-client-ca "$data/tls/ca.pem"

svc() { pmo_test_with_token "$1" "$PMO" "${@:2}"; }

pmo_test_expect_exit "login as admin, without a certificate" 0 \
    "$PMO" login --user admin --password-stdin <<<"$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_exit "program ALPHA" 0 "$PMO" program create ALPHA --name Alpha
pmo_test_expect_exit "service account" 0 "$ADM" service-account add ci-bot
pmo_test_expect_exit "a viewer in ALPHA" 0 \
    "$PMO" program grant ALPHA ci-bot viewer

pmo_test_expect_exit "a token bound to mutual TLS" 0 \
    "$ADM" --json token create bound --user ci-bot --client-cert --read-only
bound=$(json 'd["secret"]')
pmo_test_expect_eq "it says so" "True" "$(json 'd["token"]["client_cert"]')"
pmo_test_expect_exit "a plain token" 0 \
    "$ADM" --json token create plain --user ci-bot --read-only
plain=$(json 'd["secret"]')

pmo_test_expect_exit "the bound token alone is refused" 5 \
    svc "$bound" program show ALPHA
pmo_test_expect_contains "the refusal names the fix" "$PMO_ERR" \
    "honoured only with a client certificate the server verifies"
pmo_test_expect_exit "with the client certificate it is honoured" 0 \
    svc "$bound" --cert "$data/clients/ci-bot.pem" \
    --key "$data/clients/ci-bot.key" program show ALPHA
pmo_test_expect_contains "and reads the program" "$PMO_OUT" "Alpha"
pmo_test_expect_exit "a plain token needs no certificate" 0 \
    svc "$plain" program show ALPHA

pmo_test_expect_exit "token list" 0 "$ADM" token list --user ci-bot
pmo_test_expect_contains "the listing shows the binding" "$PMO_OUT" \
    "bound  read-only, mTLS"

pmo_test_done
