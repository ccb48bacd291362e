/* common/config.c - parser for the "key = value" configuration format. */
#include "common/config.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Errors never quote the offending line, so a reason always fits. */
#define CONFIG_REASON_MAX 128

static bool config_is_space(char c)
{
    return c == ' ' || c == '\t';
}

static bool config_is_key_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static const char *config_skip_space(const char *p, const char *end)
{
    while (p < end && config_is_space(*p))
        p++;
    return p;
}

/* Whitespace before the '#' is what lets a bare value such as a URL
 * fragment "a#b" keep its '#'. */
static bool config_is_comment(const char *p, const char *line)
{
    return *p == '#' && (p == line || config_is_space(p[-1]));
}

static void config_error(char *err, size_t errlen, int line, const char *reason)
{
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "line %d: %s", line, reason);
}

static void config_append(config_file *cfg, size_t *cap, char *key, char *value,
                          int line)
{
    if (cfg->count == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        cfg->entries = xrealloc(cfg->entries, *cap * sizeof cfg->entries[0]);
    }
    cfg->entries[cfg->count].key = key;
    cfg->entries[cfg->count].value = value;
    cfg->entries[cfg->count].line = line;
    cfg->count++;
}

/* p is just past the opening quote. Returns the position past the closing
 * quote with the unescaped text in *out, or NULL with a reason. */
static const char *config_unquote(const char *p, const char *end, char **out,
                                  const char **reason)
{
    char *value = xmalloc((size_t)(end - p) + 1);
    size_t len = 0;

    while (p < end && *p != '"') {
        if (*p == '\\') {
            if (p + 1 == end) {
                *reason = "unterminated quote";
                goto fail;
            }
            if (p[1] != '"' && p[1] != '\\') {
                *reason = "unknown escape in quoted value";
                goto fail;
            }
            p++;
        }
        value[len++] = *p++;
    }
    if (p == end) {
        *reason = "unterminated quote";
        goto fail;
    }
    value[len] = '\0';
    *out = value;
    return p + 1;
fail:
    free(value);
    return NULL;
}

/* Returns the value of a line, p being the first character after '=' and
 * its following whitespace, or NULL with a reason. */
static char *config_value_parse(const char *p, const char *end,
                                const char *line, const char **reason)
{
    char *value;
    const char *stop;

    if (p < end && *p == '"') {
        p = config_unquote(p + 1, end, &value, reason);
        if (p == NULL)
            return NULL;
        p = config_skip_space(p, end);
        if (p < end && !config_is_comment(p, line)) {
            *reason = "unexpected text after closing quote";
            free(value);
            return NULL;
        }
        return value;
    }
    for (stop = p; stop < end && !config_is_comment(stop, line); stop++)
        ;
    while (stop > p && config_is_space(stop[-1]))
        stop--;
    return xstrndup(p, (size_t)(stop - p));
}

/* Picks the most useful complaint for a line that did not reach '=':
 * an '=' later on, before any comment, means the key itself is bad. */
static const char *config_key_reason(const char *line, const char *key,
                                     const char *p, const char *end)
{
    const char *q = p;

    while (q < end && *q != '=' && !config_is_comment(q, line))
        q++;
    if (q == end || *q != '=')
        return "expected 'key = value', missing '='";
    if (q == key)
        return "empty key";
    return "invalid character in key";
}

/* Parses one line without its newline; blank and comment lines add
 * nothing. */
static int config_line_parse(const char *line, const char *end, int lineno,
                             config_file *cfg, size_t *cap, char *err,
                             size_t errlen)
{
    const char *reason = "invalid value";
    const char *key = config_skip_space(line, end);
    const char *p = key;
    char *value;

    if (p == end || config_is_comment(p, line))
        return 0;
    while (p < end && config_is_key_char(*p))
        p++;
    const char *key_end = p;
    p = config_skip_space(p, end);
    if (p == end || *p != '=' || key_end == key) {
        config_error(err, errlen, lineno, config_key_reason(line, key, p, end));
        return -1;
    }
    p = config_skip_space(p + 1, end);
    value = config_value_parse(p, end, line, &reason);
    if (value == NULL) {
        config_error(err, errlen, lineno, reason);
        return -1;
    }
    config_append(cfg, cap, xstrndup(key, (size_t)(key_end - key)), value,
                  lineno);
    return 0;
}

int config_parse(const char *text, config_file *cfg, char *err, size_t errlen)
{
    const char *line = text;
    size_t cap = 0;
    int lineno = 1;

    cfg->entries = NULL;
    cfg->count = 0;
    for (;;) {
        const char *nl = strchr(line, '\n');
        const char *end = nl ? nl : line + strlen(line);

        /* Files edited on Windows end lines with CR LF. */
        if (end > line && end[-1] == '\r')
            end--;
        if (config_line_parse(line, end, lineno, cfg, &cap, err, errlen) != 0) {
            config_fini(cfg);
            return -1;
        }
        if (nl == NULL)
            break;
        line = nl + 1;
        lineno++;
    }
    return 0;
}

/* Reads the whole stream into a NUL-terminated buffer; *len excludes the
 * terminator. Returns NULL with errno set on a read error. */
static char *config_file_read(FILE *f, size_t *len)
{
    size_t cap = 4096;
    size_t used = 0;
    char *buf = xmalloc(cap);

    for (;;) {
        used += fread(buf + used, 1, cap - used - 1, f);
        if (ferror(f)) {
            int saved = errno;
            free(buf);
            errno = saved ? saved : EIO;
            return NULL;
        }
        if (feof(f))
            break;
        if (used == cap - 1) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    buf[used] = '\0';
    *len = used;
    return buf;
}

/* A NUL would silently end the text config_parse sees, hiding the rest of
 * the file; returns its line number, or 0 if there is none. */
static int config_nul_line(const char *buf, size_t len)
{
    const char *nul = memchr(buf, '\0', len);
    int line = 1;

    if (nul == NULL)
        return 0;
    for (const char *p = buf; p < nul; p++)
        line += *p == '\n';
    return line;
}

int config_load(const char *path, config_file *cfg, char *err, size_t errlen)
{
    char reason[CONFIG_REASON_MAX];
    size_t len;
    char *buf;
    int rc;
    FILE *f;

    cfg->entries = NULL;
    cfg->count = 0;
    f = fopen(path, "rb");
    if (f == NULL) {
        if (err != NULL && errlen > 0)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    buf = config_file_read(f, &len);
    if (buf == NULL) {
        if (err != NULL && errlen > 0)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        fclose(f);
        return -1;
    }
    fclose(f);
    int nul_line = config_nul_line(buf, len);
    if (nul_line > 0) {
        config_error(reason, sizeof reason, nul_line, "NUL byte in file");
        rc = -1;
    } else {
        rc = config_parse(buf, cfg, reason, sizeof reason);
    }
    free(buf);
    if (rc != 0 && err != NULL && errlen > 0)
        snprintf(err, errlen, "%s: %s", path, reason);
    return rc;
}

const char *config_get(const config_file *cfg, const char *key)
{
    for (size_t i = cfg->count; i > 0; i--) {
        if (strcmp(cfg->entries[i - 1].key, key) == 0)
            return cfg->entries[i - 1].value;
    }
    return NULL;
}

void config_fini(config_file *cfg)
{
    for (size_t i = 0; i < cfg->count; i++) {
        free(cfg->entries[i].key);
        free(cfg->entries[i].value);
    }
    free(cfg->entries);
    cfg->entries = NULL;
    cfg->count = 0;
}
