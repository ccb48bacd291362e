/*
 * tests/unit/test_report_ical.c - server/report/ical.c against RFC 5545:
 * TEXT escaping case by case, folding at 75 octets (every physical line
 * within it, none split inside a UTF-8 character, unfolding gives the
 * line back), and a whole calendar from a hand-made plan: its events,
 * UIDs that do not change between exports, DTSTAMP and all-day dates.
 */
#include "common/daynum.h"
#include "common/utf8.h"
#include "report/ical.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

typedef struct text_case {
    const char *name;
    const char *text;
    const char *escaped;
} text_case;

static const text_case text_cases[] = {
    {"plain", "Launch", "Launch"},
    {"comma", "web, app", "web\\, app"},
    {"semicolon", "a;b", "a\\;b"},
    {"backslash", "C:\\plans", "C:\\\\plans"},
    {"LF", "one\ntwo", "one\\ntwo"},
    {"CRLF is one newline", "one\r\ntwo", "one\\ntwo"},
    {"a lone CR", "one\rtwo", "one\\ntwo"},
    {"colon and quote stay", "Go: \"now\"", "Go: \"now\""},
    {"other controls dropped",
     "a\x01"
     "b\x7f"
     "c",
     "abc"},
    {"UTF-8 kept", "Zürich – 東京", "Zürich – 東京"},
};

static void test_ical_text_escapes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof text_cases / sizeof text_cases[0]; i++) {
        report_buf b;
        report_buf_init(&b);
        report_ical_text(&b, text_cases[i].text);
        if (strcmp(b.data, text_cases[i].escaped) != 0)
            fail_msg("%s: [%s], want [%s]", text_cases[i].name, b.data,
                     text_cases[i].escaped);
        report_buf_fini(&b);
    }
}

/*
 * Checks the folded form of line: physical lines of at most 75 octets
 * with CRLF, continuations starting with one space, each valid UTF-8 on
 * its own, and unfolding (CRLF + space removed) gives line back.
 */
static void check_folded(const char *name, const char *line)
{
    report_buf b, unfolded;
    report_buf_init(&b);
    report_buf_init(&unfolded);
    report_ical_line(&b, line, strlen(line));
    const char *at = b.data;
    int physical = 0;
    while (*at) {
        const char *crlf = strstr(at, "\r\n");
        if (crlf == NULL)
            fail_msg("%s: a line without CRLF", name);
        size_t len = (size_t)(crlf - at);
        if (len > REPORT_ICAL_FOLD)
            fail_msg("%s: line %d has %zu octets", name, physical, len);
        if (utf8_valid_prefix(at, len) != len)
            fail_msg("%s: line %d splits a character", name, physical);
        if (physical > 0) {
            if (at[0] != ' ')
                fail_msg("%s: continuation %d lacks its space", name, physical);
            report_buf_put(&unfolded, at + 1, len - 1);
        } else {
            report_buf_put(&unfolded, at, len);
        }
        physical++;
        at = crlf + 2;
    }
    if (strcmp(unfolded.data, line) != 0)
        fail_msg("%s: unfolds to [%s]", name, unfolded.data);
    report_buf_fini(&b);
    report_buf_fini(&unfolded);
}

