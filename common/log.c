/* common/log.c - structured, line-atomic logging to stderr. */
#include "common/log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static log_level log_threshold = LOG_INFO;
static const char *const log_level_names[] = {"debug", "info", "warn",
                                              "error"};

void log_set_level(log_level level)
{
    log_threshold = level;
}

int log_level_parse(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (strcasecmp(name, log_level_names[i]) == 0)
            return i;
    return -1;
}

static void log_vline(log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void log_vline(log_level level, const char *fmt, va_list ap)
{
    char line[2048];
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    size_t n = strftime(line, sizeof(line), "ts=%Y-%m-%dT%H:%M:%S", &tm);
    n += (size_t)snprintf(line + n, sizeof(line) - n, ".%03ldZ level=%s ",
                          (long)(tv.tv_usec / 1000), log_level_names[level]);
    int m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
    if (m < 0)
        return;
    n += (size_t)m;
    if (n > sizeof(line) - 2)
        n = sizeof(line) - 2; /* a cut line is better than none */
    line[n++] = '\n';
    /* One write per line keeps lines from different threads whole. */
    ssize_t w = write(STDERR_FILENO, line, n);
    (void)w;
}

void log_line(log_level level, const char *fmt, ...)
{
    if (level < log_threshold)
        return;
    va_list ap;
    va_start(ap, fmt);
    log_vline(level, fmt, ap);
    va_end(ap);
}

void log_announce(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vline(LOG_INFO, fmt, ap);
    va_end(ap);
}

static bool log_plain(const char *value)
{
    if (value[0] == '\0')
        return false;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if (*p <= ' ' || *p == '"' || *p == '=' || *p == '\\' || *p == 0x7f)
            return false;
    return true;
}

const char *log_quote(char *out, size_t outlen, const char *value)
{
    if (outlen < 8) {
        if (outlen)
            out[0] = '\0';
        return out;
    }
    if (log_plain(value)) {
        snprintf(out, outlen, "%s", value);
        return out;
    }
    size_t n = 0;
    out[n++] = '"';
    /* Leave room for the longest escape, the closing quote and the NUL. */
    for (const unsigned char *p = (const unsigned char *)value;
         *p && n + 6 < outlen; p++) {
        if (*p == '"' || *p == '\\') {
            out[n++] = '\\';
            out[n++] = (char)*p;
        } else if (*p < 0x20 || *p == 0x7f) {
            n += (size_t)snprintf(out + n, outlen - n, "\\x%02x", *p);
        } else {
            out[n++] = (char)*p;
        }
    }
    out[n++] = '"';
    out[n] = '\0';
    return out;
}
