/*
 * server/api/fields.h - the shared shapes of entity requests: dates,
 * update masks, versions and pages. Like validate.h, each check records a
 * field violation (or the stated status) on the call and returns false.
 */
#ifndef PMO_SERVER_API_FIELDS_H
#define PMO_SERVER_API_FIELDS_H

#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FIELDS_PAGE_DEFAULT 100
#define FIELDS_PAGE_MAX     1000

/* "" or a real calendar date written YYYY-MM-DD. */
bool fields_date(rpc_call *call, const char *field, const char *value);

/*
 * "" or a date the scheduler reads (sched/plan.h's SCHED_DAY_MIN to
 * SCHED_DAY_MAX, 1900 to 2399), so a stored plan always schedules.
 * Assumes fields_date passed; a violation of field otherwise.
 */
bool fields_schedule_date(rpc_call *call, const char *field,
                          const char *value);

/*
 * A date of something that happened (an actual start or finish): "" or
 * not after today, the day the server's schedules take as their status
 * date (UTC). Call after fields_date; an unparsable value passes here.
 */
bool fields_date_not_future(rpc_call *call, const char *field,
                            const char *value);

/* Today (UTC) as YYYY-MM-DD, in the call's arena. */
char *fields_today(rpc_call *call);

/* Both dates valid, and start <= finish when both are set. */
bool fields_date_range(rpc_call *call, const char *start_field,
                       const char *start, const char *finish_field,
                       const char *finish);

/*
 * Every name in the update mask is one of allowed (NULL-terminated), and
 * the mask is not empty. Violations name "update_mask".
 */
bool fields_mask_valid(rpc_call *call, char *const *mask, size_t n,
                       const char *const *allowed);

/* An update_mask name and the model's bit for it. */
typedef struct fields_mask_field {
    const char *name;
    unsigned bit;
} fields_mask_field;

/*
 * Checks the mask against table (n_table entries) as fields_mask_valid
 * does, and ORs the bits of the names it holds into *bits.
 */
bool fields_mask_bits(rpc_call *call, char *const *mask, size_t n,
                      const fields_mask_field *table, size_t n_table,
                      unsigned *bits);

/* True if the mask names field. */
bool fields_mask_has(char *const *mask, size_t n, const char *field);

/*
 * The row limit for a List call: page_size, or the default when 0; a
 * size above FIELDS_PAGE_MAX is a violation of "page_size".
 */
bool fields_page_size(rpc_call *call, uint32_t page_size, unsigned *limit);

/*
 * A page token is the last row's sort key as decimal text; "" starts at
 * the beginning (*after = 0). Anything else is a violation of
 * "page_token".
 */
bool fields_page_token(rpc_call *call, const char *token, int64_t *after);

/* The token for the page after the one ending at this sort key. */
char *fields_page_token_make(rpc_call *call, int64_t last);

/*
 * Fails the call with ABORTED: what was changed by someone else since the
 * caller read it (expected), and its current version.
 */
void fields_stale(rpc_call *call, const char *what, int64_t current,
                  int64_t expected);

#endif
