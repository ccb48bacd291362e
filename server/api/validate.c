/* server/api/validate.c - field checks that report the field by name. */
#include "api/validate.h"

#include <string.h>

static size_t validate_utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static bool validate_controls(rpc_call *call, const char *field,
                              const char *value, bool multiline)
{
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (*p >= 0x20 && *p != 0x7f)
            continue;
        if (multiline && (*p == '\n' || *p == '\t' || *p == '\r'))
            continue;
        rpc_violation(call, field, "must not contain control characters");
        return false;
    }
    return true;
}

/*
 * Bytes of the space at s, or 0: ASCII blanks, and the Unicode space
 * separators pasted text brings (U+00A0, U+2000 to U+200A, U+202F,
 * U+205F, U+3000), which show as nothing just the same.
 */
static size_t validate_space_len(const unsigned char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 &&
        ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xAF))
        return 3;
    if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
        return 3;
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

/* Only spaces (and, in multi-line text, line breaks and tabs). */
static bool validate_blank(const char *value)
{
    const unsigned char *p = (const unsigned char *)value;
    for (size_t n; (n = validate_space_len(p)) > 0;)
        p += n;
    return *p == '\0';
}

static bool validate_size(rpc_call *call, const char *field, const char *value,
                          size_t min, size_t max)
{
    size_t n = validate_utf8_chars(value);
    if (n < min) {
        if (min == 1)
            rpc_violation(call, field, "must not be empty");
        else
            rpc_violation(call, field, "must be at least %zu characters", min);
        return false;
    }
    /* A required field of spaces says nothing, and shows as nothing. */
    if (min > 0 && validate_blank(value)) {
        rpc_violation(call, field, "must not be blank (only spaces)");
        return false;
    }
    if (n > max) {
        rpc_violation(call, field, "must be at most %zu characters (got %zu)",
                      max, n);
        return false;
    }
    return true;
}

bool validate_length(rpc_call *call, const char *field, const char *value,
                     size_t min, size_t max)
{
    return validate_size(call, field, value, min, max) &&
           validate_controls(call, field, value, false);
}

bool validate_text(rpc_call *call, const char *field, const char *value,
                   size_t min, size_t max)
{
    return validate_size(call, field, value, min, max) &&
           validate_controls(call, field, value, true);
}

bool validate_username(rpc_call *call, const char *field, const char *value)
{
    size_t len = strlen(value);
    if (len < 2 || len > 32) {
        rpc_violation(call, field, "must be 2 to 32 characters");
        return false;
    }
    if (value[0] < 'a' || value[0] > 'z') {
        rpc_violation(call, field, "must start with a lower-case letter");
        return false;
    }
    for (const char *p = value; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-')) {
            rpc_violation(call, field,
                          "may hold only a-z, 0-9, '.', '_' and '-'");
            return false;
        }
    }
    return true;
}

bool validate_password(rpc_call *call, const char *field, const char *value)
{
    if (!validate_length(call, field, value, VALIDATE_PASSWORD_MIN,
                         VALIDATE_PASSWORD_MAX))
        return false;
    size_t same = strspn(value, (char[]){value[0], '\0'});
    if (same == strlen(value)) {
        rpc_violation(call, field, "must not repeat one character");
        return false;
    }
    return true;
}

bool validate_email(rpc_call *call, const char *field, const char *value)
{
    if (value[0] == '\0')
        return true;
    if (!validate_length(call, field, value, 3, 254))
        return false;
    const char *at = strchr(value, '@');
    if (at == NULL || at == value || at[1] == '\0' || strchr(value, ' ')) {
        rpc_violation(call, field, "must look like name@example.com");
        return false;
    }
    return true;
}

bool validate_slug(rpc_call *call, const char *field, const char *value,
                   size_t min, size_t max)
{
    size_t len = strlen(value);
    bool ok = len >= min && len <= max && value[0] >= 'a' && value[0] <= 'z';
    for (size_t i = 1; ok && i < len; i++)
        ok = (value[i] >= 'a' && value[i] <= 'z') ||
             (value[i] >= '0' && value[i] <= '9') || value[i] == '-';
    if (!ok)
        rpc_violation(call, field,
                      "must match ^[a-z][a-z0-9-]{%zu,%zu}$: a lower-case "
                      "letter, then %zu to %zu lower-case letters, digits or "
                      "'-'",
                      min - 1, max - 1, min - 1, max - 1);
    return ok;
}
