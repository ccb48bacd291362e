/*
 * server/model/teams.h - teams and their members: organisation-wide, so
 * no program role applies; a team's leads (or an admin) change it.
 *
 * Conventions as in programs.h. A Team comes back with its members
 * (by username), read in the same query as the team: one query per page
 * of teams, never one per team.
 */
#ifndef PMO_SERVER_MODEL_TEAMS_H
#define PMO_SERVER_MODEL_TEAMS_H

#include "pmo/v1/team.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The fields UpdateTeam may change, as bits of a mask. */
enum team_field {
    TEAM_FIELD_NAME = 1u << 0,
    TEAM_FIELD_DESCRIPTION = 1u << 1,
};

/* A team locked for a change by teams_lock_as_lead. */
typedef struct team_ref {
    int64_t id;
    int64_t version;
    const char *key;
} team_ref;

/* Inserts the team with the caller as its first lead; audits. */
int teams_create(rpc_call *call, const Pmo__V1__Team *in, Pmo__V1__Team **out);

/* NOT_FOUND "no team KEY". */
int teams_get(rpc_call *call, const char *key, Pmo__V1__Team **out);

/* Teams with keys after after_key, by key; at most limit + 1. */
int teams_list(rpc_call *call, const char *after_key, unsigned limit,
               Pmo__V1__Team ***out, size_t *n);

/*
 * Locks the team's row for the rest of the transaction (which orders
 * concurrent member changes) and checks that the caller leads it or is
 * an admin: NOT_FOUND, or PERMISSION_DENIED naming the team.
 */
int teams_lock_as_lead(rpc_call *call, const char *key, team_ref *out);

/* Changes the masked fields at expected_version (ABORTED when stale). */
int teams_update(rpc_call *call, const team_ref *t, const Pmo__V1__Team *in,
                 unsigned mask, int64_t expected_version, Pmo__V1__Team **out);

/*
 * Adds username (or changes their lead flag), or removes them. NOT_FOUND
 * for an unknown user, or removing someone not in the team;
 * FAILED_PRECONDITION when the team would have no lead left. Bumps the
 * team's version, since its members are part of it.
 */
int teams_set_member(rpc_call *call, const team_ref *t, const char *username,
                     bool lead, bool remove, Pmo__V1__Team **out);

/*
 * Deletes the team unless a project still belongs to it
 * (FAILED_PRECONDITION naming how many). expected_version 0 skips the
 * version check.
 */
int teams_delete(rpc_call *call, const team_ref *t, int64_t expected_version);

#endif
