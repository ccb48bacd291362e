/* server/model/activity.c - the activity feed, summarised from audit rows. */
#include "model/activity.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* SQL reads best as written: keep clang-format from re-flowing it. */
/* clang-format off */
/* Values shown in a summary: one line, at most 60 characters. */
#define ACTIVITY_SHORT(v)                                                      \
    "(SELECT CASE WHEN length(t) > 60 THEN left(t, 57) || '...' ELSE t END"    \
    "   FROM regexp_replace(" v ", '[[:cntrl:]]+', ' ', 'g') AS t)"
/* What the row's entity is called: its title, name or body, if set. */
#define ACTIVITY_LABEL                                                         \
    "coalesce(" ACTIVITY_SHORT(                                                \
        "coalesce(nullif(coalesce(a.after, a.before) ->> 'title', ''),"        \
        "         nullif(coalesce(a.after, a.before) ->> 'name', ''),"         \
        "         coalesce(a.after, a.before) ->> 'body')") ", '')"
/* Only rows holding an object on both sides are compared. */
#define ACTIVITY_BOTH_OBJECTS                                                  \
    "jsonb_typeof(a.before) = 'object' AND jsonb_typeof(a.after) = 'object'"
#define ACTIVITY_DIFF                                                          \
    "coalesce((SELECT string_agg(d.k || E'\\x1f' || coalesce(d.o, '')"         \
    "                            || E'\\x1f' || coalesce(d.n, ''), E'\\x1e'"   \
    "                            ORDER BY d.k COLLATE \"C\")"                  \
    "  FROM (SELECT coalesce(b.key, f.key) AS k,"                              \
    "               " ACTIVITY_SHORT("b.value #>> '{}'") " AS o,"              \
    "               " ACTIVITY_SHORT("f.value #>> '{}'") " AS n"               \
    "          FROM jsonb_each(CASE WHEN " ACTIVITY_BOTH_OBJECTS               \
    "                          THEN a.before END) b"                           \
    "          FULL JOIN jsonb_each(CASE WHEN " ACTIVITY_BOTH_OBJECTS          \
    "                               THEN a.after END) f ON f.key = b.key"      \
    "         WHERE coalesce(b.value, 'null')"                                 \
    "               IS DISTINCT FROM coalesce(f.value, 'null')"                \
    "           AND coalesce(b.key, f.key) NOT IN"                             \
    "               ('version', 'updated_at', 'updated_at_ms')) d), '')"

/*
 * One page of the feed with, per row, what it is called (title, name or
 * body of the row after, or before for a delete) and what changed: the
 * top-level keys whose values differ, with old and new value as text,
 * "key US old US new" joined by RS (control characters are replaced in
 * the values, so the separators cannot occur in them). A missing key
 * and a null are the same to a reader; keys that change on every write
 * say nothing to a person and are left out.
 */
DB_STMT(activity_page,
        "SELECT a.id, (extract(epoch FROM a.at) * 1000)::bigint, a.actor,"
        "       a.method, a.entity, a.entity_id, a.before IS NULL,"
        "       a.after IS NULL, " ACTIVITY_LABEL ", " ACTIVITY_DIFF ","
        "       coalesce(a.seq, 0)"
        "  FROM audit_log a"
        " WHERE a.program_id = $1 AND a.id < $2"
        " ORDER BY a.id DESC LIMIT $3");
/* clang-format on */

/* A summary being written; text past ACTIVITY_SUMMARY_MAX is cut. */
typedef struct activity_text {
    char buf[ACTIVITY_SUMMARY_MAX + 1];
    size_t len;
    bool cut;
} activity_text;

