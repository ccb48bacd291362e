/* tests/integration/test_logging.c - caller text cannot break the log. */
#include "it_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The server logs "key=value" lines (logfmt) to stderr, which
 * run_with_server.sh keeps in PMO_TEST_SERVER_LOG. Callers choose some of
 * the logged text (user names, methods), so it must not be able to start
 * a line of its own or break the quoting of the line it is in.
 */
#define FORGED_PREFIX "ts=2000-01-01T00:00:00.000Z"

/* Whether one line is a sequence of key=value pairs, values bare (no
 * space, no quote) or quoted with \" and \\ escapes. */
static bool logfmt_line_ok(const char *p)
{
    while (*p) {
        const char *key = p;
        while (*p && *p != '=' && *p != ' ' && *p != '"')
            p++;
        if (p == key || *p != '=')
            return false;
        p++;
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1])
                    p++;
            if (*p != '"')
                return false;
            p++;
        } else {
            while (*p && *p != ' ') {
                if (*p == '"')
                    return false;
                p++;
            }
        }
        if (*p == ' ')
            p++;
        else if (*p)
            return false;
    }
    return true;
}

/* A failed login, or a name refused outright, which is as good. */
static void assert_login_refused(int code, const pmo_result *res)
{
    if (code == PMO_INVALID_ARGUMENT)
        it_assert_violation(res, "username");
    else
        it_assert_code(code, res, PMO_UNAUTHENTICATED);
}

static void test_login_name_cannot_forge_a_log_line(void **state)
{
    pmo_client *c = it_connect();
    pmo_result res;
    int code = it_login(c, "ghost\n" FORGED_PREFIX " level=error msg=forged",
                        "some password", NULL, &res);
    pmo_client_close(c);
    assert_login_refused(code, &res);

    char *log = it_server_log();
    char *line = log;
    while (line && *line) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        if (strncmp(line, FORGED_PREFIX, strlen(FORGED_PREFIX)) == 0) {
            char copy[300];
            snprintf(copy, sizeof(copy), "%s", line);
            free(log);
            fail_msg("a user name started a log line of its own: \"%s\"", copy);
        }
        line = end ? end + 1 : NULL;
    }
    free(log);
}

static void test_every_log_line_is_key_value(void **state)
{
    /* Its error message quotes the expected form of a method. */
    pmo_client *c = it_connect();
    void *out = NULL;
    size_t out_len = 0;
    pmo_result res;
    int code = pmo_call_raw(c, "not a method", "", 0, &out, &out_len, &res);
    free(out);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    code = it_login(c, "name with \"quotes\" and spaces", "some password", NULL,
                    &res);
    assert_login_refused(code, &res);
    pmo_client_close(c);

    char *log = it_server_log();
    char *save = NULL;
    for (char *line = strtok_r(log, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (!logfmt_line_ok(line)) {
            char copy[400];
            snprintf(copy, sizeof(copy), "%s", line);
            free(log);
            fail_msg("not a key=value log line: %s", copy);
        }
    }
    free(log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_name_cannot_forge_a_log_line),
        cmocka_unit_test(test_every_log_line_is_key_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
