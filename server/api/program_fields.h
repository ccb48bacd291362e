/*
 * server/api/program_fields.h - the checks of a program's own fields
 * (key, name, goals, scope, dates, status, RAG), for every request that
 * writes a program. Like validate.h, each records field violations on
 * the call, named under prefix ("program.name"), and returns false.
 */
#ifndef PMO_SERVER_API_PROGRAM_FIELDS_H
#define PMO_SERVER_API_PROGRAM_FIELDS_H

#include "model/programs.h"
#include "pmo/v1/program.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>

/* The critical threshold's bound, as the programs table checks it. */
#define PROGRAM_CRITICAL_FLOAT_MAX 1000

/* Every field bit of model/programs.h. */
#define PROGRAM_FIELDS_ALL ((PROGRAM_FIELD_CURRENCY << 1) - 1)

/* ^[A-Z][A-Z0-9]{1,15}$, as the programs table checks it too. */
bool program_key_valid(rpc_call *call, const char *field, const char *key);

/*
 * The fields of in named by mask (PROGRAM_FIELD_* bits). Dates are checked
 * against each other only when both change; against a stored one, the
 * update's own statement checks them.
 */
bool program_fields_valid(rpc_call *call, const char *prefix,
                          const Pmo__V1__Program *in, unsigned mask);

/* A program to create: its key and every field; status defaults in *p. */
bool program_new_valid(rpc_call *call, const char *prefix,
                       Pmo__V1__Program *p);

#endif
