/*
 * tests/unit/test_event_subs.c - the live subscription table: which
 * events each kind of subscriber is sent (sealed so that only its own key
 * opens them), the per-user limit, renewal by the owner only, and drops
 * by session, token and user.
 */
#include "events/subscriptions.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* What one publish round delivered to the subscription under test. */
typedef struct delivery {
    const event_sub_grant *grant;
    int messages; /* for this topic */
    int events;   /* opened from them */
    int foreign;  /* messages for other topics */
    int64_t last_seq;
} delivery;

static void delivery_send(void *arg, const uint8_t *msg, size_t len)
{
    delivery *d = arg;
    if (memcmp(msg, d->grant->id, EVENT_SUB_ID_LEN) != 0) {
        d->foreign++;
        return;
    }
    d->messages++;
    uint8_t plain[4096];
    size_t plain_len = 0;
    assert_true(len - EVENT_SUB_ID_LEN <= sizeof(plain) + AEAD_OVERHEAD);
    assert_int_equal(aead_open(d->grant->key, d->grant->id, EVENT_SUB_ID_LEN,
                               msg + EVENT_SUB_ID_LEN, len - EVENT_SUB_ID_LEN,
                               plain, &plain_len),
                     0);
    Pmo__V1__EventPush *push =
        pmo__v1__event_push__unpack(NULL, plain_len, plain);
    assert_non_null(push);
    d->events += (int)push->n_events;
    d->last_seq = push->last_seq;
    protobuf_c_message_free_unpacked(&push->base, NULL);
}

/* Program 7 is the one the subscriber reads; 9 another. */
static const int64_t reads_seven[] = {7};

static const struct {
    const char *name;
    event_sub_request req;
    int64_t program;
    const char *kind;
    bool sent;
} visibility_cases[] = {
    {"a member gets its program's events",
     {.user_id = 1,
      .organisation = true,
      .programs = reads_seven,
      .n_programs = 1},
     7,
     "work_item",
     true},
    {"a member never gets another program's",
     {.user_id = 1,
      .organisation = true,
      .programs = reads_seven,
      .n_programs = 1},
     9,
     "work_item",
     false},
    {"an organisation-wide team is for everyone",
     {.user_id = 1, .organisation = true},
     0,
     "team",
     true},
    {"an organisation-wide session is for admins",
     {.user_id = 1, .organisation = true},
     0,
     "session",
     false},
    {"an admin gets sessions",
     {.user_id = 1, .organisation = true, .admin = true, .all_programs = true},
     0,
     "session",
     true},
    {"an admin gets every program",
     {.user_id = 1, .organisation = true, .admin = true, .all_programs = true},
     9,
     "risk",
     true},
    {"a token limited to programs gets no organisation-wide event",
     {.user_id = 1, .programs = reads_seven, .n_programs = 1},
     0,
     "team",
     false},
    {"a subscription to one program gets no other it may read",
     {.user_id = 1,
      .organisation = true,
      .admin = true,
      .all_programs = true,
      .only_program = 7},
     9,
     "risk",
     false},
    {"a kind filter keeps other kinds out",
     {.user_id = 1,
      .organisation = true,
      .programs = reads_seven,
      .n_programs = 1,
      .kinds = (char *[]){"risk"},
      .n_kinds = 1},
     7,
     "work_item",
     false},
    {"and lets its kind in",
     {.user_id = 1,
      .organisation = true,
      .programs = reads_seven,
      .n_programs = 1,
      .kinds = (char *[]){"risk"},
      .n_kinds = 1},
     7,
     "risk",
     true},
};

static void test_each_subscriber_gets_what_it_may_read(void **state)
{
    (void)state;
    for (size_t c = 0;
         c < sizeof(visibility_cases) / sizeof(visibility_cases[0]); c++) {
        event_subs_init();
        event_sub_request req = visibility_cases[c].req;
        req.token_programs = "";
        event_sub_grant grant;
        char err[160];
        assert_int_equal(event_subs_add(&req, &grant, err, sizeof(err)), 0);
        Pmo__V1__Event e = PMO__V1__EVENT__INIT;
        e.seq = 42;
        e.kind = (char *)visibility_cases[c].kind;
        Pmo__V1__Event *events[] = {&e};
        int64_t programs[] = {visibility_cases[c].program};
        delivery d = {.grant = &grant};
        event_subs_publish(events, programs, 1, 42, false, delivery_send, &d);
        if ((d.events == 1) != visibility_cases[c].sent)
            fail_msg("%s: %d events sent", visibility_cases[c].name, d.events);
        event_subs_fini();
    }
}

static void test_heartbeat_reaches_everyone_with_the_newest_seq(void **state)
{
    (void)state;
    event_subs_init();
    event_sub_request req = {.user_id = 1, .token_programs = ""};
    event_sub_grant grant, other;
    char err[160];
    assert_int_equal(event_subs_add(&req, &grant, err, sizeof(err)), 0);
    req.user_id = 2;
    assert_int_equal(event_subs_add(&req, &other, err, sizeof(err)), 0);
    assert_string_not_equal(grant.id, other.id);
    delivery d = {.grant = &grant};
    event_subs_publish(NULL, NULL, 0, 77, true, delivery_send, &d);
    assert_int_equal(d.messages, 1);
    assert_int_equal(d.events, 0);
    assert_int_equal(d.foreign, 1); /* the other's, which d cannot open */
    assert_int_equal(d.last_seq, 77);
    event_subs_fini();
}

