/*
 * common/log.h - one-line structured logs to stderr.
 *
 * Lines are "ts=... level=... msg=..." followed by key=value pairs, so they
 * read well and grep or a log shipper can split them. Callers quote values
 * that may hold spaces. Thread-safe: one write(2) per line.
 */
#ifndef PMO_COMMON_LOG_H
#define PMO_COMMON_LOG_H

#include <stddef.h>

typedef enum log_level {
    LOG_DEBUG,
    LOG_INFO,
    LOG_WARN,
    LOG_ERROR,
} log_level;

void log_set_level(log_level level);

/* Parses "debug", "info", "warn", "error"; returns -1 if none. */
int log_level_parse(const char *name);

/*
 * Writes "ts=... level=LEVEL " followed by the formatted text and a
 * newline. The text should be key=value pairs, the first being msg=.
 */
void log_line(log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Like log_line at info level, but printed whatever the threshold: for the
 * few lines scripts wait for, such as the server's "msg=ready".
 */
void log_announce(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Writes value as one logfmt value into out: bare when it is plain, else
 * double-quoted with '"' and '\\' escaped and control characters as \xNN,
 * so text chosen by a caller can never break a line or start a new one.
 * Returns out. Values longer than the buffer are cut.
 */
const char *log_quote(char *out, size_t outlen, const char *value);

#define log_debug(...) log_line(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_line(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_line(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_line(LOG_ERROR, __VA_ARGS__)

#endif
