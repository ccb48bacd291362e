/* tests/unit/test_backup_header.c - reading a backup file's header. */
#include "db/backup.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define GOOD_HEADER                                                            \
    "PMO-BACKUP 1\npmo-version: 0.1.0\nschema-version: 19\n"                   \
    "created: 2026-12-08T02:44:30Z\n\n"

static int parse(const char *text, backup_header *h, char *err, size_t len)
{
    return backup_header_parse(text, strlen(text), h, err, len);
}

static void test_a_good_header_is_read_to_its_empty_line(void **state)
{
    const char *file = GOOD_HEADER "PGDMP\x01\x0e";
    backup_header h;
    char err[256];
    assert_int_equal(parse(file, &h, err, sizeof err), 0);
    assert_string_equal(h.pmo_version, "0.1.0");
    assert_int_equal(h.schema_version, 19);
    assert_string_equal(h.created, "2026-12-08T02:44:30Z");
    assert_int_equal(h.length, strlen(GOOD_HEADER));
    assert_memory_equal(file + h.length, "PGDMP", 5);
}

static void test_a_file_without_the_magic_is_not_a_backup(void **state)
{
    backup_header h;
    char err[256];
    assert_int_equal(parse("PGDMP\x01\x0e", &h, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a pmo backup"));
    assert_int_equal(parse("", &h, err, sizeof err), -1);
}

static const char *const damaged[] = {
    /* a line missing */
    "PMO-BACKUP 1\npmo-version: 0.1.0\ncreated: 2026-12-08T02:44:30Z\n\n",
    /* no empty line after it */
    "PMO-BACKUP 1\npmo-version: 0.1.0\nschema-version: 19\n"
    "created: 2026-12-08T02:44:30Z\nPGDMP",
    /* cut short */
    "PMO-BACKUP 1\npmo-version: 0.1.0\nschema-ver",
    /* a schema version that is not a number */
    "PMO-BACKUP 1\npmo-version: 0.1.0\nschema-version: 19x\n"
    "created: 2026-12-08T02:44:30Z\n\n",
    "PMO-BACKUP 1\npmo-version: 0.1.0\nschema-version: -3\n"
    "created: 2026-12-08T02:44:30Z\n\n",
};

static void test_a_damaged_header_is_refused(void **state)
{
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        backup_header h;
        char err[256] = "";
        assert_int_equal(parse(damaged[i], &h, err, sizeof err), -1);
        assert_non_null(strstr(err, "not a pmo backup"));
    }
}

static void test_a_header_past_its_limit_is_refused(void **state)
{
    char file[2 * BACKUP_HEADER_MAX];
    backup_header h;
    char err[256];
    snprintf(file, sizeof file, "PMO-BACKUP 1\npmo-version: %0*d\n", 600, 1);
    assert_int_equal(parse(file, &h, err, sizeof err), -1);
}

static void test_the_server_knows_its_schema_version(void **state)
{
    assert_true(backup_schema_latest() >= 19);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_good_header_is_read_to_its_empty_line),
        cmocka_unit_test(test_a_file_without_the_magic_is_not_a_backup),
        cmocka_unit_test(test_a_damaged_header_is_refused),
        cmocka_unit_test(test_a_header_past_its_limit_is_refused),
        cmocka_unit_test(test_the_server_knows_its_schema_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
