/* client/admin/args.c - a command's options and words, and usage errors. */
#include "admin.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const admin_opt *admin_opt_find(const admin_opt *opts, const char *arg,
                                       const char **inline_value)
{
    *inline_value = NULL;
    for (const admin_opt *o = opts; o && o->name; o++) {
        size_t len = strlen(o->name);
        if (strncmp(arg, o->name, len) != 0)
            continue;
        if (arg[len] == '\0')
            return o;
        if (arg[len] == '=' && o->value) {
            *inline_value = arg + len + 1;
            return o;
        }
    }
    return NULL;
}

/* Takes the option at argv[*i]; returns 0 or a usage error. */
static int admin_opt_take(admin_ctx *ctx, const admin_opt *opts, int *i)
{
    const char *arg = ctx->argv[*i];
    if (!strcmp(arg, "--json")) {
        ctx->json = true;
        return 0;
    }
    const char *value;
    const admin_opt *o = admin_opt_find(opts, arg, &value);
    if (o == NULL)
        return admin_usage_fail(ctx, "unknown option %s", arg);
    if (o->on) {
        *o->on = true;
        return 0;
    }
    if (value == NULL) {
        if (*i + 1 >= ctx->argc)
            return admin_usage_fail(ctx, "%s needs a value", arg);
        value = ctx->argv[++*i];
    }
    *o->value = value;
    return 0;
}

static const char *admin_usage_word_find(const admin_ctx *ctx, size_t n,
                                         char *out, size_t len)
{
    /* Usages list the required words first: "NAME [--admin]", "ID". */
    const char *u = ctx->cmd->usage;
    for (size_t k = 0; *u && *u != '['; k++) {
        size_t w = strcspn(u, " ");
        if (k == n) {
            snprintf(out, len, "%.*s", (int)w, u);
            return out;
        }
        u += w;
        u += strspn(u, " ");
    }
    snprintf(out, len, "an argument");
    return out;
}

int admin_args_parse(admin_ctx *ctx, const admin_opt *opts, const char **pos,
                     size_t n_pos, size_t n_required)
{
    size_t got = 0;
    bool words_only = false;
    for (int i = 0; i < ctx->argc; i++) {
        const char *arg = ctx->argv[i];
        if (!words_only && !strcmp(arg, "--")) {
            words_only = true;
        } else if (!words_only && arg[0] == '-' && arg[1] != '\0') {
            int rc = admin_opt_take(ctx, opts, &i);
            if (rc)
                return rc;
        } else if (got < n_pos) {
            pos[got++] = arg;
        } else {
            return admin_usage_fail(ctx, "unexpected argument \"%s\"", arg);
        }
    }
    if (got < n_required) {
        char word[32];
        return admin_usage_fail(
            ctx, "missing %s",
            admin_usage_word_find(ctx, got, word, sizeof(word)));
    }
    return 0;
}

int admin_args_take_repeated(admin_ctx *ctx, const char *name, const char **out,
                             size_t max, size_t *n)
{
    size_t len = strlen(name);
    int kept = 0, i;
    *n = 0;
    for (i = 0; i < ctx->argc; i++) {
        const char *arg = ctx->argv[i], *value = NULL;
        if (!strcmp(arg, "--"))
            break;
        if (!strncmp(arg, name, len) && arg[len] == '=') {
            value = arg + len + 1;
        } else if (!strcmp(arg, name)) {
            if (i + 1 >= ctx->argc)
                return admin_usage_fail(ctx, "%s needs a value", name);
            value = ctx->argv[++i];
        } else {
            ctx->argv[kept++] = arg;
            continue;
        }
        if (*n == max)
            return admin_usage_fail(ctx, "at most %zu %s options", max, name);
        out[(*n)++] = value;
    }
    /* "--" and whatever follows it stay as they were. */
    for (; i < ctx->argc; i++)
        ctx->argv[kept++] = ctx->argv[i];
    ctx->argc = kept;
    return 0;
}

int admin_args_parse_int64(admin_ctx *ctx, const char *what, const char *text,
                           int64_t min, int64_t max, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end != '\0' || v < min || v > max)
        return admin_usage_fail(ctx,
                                "%s must be a whole number from %" PRId64
                                " to %" PRId64 " (got \"%s\")",
                                what, min, max, text);
    *out = v;
    return 0;
}

int admin_usage_fail(admin_ctx *ctx, const char *fmt, ...)
{
    const admin_command *c = ctx->cmd;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, ADMIN_PROG ": ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "; usage: %s%s%s%s%s\n", c->group, c->verb ? " " : "",
            c->verb ? c->verb : "", c->usage[0] ? " " : "", c->usage);
    return 2;
}
