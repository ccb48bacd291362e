/*
 * server/model/record_sql.c - the statements of a record kind, generated
 * once at start from its descriptor (see record.h).
 *
 * Every name spliced into the text is a constant of the descriptor (a
 * table, a column, a field, an enum value's name); every value is a
 * parameter. The parameter layout of each statement is fixed here and
 * followed by the pushers in record.c:
 *
 *   viewer  [$u user id, $a admin, $t token programs]  only for org-wide
 *                                   kinds with links, whose reads hide
 *                                   what the reader cannot see (nor its
 *                                   API token act in)
 *   audit   actor id, actor, method, peer
 *   insert  viewer, audit, [program id], one per column
 *   get     viewer, id
 *   page    viewer, [program id], after, limit, one per filter, [link]
 *   change  viewer, audit, id, expected version, mask, one per column
 *   remove  audit, id, expected version
 *   version id
 *   refs    user id, admin, token programs, [program id], one per
 *           referring column
 *   history id, after, limit
 */
#include "model/record_impl.h"
#include "common/money.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ text buffer */

typedef struct sqlbuf {
    char *text;
    size_t len, cap;
    int next_param; /* the number the next parameter takes */
} sqlbuf;

static void sql_add(sqlbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void sql_add(sqlbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list again;
    va_copy(again, ap);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->len + (size_t)need + 1 > b->cap) {
        b->cap = (b->len + (size_t)need + 1) * 2;
        b->text = xrealloc(b->text, b->cap);
    }
    vsnprintf(b->text + b->len, (size_t)need + 1, fmt, again);
    va_end(again);
    b->len += (size_t)need;
}

/* Takes the next parameter number. */
static int sql_param(sqlbuf *b)
{
    return b->next_param++;
}

static void sql_start(sqlbuf *b)
{
    memset(b, 0, sizeof(*b));
    b->next_param = 1;
    sql_add(b, "%s", "");
}

/* ------------------------------------------------------------ fragments */

#define SQL_SEP "E'\\x1f'"

typedef struct sql_ctx {
    const record_kind *k;
    int p_user, p_admin, p_scope; /* 0 when the statement has no viewer */
} sql_ctx;

/* The viewer may see program pid (an SQL expression). */
static void sql_sees(sqlbuf *b, const sql_ctx *c, const char *pid)
{
    sql_add(b,
            "($%d::bool OR EXISTS (SELECT 1 FROM program_members m"
            " WHERE m.program_id = %s AND m.user_id = $%d::bigint))",
            c->p_admin, pid, c->p_user);
    char scope[16];
    snprintf(scope, sizeof(scope), "$%d", c->p_scope);
    sql_add(b,
            " AND (%s::text = '' OR %s = ANY (NULLIF(%s::text, '')"
            "::bigint[]))",
            scope, pid, scope);
}

/* The linked rows of ref_table the reader may see, from alias a. */
static void sql_ids_visible(sqlbuf *b, const sql_ctx *c, const char *a,
                            const record_column *col)
{
    if (c->k->program_scoped) {
        sql_add(b, "x.program_id = %s.program_id", a);
        return;
    }
    sql_sees(b, c, "x.program_id");
}

/* A FLAG's expression with "@" standing for alias a. */
static void sql_expr(sqlbuf *b, const char *a, const char *expr)
{
    sql_add(b, "(");
    for (const char *p = expr; *p; p++) {
        if (*p == '@')
            sql_add(b, "%s", a);
        else
            sql_add(b, "%c", *p);
    }
    sql_add(b, ")");
}

