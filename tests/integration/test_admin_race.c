/* tests/integration/test_admin_race.c - simultaneous admin changes. */
#include "it_support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * One at a time, the last admin cannot drop their role and no admin can
 * disable themselves, so an enabled admin always remains. These tests send
 * two such changes at the same moment, from two admins, many times over:
 * whatever the order the server applies them in, one admin must be left.
 */
#define ROUNDS        30
#define TWIN_PASSWORD "twin admin pass 1"

typedef struct twin {
    const char *name;
    const char *other;
    char token[IT_TOKEN_MAX];
    pmo_client *c;
    pthread_t thread;
    int code;
    pmo_result res;
    void (*act)(struct twin *t);
} twin;

static pthread_barrier_t start_line;

static void act_drop_own_admin(twin *t)
{
    Pmo__V1__SetAdminRequest in = PMO__V1__SET_ADMIN_REQUEST__INIT;
    in.username = (char *)t->name;
    in.is_admin = false;
    t->code = it_call(t->c, &pmo__v1__admin_service__descriptor, "SetAdmin",
                      &in.base, &t->res);
}

static void act_disable_other(twin *t)
{
    Pmo__V1__SetUserDisabledRequest in =
        PMO__V1__SET_USER_DISABLED_REQUEST__INIT;
    in.username = (char *)t->other;
    in.disabled = true;
    t->code = it_call(t->c, &pmo__v1__admin_service__descriptor,
                      "SetUserDisabled", &in.base, &t->res);
}

static void *twin_main(void *arg)
{
    twin *t = arg;
    pthread_barrier_wait(&start_line);
    t->act(t);
    return NULL;
}

/* Runs both twins' actions at once. */
static void race(twin *a, twin *b)
{
    pthread_barrier_init(&start_line, NULL, 2);
    pthread_create(&a->thread, NULL, twin_main, a);
    pthread_create(&b->thread, NULL, twin_main, b);
    pthread_join(a->thread, NULL);
    pthread_join(b->thread, NULL);
    pthread_barrier_destroy(&start_line);
}

static long long enabled_admins(void)
{
    char out[32];
    it_sql(out, sizeof(out),
           "SELECT count(*) FROM users WHERE is_admin AND NOT disabled");
    return atoll(out);
}

/* Makes twin.a and twin.b the only enabled admins, both logged in. */
static void twins_setup(twin *a, twin *b)
{
    pmo_client *admin = it_connect_admin();
    twin *both[] = {a, b};
    for (int i = 0; i < 2; i++) {
        Pmo__V1__CreateUserRequest in = PMO__V1__CREATE_USER_REQUEST__INIT;
        in.username = (char *)both[i]->name;
        in.password = TWIN_PASSWORD;
        in.is_admin = true;
        pmo_result res;
        int code = it_call(admin, &pmo__v1__admin_service__descriptor,
                           "CreateUser", &in.base, &res);
        it_assert_code(code, &res, PMO_OK);
    }
    Pmo__V1__SetAdminRequest drop = PMO__V1__SET_ADMIN_REQUEST__INIT;
    drop.username = IT_ADMIN;
    drop.is_admin = false;
    pmo_result res;
    int code = it_call(admin, &pmo__v1__admin_service__descriptor, "SetAdmin",
                       &drop.base, &res);
    it_assert_code(code, &res, PMO_OK);
    pmo_client_close(admin);
    for (int i = 0; i < 2; i++)
        both[i]->c =
            it_connect_as(both[i]->name, TWIN_PASSWORD, both[i]->token);
    assert_int_equal(enabled_admins(), 2);
}

static void twins_close(twin *a, twin *b)
{
    pmo_client_close(a->c);
    pmo_client_close(b->c);
}

static void test_two_admins_dropping_their_role_leave_one(void **state)
{
    twin a = {.name = "twin.a", .other = "twin.b", .act = act_drop_own_admin};
    twin b = {.name = "twin.b", .other = "twin.a", .act = act_drop_own_admin};
    twins_setup(&a, &b);
    for (int round = 0; round < ROUNDS; round++) {
        race(&a, &b);
        if (a.code == PMO_OK && b.code == PMO_OK) {
            long long left = enabled_admins();
            twins_close(&a, &b);
            fail_msg("round %d: both admins dropped their own admin role at "
                     "once; %lld enabled admins are left",
                     round, left);
        }
        twin *kept = a.code == PMO_OK ? &b : &a;
        twin *dropped = kept == &a ? &b : &a;
        it_assert_code(dropped->code, &dropped->res, PMO_OK);
        it_assert_code(kept->code, &kept->res, PMO_FAILED_PRECONDITION);
        /* Back to two admins for the next round. */
        Pmo__V1__SetAdminRequest in = PMO__V1__SET_ADMIN_REQUEST__INIT;
        in.username = (char *)dropped->name;
        in.is_admin = true;
        pmo_result res;
        int code = it_call(kept->c, &pmo__v1__admin_service__descriptor,
                           "SetAdmin", &in.base, &res);
        it_assert_code(code, &res, PMO_OK);
    }
    twins_close(&a, &b);
}

static void test_two_admins_disabling_each_other_leave_one(void **state)
{
    twin a = {.name = "pair.a", .other = "pair.b", .act = act_disable_other};
    twin b = {.name = "pair.b", .other = "pair.a", .act = act_disable_other};
    /* The first test left "admin" without its role: re-grant it. */
    it_sql(NULL, 0,
           "UPDATE users SET is_admin = true WHERE username = 'admin'");
    it_sql(NULL, 0,
           "UPDATE users SET is_admin = false "
           "WHERE username LIKE 'twin.%'");
    twins_setup(&a, &b);
    for (int round = 0; round < ROUNDS; round++) {
        race(&a, &b);
        long long left = enabled_admins();
        if (left == 0) {
            twins_close(&a, &b);
            fail_msg("round %d: two admins disabled each other at once (%s, "
                     "%s); no enabled admin is left",
                     round, pmo_status_name(a.code), pmo_status_name(b.code));
        }
        /*
         * One wins; the other is refused, as the last admin or as a session
         * revoked by the winner. Anything else (a call that timed out, say)
         * is a failure to explain, not a round to carry on from.
         */
        twin *won = a.code == PMO_OK ? &a : &b;
        twin *lost = won == &a ? &b : &a;
        it_assert_code(won->code, &won->res, PMO_OK);
        if (lost->code != PMO_FAILED_PRECONDITION &&
            lost->code != PMO_UNAUTHENTICATED) {
            twins_close(&a, &b);
            fail_msg("round %d: %s got %s (%s) while %s disabled it", round,
                     lost->name, pmo_status_name(lost->code),
                     lost->res.message, won->name);
        }
        /* Back to two enabled, logged-in admins for the next round. */
        twin *off = a.code == PMO_OK ? &b : &a;
        twin *on = off == &a ? &b : &a;
        Pmo__V1__SetUserDisabledRequest in =
            PMO__V1__SET_USER_DISABLED_REQUEST__INIT;
        in.username = (char *)off->name;
        in.disabled = false;
        pmo_result res;
        int code = it_call(on->c, &pmo__v1__admin_service__descriptor,
                           "SetUserDisabled", &in.base, &res);
        it_assert_code(code, &res, PMO_OK);
        pmo_client_close(off->c);
        off->c = it_connect_as(off->name, TWIN_PASSWORD, off->token);
    }
    twins_close(&a, &b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_admins_dropping_their_role_leave_one),
        cmocka_unit_test(test_two_admins_disabling_each_other_leave_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