static void test_ical_folding(void **state)
{
    (void)state;
    char ascii[400], accents[400], wide[400];
    memset(ascii, 'x', 200);
    ascii[200] = '\0';
    /* Two-byte characters from an odd offset: folds land mid-character. */
    strcpy(accents, "SUMMARY:a");
    for (int i = 0; i < 60; i++)
        strcat(accents, "é");
    /* Three- and four-byte ones mixed. */
    strcpy(wide, "SUMMARY:");
    for (int i = 0; i < 30; i++)
        strcat(wide, i % 2 ? "東" : "😀");
    check_folded("short line", "SUMMARY:Launch");
    check_folded("exactly 75", "SUMMARY:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                               "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    check_folded("ascii", ascii);
    check_folded("two-byte characters", accents);
    check_folded("three- and four-byte characters", wide);

    report_buf b;
    report_buf_init(&b);
    report_ical_line(&b, ascii, 76);
    assert_int_equal(b.len, 75 + 2 + 1 + 1 + 2); /* 75, CRLF, " x", CRLF */
    report_buf_fini(&b);
}

/* The lines of a calendar that start with prefix, counted. */
static int count_prefix(const char *cal, const char *prefix)
{
    int n = 0;
    size_t len = strlen(prefix);
    for (const char *at = cal; at && *at;) {
        if (strncmp(at, prefix, len) == 0)
            n++;
        at = strstr(at, "\r\n");
        if (at)
            at += 2;
    }
    return n;
}

static void render(report_plan *p, int64_t made_at, report_buf *b)
{
    p->made_at = made_at;
    report_buf_init(b);
    report_ical(p, b);
}

static void test_ical_calendar(void **state)
{
    (void)state;
    int day = daynum_from_civil(2026, 12, 9);
    report_item items[] = {
        {.ref = "CHK-1",
         .title = "Build",
         .milestone = false,
         .start_day = day - 5,
         .finish_day = day,
         .target_day = REPORT_NO_DAY},
        {.ref = "CHK-2",
         .title = "Beta; web, app",
         .milestone = true,
         .start_day = day,
         .finish_day = day,
         .target_day = day - 1,
         .float_days = -1,
         .critical = true},
        {.ref = "CHK-3",
         .title = "GA",
         .milestone = true,
         .start_day = day + 7,
         .finish_day = day + 7,
         .target_day = REPORT_NO_DAY},
    };
    report_gate gates[] = {{.id = 4,
                            .name = "Launch readiness",
                            .item = 2,
                            .criteria = 3,
                            .signed_off = 1}};
    report_action actions[] = {
        {.id = 7,
         .title = "Book the lab",
         .owner = "bob",
         .due_day = day,
         .open = true},
        {.id = 8,
         .title = "Done already",
         .owner = "",
         .due_day = day,
         .open = false},
        {.id = 9,
         .title = "No date",
         .owner = "",
         .due_day = REPORT_NO_DAY,
         .open = true},
    };
    report_plan p = {.key = "CHK",
                     .name = "Checkout",
                     .items = items,
                     .n_items = 3,
                     .gates = gates,
                     .n_gates = 1,
                     .actions = actions,
                     .n_actions = 3};
    report_buf first, second;
    render(&p, 1796774400, &first); /* 2026-12-09T00:00:00Z */
    render(&p, 1796774400 + 86400 + 3661, &second);

    const char *cal = first.data;
    assert_int_equal(strncmp(cal, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30), 0);
    assert_int_equal(count_prefix(cal, "BEGIN:VEVENT"), 4);
    assert_int_equal(count_prefix(cal, "END:VEVENT"), 4);
    assert_int_equal(count_prefix(cal, "CATEGORIES:MILESTONE"), 2);
    assert_non_null(strstr(cal, "UID:milestone-CHK-2.CHK@pmo\r\n"));
    assert_non_null(strstr(cal, "UID:gate-4.CHK@pmo\r\n"));
    assert_non_null(strstr(cal, "UID:action-7.CHK@pmo\r\n"));
    assert_null(strstr(cal, "action-8"));
    assert_null(strstr(cal, "action-9"));
    assert_non_null(strstr(cal, "SUMMARY:CHK-2 Beta\\; web\\, app\r\n"));
    assert_non_null(strstr(cal, "DTSTART;VALUE=DATE:20261209\r\n"
                                "DTEND;VALUE=DATE:20261210\r\n"));
    assert_non_null(strstr(cal, "DTSTAMP:20261209T000000Z\r\n"));
    assert_non_null(strstr(second.data, "DTSTAMP:20261210T010101Z\r\n"));
    assert_non_null(
        strstr(cal, "SUMMARY:Gate Launch readiness (1 of 3 signed)"));
    assert_int_equal(strcmp(cal + first.len - 15, "END:VCALENDAR\r\n"), 0);

    /* Every LF ends a CRLF. */
    for (size_t i = 0; i < first.len; i++)
        if (cal[i] == '\n' && (i == 0 || cal[i - 1] != '\r'))
            fail_msg("a bare LF at byte %zu", i);

    /* The UIDs, in order, are the same in both exports. */
    char *a = strstr(first.data, "UID:"), *b = strstr(second.data, "UID:");
    while (a && b) {
        assert_int_equal(strncmp(a, b, (size_t)(strstr(a, "\r\n") - a)), 0);
        a = strstr(a + 1, "UID:");
        b = strstr(b + 1, "UID:");
    }
    assert_null(a);
    assert_null(b);
    report_buf_fini(&first);
    report_buf_fini(&second);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ical_text_escapes),
        cmocka_unit_test(test_ical_folding),
        cmocka_unit_test(test_ical_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