/* Column col of alias a as the text or number the row mapper reads. */
static void sql_read_column(sqlbuf *b, const sql_ctx *c, const char *a,
                            const record_column *col)
{
    switch (col->type) {
    case RECORD_LINE:
    case RECORD_TEXT:
        sql_add(b, "%s.%s", a, col->column);
        break;
    case RECORD_ENUM:
        sql_add(b, "%s.%s::int", a, col->column);
        break;
    case RECORD_DATE:
        sql_add(b, "coalesce(to_char(%s.%s, 'YYYY-MM-DD'), '')", a,
                col->column);
        break;
    case RECORD_USER:
        sql_add(b,
                "coalesce((SELECT u.username FROM users u"
                " WHERE u.id = %s.%s), '')",
                a, col->column);
        break;
    case RECORD_TEXTS:
        sql_add(b, "array_to_string(%s.%s, " SQL_SEP ")", a, col->column);
        break;
    case RECORD_PROGRAMS:
        sql_add(b,
                "coalesce((SELECT string_agg(p.key, " SQL_SEP
                " ORDER BY p.key) FROM programs p WHERE p.id = ANY(%s.%s)",
                a, col->column);
        if (c->p_user) {
            sql_add(b, " AND ");
            sql_sees(b, c, "p.id");
        }
        sql_add(b, "), '')");
        break;
    case RECORD_IDS:
        sql_add(b,
                "coalesce((SELECT string_agg(x.id::text, ',' ORDER BY x.id)"
                " FROM %s x WHERE x.id = ANY(%s.%s)",
                col->ref_table, a, col->column);
        if (c->p_user || c->k->program_scoped) {
            sql_add(b, " AND ");
            sql_ids_visible(b, c, a, col);
        }
        sql_add(b, "), '')");
        break;
    case RECORD_REFS:
        /* Items deleted since are not shown; numbers are never reused. */
        sql_add(b,
                "coalesce((SELECT string_agg(n::text, ',' ORDER BY n)"
                " FROM unnest(%s.%s) n WHERE EXISTS (SELECT 1 FROM work_items w"
                " WHERE w.program_id = %s.program_id AND w.number = n)), '')",
                a, col->column, a);
        break;
    case RECORD_ID:
        sql_add(b, "coalesce(%s.%s, 0)", a, col->column);
        break;
    case RECORD_FLAG:
        sql_expr(b, a, col->expr);
        break;
    case RECORD_MONEY:
        sql_add(b, "%s.%s", a, col->column);
        break;
    }
}

/* id, program id, program key, every column, version and, for kinds with
 * money, the program's currency: the row mapper's layout
 * (RECORD_COL_FIRST). */
static void sql_read_row(sqlbuf *b, const sql_ctx *c, const char *a)
{
    if (c->k->program_scoped)
        sql_add(b,
                "%s.id, %s.program_id, coalesce((SELECT p.key FROM programs p"
                " WHERE p.id = %s.program_id), '')",
                a, a, a);
    else
        sql_add(b, "%s.id, 0::bigint, ''", a);
    for (size_t i = 0; i < c->k->n_columns; i++) {
        sql_add(b, ", ");
        sql_read_column(b, c, a, &c->k->columns[i]);
    }
    sql_add(b, ", %s.version", a);
    if (c->k->compiled->money)
        sql_add(b,
                ", coalesce((SELECT p.currency FROM programs p"
                " WHERE p.id = %s.program_id), '" MONEY_DEFAULT_CURRENCY "')",
                a);
}

static bool sql_unspecified(const char *name)
{
    size_t n = strlen(name);
    return n >= 12 && strcmp(name + n - 12, "_UNSPECIFIED") == 0;
}

/* The length of the prefix every value name of e shares, up to and with
 * its last '_' ("DECISION_" of DECISION_PROPOSED and DECISION_DECIDED). */
static size_t sql_enum_prefix(const ProtobufCEnumDescriptor *e)
{
    const char *first = NULL;
    size_t len = 0;
    for (unsigned i = 0; i < e->n_values; i++) {
        const char *name = e->values[i].name;
        if (sql_unspecified(name))
            continue;
        if (first == NULL) {
            first = name;
            len = strlen(name);
            continue;
        }
        size_t same = 0;
        while (same < len && name[same] == first[same])
            same++;
        len = same;
    }
    while (first && len > 0 && first[len - 1] != '_')
        len--;
    return len;
}

/* An enum column by the short names of its values ("decided"), as people
 * read them and the CLI prints them, for the audit trail. */
