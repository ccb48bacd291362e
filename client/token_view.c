/* client/token_view.c - API token listings and the one showing of a secret. */
#include "token_view.h"
#include "common/arena.h"
#include "common/timeutil.h"
#include "table.h"

#include <inttypes.h>
#include <string.h>

const char *token_view_scope(const Pmo__V1__ApiToken *t)
{
    if (t->client_cert)
        return t->read_only ? "read-only, mTLS" : "read-write, mTLS";
    return t->read_only ? "read-only" : "read-write";
}

/* "A, B", or "all" for a token not limited to programs. */
static void token_view_programs(const Pmo__V1__ApiToken *t, char *out,
                                size_t len)
{
    snprintf(out, len, "%s", t->n_programs ? "" : "all");
    for (size_t i = 0; i < t->n_programs; i++) {
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%s%s", i ? ", " : "", t->programs[i]);
    }
}

static void token_view_state(const Pmo__V1__ApiToken *t, int64_t now, char *out,
                             size_t len)
{
    char at[32];
    if (t->revoked_at_ms) {
        time_format_ms(t->revoked_at_ms, at, sizeof(at));
        snprintf(out, len, "revoked %s", at);
    } else {
        snprintf(out, len, "%s", t->expires_at_ms <= now ? "expired" : "live");
    }
}

void token_view_list(FILE *out, Pmo__V1__ApiToken *const *tokens, size_t n)
{
    if (n == 0) {
        fprintf(out, "No API tokens.\n");
        return;
    }
    cli_table tab;
    cli_table_init(&tab, 8,
                   (const char *[]){"ID", "USER", "NAME", "SCOPE", "PROGRAMS",
                                    "EXPIRES", "LAST USED", "STATE"});
    cli_table_shrinkable(&tab, 2);
    cli_table_shrinkable(&tab, 4);
    int64_t now = time_now_ms();
    for (size_t i = 0; i < n; i++) {
        const Pmo__V1__ApiToken *t = tokens[i];
        char id[24], programs[512], expires[32], used[32], state[48];
        snprintf(id, sizeof(id), "%" PRId64, t->id);
        token_view_programs(t, programs, sizeof(programs));
        time_format_ms(t->expires_at_ms, expires, sizeof(expires));
        if (t->last_used_ms)
            time_format_ms(t->last_used_ms, used, sizeof(used));
        else
            snprintf(used, sizeof(used), "never");
        token_view_state(t, now, state, sizeof(state));
        cli_table_add(&tab, (const char *[]){id, t->username, t->name,
                                             token_view_scope(t), programs,
                                             expires, used, state});
    }
    cli_table_print(&tab, out);
    cli_table_fini(&tab);
}

void token_view_revoked(FILE *out, const Pmo__V1__ApiToken *t)
{
    fprintf(out, "Revoked API token %" PRId64 " \"%s\" of %s.\n", t->id,
            t->name, t->username);
}

void token_view_created(FILE *out, const Pmo__V1__CreateTokenResponse *r)
{
    const Pmo__V1__ApiToken *t = r->token;
    char programs[512], expires[32];
    token_view_programs(t, programs, sizeof(programs));
    time_format_ms(t->expires_at_ms, expires, sizeof(expires));
    fprintf(out,
            "Created API token %" PRId64 " \"%s\" for %s: %s, programs %s, "
            "until %s.\n",
            t->id, t->name, t->username, token_view_scope(t), programs,
            expires);
    fprintf(out,
            "Its secret, shown this once (the server keeps only a "
            "hash of it):\n%s\n",
            r->secret);
    fprintf(out, "Use it with: PMO_TOKEN=<secret> pmo ...\n");
}
