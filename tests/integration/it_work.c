/* tests/integration/it_work.c - the work tests' fixture and calls. */
#include "it_work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const it_work_users[] = {"mgr", "con", "view", "out"};

void it_work_setup(it_work *w, const char *key)
{
    memset(w, 0, sizeof(*w));
    snprintf(w->program, sizeof(w->program), "%s", key);
    w->admin = it_connect_admin();
    int64_t ids[4];
    for (int i = 0; i < 4; i++)
        ids[i] = it_create_user(w->admin, it_work_users[i], IT_WORK_PASSWORD);
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "INSERT INTO programs (key, name) VALUES ('%s', 'Checkout')"
             " RETURNING id",
             key);
    w->program_id = it_work_sql_int("%s", sql);
    snprintf(
        sql, sizeof(sql),
        "INSERT INTO teams (key, name) VALUES ('web-team', 'Web'),"
        "  ('api-team', 'API');"
        "INSERT INTO projects (program_id, key, name, team_id)"
        "  SELECT %lld, 'web', 'Web shop', id FROM teams WHERE key = 'web-team'"
        "  UNION ALL"
        "  SELECT %lld, 'api', 'Payments API', id FROM teams"
        "   WHERE key = 'api-team';"
        "INSERT INTO program_members (program_id, user_id, role) VALUES"
        "  (%lld, %lld, 3), (%lld, %lld, 2), (%lld, %lld, 1);"
        "INSERT INTO team_members (team_id, user_id)"
        "  SELECT id, %lld FROM teams WHERE key = 'web-team';"
        "INSERT INTO programs (key, name) VALUES ('OTHER', 'Other');"
        "INSERT INTO projects (program_id, key, name)"
        "  SELECT id, 'billing', 'Billing' FROM programs WHERE key = 'OTHER'",
        (long long)w->program_id, (long long)w->program_id,
        (long long)w->program_id, (long long)ids[0], (long long)w->program_id,
        (long long)ids[1], (long long)w->program_id, (long long)ids[2],
        (long long)ids[1]);
    it_sql(NULL, 0, sql);
    pmo_client **clients[] = {&w->mgr, &w->con, &w->view, &w->out};
    for (int i = 0; i < 4; i++)
        *clients[i] = it_connect_as(it_work_users[i], IT_WORK_PASSWORD, NULL);
}

void it_work_add_grid(it_work *w, int rows, int width)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO work_items (program_id, project_id, number, title,"
             " optimistic_days, likely_days, pessimistic_days)"
             " SELECT p.program_id, p.id, n, 'Step ' || n, 1, 2, 5"
             " FROM projects p, generate_series(1, %d) n"
             " WHERE p.program_id = %lld AND p.key = 'web';"
             "INSERT INTO dependencies (program_id, predecessor_id,"
             " successor_id) SELECT a.program_id, a.id, b.id"
             " FROM work_items a JOIN work_items b"
             " ON b.program_id = a.program_id"
             " AND b.number IN (a.number + %d, a.number + %d + 1)"
             " WHERE a.program_id = %lld",
             rows * width, (long long)w->program_id, width, width,
             (long long)w->program_id);
    it_sql(NULL, 0, sql);
}

void it_work_teardown(it_work *w)
{
    pmo_client *clients[] = {w->admin, w->mgr, w->con, w->view, w->out};
    for (int i = 0; i < 5; i++)
        if (clients[i])
            pmo_client_close(clients[i]);
}

int64_t it_work_sql_int(const char *fmt, ...)
{
    char sql[4096], out[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    it_sql(out, sizeof(out), sql);
    char *end;
    long long v = strtoll(out, &end, 10);
    if (end == out)
        fail_msg("expected a number from \"%s\", got \"%s\"", sql, out);
    return v;
}

int it_work_create(pmo_client *c, const Pmo__V1__WorkItem *item,
                   Pmo__V1__WorkItem **out, pmo_result *res)
{
    Pmo__V1__CreateWorkItemRequest in = PMO__V1__CREATE_WORK_ITEM_REQUEST__INIT;
    in.item = (Pmo__V1__WorkItem *)item;
    Pmo__V1__WorkItem *got = NULL;
    int code = pmo_call(c, &pmo__v1__work_service__descriptor, "CreateWorkItem",
                        &in.base, (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else if (got)
        it_work_free(got);
    return code;
}

Pmo__V1__WorkItem *it_work_task(pmo_client *c, const char *program,
                                const char *project, const char *title,
                                const char *parent)
{
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = (char *)program;
    item.project = (char *)project;
    item.title = (char *)title;
    item.parent = (char *)parent;
    Pmo__V1__WorkItem *out = NULL;
    pmo_result res;
    int code = it_work_create(c, &item, &out, &res);
    if (code != PMO_OK)
        fail_msg("CreateWorkItem %s in %s/%s: %s: %s", title, program, project,
                 pmo_status_name(code), res.message);
    return out;
}

int it_work_get(pmo_client *c, const char *ref, Pmo__V1__WorkItem **out,
                pmo_result *res)
{
    Pmo__V1__GetWorkItemRequest in = PMO__V1__GET_WORK_ITEM_REQUEST__INIT;
    in.ref = (char *)ref;
    *out = NULL;
    return pmo_call(c, &pmo__v1__work_service__descriptor, "GetWorkItem",
                    &in.base, (ProtobufCMessage **)out, res);
}

int it_work_update(pmo_client *c, const char *ref, int64_t version,
                   const Pmo__V1__WorkItem *item, const char *const *mask,
                   Pmo__V1__WorkItem **out, pmo_result *res)
{
    Pmo__V1__UpdateWorkItemRequest in = PMO__V1__UPDATE_WORK_ITEM_REQUEST__INIT;
    in.ref = (char *)ref;
    in.item = (Pmo__V1__WorkItem *)item;
    in.expected_version = version;
    while (mask[in.n_update_mask])
        in.n_update_mask++;
    in.update_mask = (char **)mask;
    Pmo__V1__WorkItem *got = NULL;
    int code = pmo_call(c, &pmo__v1__work_service__descriptor, "UpdateWorkItem",
                        &in.base, (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else if (got)
        it_work_free(got);
    return code;
}

int it_work_add_dep(pmo_client *c, const char *pred, const char *succ,
                    Pmo__V1__DependencyType type, double lag,
                    Pmo__V1__Dependency **out, pmo_result *res)
{
    Pmo__V1__Dependency d = PMO__V1__DEPENDENCY__INIT;
    d.predecessor = (char *)pred;
    d.successor = (char *)succ;
    d.type = type;
    d.lag_days = lag;
    Pmo__V1__AddDependencyRequest in = PMO__V1__ADD_DEPENDENCY_REQUEST__INIT;
    in.dependency = &d;
    Pmo__V1__Dependency *got = NULL;
    int code = pmo_call(c, &pmo__v1__work_service__descriptor, "AddDependency",
                        &in.base, (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else if (got)
        it_work_free(got);
    return code;
}

void it_work_free(void *msg)
{
    if (msg)
        protobuf_c_message_free_unpacked(msg, NULL);
}
