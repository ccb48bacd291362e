/*
 * tests/integration/it_work.h - the program, teams, projects and members
 * the work item tests stand on, made with plain SQL so these tests do not
 * depend on the program and project services; and short calls to
 * WorkService.
 *
 * it_work_setup makes program KEY with
 *   projects web (team web-team) and api (team api-team),
 *   users mgr (manager), con (contributor, on web-team only),
 *   view (viewer) and out (no role),
 * and a second program OTHER with project billing.
 */
#ifndef PMO_TESTS_INTEGRATION_IT_WORK_H
#define PMO_TESTS_INTEGRATION_IT_WORK_H

#include "it_support.h"
#include "pmo/v1/work.pb-c.h"

#define IT_WORK_PASSWORD "work tests pass 1"

typedef struct it_work {
    char program[24];
    int64_t program_id;
    pmo_client *admin, *mgr, *con, *view, *out;
} it_work;

/* Makes the fixture above for program key (once per test program). */
void it_work_setup(it_work *w, const char *key);
void it_work_teardown(it_work *w);

/*
 * Adds rows x width tasks (estimates 1/2/5 days) to w's project "web", in
 * SQL, each after the two tasks above it: a plan wide and deep enough
 * that forecasting or levelling it takes seconds.
 */
void it_work_add_grid(it_work *w, int rows, int width);

/* The single number a query prints; fails the test if there is none. */
int64_t it_work_sql_int(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* CreateWorkItem with item; *out on OK (free it). Returns the status. */
int it_work_create(pmo_client *c, const Pmo__V1__WorkItem *item,
                   Pmo__V1__WorkItem **out, pmo_result *res);

/*
 * Creates a task titled title in project (parent "" for none) or fails;
 * returns the new item (free it).
 */
Pmo__V1__WorkItem *it_work_task(pmo_client *c, const char *program,
                                const char *project, const char *title,
                                const char *parent);

/* GetWorkItem; *out on OK (free it). */
int it_work_get(pmo_client *c, const char *ref, Pmo__V1__WorkItem **out,
                pmo_result *res);

/*
 * UpdateWorkItem of ref at version with the fields of item named in the
 * NULL-terminated mask; *out on OK (free it; out may be NULL).
 */
int it_work_update(pmo_client *c, const char *ref, int64_t version,
                   const Pmo__V1__WorkItem *item, const char *const *mask,
                   Pmo__V1__WorkItem **out, pmo_result *res);

/* AddDependency pred -> succ; *out on OK (free it; out may be NULL). */
int it_work_add_dep(pmo_client *c, const char *pred, const char *succ,
                    Pmo__V1__DependencyType type, double lag,
                    Pmo__V1__Dependency **out, pmo_result *res);

void it_work_free(void *msg);

#endif
