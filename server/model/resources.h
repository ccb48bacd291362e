/*
 * server/model/resources.h - people as resources (migration 0017): the
 * share of their time each person works (capacity) and their day rates,
 * a history by start date.
 *
 * Units are integer hundredths of a full-time person (RESOURCE_UNITS_FULL
 * is 1.0), as stored, so load compares exactly with capacity
 * (sched/load.h). Settings are per person and hold in every program.
 *
 * Conventions as in programs.h: the call's connection and transaction,
 * status set and -1 on failure, results in the call's arena, one audit
 * row per change (entity "person_resource", the username).
 */
#ifndef PMO_SERVER_MODEL_RESOURCES_H
#define PMO_SERVER_MODEL_RESOURCES_H

#include "pmo/v1/resource.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 1.0 units: a full-time person, a whole day of theirs. */
#define RESOURCE_UNITS_FULL 100

/* units as a double (0.5 for 50). */
static inline double resource_units_double(int units)
{
    return (double)units / RESOURCE_UNITS_FULL;
}

/*
 * units (a double from a request) as hundredths into *out: true when it
 * is a whole number of hundredths from 0.01 to 1 (within 1e-9).
 */
bool resource_units_parse(double units, int *out);

/*
 * The settings of user: capacity (1.0 when never set) and, with
 * with_rates, every rate oldest first; without, rates is empty and
 * rates_hidden true. NOT_FOUND for no such user.
 */
int resources_get(rpc_call *call, const char *user, bool with_rates,
                  Pmo__V1__PersonResource **out);

/* Sets user's capacity to units (hundredths), audited. */
int resources_set_capacity(rpc_call *call, const char *user, int units);

/*
 * Adds a day rate of rate_minor (minor units of currency, a checked ISO
 * 4217 code) in force from the day from (YYYY-MM-DD), replacing a rate of
 * the same day; audited with the rate it replaced.
 */
int resources_add_rate(rpc_call *call, const char *user, const char *from,
                       int64_t rate_minor, const char *currency);

/* user's capacity in hundredths (RESOURCE_UNITS_FULL when never set). */
int resources_capacity_of(rpc_call *call, const char *user, int *units);

/*
 * The capacities of the n users named, by index, into an arena array
 * (RESOURCE_UNITS_FULL for those never set or unknown).
 */
int resources_capacities(rpc_call *call, const char *const *names, size_t n,
                         int **units);

#endif
