/* placeholder while the engine parts land */
#include "api/schedule_handlers.h"
#include "rpc/call.h"
#define PENDING(name, In, Out)                                                 \
    void name(schedule_svc *svc, const In *in, Out done, void *data)           \
    {                                                                          \
        (void)svc;                                                             \
        (void)in;                                                              \
        rpc_fail(data, PMO_UNIMPLEMENTED, "not yet");                          \
        done(NULL, data);                                                      \
    }
PENDING(schedule_forecast, Pmo__V1__ForecastRequest, Pmo__V1__ForecastResponse_Closure)
