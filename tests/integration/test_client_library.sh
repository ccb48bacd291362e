#!/bin/bash
# tests/integration/test_client_library.sh - libpmoclient as an integrator
# gets it: `cmake --install` into a fresh prefix, then a small C program
# written outside the source tree, built with nothing but
# `cc app.c $(pkg-config --cflags --libs pmoclient)`, that reads the
# server's version, logs in, creates a program and tells a refused call's
# status by name, against the real server.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -n "${PMO_BUILD_DIR:-}" ] || pmo_test_die "PMO_BUILD_DIR is not set"
pmo_test_start_server
PREFIX="$PMO_TEST_TMP/prefix"
APP="$PMO_TEST_TMP/app"
mkdir -p "$APP"

pmo_test_install_client "$PREFIX"
for f in include/pmo/pmoclient.h include/pmo/status.h \
    include/pmo/v1/program.pb-c.h lib/pkgconfig/pmoclient.pc; do
    if [ -f "$PREFIX/$f" ]; then
        pmo_test_pass "installed $f"
    else
        pmo_test_fail "installed $f" "not in $PREFIX"
    fi
done
lib=$(find "$PREFIX" -name 'libpmoclient.so.*.*' | head -n 1)
pmo_test_expect_contains "the shared library carries its version" \
    "$(readelf -d "$lib" 2>&1)" "SONAME"

cat >"$APP/app.c" <<'C'
#include <pmo/pmoclient.h>
#include <pmo/status.h>
#include <pmo/v1/auth.pb-c.h>
#include <pmo/v1/meta.pb-c.h>
#include <pmo/v1/program.pb-c.h>

#include <stdio.h>
#include <stdlib.h>

static int fail(const char *what, const pmo_result *res)
{
    fprintf(stderr, "%s: %s: %s\n", what, pmo_status_name(res->code),
            res->message);
    return 1;
}

int main(int argc, char **argv)
{
    pmo_client_options opt = {.url = argv[1], .ca_file = argv[2]};
    pmo_client *c;
    pmo_result res;
    if (argc != 4 || pmo_client_open(&opt, &c, &res) != PMO_OK)
        return fail("open", &res);

    Pmo__V1__InfoRequest info = PMO__V1__INFO_REQUEST__INIT;
    Pmo__V1__InfoResponse *about;
    if (pmo_call(c, &pmo__v1__meta__descriptor, "Info", &info.base,
                 (ProtobufCMessage **)&about, &res) != PMO_OK)
        return fail("Info", &res);
    printf("server %s, protocol %u\n", about->server_version,
           about->protocol_version);
    protobuf_c_message_free_unpacked(&about->base, NULL);

    Pmo__V1__LoginRequest login = PMO__V1__LOGIN_REQUEST__INIT;
    login.username = "admin";
    login.password = argv[3];
    login.client_name = "app.c";
    Pmo__V1__LoginResponse *session;
    if (pmo_call(c, &pmo__v1__auth_service__descriptor, "Login", &login.base,
                 (ProtobufCMessage **)&session, &res) != PMO_OK)
        return fail("Login", &res);
    pmo_client_set_token(c, session->token);
    protobuf_c_message_free_unpacked(&session->base, NULL);

    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = "LIB";
    p.name = "Made by a C program";
    Pmo__V1__CreateProgramRequest create = PMO__V1__CREATE_PROGRAM_REQUEST__INIT;
    create.program = &p;
    Pmo__V1__Program *made;
    if (pmo_call(c, &pmo__v1__program_service__descriptor, "CreateProgram",
                 &create.base, (ProtobufCMessage **)&made, &res) != PMO_OK)
        return fail("CreateProgram", &res);
    printf("created %s: %s\n", made->key, made->name);
    protobuf_c_message_free_unpacked(&made->base, NULL);

    /* The same key again is refused, and the caller can tell why. */
    if (pmo_call(c, &pmo__v1__program_service__descriptor, "CreateProgram",
                 &create.base, (ProtobufCMessage **)&made, &res) == PMO_OK)
        return fail("CreateProgram twice", &res);
    printf("again: %s\n", pmo_status_name(res.code));
    pmo_client_close(c);
    return 0;
}
C
pmo_test_expect_exit "pkg-config knows pmoclient" 0 pkg-config --exists pmoclient
# shellcheck disable=SC2086
pmo_test_expect_exit "cc app.c \$(pkg-config --cflags --libs pmoclient)" 0 \
    $PMO_CLIENT_CC -o "$APP/app" "$APP/app.c" \
    $(pkg-config --cflags --libs pmoclient)
pmo_test_expect_exit "the program runs" 0 \
    "$APP/app" "$PMO_SERVER" "$PMO_CA" "$PMO_TEST_ADMIN_PASSWORD"
pmo_test_expect_contains "it reads the server's version" "$PMO_OUT" \
    "protocol 1"
pmo_test_expect_contains "it created a program" "$PMO_OUT" \
    "created LIB: Made by a C program"
pmo_test_expect_contains "a refusal has its status by name" "$PMO_OUT" \
    "again: ALREADY_EXISTS"
pmo_test_expect_exit "the CLI sees the program" 0 \
    bash -c "'$PMO_BIN_DIR/pmo' login --user admin --password-stdin \
        <<<'$PMO_TEST_ADMIN_PASSWORD' >/dev/null && '$PMO_BIN_DIR/pmo' program show LIB"
pmo_test_done
