/*
 * server/api/team_service.c - pmo.v1.TeamService. Teams belong to the
 * organisation, not to a program: any logged-in user may create and read
 * them; only a team's leads (or an admin) change or delete one.
 */
#include "api/fields.h"
#include "api/services.h"
#include "api/validate.h"
#include "model/teams.h"
#include "pmo/v1/team.pb-c.h"
#include "rpc/call.h"

#include <string.h>

#define TEAM_NAME_MAX        200
#define TEAM_DESCRIPTION_MAX 10000
#define TEAM_KEY_LOOKUP_MAX  64

static const fields_mask_field team_mask_fields[] = {
    {"name", TEAM_FIELD_NAME},
    {"description", TEAM_FIELD_DESCRIPTION},
};
#define TEAM_MASK_FIELDS                                                       \
    (sizeof(team_mask_fields) / sizeof(team_mask_fields[0]))

/* ^[a-z][a-z0-9-]{1,31}$, as the teams table checks it too. */
static bool team_key_valid(rpc_call *call, const char *field, const char *key)
{
    return validate_slug(call, field, key, 2, 32);
}

static bool team_fields_valid(rpc_call *call, const Pmo__V1__Team *in,
                              unsigned mask)
{
    bool ok = true;
    if (mask & TEAM_FIELD_NAME)
        ok &= validate_length(call, "team.name", in->name, 1, TEAM_NAME_MAX);
    if (mask & TEAM_FIELD_DESCRIPTION)
        ok &= validate_text(call, "team.description", in->description, 0,
                            TEAM_DESCRIPTION_MAX);
    return ok;
}

static bool team_mask(rpc_call *call, char *const *mask, size_t n,
                      unsigned *bits)
{
    return fields_mask_bits(call, mask, n, team_mask_fields, TEAM_MASK_FIELDS,
                            bits);
}

/* Finds the team for a change by one of its leads (or an admin). */
static bool team_lock(rpc_call *call, const char *field, const char *key,
                      team_ref *t)
{
    return validate_length(call, field, key, 1, TEAM_KEY_LOOKUP_MAX) &&
           teams_lock_as_lead(call, key, t) == 0;
}

static void team_create_team(Pmo__V1__TeamService_Service *svc,
                             const Pmo__V1__CreateTeamRequest *in,
                             Pmo__V1__Team_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->team == NULL) {
        rpc_violation(call, "team", "is required");
        done(NULL, data);
        return;
    }
    bool ok = team_key_valid(call, "team.key", in->team->key);
    ok &= team_fields_valid(call, in->team,
                            TEAM_FIELD_NAME | TEAM_FIELD_DESCRIPTION);
    Pmo__V1__Team *out = NULL;
    if (!ok || teams_create(call, in->team, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void team_get_team(Pmo__V1__TeamService_Service *svc,
                          const Pmo__V1__GetTeamRequest *in,
                          Pmo__V1__Team_Closure done, void *data)
{
    rpc_call *call = data;
    Pmo__V1__Team *out = NULL;
    if (!validate_length(call, "key", in->key, 1, TEAM_KEY_LOOKUP_MAX) ||
        teams_get(call, in->key, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

/* Pages are ordered by key; the token is the last key of the page. */
static void team_list_teams(Pmo__V1__TeamService_Service *svc,
                            const Pmo__V1__ListTeamsRequest *in,
                            Pmo__V1__ListTeamsResponse_Closure done, void *data)
{
    rpc_call *call = data;
    unsigned limit;
    bool ok = fields_page_size(call, in->page_size, &limit);
    if (in->page_token[0] != '\0' &&
        !team_key_valid(call, "page_token", in->page_token))
        ok = false;
    Pmo__V1__ListTeamsResponse out = PMO__V1__LIST_TEAMS_RESPONSE__INIT;
    if (!ok || teams_list(call, in->page_token, limit, &out.teams,
                          &out.n_teams) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_teams > limit) {
        out.n_teams = limit;
        out.next_page_token = out.teams[limit - 1]->key;
    }
    done(&out, data);
}

static void team_update_team(Pmo__V1__TeamService_Service *svc,
                             const Pmo__V1__UpdateTeamRequest *in,
                             Pmo__V1__Team_Closure done, void *data)
{
    rpc_call *call = data;
    team_ref t;
    if (!team_lock(call, "key", in->key, &t)) {
        done(NULL, data);
        return;
    }
    if (in->team == NULL) {
        rpc_violation(call, "team", "is required");
        done(NULL, data);
        return;
    }
    unsigned mask = 0;
    bool ok = team_mask(call, in->update_mask, in->n_update_mask, &mask);
    if (in->expected_version <= 0) {
        rpc_violation(call, "expected_version",
                      "must be the version you read (> 0)");
        ok = false;
    }
    Pmo__V1__Team *out = NULL;
    if (!ok || !team_fields_valid(call, in->team, mask) ||
        teams_update(call, &t, in->team, mask, in->expected_version, &out) !=
            0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void team_delete_team(Pmo__V1__TeamService_Service *svc,
                             const Pmo__V1__DeleteTeamRequest *in,
                             Pmo__V1__DeleteTeamResponse_Closure done,
                             void *data)
{
    rpc_call *call = data;
    team_ref t;
    if (!team_lock(call, "key", in->key, &t)) {
        done(NULL, data);
        return;
    }
    if (in->expected_version < 0) {
        rpc_violation(call, "expected_version",
                      "must be the version you read, or 0");
        done(NULL, data);
        return;
    }
    if (teams_delete(call, &t, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteTeamResponse out = PMO__V1__DELETE_TEAM_RESPONSE__INIT;
    done(&out, data);
}

static void team_set_team_member(Pmo__V1__TeamService_Service *svc,
                                 const Pmo__V1__SetTeamMemberRequest *in,
                                 Pmo__V1__Team_Closure done, void *data)
{
    rpc_call *call = data;
    team_ref t;
    Pmo__V1__Team *out = NULL;
    if (!team_lock(call, "team", in->team, &t) ||
        !validate_username(call, "username", in->username) ||
        teams_set_member(call, &t, in->username, in->lead, in->remove, &out) !=
            0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static Pmo__V1__TeamService_Service team_impl =
    PMO__V1__TEAM_SERVICE__INIT(team_);

static const rpc_method_policy team_policies[] = {
    {"CreateTeam", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetTeam", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListTeams", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateTeam", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteTeam", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"SetTeamMember", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

const rpc_service api_team_service = {
    .impl = &team_impl.base,
    .policies = team_policies,
    .n_policies = sizeof(team_policies) / sizeof(team_policies[0]),
};