static void sql_enum_names(sqlbuf *b, const char *a, const record_column *col,
                           const ProtobufCFieldDescriptor *fd)
{
    const ProtobufCEnumDescriptor *e = fd->descriptor;
    size_t cut = sql_enum_prefix(e);
    sql_add(b, "CASE %s.%s", a, col->column);
    for (unsigned i = 0; i < e->n_values; i++) {
        const char *name = e->values[i].name;
        if (sql_unspecified(name) || strlen(name) <= cut)
            continue;
        sql_add(b, " WHEN %d THEN '", e->values[i].value);
        for (const char *p = name + cut; *p; p++)
            sql_add(b, "%c", *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        sql_add(b, "'");
    }
    sql_add(b, " END");
}

/* The row at alias a as the audit trail's JSON: fields by their message
 * names, users by username, enums by name. */
static void sql_json(sqlbuf *b, const sql_ctx *c, const char *a)
{
    const record_compiled *rc = c->k->compiled;
    sql_add(b, "jsonb_build_object('id', %s.id, 'version', %s.version", a, a);
    for (size_t i = 0; i < c->k->n_columns; i++) {
        const record_column *col = &c->k->columns[i];
        if (!record_column_stored(col))
            continue;
        sql_add(b, ", '%s%s', ", col->field,
                col->type == RECORD_MONEY ? "_minor" : "");
        switch (col->type) {
        case RECORD_ENUM:
            sql_enum_names(b, a, col, rc->fields[i]);
            break;
        case RECORD_USER:
            sql_read_column(b, c, a, col);
            break;
        case RECORD_PROGRAMS:
            sql_add(b,
                    "to_jsonb(ARRAY(SELECT p.key FROM programs p"
                    " WHERE p.id = ANY(%s.%s) ORDER BY p.key))",
                    a, col->column);
            break;
        default:
            sql_add(b, "%s.%s", a, col->column);
            break;
        }
    }
    sql_add(b, ")");
}

/* Parameter p as the value stored in col. */
static void sql_write_value(sqlbuf *b, const record_column *col, int p,
                            bool create)
{
    switch (col->type) {
    case RECORD_LINE:
    case RECORD_TEXT:
        sql_add(b, "$%d", p);
        break;
    case RECORD_ENUM:
        sql_add(b, "$%d::int", p);
        break;
    case RECORD_DATE:
        if (create && (col->flags & RECORD_TODAY))
            sql_add(b, "coalesce(nullif($%d, '')::date, current_date)", p);
        else
            sql_add(b, "nullif($%d, '')::date", p);
        break;
    case RECORD_USER:
        sql_add(b,
                "(SELECT u.id FROM users u WHERE u.username = nullif($%d, ''))",
                p);
        break;
    case RECORD_TEXTS:
        sql_add(b, "string_to_array($%d, " SQL_SEP ")", p);
        break;
    case RECORD_PROGRAMS:
        sql_add(b,
                "ARRAY(SELECT p.id FROM programs p WHERE p.key"
                " = ANY(string_to_array($%d, " SQL_SEP ")) ORDER BY p.id)",
                p);
        break;
    case RECORD_IDS:
        sql_add(b,
                "ARRAY(SELECT DISTINCT v FROM unnest(string_to_array($%d,"
                " ',')::bigint[]) v ORDER BY v)",
                p);
        break;
    case RECORD_REFS:
        sql_add(b, "string_to_array($%d, ',')::bigint[]", p);
        break;
    case RECORD_ID:
        sql_add(b, "nullif($%d::bigint, 0)", p);
        break;
    case RECORD_MONEY:
        sql_add(b, "$%d::bigint", p);
        break;
    case RECORD_FLAG:
        break;
    }
}

static void sql_viewer(sqlbuf *b, sql_ctx *c)
{
    c->p_user = c->p_admin = c->p_scope = 0;
    if (c->k->compiled->viewer) {
        c->p_user = sql_param(b);
        c->p_admin = sql_param(b);
        c->p_scope = sql_param(b);
    }
}

typedef struct sql_audit {
    int actor_id, actor, method, peer;
} sql_audit;

static sql_audit sql_audit_params(sqlbuf *b)
{
    sql_audit a;
    a.actor_id = sql_param(b);
    a.actor = sql_param(b);
    a.method = sql_param(b);
    a.peer = sql_param(b);
    return a;
}


/* The CTE appending the audit row of a write: before and after are SQL
 * expressions (JSON or NULL), from the CTEs named in from. */
static void sql_audit_cte(sqlbuf *b, const sql_ctx *c, const sql_audit *p,
                          const char *a, const char *before, bool after,
                          const char *from)
{
    sql_add(b,
            ", aud AS (INSERT INTO audit_log (actor_id, actor, method, entity,"
            " entity_id, before, after, peer, program_id)"
            " SELECT nullif($%d, '0')::bigint, $%d, $%d, '%s', %s.id::text,"
            " %s, ",
            p->actor_id, p->actor, p->method, c->k->entity, a, before);
    if (after)
        sql_json(b, c, a);
    else
        sql_add(b, "NULL");
    sql_add(b, ", $%d, ", p->peer);
    if (c->k->program_scoped)
        sql_add(b, "%s.program_id", a);
    else
        sql_add(b, "NULL::bigint");
    sql_add(b, " FROM %s)", from);
}

/* The CTE appending a history row for the row at alias a; old is the
 * alias of the row before the change, or NULL on create. */
static void sql_history_cte(sqlbuf *b, const record_history *h,
                            const sql_audit *p, const char *a,
                            const char *old)
{
    sql_add(b, ", hist AS (INSERT INTO %s (%s, changed_by", h->table, h->key);
    for (const char *const *t = h->tracked; *t; t++)
        sql_add(b, ", old_%s, new_%s", *t, *t);
    for (const char *const *t = h->carried; *t; t++)
        sql_add(b, ", %s", *t);
    sql_add(b, ") SELECT %s.id, nullif($%d, '0')::bigint", a, p->actor_id);
    for (const char *const *t = h->tracked; *t; t++) {
        if (old)
            sql_add(b, ", %s.%s, %s.%s", old, *t, a, *t);
        else
            sql_add(b, ", NULL, %s.%s", a, *t);
    }
    for (const char *const *t = h->carried; *t; t++)
        sql_add(b, ", %s.%s", a, *t);
    sql_add(b, " FROM %s", a);
    if (old) {
        sql_add(b, ", %s WHERE (", old);
        for (const char *const *t = h->tracked; *t; t++)
            sql_add(b, "%s%s.%s", t == h->tracked ? "" : ", ", old, *t);
        sql_add(b, ") IS DISTINCT FROM (");
        for (const char *const *t = h->tracked; *t; t++)
            sql_add(b, "%s%s.%s", t == h->tracked ? "" : ", ", a, *t);
        sql_add(b, ")");
    }
    sql_add(b, ")");
}

/*
 * What follows the row CTE of a create (alias ins, old NULL) or a change
 * (alias upd, old the row before): the audit and history rows, and the
 * row as written with the NOTIFY that wakes the sealer at commit.
 */
static void sql_write_tail(sqlbuf *b, const sql_ctx *c, const sql_audit *p,
                           const char *a, const char *old)
{
    sql_audit_cte(b, c, p, a, old ? "old.record_before" : "NULL", true,
                  old ? "upd, old" : a);
    if (c->k->history)
        sql_history_cte(b, c->k->history, p, a, old);
    sql_add(b, " SELECT ");
    sql_read_row(b, c, a);
    sql_add(b, ", pg_notify('pmo_audit', '') FROM %s", a);
}

/* ------------------------------------------------------------ statements */

static char *sql_insert(const record_kind *k)
{
    sqlbuf b;
    sql_ctx c = {.k = k};
    sql_start(&b);
    sql_viewer(&b, &c);
    sql_audit p = sql_audit_params(&b);
    sql_add(&b, "WITH ins AS (INSERT INTO %s (", k->table);
    if (k->program_scoped)
        sql_add(&b, "program_id, ");
    const char *sep = "";
    for (size_t i = 0; i < k->n_columns; i++)
        if (record_column_stored(&k->columns[i])) {
            sql_add(&b, "%s%s", sep, k->columns[i].column);
            sep = ", ";
        }
    sql_add(&b, ") VALUES (");
    if (k->program_scoped)
        sql_add(&b, "$%d::bigint, ", sql_param(&b));
    sep = "";
    for (size_t i = 0; i < k->n_columns; i++)
        if (record_column_stored(&k->columns[i])) {
            sql_add(&b, "%s", sep);
            sql_write_value(&b, &k->columns[i], sql_param(&b), true);
            sep = ", ";
        }
    sql_add(&b, ") RETURNING *)");
    sql_write_tail(&b, &c, &p, "ins", NULL);
    return b.text;
}

static char *sql_get(const record_kind *k)
{
    sqlbuf b;
    sql_ctx c = {.k = k};
    sql_start(&b);
    sql_viewer(&b, &c);
    sql_add(&b, "SELECT ");
    sql_read_row(&b, &c, "a");
    sql_add(&b, " FROM %s a WHERE a.id = $%d::bigint", k->table,
            sql_param(&b));
    return b.text;
}

static char *sql_page(const record_kind *k)
{
    const record_compiled *rc = k->compiled;
    sqlbuf b;
    sql_ctx c = {.k = k};
    sql_start(&b);
    sql_viewer(&b, &c);
    sql_add(&b, "SELECT ");
    sql_read_row(&b, &c, "a");
    sql_add(&b, " FROM %s a WHERE ", k->table);
    if (k->program_scoped)
        sql_add(&b, "a.program_id = $%d::bigint AND ", sql_param(&b));
    sql_add(&b, "a.id > $%d::bigint", sql_param(&b));
    int limit = sql_param(&b);
    for (size_t i = 0; i < rc->n_filters; i++) {
        const record_column *col = &k->columns[rc->filters[i]];
        int f = sql_param(&b);
        if (col->type == RECORD_FLAG) {
            sql_add(&b, " AND (NOT $%d::bool OR ", f);
            sql_expr(&b, "a", col->expr);
            sql_add(&b, ")");
        } else {
            sql_add(&b, " AND ($%d::bigint = 0 OR a.%s = $%d::bigint)", f,
                    col->column, f);
        }
    }
    if (rc->link >= 0) {
        int l = sql_param(&b);
        sql_add(&b, " AND ($%d::bigint = 0 OR $%d::bigint = ANY(a.%s))", l, l,
                k->columns[rc->link].column);
    }
    sql_add(&b, " ORDER BY a.id LIMIT $%d::int", limit);
    return b.text;
}

static char *sql_change(const record_kind *k)
{
    sqlbuf b;
    sql_ctx c = {.k = k};
    sql_start(&b);
    sql_viewer(&b, &c);
    sql_audit p = sql_audit_params(&b);
    int id = sql_param(&b), expected = sql_param(&b), mask = sql_param(&b);
    sql_add(&b, "WITH old AS (SELECT a.*, ");
    sql_json(&b, &c, "a");
    sql_add(&b,
            " AS record_before FROM %s a WHERE a.id = $%d::bigint"
            " AND a.version = $%d::bigint FOR UPDATE),"
            " upd AS (UPDATE %s a SET ",
            k->table, id, expected, k->table);
    for (size_t i = 0; i < k->n_columns; i++) {
        const record_column *col = &k->columns[i];
        if (!record_column_changeable(col))
            continue;
        sql_add(&b,
                "%s = CASE WHEN '%s' = ANY(string_to_array($%d, ',')) THEN ",
                col->column, col->field, mask);
        sql_write_value(&b, col, sql_param(&b), false);
        sql_add(&b, " ELSE a.%s END, ", col->column);
    }
    sql_add(&b,
            "version = a.version + 1 FROM old WHERE a.id = old.id"
            " RETURNING a.*)");
    sql_write_tail(&b, &c, &p, "upd", "old");
    return b.text;
}

static char *sql_remove(const record_kind *k)
{
    sqlbuf b;
    sql_ctx c = {.k = k};
    sql_start(&b);
    sql_audit p = sql_audit_params(&b);
    int id = sql_param(&b), expected = sql_param(&b);
    sql_add(&b,
            "WITH del AS (DELETE FROM %s a WHERE a.id = $%d::bigint"
            " AND a.version = $%d::bigint RETURNING a.*)",
            k->table, id, expected);
    sqlbuf json;
    sql_start(&json);
    sql_json(&json, &c, "del");
    sql_audit_cte(&b, &c, &p, "del", json.text, false, "del");
    free(json.text);
    sql_add(&b, " SELECT del.id, pg_notify('pmo_audit', '') FROM del");
    return b.text;
}

static char *sql_version(const record_kind *k)
{
    sqlbuf b;
    sql_start(&b);
    sql_add(&b, "SELECT version FROM %s WHERE id = $1::bigint", k->table);
    return b.text;
}

/* One column per referring column of an organisation-wide kind: "" when
 * every reference holds, else what is missing. */
static void sql_refs_column(sqlbuf *b, const sql_ctx *c,
                            const record_column *col, int p)
{
    switch (col->type) {
    case RECORD_USER:
        sql_add(b,
                "CASE WHEN $%d = '' OR EXISTS (SELECT 1 FROM users u"
                " WHERE u.username = $%d) THEN '' ELSE 'missing' END",
                p, p);
        break;
    case RECORD_PROGRAMS:
        sql_add(b,
                "coalesce((SELECT string_agg(v, " SQL_SEP ") FROM"
                " unnest(string_to_array($%d, " SQL_SEP ")) v WHERE NOT EXISTS"
                " (SELECT 1 FROM programs p WHERE p.key = v AND ",
                p);
        sql_sees(b, c, "p.id");
        sql_add(b, ")), '')");
        break;
    case RECORD_IDS:
    case RECORD_ID:
        sql_add(b,
                "coalesce((SELECT string_agg(v::text, ',') FROM"
                " unnest(string_to_array(nullif($%d, '0'), ',')::bigint[]) v"
                " WHERE NOT EXISTS (SELECT 1 FROM %s x WHERE x.id = v AND ",
                p, col->ref_table);
        sql_sees(b, c, "x.program_id");
        sql_add(b, ")), '')");
        break;
    default:
        break;
    }
}

static char *sql_refs(const record_kind *k)
{
    const record_compiled *rc = k->compiled;
    sqlbuf b;
    sql_ctx c = {.k = k};
    sql_start(&b);
    c.p_user = sql_param(&b);
    c.p_admin = sql_param(&b);
    c.p_scope = sql_param(&b);
    /* The viewer's parameters are read back so that each has a type even
     * when no column needs it. */
    sql_add(&b, "SELECT $%d::bigint, $%d::bool, $%d::text", c.p_user, c.p_admin,
            c.p_scope);
    for (size_t i = 0; i < rc->n_refs; i++) {
        sql_add(&b, ", ");
        sql_refs_column(&b, &c, &k->columns[rc->refs[i]], sql_param(&b));
    }
    return b.text;
}

static char *sql_history(const record_kind *k)
{
    const record_history *h = k->history;
    sqlbuf b;
    sql_start(&b);
    sql_add(&b,
            "SELECT h.id, coalesce((SELECT u.username FROM users u"
            " WHERE u.id = h.changed_by), ''),"
            " to_char(h.changed_at AT TIME ZONE 'UTC',"
            " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
    for (const char *const *t = h->tracked; *t; t++)
        sql_add(&b, ", coalesce(h.old_%s, 0), h.new_%s", *t, *t);
    for (const char *const *t = h->carried; *t; t++)
        sql_add(&b, ", h.%s", *t);
    sql_add(&b,
            " FROM %s h WHERE h.%s = $1::bigint AND h.id > $2::bigint"
            " ORDER BY h.id LIMIT $3::int",
            h->table, h->key);
    return b.text;
}

int record_sql_build(record_kind *k)
{
    record_compiled *rc = k->compiled;
    char *(*const build[RECORD_STMT_COUNT])(const record_kind *) = {
        [RECORD_STMT_INSERT] = sql_insert,   [RECORD_STMT_GET] = sql_get,
        [RECORD_STMT_PAGE] = sql_page,       [RECORD_STMT_CHANGE] = sql_change,
        [RECORD_STMT_REMOVE] = sql_remove,   [RECORD_STMT_VERSION] = sql_version,
        [RECORD_STMT_REFS] = sql_refs,       [RECORD_STMT_HISTORY] = sql_history,
    };
    static const char *const suffix[RECORD_STMT_COUNT] = {
        "insert", "get", "page", "change", "remove", "version", "refs",
        "history",
    };
    for (int i = 0; i < RECORD_STMT_COUNT; i++) {
        if ((i == RECORD_STMT_HISTORY && k->history == NULL) ||
            (i == RECORD_STMT_REFS && k->program_scoped))
            continue;
        rc->sql[i] = build[i](k);
        snprintf(rc->names[i], sizeof(rc->names[i]), "record_%s_%s",
                 k->entity, suffix[i]);
        rc->stmts[i].name = rc->names[i];
        rc->stmts[i].sql = rc->sql[i];
    }
    size_t n = 0;
    for (int i = 0; i < RECORD_STMT_COUNT; i++)
        if (rc->sql[i])
            rc->listing[n++] = rc->sql[i];
    rc->listing[n] = NULL;
    return 0;
}