static void test_a_user_holds_a_bounded_number(void **state)
{
    (void)state;
    event_subs_init();
    event_sub_request req = {.user_id = 5, .token_programs = ""};
    event_sub_grant grant;
    char err[160];
    for (int i = 0; i < EVENT_SUBS_PER_USER; i++)
        assert_int_equal(event_subs_add(&req, &grant, err, sizeof(err)), 0);
    assert_int_equal(event_subs_add(&req, &grant, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "let one expire"));
    req.user_id = 6;
    assert_int_equal(event_subs_add(&req, &grant, err, sizeof(err)), 0);
    event_subs_fini();
}

static void test_only_the_owner_renews(void **state)
{
    (void)state;
    event_subs_init();
    event_sub_request req = {
        .user_id = 1, .session_id = 10, .token_programs = ""};
    event_sub_grant grant, again;
    char err[160];
    assert_int_equal(event_subs_add(&req, &grant, err, sizeof(err)), 0);
    assert_int_equal(event_subs_renew(grant.id, &req, &again), 0);
    assert_memory_equal(grant.key, again.key, AEAD_KEY_LEN);
    event_sub_request other = {
        .user_id = 2, .session_id = 11, .token_programs = ""};
    assert_int_equal(event_subs_renew(grant.id, &other, &again), -1);
    event_sub_request other_session = {
        .user_id = 1, .session_id = 12, .token_programs = ""};
    assert_int_equal(event_subs_renew(grant.id, &other_session, &again), -1);
    event_subs_fini();
}

static void test_credentials_that_end_drop_their_subscriptions(void **state)
{
    (void)state;
    event_subs_init();
    event_sub_request by_session = {
        .user_id = 1, .session_id = 10, .token_programs = ""};
    event_sub_request by_token = {
        .user_id = 2, .token_id = 20, .token_programs = ""};
    event_sub_request by_user = {
        .user_id = 3, .session_id = 30, .token_programs = ""};
    event_sub_request expiring = {.user_id = 4,
                                  .session_id = 40,
                                  .credential_expires_ms = 1000,
                                  .token_programs = ""};
    event_sub_grant g;
    char err[160];
    assert_int_equal(event_subs_add(&by_session, &g, err, sizeof(err)), 0);
    assert_int_equal(event_subs_add(&by_token, &g, err, sizeof(err)), 0);
    assert_int_equal(event_subs_add(&by_user, &g, err, sizeof(err)), 0);
    assert_int_equal(event_subs_add(&expiring, &g, err, sizeof(err)), 0);
    assert_int_equal(g.expires_at_ms, 1000); /* never past its session */
    event_subs_expire(2000);
    assert_int_equal(event_subs_count(), 3);
    event_subs_drop_session(10);
    assert_int_equal(event_subs_count(), 2);
    event_subs_drop_token(20);
    assert_int_equal(event_subs_count(), 1);
    event_subs_drop_user(3);
    assert_int_equal(event_subs_count(), 0);
    event_subs_fini();
}

/* A lookup that says the user now reads nothing. */
static int lookup_none(void *arg, int64_t user_id, bool is_admin,
                       const char *token_programs, int64_t **ids, size_t *n)
{
    (void)arg;
    (void)user_id;
    (void)is_admin;
    (void)token_programs;
    *ids = calloc(1, sizeof(**ids));
    *n = 0;
    return 0;
}

static void test_a_role_taken_away_stops_the_events(void **state)
{
    (void)state;
    event_subs_init();
    event_sub_request req = {.user_id = 1,
                             .programs = reads_seven,
                             .n_programs = 1,
                             .token_programs = ""};
    event_sub_grant grant;
    char err[160];
    assert_int_equal(event_subs_add(&req, &grant, err, sizeof(err)), 0);
    event_subs_refresh(lookup_none, NULL);
    Pmo__V1__Event e = PMO__V1__EVENT__INIT;
    e.kind = "work_item";
    Pmo__V1__Event *events[] = {&e};
    int64_t programs[] = {7};
    delivery d = {.grant = &grant};
    event_subs_publish(events, programs, 1, 1, false, delivery_send, &d);
    assert_int_equal(d.messages, 0);
    event_subs_fini();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_subscriber_gets_what_it_may_read),
        cmocka_unit_test(test_heartbeat_reaches_everyone_with_the_newest_seq),
        cmocka_unit_test(test_a_user_holds_a_bounded_number),
        cmocka_unit_test(test_only_the_owner_renews),
        cmocka_unit_test(test_credentials_that_end_drop_their_subscriptions),
        cmocka_unit_test(test_a_role_taken_away_stops_the_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
