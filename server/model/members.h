/*
 * server/model/members.h - who holds which role in a program
 * (program_members), the rows access.c reads.
 *
 * Conventions as in programs.h: the call's connection and transaction,
 * status set and -1 on failure, results in the call's arena, one audit
 * row per change.
 */
#ifndef PMO_SERVER_MODEL_MEMBERS_H
#define PMO_SERVER_MODEL_MEMBERS_H

#include "model/access.h"
#include "pmo/v1/program.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>

/*
 * Gives username the role in the program pa names; ACCESS_NONE removes
 * them. NOT_FOUND if there is no such user, or when removing someone who
 * holds no role; FAILED_PRECONDITION when it would leave the program
 * without an owner. Membership changes of one program are serialised by
 * a lock on its row, so two owners demoting each other cannot both win.
 */
int members_set_role(rpc_call *call, const program_access *pa,
                     const char *username, access_role role,
                     Pmo__V1__ProgramMember **out);

/*
 * Makes username a contributor of the program if they hold no role there
 * and are no admin (admins act as owners everywhere); changes nothing
 * otherwise, and nothing for a user that does not exist (whoever needs
 * the user reports that).
 */
int members_add_contributor(rpc_call *call, const program_access *pa,
                            const char *username);

/*
 * Whether username may sign gate criteria in the program (admins, and
 * members holding at least the contributor role): 0 if so; 1 with a
 * violation of field naming the user when not, or when there is no such
 * user; -1 when the database fails.
 */
int members_check_signer(rpc_call *call, const program_access *pa,
                         const char *field, const char *username);

/* Every member, owners first, then by username. */
int members_list(rpc_call *call, const program_access *pa,
                 Pmo__V1__ProgramMember ***out, size_t *n);

#endif