static void activity_put(activity_text *t, const char *s, size_t n)
{
    if (t->cut)
        return;
    if (n > ACTIVITY_SUMMARY_MAX - t->len) {
        n = ACTIVITY_SUMMARY_MAX - t->len;
        t->cut = true;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

static void activity_puts(activity_text *t, const char *s)
{
    activity_put(t, s, strlen(s));
}

/* Ends a cut summary with "..." on a whole UTF-8 character. */
static void activity_finish(activity_text *t)
{
    if (!t->cut)
        return;
    size_t len =
        t->len < ACTIVITY_SUMMARY_MAX - 3 ? t->len : ACTIVITY_SUMMARY_MAX - 3;
    while (len > 0 && ((unsigned char)t->buf[len] & 0xC0) == 0x80)
        len--;
    memcpy(t->buf + len, "...", 4);
    t->len = len + 3;
}

/* Lower-case copy of the word at s of length n, appended. */
static void activity_put_lower(activity_text *t, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        activity_put(t, &c, 1);
    }
}

/* The length of the CamelCase word starting at s. */
static size_t activity_word(const char *s)
{
    size_t n = s[0] ? 1 : 0;
    while (s[n] && !(s[n] >= 'A' && s[n] <= 'Z'))
        n++;
    return n;
}

/* The past tense of a method's leading verb ("Update" -> "updated"). */
static void activity_put_past(activity_text *t, const char *verb, size_t n)
{
    static const struct {
        const char *verb, *past;
    } irregular[] = {
        {"Set", "set"},          {"Reset", "reset"},  {"Put", "put"},
        {"Split", "split"},      {"Run", "ran"},      {"Freeze", "froze"},
        {"Submit", "submitted"}, {"Plan", "planned"},
    };
    for (size_t i = 0; i < sizeof(irregular) / sizeof(*irregular); i++)
        if (strlen(irregular[i].verb) == n &&
            strncmp(irregular[i].verb, verb, n) == 0) {
            activity_puts(t, irregular[i].past);
            return;
        }
    char last = n ? verb[n - 1] : '\0';
    char before = n > 1 ? verb[n - 2] : '\0';
    if (last == 'e') {
        activity_put_lower(t, verb, n);
        activity_puts(t, "d");
    } else if (last == 'y' && !strchr("aeiou", before)) {
        activity_put_lower(t, verb, n - 1);
        activity_puts(t, "ied");
    } else {
        activity_put_lower(t, verb, n);
        activity_puts(t, "ed");
    }
}

/*
 * "updated work item" from ".../UpdateWorkItem"; a method of one word
 * takes the entity as its object ("pmo.v1.X/Archive" on a "project" ->
 * "archived project").
 */
static void activity_put_action(activity_text *t, const char *method,
                                const char *entity)
{
    const char *name = strrchr(method, '/');
    name = name ? name + 1 : method;
    size_t n = activity_word(name);
    activity_put_past(t, name, n);
    const char *rest = name + n;
    if (*rest == '\0') {
        activity_puts(t, " ");
        for (const char *p = entity; *p; p++)
            activity_put(t, *p == '_' ? " " : p, 1);
        return;
    }
    while (*rest) {
        size_t w = activity_word(rest);
        activity_puts(t, " ");
        activity_put_lower(t, rest, w);
        rest += w;
    }
}

static void activity_put_value(activity_text *t, const char *v, size_t n)
{
    if (n == 0)
        activity_puts(t, "(none)");
    else
        activity_put(t, v, n);
}

/* The next part of s (of length n) up to sep; moves s and n past it. */
static size_t activity_field(const char **s, size_t *n, char sep)
{
    const char *end = memchr(*s, sep, *n);
    size_t len = end ? (size_t)(end - *s) : *n;
    *s += len + (end != NULL);
    *n -= len + (end != NULL);
    return len;
}

/* ": key old -> new, ..." from the query's "k US o US n RS ..." text. */
static void activity_put_changes(activity_text *t, const char *diff)
{
    const char *p = diff;
    size_t left = strlen(diff);
    while (left > 0) {
        const char *entry = p;
        size_t entry_len = activity_field(&p, &left, '\x1e');
        const char *key = entry;
        size_t key_len = activity_field(&entry, &entry_len, '\x1f');
        const char *old = entry;
        size_t old_len = activity_field(&entry, &entry_len, '\x1f');
        activity_puts(t, key == diff ? ": " : ", ");
        activity_put(t, key, key_len);
        activity_puts(t, " ");
        activity_put_value(t, old, old_len);
        activity_puts(t, " -> ");
        activity_put_value(t, entry, entry_len);
    }
}

/*
 * "alice created work item CHKOUT-42 "Ship payment page"" for a row that
 * adds or removes something; "bob updated work item CHKOUT-42: state todo
 * -> done" for one that changes it.
 */
static char *activity_summary(arena *a, const PGresult *r, int row)
{
    activity_text t = {.len = 0};
    activity_puts(&t, db_text(r, row, 2));
    activity_puts(&t, " ");
    activity_put_action(&t, db_text(r, row, 3), db_text(r, row, 4));
    const char *entity_id = db_text(r, row, 5);
    if (entity_id[0]) {
        activity_puts(&t, " ");
        activity_puts(&t, entity_id);
    }
    bool added_or_removed = db_bool(r, row, 6) || db_bool(r, row, 7);
    const char *label = db_text(r, row, 8);
    if (added_or_removed && label[0]) {
        activity_puts(&t, " \"");
        activity_puts(&t, label);
        activity_puts(&t, "\"");
    }
    activity_put_changes(&t, db_text(r, row, 9));
    activity_finish(&t);
    return arena_strdup(a, t.buf);
}

static Pmo__V1__ActivityEntry *activity_from_row(arena *a, const PGresult *r,
                                                 int row)
{
    Pmo__V1__ActivityEntry *e = arena_alloc(a, sizeof(*e));
    pmo__v1__activity_entry__init(e);
    e->id = db_int64(r, row, 0);
    e->at_ms = db_int64(r, row, 1);
    e->actor = arena_strdup(a, db_text(r, row, 2));
    e->method = arena_strdup(a, db_text(r, row, 3));
    e->entity = arena_strdup(a, db_text(r, row, 4));
    e->entity_key = arena_strdup(a, db_text(r, row, 5));
    e->summary = activity_summary(a, r, row);
    e->seq = db_int64(r, row, 10);
    return e;
}

int activity_list(rpc_call *call, const program_access *prog, int64_t before,
                  unsigned limit, Pmo__V1__ActivityEntry ***out, size_t *n)
{
    char program_id[24], below[24], lim[16];
    snprintf(program_id, sizeof(program_id), "%lld", (long long)prog->id);
    /* A plain bound keeps the page a range scan of the index. */
    snprintf(below, sizeof(below), "%lld",
             (long long)(before ? before : INT64_MAX));
    snprintf(lim, sizeof(lim), "%u", limit + 1);
    const char *params[] = {program_id, below, lim};
    PGresult *r = db_exec(call->db, &activity_page, 3, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the activity feed");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = activity_from_row(call->arena, r, (int)i);
    PQclear(r);
    return 0;
}
