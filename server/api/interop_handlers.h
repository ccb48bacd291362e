/*
 * server/api/interop_handlers.h - the methods of pmo.v1.InteropService,
 * one file each (interop_import.c, interop_export.c), gathered into the
 * service by interop_service.c, and the link types they both map.
 */
#ifndef PMO_SERVER_API_INTEROP_HANDLERS_H
#define PMO_SERVER_API_INTEROP_HANDLERS_H

#include "interop/mspdi.h"
#include "pmo/v1/interop.pb-c.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc/call.h"

#include <stdarg.h>
#include <stddef.h>

typedef Pmo__V1__InteropService_Service interop_svc;

void interop_import_mspdi(interop_svc *svc,
                          const Pmo__V1__ImportMspdiRequest *in,
                          Pmo__V1__ImportMspdiResponse_Closure done,
                          void *data);
void interop_export_mspdi(interop_svc *svc,
                          const Pmo__V1__ExportMspdiRequest *in,
                          Pmo__V1__ExportMspdiResponse_Closure done,
                          void *data);

/*
 * Appends a warning formatted from fmt and ap to *list (n held, room for
 * *cap), growing it in the call's arena.
 */
void interop_warning_add(rpc_call *call, char ***list, size_t *n, size_t *cap,
                         const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

/* pmo's dependency type for an MSPDI link type, and back. */
Pmo__V1__DependencyType interop_dep_type(mspdi_link_type t);
mspdi_link_type interop_link_type(Pmo__V1__DependencyType t);

#endif
