/* server/rpc/call.c - a call's outcome: status, field violations, output. */
#include "rpc/call.h"
#include "common/log.h"
#include "common/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static char *call_vformat(rpc_call *call, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static char *call_vformat(rpc_call *call, const char *fmt, va_list ap)
{
    char buf[512];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    utf8_trim_partial(buf); /* a reply must hold valid UTF-8 */
    return arena_strdup(call->arena, buf);
}

void rpc_fail(rpc_call *call, pmo_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* The first failure is the cause; later ones are its consequences. */
    if (call->status == PMO_OK) {
        call->status = code;
        call->message = call_vformat(call, fmt, ap);
    }
    va_end(ap);
}

void rpc_violation(rpc_call *call, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *desc = call_vformat(call, fmt, ap);
    va_end(ap);
    if (call->n_violations == call->cap_violations) {
        size_t cap = call->cap_violations ? call->cap_violations * 2 : 4;
        Pmo__V1__FieldViolation **grown =
            arena_alloc(call->arena, cap * sizeof(*grown));
        if (call->n_violations)
            memcpy(grown, call->violations,
                   call->n_violations * sizeof(*grown));
        call->violations = grown;
        call->cap_violations = cap;
    }
    Pmo__V1__FieldViolation *v = arena_alloc(call->arena, sizeof(*v));
    pmo__v1__field_violation__init(v);
    v->field = arena_strdup(call->arena, field);
    v->description = desc;
    call->violations[call->n_violations++] = v;
    rpc_fail(call, PMO_INVALID_ARGUMENT, "%s: %s", field, desc);
}

void rpc_fail_db(rpc_call *call, const char *what)
{
    pmo_status code = db_status_of_error(call->db);
    if (code == PMO_INTERNAL) {
        /* Internal details go to the log, not to the caller. */
        char error[600];
        log_error("msg=\"database error\" method=%s what=\"%s\" sqlstate=%s "
                  "error=%s",
                  call->method, what, call->db->sqlstate,
                  log_quote(error, sizeof(error), call->db->error));
        rpc_fail(call, code, "internal error while %s", what);
        return;
    }
    if (code == PMO_UNAVAILABLE)
        rpc_fail(call, code, "database unavailable while %s", what);
    else if (code == PMO_DEADLINE_EXCEEDED)
        rpc_fail(call, code, "timed out while %s", what);
    else
        rpc_fail(call, code, "%s: %s", what, call->db->error);
}

void rpc_call_closure(const ProtobufCMessage *msg, void *closure_data)
{
    rpc_call *call = closure_data;
    call->replied = true;
    if (msg == NULL) {
        if (call->status == PMO_OK)
            rpc_fail(call, PMO_INTERNAL, "handler gave no result");
        return;
    }
    if (call->status != PMO_OK)
        return;
    size_t len = protobuf_c_message_get_packed_size(msg);
    call->output.data = arena_alloc(call->arena, len ? len : 1);
    call->output.len = protobuf_c_message_pack(msg, call->output.data);
}
