/*
 * tests/unit/test_record_sql.c - the record core's statements, as
 * generated from every kind's descriptor, against the reviewed copies in
 * tests/unit/golden/record_ENTITY.sql (one statement a line). A change to
 * a descriptor or to the generator shows up here as a diff to review;
 * PMO_GOLDEN_UPDATE=1 rewrites the copies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "api/record_service.h"
#include "api/services.h"
#include "common/fileutil.h"
#include "pmo/v1/vendor.pb-c.h"
#include "rpc/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The statements of k, one a line. */
static char *record_sql_text(const record_kind *k)
{
    size_t len = 0;
    for (const char *const *s = record_kind_sql(k); *s; s++)
        len += strlen(*s) + 1;
    char *text = malloc(len + 1), *p = text;
    for (const char *const *s = record_kind_sql(k); *s; s++)
        p += sprintf(p, "%s\n", *s);
    *p = '\0';
    return text;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    size_t got = fread(text, 1, (size_t)n, f);
    text[got] = '\0';
    fclose(f);
    return text;
}

static void check_kind(const record_kind *k)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/record_%s.sql", PMO_GOLDEN_DIR,
             k->entity);
    char *got = record_sql_text(k);
    const char *update = getenv("PMO_GOLDEN_UPDATE");
    if (update && strcmp(update, "1") == 0) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(got, f);
        fclose(f);
    }
    char *want = read_all(path);
    if (want == NULL)
        fail_msg("%s is missing: run with PMO_GOLDEN_UPDATE=1 and review it",
                 path);
    if (strcmp(got, want) != 0)
        fail_msg("the statements of %s differ from %s:\n%s", k->name, path,
                 got);
    free(want);
    free(got);
}

static void test_generated_sql_matches_the_reviewed_copy(void **state)
{
    rpc_table t;
    char err[256] = "";
    assert_int_equal(rpc_table_build(&t, api_services, err, sizeof(err)), 0);
    size_t kinds = 0;
    for (size_t i = 0; api_services[i]; i++) {
        const ProtobufCService *impl = api_services[i]->impl;
        if (impl->invoke != record_service_invoke)
            continue;
        const record_service *s = (const record_service *)impl;
        for (size_t a = 0; s->apis[a]; a++, kinds++)
            check_kind(s->apis[a]->kind);
    }
    assert_true(kinds > 0);
    rpc_table_fini(&t);
}

/* Money is an amount of a program's currency: a kind whose rows have no
 * program cannot hold it, and its field must be text. */
static const struct {
    const char *name;
    const char *field;
    bool program_scoped;
    const char *err;
} money_cases[] = {
    {"org-wide", "value", false, "money needs a program-scoped kind"},
    {"not text", "vendor_id", true, "is not of the type its column needs"},
    {"program-scoped", "value", true, NULL},
};

static void test_money_column_is_checked_at_start(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(money_cases) / sizeof(money_cases[0]); i++) {
        const record_column col = {.field = money_cases[i].field,
                                   .column = "value_minor",
                                   .type = RECORD_MONEY};
        record_kind k = {.name = money_cases[i].name,
                         .entity = "money_case",
                         .table = "contracts",
                         .desc = &pmo__v1__contract__descriptor,
                         .columns = &col,
                         .n_columns = 1,
                         .program_scoped = money_cases[i].program_scoped};
        char err[256] = "";
        int rc = record_kind_prepare(&k, err, sizeof(err));
        if (money_cases[i].err == NULL) {
            assert_int_equal(rc, 0);
            const char *get = record_kind_sql(&k)[1];
            /* Read as minor units, with the program's currency. */
            assert_non_null(strstr(get, "a.value_minor"));
            assert_non_null(strstr(get, "p.currency"));
            record_kind_release(&k);
        } else {
            assert_int_equal(rc, -1);
            assert_non_null(strstr(err, money_cases[i].err));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_sql_matches_the_reviewed_copy),
        cmocka_unit_test(test_money_column_is_checked_at_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
