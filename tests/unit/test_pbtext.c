/*
 * tests/unit/test_pbtext.c - every string field of an encoded message, at
 * any depth, is checked for UTF-8 and NUL bytes on the wire, and the first
 * bad one is named by its path.
 *
 * The bytes are written by hand: protobuf-c packs strings with strlen, so
 * it cannot write the NUL bytes a foreign client can.
 */
#include "common/pbtext.h"
#include "pbtext_shapes.pb-c.h"
#include "pmo/v1/auth.pb-c.h"
#include "pmo/v1/rpc.pb-c.h"
#include "pmo/v1/work.pb-c.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

typedef struct wire {
    uint8_t b[512];
    size_t n;
} wire;

static void wire_varint(wire *w, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        w->b[w->n++] = byte | (v ? 0x80 : 0);
    } while (v);
}

/* A length-delimited field: a string, bytes or a nested message. */
static void wire_len(wire *w, uint32_t field, const void *data, size_t len)
{
    wire_varint(w, (uint64_t)field << 3 | 2);
    wire_varint(w, len);
    memcpy(w->b + w->n, data, len);
    w->n += len;
}

static void wire_int(wire *w, uint32_t field, uint64_t v)
{
    wire_varint(w, (uint64_t)field << 3);
    wire_varint(w, v);
}

/* A string literal, NUL bytes inside it included. */
#define WIRE_STR(w, field, lit) wire_len((w), (field), (lit), sizeof(lit) - 1)

static void wire_msg(wire *w, uint32_t field, const wire *inner)
{
    wire_len(w, field, inner->b, inner->n);
}

/* Field numbers, from auth.proto, work.proto and rpc.proto. */
enum {
    LOGIN_USERNAME = 1,
    LOGIN_PASSWORD = 2,
    CREATE_ITEM = 1,
    ITEM_TITLE = 7,
    ITEM_DESCRIPTION = 8,
    ITEM_PERCENT = 17,
    ITEM_TAGS = 21,
    UPDATE_REF = 1,
    UPDATE_MASK = 3,
    PLAN_PROGRAM = 1,
    PLAN_ITEMS = 2,
    PLAN_ITEM_KEY = 1,
    PLAN_ITEM_ITEM = 2,
    ENVELOPE_METHOD = 2,
    ENVELOPE_PAYLOAD = 6,
    SHAPE_NAME = 1,
    SHAPE_CHILD = 2,
    SHAPE_CHILDREN = 3,
    SHAPE_ATTRS = 4,
    SHAPE_BLOB = 5,
    SHAPE_NOTES = 6,
    MAP_KEY = 1,
    MAP_VALUE = 2,
};

static void login_fine(wire *w)
{
    WIRE_STR(w, LOGIN_USERNAME, "ren\xc3\xa9");
    WIRE_STR(w, LOGIN_PASSWORD, "\xf0\x9f\x94\x91 key");
}

static void login_latin1_username(wire *w)
{
    WIRE_STR(w, LOGIN_USERNAME, "ren\xe9");
}

static void login_nul_in_password(wire *w)
{
    WIRE_STR(w, LOGIN_USERNAME, "ren");
    WIRE_STR(w, LOGIN_PASSWORD, "ab\0cd");
}

/* Bad UTF-8 before a NUL: the UTF-8 is named, as the earlier fault. */
static void login_bad_then_nul(wire *w)
{
    WIRE_STR(w, LOGIN_USERNAME, "a\xff\0");
}

static void create_bad_title(wire *w)
{
    wire item = {.n = 0};
    wire_int(&item, ITEM_PERCENT, 50);
    WIRE_STR(&item, ITEM_TITLE, "Plan \xc3(");
    wire_msg(w, CREATE_ITEM, &item);
}

static void create_nul_in_second_tag(wire *w)
{
    wire item = {.n = 0};
    WIRE_STR(&item, ITEM_TITLE, "Plan");
    WIRE_STR(&item, ITEM_TAGS, "infra");
    WIRE_STR(&item, ITEM_TAGS, "q3\0drop table");
    wire_msg(w, CREATE_ITEM, &item);
}

