/* server/model/comments.c - comment rows, their targets and mentions. */
#include "model/comments.h"
#include "audit/audit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SQL reads best as written: keep clang-format from re-flowing it. */
/* clang-format off */
/* The audited form of the comment at alias a, written by author. */
#define COMMENT_JSON(a, author)                                                \
    "jsonb_build_object('id', " a ".id, 'entity', " a ".entity,"               \
    " 'entity_key', " a ".entity_key, 'author', " author ","                   \
    " 'body', " a ".body, 'mentions', to_jsonb(" a ".mentions))"

/*
 * The target must exist in the program; the insert happens only if it
 * does, so a missing one costs no extra round trip. $6 is the number of
 * a work item ref or a stakeholder id, parsed by the caller. Mentions
 * ($7: candidate names, space-separated) are looked up in the same
 * statement and kept in the order they were written.
 */
DB_STMT(comments_insert,
        "WITH target AS ("
        "  SELECT CASE $2"
        "    WHEN 'program' THEN true"
        "    WHEN 'project' THEN EXISTS (SELECT 1 FROM projects"
        "      WHERE program_id = $1 AND key = $3)"
        "    WHEN 'work_item' THEN EXISTS (SELECT 1 FROM work_items"
        "      WHERE program_id = $1 AND number = $6)"
        "    WHEN 'stakeholder' THEN EXISTS (SELECT 1 FROM stakeholders"
        "      WHERE program_id = $1 AND id = $6)"
        "    ELSE false END AS found),"
        " ins AS ("
        "  INSERT INTO comments (program_id, entity, entity_key, author_id,"
        "    body, mentions)"
        "  SELECT $1, $2, $3, $4, $5,"
        "    (SELECT coalesce(array_agg(u.username"
        "              ORDER BY array_position(m.names, u.username)), '{}')"
        "       FROM (SELECT string_to_array($7, ' ') AS names) m"
        "       JOIN users u ON u.username = ANY(m.names))"
        "    FROM target WHERE found"
        "  RETURNING *)"
        " SELECT ins.id, (extract(epoch FROM ins.created_at) * 1000)::bigint,"
        "   array_to_string(ins.mentions, ' '), "
        COMMENT_JSON("ins", "$8::text") " FROM ins");

DB_STMT(comments_page,
        "SELECT c.id, c.entity, c.entity_key, u.username, c.body,"
        "  array_to_string(c.mentions, ' '),"
        "  (extract(epoch FROM c.created_at) * 1000)::bigint"
        "  FROM comments c JOIN users u ON u.id = c.author_id"
        " WHERE c.program_id = $1 AND ($2 = '' OR c.entity = $2)"
        "   AND ($3 = '' OR c.entity_key = $3) AND c.id < $4"
        " ORDER BY c.id DESC LIMIT $5");

DB_STMT(comments_owner,
        "SELECT program_id, author_id FROM comments WHERE id = $1");

DB_STMT(comments_remove,
        "DELETE FROM comments c WHERE c.id = $1 RETURNING "
        COMMENT_JSON("c", "(SELECT u.username FROM users u"
                          " WHERE u.id = c.author_id)"));
/* clang-format on */

static const char *const comments_entities[] = {"program", "project",
                                                "work_item", "stakeholder"};
const char comments_entities_text[] =
    "program, project, work_item, stakeholder";

bool comments_entity_known(const char *entity)
{
    for (size_t i = 0;
         i < sizeof(comments_entities) / sizeof(*comments_entities); i++)
        if (strcmp(entity, comments_entities[i]) == 0)
            return true;
    return false;
}

/* A positive decimal without a leading zero, else 0. */
static int64_t comments_number(const char *digits)
{
    size_t n = strspn(digits, "0123456789");
    if (n == 0 || n > 18 || digits[n] != '\0' || digits[0] == '0')
        return 0;
    return strtoll(digits, NULL, 10);
}

