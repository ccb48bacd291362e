/*
 * common/config.h - the "key = value" file format both sides read.
 *
 * One setting per line; '#' starts a comment; blank lines are ignored;
 * values may be double-quoted to keep leading or trailing spaces. A key
 * may repeat (the server's "listen" does). The parser only splits lines:
 * each program decides which keys it knows and reports unknown ones.
 */
#ifndef PMO_COMMON_CONFIG_H
#define PMO_COMMON_CONFIG_H

#include <stddef.h>

typedef struct config_entry {
    char *key;
    char *value;
    int line; /* 1-based line number, for error messages */
} config_entry;

typedef struct config_file {
    config_entry *entries;
    size_t count;
} config_file;

/*
 * Parses text (NUL-terminated) into cfg. On error returns -1 and writes a
 * one-line reason naming the line into err (errlen bytes); cfg is then
 * empty and needs no config_fini. On success the caller owns cfg and
 * frees it with config_fini.
 */
int config_parse(const char *text, config_file *cfg, char *err, size_t errlen);

/* Reads and parses a file; errors name the path and line. */
int config_load(const char *path, config_file *cfg, char *err, size_t errlen);

/* The last value given for key, or NULL. Borrowed from cfg. */
const char *config_get(const config_file *cfg, const char *key);

void config_fini(config_file *cfg);

#endif