/* Two bad fields: the first on the wire is named. */
static void create_two_bad(wire *w)
{
    wire item = {.n = 0};
    WIRE_STR(&item, ITEM_DESCRIPTION, "\xed\xa0\x80");
    WIRE_STR(&item, ITEM_TITLE, "\xff");
    wire_msg(w, CREATE_ITEM, &item);
}

static void update_bad_mask_entry(wire *w)
{
    WIRE_STR(w, UPDATE_REF, "CHK-1");
    WIRE_STR(w, UPDATE_MASK, "title");
    WIRE_STR(w, UPDATE_MASK, "tags");
    WIRE_STR(w, UPDATE_MASK, "\xc0\xaf");
}

/* Three levels down, in the second element of a repeated message. */
static void plan_bad_deep_title(wire *w)
{
    WIRE_STR(w, PLAN_PROGRAM, "CHK");
    for (int i = 0; i < 2; i++) {
        wire item = {.n = 0}, plan_item = {.n = 0};
        WIRE_STR(&item, ITEM_TITLE, "fine");
        if (i == 1)
            WIRE_STR(&item, ITEM_TAGS, "\xf4\x90\x80\x80");
        WIRE_STR(&plan_item, PLAN_ITEM_KEY, "k");
        wire_msg(&plan_item, PLAN_ITEM_ITEM, &item);
        wire_msg(w, PLAN_ITEMS, &plan_item);
    }
}

/* Fields the descriptor does not know are ignored, as by unpack. */
static void login_unknown_field(wire *w)
{
    WIRE_STR(w, LOGIN_USERNAME, "ren");
    WIRE_STR(w, 99, "\xff\0");
}

/* A bytes field holds anything. */
static void envelope_binary_payload(wire *w)
{
    WIRE_STR(w, ENVELOPE_METHOD, "pmo.v1.Meta/Info");
    WIRE_STR(w, ENVELOPE_PAYLOAD, "\xff\0\xfe");
}

static void envelope_nul_in_method(wire *w)
{
    WIRE_STR(w, ENVELOPE_METHOD, "pmo.v1.Meta/Info\0x");
}

/* A oneof member is named as itself. */
static void shape_bad_oneof_name(wire *w)
{
    WIRE_STR(w, SHAPE_BLOB, "\xff\xff");
    WIRE_STR(w, SHAPE_NAME, "\xc3");
}

static void shape_bad_oneof_child(wire *w)
{
    wire child = {.n = 0};
    WIRE_STR(&child, SHAPE_NOTES, "ok");
    WIRE_STR(&child, SHAPE_NAME, "a\0");
    wire_msg(w, SHAPE_CHILD, &child);
}

/* A message inside itself, each level repeated: indexes at every level. */
static void shape_bad_deep_note(wire *w)
{
    wire leaf = {.n = 0}, mid = {.n = 0};
    WIRE_STR(&leaf, SHAPE_NOTES, "one");
    WIRE_STR(&leaf, SHAPE_NOTES, "two");
    WIRE_STR(&leaf, SHAPE_NOTES, "thr\xe9!");
    wire_msg(&mid, SHAPE_CHILDREN, &leaf);
    wire empty = {.n = 0};
    wire_msg(w, SHAPE_CHILDREN, &empty);
    wire_msg(w, SHAPE_CHILDREN, &mid);
}

/* A map is a repeated message of key and value. */
static void shape_bad_map_value(wire *w)
{
    wire good = {.n = 0}, bad = {.n = 0};
    WIRE_STR(&good, MAP_KEY, "colour");
    WIRE_STR(&good, MAP_VALUE, "red");
    WIRE_STR(&bad, MAP_KEY, "size");
    WIRE_STR(&bad, MAP_VALUE, "XL\0");
    wire_msg(w, SHAPE_ATTRS, &good);
    wire_msg(w, SHAPE_ATTRS, &bad);
}

typedef struct text_case {
    const char *name;
    const ProtobufCMessageDescriptor *desc;
    void (*build)(wire *w);
    const char *field;   /* NULL: every string is fine */
    const char *problem; /* when field is set */
} text_case;

