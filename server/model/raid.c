/* server/model/raid.c - list parameters and reference checks of the RAID log.
 */
#include "model/raid.h"
#include "api/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
/*
 * The 0-based positions, joined by commas, of the values of list
 * parameter p that match no row of table in program $1.
 */
#define RAID_MISSING(p, table)                                                 \
    "(SELECT string_agg((v.ord - 1)::text, ',' ORDER BY v.ord)"                \
    "   FROM unnest(" RAID_NUMS(p) ") WITH ORDINALITY v(n, ord)"               \
    "  WHERE NOT EXISTS (SELECT 1 FROM " table " x"                            \
    "                     WHERE x.program_id = $1 AND x.id = v.n))"

DB_STMT(raid_refs_missing,
        "SELECT"
        " (SELECT string_agg((v.ord - 1)::text, ',' ORDER BY v.ord)"
        "    FROM unnest(" RAID_TEXTS("$2") ") WITH ORDINALITY v(t, ord)"
        "   WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.username = v.t)),"
        " (SELECT string_agg((v.ord - 1)::text, ',' ORDER BY v.ord)"
        "    FROM unnest(" RAID_NUMS("$3") ") WITH ORDINALITY v(n, ord)"
        "   WHERE NOT EXISTS (SELECT 1 FROM work_items w"
        "                      WHERE w.program_id = $1 AND w.number = v.n)),"
        " " RAID_MISSING("$4", "risks") ","
        " " RAID_MISSING("$5", "issues") ","
        " " RAID_MISSING("$6", "decisions") ","
        " " RAID_MISSING("$7", "meetings") ","
        " (SELECT string_agg((v.ord - 1)::text, ',' ORDER BY v.ord)"
        "    FROM unnest(" RAID_TEXTS("$8") ") WITH ORDINALITY v(t, ord)"
        "   WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.username = v.t)),"
        " (SELECT string_agg((v.ord - 1)::text, ',' ORDER BY v.ord)"
        "    FROM unnest(" RAID_TEXTS("$8") ") WITH ORDINALITY v(t, ord)"
        "    JOIN users u ON u.username = v.t"
        "   WHERE NOT " ACCESS_SEES_PROGRAM("u.id", "$1") "),"
        " (SELECT string_agg((v.ord - 1)::text, ',' ORDER BY v.ord)"
        "    FROM unnest(" RAID_NUMS("$9") ") WITH ORDINALITY v(n, ord)"
        "   WHERE NOT EXISTS (SELECT 1 FROM vendors x WHERE x.id = v.n))");
/* clang-format on */

char *raid_int(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

/* list joined by sep, in the arena. */
static char *raid_join(rpc_call *call, const char *const *list, size_t n,
                       const char *sep)
{
    size_t len = 1, seplen = strlen(sep);
    for (size_t i = 0; i < n; i++)
        len += strlen(list[i]) + seplen;
    char *text = arena_alloc(call->arena, len);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        if (i) {
            memcpy(text + at, sep, seplen);
            at += seplen;
        }
        size_t k = strlen(list[i]);
        memcpy(text + at, list[i], k);
        at += k;
    }
    text[at] = '\0';
    return text;
}

char *raid_mask(rpc_call *call, char *const *mask, size_t n)
{
    return raid_join(call, (const char *const *)mask, n, ",");
}

char *raid_texts(rpc_call *call, char *const *list, size_t n)
{
    return raid_join(call, (const char *const *)list, n, RAID_SEP);
}

char *raid_ids(rpc_call *call, const int64_t *ids, size_t n)
{
    char *text = arena_alloc(call->arena, n * 21 + 1);
    size_t at = 0;
    text[0] = '\0';
    for (size_t i = 0; i < n; i++)
        at += (size_t)sprintf(text + at, "%s%lld", i ? "," : "",
                              (long long)ids[i]);
    return text;
}

int64_t raid_ref_number(const char *key, const char *ref)
{
    size_t len = strlen(key);
    if (strncmp(ref, key, len) != 0 || ref[len] != '-')
        return 0;
    const char *digits = ref + len + 1;
    size_t n = strspn(digits, "0123456789");
    if (n == 0 || n > 18 || digits[n] != '\0' || digits[0] == '0')
        return 0;
    return strtoll(digits, NULL, 10);
}

