/*
 * server/model/contracts.h - where a contract stands (table contracts,
 * migration 0019): what has been spent against it, and its payment
 * milestones and deliverables with the ones that are late.
 *
 * Contracts themselves are a record kind (api/vendor_service.c); this is
 * the read the record core does not make. Conventions as in model/raid.h;
 * the caller has checked access to the contract's program.
 */
#ifndef PMO_SERVER_MODEL_CONTRACTS_H
#define PMO_SERVER_MODEL_CONTRACTS_H

#include "pmo/v1/vendor.pb-c.h"
#include "rpc/call.h"

#include <stdint.h>

/* The expenses against contract id: their sum, their count, and the name
 * of its vendor, into out (spent, expenses, vendor). */
int contracts_spend(rpc_call *call, int64_t id, Pmo__V1__ContractStatus *out);

/*
 * The payment milestones and deliverables of contract id (work items of
 * program key; those deleted since are left out), by number, into out.
 * One is late when it is not done and its planned finish is before
 * status_date ("YYYY-MM-DD") or after the contract's end; the late
 * counts are set too.
 */
int contracts_items(rpc_call *call, int64_t id, const char *key,
                    const char *status_date, Pmo__V1__ContractStatus *out);

#endif
