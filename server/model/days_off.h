/*
 * server/model/days_off.h - the days each user does not work (days_off),
 * kept per user for every program (program.proto, DayOff). Changes are
 * audited as entity "days_off", id the username.
 *
 * Conventions as in model/raid.h. The caller has checked access to the
 * program the change is made from, the user, and the dates.
 */
#ifndef PMO_SERVER_MODEL_DAYS_OFF_H
#define PMO_SERVER_MODEL_DAYS_OFF_H

#include "model/access.h"
#include "pmo/v1/program.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* A set of days: the days a write touched, or a listing. */
typedef struct days_off_list {
    Pmo__V1__DayOff **days;
    size_t n;
} days_off_list;

/*
 * Makes every day of [from, to] a day off of user with note; days that
 * are off already stay as they were. *out is the days added, by date.
 */
int days_off_add(rpc_call *call, const char *user, const char *from,
                 const char *to, const char *note, days_off_list *out);

/* Removes user's days off in [from, to]; *out is those removed. */
int days_off_remove(rpc_call *call, const char *user, const char *from,
                    const char *to, days_off_list *out);

/*
 * The days off of user ("" for every member of prog) in [from, to] (""
 * for no bound), by username and date.
 */
int days_off_list_of(rpc_call *call, const program_access *prog,
                     const char *user, const char *from, const char *to,
                     days_off_list *out);

/*
 * The days off of the n users named (as day numbers, days since
 * 1970-01-01), grouped by user: user i's are days[first[i] ..
 * first[i + 1]), first having n + 1 entries. Arena arrays.
 */
int days_off_of_users(rpc_call *call, const char *const *names, size_t n,
                      int32_t **first, int **days);

#endif