char *raid_ref_numbers(rpc_call *call, const program_access *prog,
                       char *const *refs, size_t n)
{
    int64_t *nums = arena_alloc(call->arena, (n ? n : 1) * sizeof(*nums));
    for (size_t i = 0; i < n; i++)
        nums[i] = raid_ref_number(prog->key, refs[i]);
    return raid_ids(call, nums, n);
}

/* The number of parts of sep-joined text ("" has none). */
static size_t raid_parts(const char *text, char sep)
{
    if (text[0] == '\0')
        return 0;
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == sep;
    return n;
}

void raid_split_texts(arena *a, const char *text, char ***out, size_t *n)
{
    *n = raid_parts(text, RAID_SEP[0]);
    *out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
    const char *p = text;
    for (size_t i = 0; i < *n; i++) {
        size_t len = strcspn(p, RAID_SEP);
        (*out)[i] = arena_strndup(a, p, len);
        p += len + (p[len] != '\0');
    }
}

void raid_split_ids(arena *a, const char *text, int64_t **out, size_t *n)
{
    *n = raid_parts(text, ',');
    *out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
    const char *p = text;
    for (size_t i = 0; i < *n; i++) {
        char *end;
        (*out)[i] = strtoll(p, &end, 10);
        p = *end ? end + 1 : end;
    }
}

void raid_split_refs(arena *a, const char *key, const char *numbers,
                     char ***out, size_t *n)
{
    int64_t *nums;
    raid_split_ids(a, numbers, &nums, n);
    *out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = arena_printf(a, "%s-%lld", key, (long long)nums[i]);
}

/* ------------------------------------------------------------ references */

void raid_refs_init(raid_refs *r, rpc_call *call, const program_access *prog)
{
    memset(r, 0, sizeof(*r));
    r->call = call;
    r->prog = prog;
}

static void raid_refs_add(raid_refs *r, raid_ref_kind kind, const char *field,
                          const char *text, int64_t number)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        raid_ref *list = arena_alloc(r->call->arena, cap * sizeof(*list));
        if (r->n)
            memcpy(list, r->list, r->n * sizeof(*list));
        r->list = list;
        r->cap = cap;
    }
    r->list[r->n++] = (raid_ref){kind, field, text, number};
}

void raid_refs_user(raid_refs *r, const char *field, const char *username)
{
    if (username[0])
        raid_refs_add(r, RAID_REF_USER, field, username, 0);
}

void raid_refs_member(raid_refs *r, const char *field, const char *username)
{
    if (username[0])
        raid_refs_add(r, RAID_REF_MEMBER, field, username, 0);
}

void raid_refs_item(raid_refs *r, const char *field, const char *ref)
{
    int64_t number = raid_ref_number(r->prog->key, ref);
    if (number == 0) {
        rpc_violation(r->call, field, "%s is not a work item of %s", ref,
                      r->prog->key);
        r->bad = true;
        return;
    }
    raid_refs_add(r, RAID_REF_ITEM, field, ref, number);
}

void raid_refs_id(raid_refs *r, raid_ref_kind kind, const char *field,
                  int64_t id)
{
    if (id != 0)
        raid_refs_add(r, kind, field, raid_int(r->call, id), id);
}

/* Users are named; everything else is numbered. */
static bool raid_ref_named(raid_ref_kind kind)
{
    return kind == RAID_REF_USER || kind == RAID_REF_MEMBER;
}

/* The values of one kind as a list parameter, in the order added. */
static const char *raid_refs_param(raid_refs *r, raid_ref_kind kind)
{
    size_t n = 0;
    char **texts =
        arena_alloc(r->call->arena, (r->n ? r->n : 1) * sizeof(*texts));
    for (size_t i = 0; i < r->n; i++) {
        if (r->list[i].kind != kind)
            continue;
        texts[n++] = raid_ref_named(kind) ? (char *)r->list[i].text
                                          : raid_int(r->call, r->list[i].number);
    }
    return raid_ref_named(kind) ? raid_texts(r->call, texts, n)
                                : raid_mask(r->call, texts, n);
}

