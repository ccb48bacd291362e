/*
 * tests/fuzz/fuzz_envelope.c - the request envelope as the server first
 * sees it: any bytes a peer sends, unpacked and checked
 * (envelope_request_unpack), and the id read off bytes that may not
 * unpack (envelope_request_peek_id). Neither may crash, read out of
 * bounds or leak; an envelope that unpacks must hold what its limits say.
 */
#include "common/arena.h"
#include "common/envelope.h"
#include "common/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    (void)envelope_request_peek_id(data, len);
    arena a;
    arena_init(&a);
    char why[200];
    Pmo__V1__RequestEnvelope *env =
        envelope_request_unpack(&a, data, len, why, sizeof(why));
    if (env != NULL) {
        /* What the dispatcher relies on once an envelope is accepted. */
        if (strlen(env->method) > ENVELOPE_MAX_METHOD ||
            strlen(env->auth_token) > ENVELOPE_MAX_TOKEN ||
            strlen(env->idempotency_key) > ENVELOPE_MAX_IDEMPOTENCY_KEY ||
            utf8_valid_prefix(env->method, strlen(env->method)) !=
                strlen(env->method))
            abort();
        (void)envelope_method_well_formed(env->method);
    } else if (memchr(why, '\0', sizeof(why)) == NULL) {
        abort();
    }
    arena_fini(&a);
    return 0;
}
