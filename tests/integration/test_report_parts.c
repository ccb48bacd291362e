/*
 * tests/integration/test_report_parts.c - ReportService/RenderReport on a
 * report larger than one reply: the parts, asked for one after another
 * with each part's page token, are each within the reply bound and add up
 * to the whole report, byte for byte what one rendering gives; a part
 * asked for after the plan changed is refused with ABORTED instead of
 * being stitched onto parts of another document; a token not made by the
 * server, a format that does not exist and a caller without a role are
 * refused, each naming what is wrong.
 */
#include "it_work.h"
#include "pmo/v1/report.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY      "RPT"
#define ROWS     60
#define WIDTH    50 /* 3,000 items */
#define PART_MAX (1024 * 1024)

static it_work W;

static int setup(void **state)
{
    (void)state;
    it_work_setup(&W, KEY);
    it_work_add_grid(&W, ROWS, WIDTH);
    /* Long titles with commas and quotes: a CSV of about 1.4 MB. */
    char sql[512];
    snprintf(
        sql, sizeof sql,
        "UPDATE work_items SET title = 'Step ' || number || ', \"quoted\" '"
        " || repeat('x', 400) WHERE program_id = %lld",
        (long long)W.program_id);
    it_sql(NULL, 0, sql);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_work_teardown(&W);
    return 0;
}

static int render(pmo_client *c, const char *format, const char *token,
                  Pmo__V1__RenderReportResponse **out, pmo_result *res)
{
    Pmo__V1__RenderReportRequest in = PMO__V1__RENDER_REPORT_REQUEST__INIT;
    in.program = KEY;
    in.format = (char *)format;
    in.page_token = (char *)token;
    *out = NULL;
    return pmo_call(c, &pmo__v1__report_service__descriptor, "RenderReport",
                    &in.base, (ProtobufCMessage **)out, res);
}

/* Every part of format as c, joined; *parts counts them. Free the text. */
static char *render_all(pmo_client *c, const char *format, int *parts,
                        size_t *len)
{
    char *doc = NULL, token[256] = "";
    size_t total = 0;
    *parts = 0;
    *len = 0;
    do {
        Pmo__V1__RenderReportResponse *out;
        pmo_result res;
        it_assert_code(render(c, format, token, &out, &res), &res, PMO_OK);
        assert_true(out->content.len <= PART_MAX);
        assert_true(out->content.len > 0);
        if (*parts == 0)
            total = out->total_bytes;
        assert_int_equal(out->total_bytes, total);
        doc = realloc(doc, *len + out->content.len + 1);
        memcpy(doc + *len, out->content.data, out->content.len);
        *len += out->content.len;
        doc[*len] = '\0';
        snprintf(token, sizeof token, "%s", out->next_page_token);
        if (*parts == 0) {
            it_assert_contains(out->content_type, "text/csv");
            assert_string_equal(out->file_name, KEY ".csv");
        }
        (*parts)++;
        it_work_free(out);
    } while (token[0]);
    assert_int_equal(*len, total);
    return doc;
}

static void test_parts_add_up_to_the_report(void **state)
{
    (void)state;
    int parts;
    size_t len;
    char *doc = render_all(W.view, "csv", &parts, &len);
    assert_true(len > PART_MAX);
    assert_true(parts >= 2);
    /* A header and one record per item, each ending in CRLF. */
    int records = 0;
    for (const char *at = doc; (at = strstr(at, "\r\n")) != NULL; at += 2)
        records++;
    assert_int_equal(records, ROWS * WIDTH + 1);
    assert_int_equal(strncmp(doc + len - 2, "\r\n", 2), 0);
    it_assert_contains(doc, "\"Step 1, \"\"quoted\"\" xxx");

    /* Asked again, the same bytes: a CSV holds no instant. */
    int again_parts;
    size_t again_len;
    char *again = render_all(W.view, "csv", &again_parts, &again_len);
    assert_int_equal(again_len, len);
    assert_int_equal(memcmp(doc, again, len), 0);
    free(again);
    free(doc);
}

static void test_a_change_between_parts_is_refused(void **state)
{
    (void)state;
    Pmo__V1__RenderReportResponse *first;
    pmo_result res;
    it_assert_code(render(W.view, "csv", "", &first, &res), &res, PMO_OK);
    assert_true(first->next_page_token[0] != '\0');
    char token[256];
    snprintf(token, sizeof token, "%s", first->next_page_token);
    it_work_free(first);

    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE work_items SET title = 'Renamed' WHERE program_id = %lld"
             " AND number = 1",
             (long long)W.program_id);
    it_sql(NULL, 0, sql);

    Pmo__V1__RenderReportResponse *next;
    it_assert_code(render(W.view, "csv", token, &next, &res), &res,
                   PMO_ABORTED);
    it_assert_contains(res.message, "changed since its first part");
}

static void test_bad_requests_name_their_field(void **state)
{
    (void)state;
    Pmo__V1__RenderReportResponse *out;
    pmo_result res;
    static const char *const tokens[] = {"x", "12", "0.1.ff", "5.1.zz",
                                         "5.1.ff trailing"};
    for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
        it_assert_code(render(W.view, "csv", tokens[i], &out, &res), &res,
                       PMO_INVALID_ARGUMENT);
        it_assert_violation(&res, "page_token");
    }
    it_assert_code(render(W.view, "pdf", "", &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "format");
    it_assert_contains(res.violations[0].description, "md, html, csv or ics");

    /* No role: no such program, whatever else the request says. */
    it_assert_code(render(W.out, "pdf", "", &out, &res), &res, PMO_NOT_FOUND);
    it_assert_contains(res.message, KEY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parts_add_up_to_the_report),
        cmocka_unit_test(test_a_change_between_parts_is_refused),
        cmocka_unit_test(test_bad_requests_name_their_field),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