static const text_case text_cases[] = {
    {"login, all text", &pmo__v1__login_request__descriptor, login_fine, NULL,
     NULL},
    {"latin-1 username", &pmo__v1__login_request__descriptor,
     login_latin1_username, "username", "is not valid UTF-8 at byte 3"},
    {"NUL in password", &pmo__v1__login_request__descriptor,
     login_nul_in_password, "password", "contains a NUL byte at byte 2"},
    {"bad UTF-8 before a NUL", &pmo__v1__login_request__descriptor,
     login_bad_then_nul, "username", "is not valid UTF-8 at byte 1"},
    {"nested title", &pmo__v1__create_work_item_request__descriptor,
     create_bad_title, "item.title", "is not valid UTF-8 at byte 5"},
    {"second of a repeated string",
     &pmo__v1__create_work_item_request__descriptor, create_nul_in_second_tag,
     "item.tags[1]", "contains a NUL byte at byte 2"},
    {"first bad field on the wire",
     &pmo__v1__create_work_item_request__descriptor, create_two_bad,
     "item.description", "is not valid UTF-8 at byte 0"},
    {"update mask entry", &pmo__v1__update_work_item_request__descriptor,
     update_bad_mask_entry, "update_mask[2]", "is not valid UTF-8 at byte 0"},
    {"three levels down", &pmo__v1__load_plan_request__descriptor,
     plan_bad_deep_title, "items[1].item.tags[0]",
     "is not valid UTF-8 at byte 0"},
    {"unknown field", &pmo__v1__login_request__descriptor, login_unknown_field,
     NULL, NULL},
    {"bytes field", &pmo__v1__request_envelope__descriptor,
     envelope_binary_payload, NULL, NULL},
    {"NUL in envelope method", &pmo__v1__request_envelope__descriptor,
     envelope_nul_in_method, "method", "contains a NUL byte at byte 16"},
    {"oneof string member", &pmo__test__shape__descriptor, shape_bad_oneof_name,
     "name", "is not valid UTF-8 at byte 0"},
    {"oneof message member", &pmo__test__shape__descriptor,
     shape_bad_oneof_child, "child.name", "contains a NUL byte at byte 1"},
    {"message nested in itself", &pmo__test__shape__descriptor,
     shape_bad_deep_note, "children[1].children[0].notes[2]",
     "is not valid UTF-8 at byte 3"},
    {"map value", &pmo__test__shape__descriptor, shape_bad_map_value,
     "attrs[1].value", "contains a NUL byte at byte 2"},
};

static void test_text_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(text_cases) / sizeof(text_cases[0]); i++) {
        const text_case *t = &text_cases[i];
        wire w = {.n = 0};
        t->build(&w);
        pbtext_fault fault;
        int rc = pbtext_check(t->desc, w.b, w.n, &fault);
        if (t->field == NULL) {
            if (rc != 0)
                fail_msg("%s: refused %s (%s)", t->name, fault.field,
                         fault.problem);
            continue;
        }
        if (rc == 0)
            fail_msg("%s: accepted", t->name);
        if (strcmp(fault.field, t->field) != 0 ||
            strcmp(fault.problem, t->problem) != 0)
            fail_msg("%s: got \"%s: %s\", expected \"%s: %s\"", t->name,
                     fault.field, fault.problem, t->field, t->problem);
    }
}

/*
 * Bytes that are not the wire format are refused, naming the message that
 * holds them: protobuf-c takes some (a field numbered 0 written as a
 * two-byte tag), and what the server accepted must be what it can read.
 */
static void test_malformed_bytes_are_refused(void **state)
{
    (void)state;
    static const uint8_t cut[] = {0x0a, 0x7f, 'r', 'e', 'n'};
    static const uint8_t group[] = {0x0b, 0x0c};
    static const uint8_t field_zero[] = {0x85, 0x00, 0, 0, 0, 0};
    const uint8_t *bad[] = {cut, group, field_zero};
    size_t lens[] = {sizeof(cut), sizeof(group), sizeof(field_zero)};
    for (size_t i = 0; i < 3; i++) {
        pbtext_fault fault;
        assert_int_equal(pbtext_check(&pmo__v1__login_request__descriptor,
                                      bad[i], lens[i], &fault),
                         -1);
        assert_string_equal(fault.field, "");
        assert_string_equal(fault.problem, "is not valid protobuf at byte 0");
    }
    pbtext_fault fault;
    assert_int_equal(
        pbtext_check(&pmo__v1__login_request__descriptor, NULL, 0, &fault), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_table),
        cmocka_unit_test(test_malformed_bytes_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
