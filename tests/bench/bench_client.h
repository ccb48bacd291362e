/* tests/bench/bench_client.h - set-up calls the RPC benchmarks share. */
#ifndef PMO_TESTS_BENCH_BENCH_CLIENT_H
#define PMO_TESTS_BENCH_BENCH_CLIENT_H

#include "client/pmoclient.h"

/*
 * Calls service/method; on anything but OK prints what failed and exits 1.
 * *out (when out is not NULL) is the caller's to free.
 */
void bench_call_or_die(pmo_client *c, const ProtobufCServiceDescriptor *svc,
                       const char *method, const ProtobufCMessage *in,
                       ProtobufCMessage **out, const char *what);
/* The same, but a failure is returned (its status code), not fatal. */
int bench_call(pmo_client *c, const ProtobufCServiceDescriptor *svc,
               const char *method, const ProtobufCMessage *in,
               ProtobufCMessage **out);
/*
 * Connects to server (trusting ca) and logs in as admin with the first line
 * of password_file; exits on failure. If token is not NULL, *token is a
 * malloc'd copy of the session token.
 */
pmo_client *bench_login(const char *server, const char *ca,
                        const char *password_file, char **token);

#endif
