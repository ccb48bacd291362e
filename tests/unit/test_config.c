/* tests/unit/test_config.c - unit tests for common/config. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/config.h"

typedef struct value_case {
    const char *name;
    const char *text;
    const char *value;
} value_case;

typedef struct error_case {
    const char *name;
    const char *text;
    const char *want;
} error_case;

/* Writes len bytes to a new temporary file whose name lands in path. */
static void temp_file_write(char path[64], const char *data, size_t len)
{
    strcpy(path, "/tmp/pmo-test-config-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

static void parse_ok(const char *text, config_file *cfg)
{
    char err[256] = "";

    if (config_parse(text, cfg, err, sizeof err) != 0)
        fail_msg("parse failed: %s", err);
}

static void test_parse_key_value(void **state)
{
    config_file cfg;

    parse_ok("name = pmo\nport=7000\n", &cfg);
    assert_int_equal(cfg.count, 2);
    assert_string_equal(cfg.entries[0].key, "name");
    assert_string_equal(cfg.entries[0].value, "pmo");
    assert_int_equal(cfg.entries[0].line, 1);
    assert_string_equal(cfg.entries[1].key, "port");
    assert_string_equal(cfg.entries[1].value, "7000");
    assert_int_equal(cfg.entries[1].line, 2);
    config_fini(&cfg);
}

static void test_parse_empty_text(void **state)
{
    config_file cfg;

    parse_ok("", &cfg);
    assert_int_equal(cfg.count, 0);
    assert_null(config_get(&cfg, "anything"));
    config_fini(&cfg);
}

static void test_parse_key_charset(void **state)
{
    config_file cfg;

    parse_ok("Az09_.-key = v\n", &cfg);
    assert_string_equal(config_get(&cfg, "Az09_.-key"), "v");
    config_fini(&cfg);
}

/* Each case is one line defining "k"; value is what config_get returns. */
static void test_parse_values(void **state)
{
    static const value_case cases[] = {
        {"trimmed", "  k\t=\t value with spaces  \t", "value with spaces"},
        {"no spaces", "k=v", "v"},
        {"empty", "k =", ""},
        {"empty with spaces", "k =   ", ""},
        {"trailing comment", "k = v # note", "v"},
        {"comment after tab", "k = v\t# note", "v"},
        {"comment as whole value", "k = # note", ""},
        {"hash inside word", "k = a#b", "a#b"},
        {"hash right after =", "k =#b", "#b"},
        {"equals in value", "k = a=b", "a=b"},
        {"inner quote kept", "k = say \"hi\"", "say \"hi\""},
        {"backslash unquoted", "k = C:\\dir", "C:\\dir"},
        {"quoted spaces", "k = \"  padded  \"", "  padded  "},
        {"quoted empty", "k = \"\"", ""},
        {"quoted hash", "k = \"a # b\"", "a # b"},
        {"quoted then comment", "k = \"v\" # note", "v"},
        {"quoted then spaces", "k = \"v\"   ", "v"},
        {"escaped quote", "k = \"say \\\"hi\\\"\"", "say \"hi\""},
        {"escaped backslash", "k = \"a\\\\b\"", "a\\b"},
        {"escaped backslash last", "k = \"a\\\\\"", "a\\"},
        {"crlf", "k = v\r", "v"},
        {"utf-8 value", "k = caf\xc3\xa9", "caf\xc3\xa9"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        config_file cfg;
        char err[256] = "";

        if (config_parse(cases[i].text, &cfg, err, sizeof err) != 0)
            fail_msg("case '%s' failed: %s", cases[i].name, err);
        const char *got = config_get(&cfg, "k");
        if (got == NULL || strcmp(got, cases[i].value) != 0)
            fail_msg("case '%s': got '%s', want '%s'", cases[i].name,
                     got ? got : "(null)", cases[i].value);
        config_fini(&cfg);
    }
}

static void test_parse_comments_and_blank_lines(void **state)
{
    config_file cfg;

    parse_ok("# heading\n"
             "\n"
             "   # indented comment\n"
             "\t\n"
             "a = 1\n"
             "#b = 2\n"
             "c = 3 # trailing\n",
             &cfg);
    assert_int_equal(cfg.count, 2);
    assert_string_equal(cfg.entries[0].key, "a");
    assert_int_equal(cfg.entries[0].line, 5);
    assert_string_equal(cfg.entries[1].key, "c");
    assert_string_equal(cfg.entries[1].value, "3");
    assert_int_equal(cfg.entries[1].line, 7);
    assert_null(config_get(&cfg, "b"));
    config_fini(&cfg);
}

static void test_parse_without_final_newline(void **state)
{
    config_file cfg;

    parse_ok("a = 1\nb = 2", &cfg);
    assert_int_equal(cfg.count, 2);
    assert_string_equal(config_get(&cfg, "b"), "2");
    assert_int_equal(cfg.entries[1].line, 2);
    config_fini(&cfg);
}

static void test_parse_crlf_lines(void **state)
{
    config_file cfg;

    parse_ok("a = 1\r\n# c\r\nb = \"two\"\r\n", &cfg);
    assert_int_equal(cfg.count, 2);
    assert_string_equal(config_get(&cfg, "a"), "1");
    assert_string_equal(config_get(&cfg, "b"), "two");
    assert_int_equal(cfg.entries[1].line, 3);
    config_fini(&cfg);
}

static void test_parse_long_line(void **state)
{
    enum { LEN = 100000 };
    char *text = malloc(LEN + 16);
    config_file cfg;

    assert_non_null(text);
    memcpy(text, "k = ", 4);
    memset(text + 4, 'x', LEN);
    strcpy(text + 4 + LEN, "\n");
    parse_ok(text, &cfg);
    assert_int_equal(strlen(config_get(&cfg, "k")), LEN);
    config_fini(&cfg);
    free(text);
}

static void test_repeated_key_last_wins(void **state)
{
    config_file cfg;

    parse_ok("listen = a:1\nother = x\nlisten = b:2\n", &cfg);
    assert_string_equal(config_get(&cfg, "listen"), "b:2");
    assert_int_equal(cfg.count, 3);
    assert_string_equal(cfg.entries[0].value, "a:1");
    assert_string_equal(cfg.entries[2].value, "b:2");
    config_fini(&cfg);
}

static void test_get_is_exact(void **state)
{
    config_file cfg;

    parse_ok("db.path = /var/lib/pmo\n", &cfg);
    assert_null(config_get(&cfg, "db"));
    assert_null(config_get(&cfg, "DB.PATH"));
    assert_null(config_get(&cfg, "db.path "));
    assert_string_equal(config_get(&cfg, "db.path"), "/var/lib/pmo");
    config_fini(&cfg);
}

static void test_parse_errors(void **state)
{
    static const error_case cases[] = {
        {"no equals", "key value\n", "line 1: expected 'key = value'"},
        {"bare word", "word", "line 1: expected 'key = value'"},
        {"counts skipped lines", "# c\n\nok = 1\nbroken\n",
         "line 4: expected 'key = value'"},
        {"equals only inside comment", "key # = v\n",
         "line 1: expected 'key = value'"},
        {"empty key", "= value\n", "line 1: empty key"},
        {"indented empty key", "a = 1\n   =value\n", "line 2: empty key"},
        {"space in key", "my key = v\n", "line 1: invalid character in key"},
        {"symbol in key", "k$ = v\n", "line 1: invalid character in key"},
        {"hash in key", "k#x = v\n", "line 1: invalid character in key"},
        {"quote in key", "\"k\" = v\n", "line 1: invalid character in key"},
        {"unterminated quote", "k = \"abc\n", "line 1: unterminated quote"},
        {"quote ends at escape", "k = \"abc\\\"\n",
         "line 1: unterminated quote"},
        {"lone backslash at end", "k = \"abc\\", "line 1: unterminated quote"},
        {"quote not closed before newline", "k = \"a\nb\"\n",
         "line 1: unterminated quote"},
        {"unknown escape", "k = \"a\\nb\"\n", "line 1: unknown escape"},
        {"text after quote", "k = \"v\" w\n",
         "line 1: unexpected text after closing quote"},
        {"hash glued to quote", "k = \"v\"#c\n",
         "line 1: unexpected text after closing quote"},
        {"error after entries", "a = 1\nb = 2\nc = \"3\n",
         "line 3: unterminated quote"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        static config_entry stale;
        config_file cfg = {&stale, 99};
        char err[256] = "";

        if (config_parse(cases[i].text, &cfg, err, sizeof err) != -1)
            fail_msg("case '%s' parsed", cases[i].name);
        if (strstr(err, cases[i].want) != err)
            fail_msg("case '%s': got '%s', want '%s'", cases[i].name, err,
                     cases[i].want);
        if (cfg.entries != NULL || cfg.count != 0)
            fail_msg("case '%s' left entries behind", cases[i].name);
    }
}

static void test_parse_error_buffer_limits(void **state)
{
    config_file cfg;
    char small[8];

    assert_int_equal(config_parse("= v\n", &cfg, NULL, 0), -1);
    memset(small, 'x', sizeof small);
    assert_int_equal(config_parse("= v\n", &cfg, small, sizeof small), -1);
    assert_string_equal(small, "line 1:");
}

static void test_fini_resets(void **state)
{
    config_file cfg;

    parse_ok("a = 1\n", &cfg);
    config_fini(&cfg);
    assert_null(cfg.entries);
    assert_int_equal(cfg.count, 0);
    config_fini(&cfg);
}

static void test_load_file(void **state)
{
    static const char text[] = "# pmo server\n"
                               "listen = tls+tcp://0.0.0.0:7000\n"
                               "name = \" spaced \"\n";
    char path[64];
    char err[512] = "";
    config_file cfg;

    temp_file_write(path, text, sizeof text - 1);
    int rc = config_load(path, &cfg, err, sizeof err);
    unlink(path);
    if (rc != 0)
        fail_msg("load failed: %s", err);
    assert_string_equal(config_get(&cfg, "listen"), "tls+tcp://0.0.0.0:7000");
    assert_string_equal(config_get(&cfg, "name"), " spaced ");
    assert_int_equal(cfg.entries[1].line, 3);
    config_fini(&cfg);
}

/* Larger than the first read buffer, so the file has to be read in
 * several pieces. */
static void test_load_large_file(void **state)
{
    enum { LINES = 2000 };
    size_t cap = LINES * 32;
    char *text = malloc(cap);
    size_t len = 0;
    char path[64];
    char err[512] = "";
    config_file cfg;

    assert_non_null(text);
    for (int i = 0; i < LINES; i++)
        len +=
            (size_t)snprintf(text + len, cap - len, "key%d = value%d\n", i, i);
    temp_file_write(path, text, len);
    free(text);
    int rc = config_load(path, &cfg, err, sizeof err);
    unlink(path);
    if (rc != 0)
        fail_msg("load failed: %s", err);
    assert_int_equal(cfg.count, LINES);
    assert_string_equal(config_get(&cfg, "key1999"), "value1999");
    assert_int_equal(cfg.entries[LINES - 1].line, LINES);
    config_fini(&cfg);
}

static void test_load_error_names_path_and_line(void **state)
{
    static const char text[] = "a = 1\nnot a setting\n";
    char path[64];
    char want[128];
    char err[512] = "";
    config_file cfg;

    temp_file_write(path, text, sizeof text - 1);
    int rc = config_load(path, &cfg, err, sizeof err);
    unlink(path);
    assert_int_equal(rc, -1);
    snprintf(want, sizeof want, "%s: line 2: ", path);
    assert_memory_equal(err, want, strlen(want));
    assert_int_equal(cfg.count, 0);
}

static void test_load_nul_byte_rejected(void **state)
{
    static const char text[] = "a = 1\nb = x\0y\n";
    char path[64];
    char want[128];
    char err[512] = "";
    config_file cfg;

    temp_file_write(path, text, sizeof text - 1);
    int rc = config_load(path, &cfg, err, sizeof err);
    unlink(path);
    assert_int_equal(rc, -1);
    snprintf(want, sizeof want, "%s: line 2: NUL byte", path);
    assert_memory_equal(err, want, strlen(want));
    assert_int_equal(cfg.count, 0);
}

static void test_load_missing_file(void **state)
{
    char dir[] = "/tmp/pmo-test-config-dir-XXXXXX";
    char path[128];
    char err[512] = "";
    config_file cfg;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/absent.conf", dir);
    assert_int_equal(config_load(path, &cfg, err, sizeof err), -1);
    assert_int_equal(rmdir(dir), 0);
    assert_memory_equal(err, path, strlen(path));
    assert_non_null(strstr(err, "No such file"));
    assert_int_equal(cfg.count, 0);
}

static void test_load_directory_fails(void **state)
{
    char dir[] = "/tmp/pmo-test-config-dir-XXXXXX";
    char err[512] = "";
    config_file cfg;

    assert_non_null(mkdtemp(dir));
    int rc = config_load(dir, &cfg, err, sizeof err);
    assert_int_equal(rmdir(dir), 0);
    assert_int_equal(rc, -1);
    assert_memory_equal(err, dir, strlen(dir));
    assert_int_equal(cfg.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_key_value),
        cmocka_unit_test(test_parse_empty_text),
        cmocka_unit_test(test_parse_key_charset),
        cmocka_unit_test(test_parse_values),
        cmocka_unit_test(test_parse_comments_and_blank_lines),
        cmocka_unit_test(test_parse_without_final_newline),
        cmocka_unit_test(test_parse_crlf_lines),
        cmocka_unit_test(test_parse_long_line),
        cmocka_unit_test(test_repeated_key_last_wins),
        cmocka_unit_test(test_get_is_exact),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_error_buffer_limits),
        cmocka_unit_test(test_fini_resets),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_load_large_file),
        cmocka_unit_test(test_load_error_names_path_and_line),
        cmocka_unit_test(test_load_nul_byte_rejected),
        cmocka_unit_test(test_load_missing_file),
        cmocka_unit_test(test_load_directory_fails),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
