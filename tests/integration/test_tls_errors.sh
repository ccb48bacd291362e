#!/usr/bin/env bash
# tests/integration/test_tls_errors.sh - a connection that fails for a TLS
# setting says which one to fix, with an exit code of its own: the CA (8),
# the server name (9), the client certificate (10); an unreachable server
# is 7. The server holds a certificate naming only "localhost", signed by a
# CA of the test's own, and requires client certificates from its data CA.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

pmo_test_find_binaries
pmo_test_scratch
server=$(pmo_test_bin pmo-server)
pmo=$(pmo_test_bin pmo)
admin=$(pmo_test_bin pmo-admin)
data=$PMO_TEST_TMP/data
pki=$PMO_TEST_TMP/pki
mkdir -p "$pki"

# tls_test_cert NAME CA SAN: an EC P-256 certificate NAME.pem/NAME.key in
# $pki, signed by CA (or self-signed as a CA when CA is "-").
tls_test_cert() {
    local name=$1 ca=$2 san=$3
    if [ "$ca" = - ]; then
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
            -nodes -keyout "$pki/$name.key" -out "$pki/$name.pem" -days 2 \
            -subj "/CN=$name" -addext basicConstraints=critical,CA:TRUE \
            -addext keyUsage=keyCertSign,cRLSign 2>/dev/null
        return
    fi
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$pki/$name.key" -out "$pki/$name.csr" -subj "/CN=$name" \
        2>/dev/null &&
        openssl x509 -req -in "$pki/$name.csr" -CA "$pki/$ca.pem" \
            -CAkey "$pki/$ca.key" -CAcreateserial -out "$pki/$name.pem" \
            -days 2 -extfile <(printf '%s\n' "basicConstraints=CA:FALSE" \
                ${san:+"subjectAltName=$san"}) 2>/dev/null
}
tls_test_cert test-ca - "" || pmo_test_die "cannot make the test CA"
tls_test_cert localhost test-ca DNS:localhost ||
    pmo_test_die "cannot make the server certificate"
tls_test_cert stranger test-ca "" ||
    pmo_test_die "cannot make a client certificate of the wrong CA"

pmo_test_expect_exit "issue a client certificate from the data CA" 0 \
    "$server" --data-dir "$data" --issue-client-cert billing-svc
pmo_test_start_server --tls-cert "$pki/localhost.pem" \
    --tls-key "$pki/localhost.key" --tls-client-auth required \
    --tls-client-ca "$data/tls/ca.pem"
client_cert=(--cert "$data/clients/billing-svc.pem"
    --key "$data/clients/billing-svc.key")
export PMO_CA=$pki/test-ca.pem

pmo_test_expect_exit "the right settings connect" 0 \
    "$pmo" --server-name localhost "${client_cert[@]}" info

pmo_test_expect_exit "wrong CA: exit 8" 8 \
    "$pmo" --ca "$data/tls/ca.pem" --server-name localhost \
    "${client_cert[@]}" info
pmo_test_expect_one_line "wrong CA: one line" "$PMO_ERR"
pmo_test_expect_contains "wrong CA: names the CA file" "$PMO_ERR" \
    "is not signed by the CA in $data/tls/ca.pem"
pmo_test_expect_contains "wrong CA: names the issuer" "$PMO_ERR" \
    "CN=test-ca"
pmo_test_expect_contains "wrong CA: says to fix --ca" "$PMO_ERR" "give --ca"

pmo_test_expect_exit "wrong name: exit 9" 9 "$pmo" "${client_cert[@]}" info
pmo_test_expect_one_line "wrong name: one line" "$PMO_ERR"
pmo_test_expect_contains "wrong name: the names the certificate holds" \
    "$PMO_ERR" "names localhost, not 127.0.0.1"
pmo_test_expect_contains "wrong name: says to fix --server-name" \
    "$PMO_ERR" "--server-name"

pmo_test_expect_exit "no client certificate: exit 10" 10 \
    "$pmo" --server-name localhost info
pmo_test_expect_one_line "no client certificate: one line" "$PMO_ERR"
pmo_test_expect_contains "no client certificate: says so" "$PMO_ERR" \
    "requires a client certificate: give --cert FILE and --key FILE"

pmo_test_expect_exit "a client certificate of another CA: exit 10" 10 \
    "$pmo" --server-name localhost --cert "$pki/stranger.pem" \
    --key "$pki/stranger.key" info
pmo_test_expect_contains "another CA's client certificate: refused" \
    "$PMO_ERR" "refused the client certificate in $pki/stranger.pem"

pmo_test_expect_exit "pmo-admin tells the same: wrong name, exit 9" 9 \
    "$admin" "${client_cert[@]}" server info
pmo_test_expect_contains "pmo-admin: the names the certificate holds" \
    "$PMO_ERR" "names localhost, not 127.0.0.1"

closed=$(pmo_test_free_port) || pmo_test_die "no free port"
pmo_test_expect_exit "unreachable: exit 7" 7 \
    "$pmo" --server "tls+tcp://127.0.0.1:$closed" --server-name localhost \
    "${client_cert[@]}" info
pmo_test_expect_one_line "unreachable: one line" "$PMO_ERR"
pmo_test_expect_contains "unreachable: says the connection was refused" \
    "$PMO_ERR" "127.0.0.1:$closed: connection refused"

pmo_test_done