/*
 * Checks the form of entity_key for its entity and sets *number for work
 * items (the number of "KEY-42") and stakeholders (the id). Whether it
 * exists is for the insert to find out.
 */
static bool comments_key_form(rpc_call *call, const program_access *prog,
                              const char *entity, const char *key,
                              int64_t *number)
{
    size_t len = strlen(prog->key);
    *number = 0;
    if (strcmp(entity, "program") == 0 && strcmp(key, prog->key) != 0) {
        rpc_violation(call, "entity_key",
                      "a comment on the program takes its key %s, not \"%s\"",
                      prog->key, key);
        return false;
    }
    if (strcmp(entity, "work_item") == 0) {
        if (strncmp(key, prog->key, len) == 0 && key[len] == '-')
            *number = comments_number(key + len + 1);
        if (*number == 0) {
            rpc_violation(call, "entity_key",
                          "\"%s\" is not a work item ref of %s (like %s-42)",
                          key, prog->key, prog->key);
            return false;
        }
    }
    if (strcmp(entity, "stakeholder") == 0 &&
        (*number = comments_number(key)) == 0) {
        rpc_violation(call, "entity_key", "\"%s\" is not a stakeholder id",
                      key);
        return false;
    }
    return true;
}

static bool comments_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

static bool comments_word_char(char c)
{
    return comments_name_char(c) || (c >= 'A' && c <= 'Z');
}

/*
 * The names written as @name in body that have the form of a username,
 * space-separated; the database keeps those that are users. An @ inside
 * a word (an e-mail address) is no mention, and dots ending a sentence
 * are not part of the name.
 */
static char *comments_mention_candidates(arena *a, const char *body)
{
    /* Each candidate is shorter than the text it came from, '@' included. */
    char *out = arena_alloc(a, strlen(body) + 1);
    size_t at = 0;
    const char *p = body;
    while ((p = strchr(p, '@')) != NULL) {
        bool inside_word = p > body && comments_word_char(p[-1]);
        const char *name = ++p;
        size_t len = 0;
        while (comments_name_char(name[len]))
            len++;
        p = name + len;
        size_t end = len;
        while (end > 0 && name[end - 1] == '.')
            end--;
        if (inside_word || comments_word_char(*p) || end < 2 || end > 32 ||
            name[0] < 'a' || name[0] > 'z')
            continue;
        if (at)
            out[at++] = ' ';
        memcpy(out + at, name, end);
        at += end;
    }
    out[at] = '\0';
    return out;
}

/* Splits a space-separated list into a new array in the arena. */
static char **comments_split(arena *a, const char *text, size_t *n)
{
    *n = text[0] ? 1 : 0;
    for (const char *p = text; *p; p++)
        *n += *p == ' ';
    char **out = arena_alloc(a, (*n ? *n : 1) * sizeof(*out));
    const char *p = text;
    for (size_t i = 0; i < *n; i++) {
        size_t len = strcspn(p, " ");
        out[i] = arena_strndup(a, p, len);
        p += len + (p[len] != '\0');
    }
    return out;
}

static const char *comments_missing_noun(const char *entity)
{
    if (strcmp(entity, "work_item") == 0)
        return "work item";
    return entity;
}

