/*
 * tests/fuzz/fuzz_request.c - every request message of every service, as
 * the dispatcher decodes it: the first two bytes pick a method (of all
 * the server registers, in their order), the rest is its payload,
 * unpacked by protobuf-c and then checked for UTF-8 and NUL bytes
 * (pbtext_check). A message that passes is packed again and must unpack
 * again: what the server accepted, it can also answer with.
 */
#include "api/services.h"
#include "common/pbtext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static const ProtobufCMessageDescriptor *inputs[1024];
static size_t n_inputs;

static void inputs_collect(void)
{
    for (size_t s = 0; api_services[s] != NULL; s++) {
        const ProtobufCServiceDescriptor *d = api_services[s]->impl->descriptor;
        for (unsigned m = 0; m < d->n_methods; m++)
            if (n_inputs < sizeof(inputs) / sizeof(inputs[0]))
                inputs[n_inputs++] = d->methods[m].input;
    }
    if (n_inputs == 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    if (n_inputs == 0)
        inputs_collect();
    if (len < 2)
        return 0;
    const ProtobufCMessageDescriptor *desc =
        inputs[((size_t)data[0] << 8 | data[1]) % n_inputs];
    data += 2;
    len -= 2;
    ProtobufCMessage *in = protobuf_c_message_unpack(desc, NULL, len, data);
    if (in == NULL)
        return 0;
    pbtext_fault fault;
    if (pbtext_check(desc, data, len, &fault) == 0) {
        size_t n = protobuf_c_message_get_packed_size(in);
        uint8_t *buf = malloc(n ? n : 1);
        if (buf == NULL || protobuf_c_message_pack(in, buf) != n)
            abort();
        ProtobufCMessage *again = protobuf_c_message_unpack(desc, NULL, n, buf);
        if (again == NULL || pbtext_check(desc, buf, n, &fault) != 0)
            abort();
        protobuf_c_message_free_unpacked(again, NULL);
        free(buf);
    } else if (fault.problem[0] == '\0') {
        abort(); /* a refusal says why ("" names the message itself) */
    }
    protobuf_c_message_free_unpacked(in, NULL);
    return 0;
}