/* The i-th reference (0-based) of kind. */
static const raid_ref *raid_refs_nth(const raid_refs *r, raid_ref_kind kind,
                                     unsigned long nth)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->list[i].kind == kind && nth-- == 0)
            return &r->list[i];
    return NULL;
}

/*
 * Reports the references of kind at positions (0-based, by commas): as
 * missing rows, or with no_role as members who cannot see the program.
 */
static void raid_refs_report(raid_refs *r, raid_ref_kind kind,
                             const char *positions, bool no_role)
{
    static const char *const what[] = {"user",    "work item", "risk",
                                       "issue",   "decision",  "meeting",
                                       "user",    "vendor"};
    /* Users and vendors are the organisation's: no "in KEY". */
    bool named = raid_ref_named(kind) || kind == RAID_REF_VENDOR;
    for (const char *p = positions; *p;) {
        char *end;
        unsigned long i = strtoul(p, &end, 10);
        const raid_ref *ref = raid_refs_nth(r, kind, i);
        if (ref && no_role)
            access_no_role(r->call, ref->field, ref->text, r->prog->key);
        else if (ref)
            rpc_violation(r->call, ref->field, "no %s %s%s%s", what[kind],
                          ref->text, named ? "" : " in ",
                          named ? "" : r->prog->key);
        r->bad = true;
        p = *end ? end + 1 : end;
    }
}

int raid_refs_check(raid_refs *r)
{
    if (r->n > 0) {
        const char *params[1 + RAID_REF_KINDS];
        params[0] = raid_int(r->call, r->prog->id);
        for (int k = 0; k < RAID_REF_KINDS; k++)
            params[1 + k] = raid_refs_param(r, (raid_ref_kind)k);
        PGresult *res = db_exec(r->call->db, &raid_refs_missing,
                                1 + RAID_REF_KINDS, params);
        if (res == NULL) {
            rpc_fail_db(r->call, "checking references");
            return -1;
        }
        /* One column per kind up to the members, then the members who hold
         * no role, then the kinds after them. */
        for (int k = 0; k < RAID_REF_KINDS; k++)
            raid_refs_report(r, (raid_ref_kind)k,
                             db_text(res, 0, k <= RAID_REF_MEMBER ? k : k + 1),
                             false);
        raid_refs_report(r, RAID_REF_MEMBER,
                         db_text(res, 0, RAID_REF_MEMBER + 1), true);
        PQclear(res);
    }
    return r->bad ? -1 : 0;
}

/* ------------------------------------------------------------ versioning */

/* The single int64 of stmt for id; 0 with found false when no row. */
static int raid_lookup(rpc_call *call, db_stmt *stmt, const char *what,
                       int64_t id, int64_t *value, bool *found)
{
    const char *params[] = {raid_int(call, id)};
    PGresult *r = db_exec(call->db, stmt, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, arena_printf(call->arena, "reading the %s", what));
        return -1;
    }
    *found = PQntuples(r) == 1;
    *value = *found ? db_int64(r, 0, 0) : 0;
    PQclear(r);
    return 0;
}

void raid_missed(rpc_call *call, db_stmt *version_of, const char *what,
                 int64_t id, int64_t expected)
{
    int64_t version;
    bool found;
    if (raid_lookup(call, version_of, what, id, &version, &found) != 0)
        return;
    if (!found) {
        rpc_fail(call, PMO_NOT_FOUND, "no %s %lld", what, (long long)id);
        return;
    }
    fields_stale(call,
                 arena_printf(call->arena, "%s %lld", what, (long long)id),
                 version, expected);
}

int raid_program_of(rpc_call *call, db_stmt *stmt, const char *what, int64_t id,
                    int64_t *program_id)
{
    bool found;
    if (raid_lookup(call, stmt, what, id, program_id, &found) != 0)
        return -1;
    if (!found) {
        rpc_fail(call, PMO_NOT_FOUND, "no %s %lld", what, (long long)id);
        return -1;
    }
    return 0;
}