int comments_add(rpc_call *call, const program_access *prog, const char *entity,
                 const char *entity_key, const char *body,
                 Pmo__V1__Comment **out)
{
    int64_t number;
    if (!comments_key_form(call, prog, entity, entity_key, &number))
        return -1;
    char program_id[24], author_id[24], num[24];
    snprintf(program_id, sizeof(program_id), "%lld", (long long)prog->id);
    snprintf(author_id, sizeof(author_id), "%lld",
             (long long)call->who.user_id);
    snprintf(num, sizeof(num), "%lld", (long long)number);
    const char *params[] = {program_id,
                            entity,
                            entity_key,
                            author_id,
                            body,
                            num,
                            comments_mention_candidates(call->arena, body),
                            call->who.username};
    PGresult *r = db_exec(call->db, &comments_insert, 8, params);
    if (r == NULL) {
        rpc_fail_db(call, "adding the comment");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_violation(call, "entity_key", "no %s %s in %s",
                      comments_missing_noun(entity), entity_key, prog->key);
        return -1;
    }
    Pmo__V1__Comment *c = arena_alloc(call->arena, sizeof(*c));
    pmo__v1__comment__init(c);
    c->id = db_int64(r, 0, 0);
    c->program = arena_strdup(call->arena, prog->key);
    c->entity = (char *)entity;
    c->entity_key = (char *)entity_key;
    c->author = arena_strdup(call->arena, call->who.username);
    c->body = (char *)body;
    c->mentions = comments_split(call->arena, db_text(r, 0, 2), &c->n_mentions);
    c->created_at_ms = db_int64(r, 0, 1);
    char *id = arena_printf(call->arena, "%lld", (long long)c->id);
    int rc = audit_record(call, "comment", id, NULL, db_text(r, 0, 3));
    PQclear(r);
    if (rc != 0)
        return -1;
    *out = c;
    return 0;
}

static Pmo__V1__Comment *comments_from_row(arena *a, const PGresult *r, int row,
                                           const char *program)
{
    Pmo__V1__Comment *c = arena_alloc(a, sizeof(*c));
    pmo__v1__comment__init(c);
    c->id = db_int64(r, row, 0);
    c->program = arena_strdup(a, program);
    c->entity = arena_strdup(a, db_text(r, row, 1));
    c->entity_key = arena_strdup(a, db_text(r, row, 2));
    c->author = arena_strdup(a, db_text(r, row, 3));
    c->body = arena_strdup(a, db_text(r, row, 4));
    c->mentions = comments_split(a, db_text(r, row, 5), &c->n_mentions);
    c->created_at_ms = db_int64(r, row, 6);
    return c;
}

int comments_list(rpc_call *call, const program_access *prog,
                  const char *entity, const char *entity_key, int64_t before,
                  unsigned limit, Pmo__V1__Comment ***out, size_t *n)
{
    char program_id[24], below[24], lim[16];
    snprintf(program_id, sizeof(program_id), "%lld", (long long)prog->id);
    /* A plain bound keeps the page a range scan of the index. */
    snprintf(below, sizeof(below), "%lld",
             (long long)(before ? before : INT64_MAX));
    snprintf(lim, sizeof(lim), "%u", limit + 1);
    const char *params[] = {program_id, entity, entity_key, below, lim};
    PGresult *r = db_exec(call->db, &comments_page, 5, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing comments");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = comments_from_row(call->arena, r, (int)i, prog->key);
    PQclear(r);
    return 0;
}

int comments_find(rpc_call *call, int64_t id, int64_t *program_id,
                  int64_t *author_id)
{
    char key[24];
    snprintf(key, sizeof(key), "%lld", (long long)id);
    const char *params[] = {key};
    PGresult *r = db_exec(call->db, &comments_owner, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the comment");
        return -1;
    }
    int found = PQntuples(r) == 1;
    if (found) {
        *program_id = db_int64(r, 0, 0);
        *author_id = db_int64(r, 0, 1);
    } else {
        rpc_fail(call, PMO_NOT_FOUND, "no comment %lld", (long long)id);
    }
    PQclear(r);
    return found ? 0 : -1;
}

int comments_delete(rpc_call *call, int64_t id)
{
    char key[24];
    snprintf(key, sizeof(key), "%lld", (long long)id);
    const char *params[] = {key};
    PGresult *r = db_exec(call->db, &comments_remove, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "deleting the comment");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no comment %lld", (long long)id);
        return -1;
    }
    int rc = audit_record(call, "comment", key, db_text(r, 0, 0), NULL);
    PQclear(r);
    return rc;
}
