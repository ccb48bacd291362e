/*
 * tests/unit/test_peer_table.c - the counts behind the connection caps:
 * per address and in total, freed on removal, pipes found by their remote
 * address, and which pipes are idle.
 */
#include "rpc/peer_table.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

/* Where the remote address is beside the point. */
#define REMOTE "192.0.2.250:40000"

static void test_per_peer_cap_spares_other_peers(void **state)
{
    (void)state;
    peer_table t;
    peer_table_init(&t, 10, 2);
    assert_int_equal(peer_table_add(&t, 1, "10.0.0.1", REMOTE, 0),
                     PEER_ADMITTED);
    assert_int_equal(peer_table_add(&t, 2, "10.0.0.1", REMOTE, 0),
                     PEER_ADMITTED);
    assert_int_equal(peer_table_add(&t, 3, "10.0.0.1", REMOTE, 0),
                     PEER_OVER_PER_PEER);
    assert_int_equal(peer_table_add(&t, 4, "10.0.0.2", REMOTE, 0),
                     PEER_ADMITTED);
    assert_int_equal(peer_table_count(&t, "10.0.0.1"), 2);
    assert_int_equal(peer_table_count(&t, "10.0.0.2"), 1);
    assert_int_equal(peer_table_total(&t), 3);
    peer_table_fini(&t);
}

static void test_total_cap(void **state)
{
    (void)state;
    peer_table t;
    peer_table_init(&t, 3, 3);
    char addr[32];
    for (uint32_t id = 1; id <= 3; id++) {
        snprintf(addr, sizeof(addr), "192.0.2.%u", id);
        assert_int_equal(peer_table_add(&t, id, addr, REMOTE, 0),
                         PEER_ADMITTED);
    }
    assert_int_equal(peer_table_add(&t, 4, "192.0.2.9", REMOTE, 0),
                     PEER_OVER_TOTAL);
    assert_int_equal(peer_table_count(&t, "192.0.2.9"), 0);
    assert_int_equal(peer_table_total(&t), 3);
    peer_table_fini(&t);
}

static void test_removal_frees_room(void **state)
{
    (void)state;
    peer_table t;
    peer_table_init(&t, 4, 2);
    peer_table_add(&t, 10, "[2001:db8::1]", REMOTE, 0);
    peer_table_add(&t, 11, "[2001:db8::1]", REMOTE, 0);
    assert_int_equal(peer_table_add(&t, 12, "[2001:db8::1]", REMOTE, 0),
                     PEER_OVER_PER_PEER);
    assert_true(peer_table_remove(&t, 10));
    assert_int_equal(peer_table_add(&t, 12, "[2001:db8::1]", REMOTE, 0),
                     PEER_ADMITTED);
    assert_true(peer_table_remove(&t, 11));
    assert_true(peer_table_remove(&t, 12));
    assert_int_equal(peer_table_count(&t, "[2001:db8::1]"), 0);
    assert_int_equal(peer_table_total(&t), 0);
    peer_table_fini(&t);
}

static void test_refused_and_unknown_ids_are_not_removed(void **state)
{
    (void)state;
    peer_table t;
    peer_table_init(&t, 4, 1);
    peer_table_add(&t, 1, "10.0.0.1", REMOTE, 0);
    assert_int_equal(peer_table_add(&t, 2, "10.0.0.1", REMOTE, 0),
                     PEER_OVER_PER_PEER);
    /* nng reports the end of refused pipes too. */
    assert_false(peer_table_remove(&t, 2));
    assert_false(peer_table_remove(&t, 99));
    assert_int_equal(peer_table_count(&t, "10.0.0.1"), 1);
    assert_true(peer_table_remove(&t, 1));
    assert_false(peer_table_remove(&t, 1));
    peer_table_fini(&t);
}

static void test_same_id_counts_once(void **state)
{
    (void)state;
    peer_table t;
    peer_table_init(&t, 4, 4);
    peer_table_add(&t, 5, "10.0.0.5", REMOTE, 0);
    assert_int_equal(peer_table_add(&t, 5, "10.0.0.5", REMOTE, 0),
                     PEER_ADMITTED);
    assert_int_equal(peer_table_count(&t, "10.0.0.5"), 1);
    peer_table_fini(&t);
}

/* Many pipes through few chain heads: ids and addresses that collide. */
static void test_churn_keeps_counts(void **state)
{
    (void)state;
    peer_table t;
    peer_table_init(&t, 64, 8);
    char addr[32];
    for (int round = 0; round < 50; round++) {
        for (uint32_t i = 0; i < 64; i++) {
            snprintf(addr, sizeof(addr), "10.1.%u.%u", i % 8, round % 3);
            assert_int_equal(
                peer_table_add(&t, round * 64 + i + 1, addr, REMOTE, 0),
                PEER_ADMITTED);
        }
        assert_int_equal(peer_table_add(&t, 999999, "10.9.9.9", REMOTE, 0),
                         PEER_OVER_TOTAL);
        for (uint32_t i = 0; i < 64; i++)
            assert_true(peer_table_remove(&t, round * 64 + i + 1));
        assert_int_equal(peer_table_total(&t), 0);
    }
    peer_table_fini(&t);
}

static void test_pipes_found_by_remote(void **state)
{
    (void)state;
    peer_table t;
    peer_table_init(&t, 4, 4);
    peer_table_add(&t, 1, "10.0.0.1", "10.0.0.1:5000", 0);
    peer_table_add(&t, 2, "10.0.0.1", "10.0.0.1:5001", 0);
    assert_true(peer_table_has_remote(&t, "10.0.0.1:5000"));
    assert_true(peer_table_has_remote(&t, "10.0.0.1:5001"));
    /* Another port of the same address is another socket. */
    assert_false(peer_table_has_remote(&t, "10.0.0.1:5002"));
    peer_table_remove(&t, 1);
    assert_false(peer_table_has_remote(&t, "10.0.0.1:5000"));
    assert_true(peer_table_has_remote(&t, "10.0.0.1:5001"));
    peer_table_fini(&t);
}

typedef struct idle_case {
    const char *name;
    int begins, ends; /* requests begun and finished at 1000 ms */
    int64_t now_ms;
    int want; /* pipes reported idle (of one, admitted at 0 ms) */
} idle_case;

static void test_idle_pipes(void **state)
{
    (void)state;
    static const idle_case cases[] = {
        {"silent since it connected", 0, 0, 5000, 1},
        {"silent, not yet long enough", 0, 0, 4999, 0},
        {"a request pending for long", 1, 0, 60000, 0},
        {"replied, then quiet long enough", 1, 1, 6000, 1},
        {"replied, quiet for less", 1, 1, 5999, 0},
        {"two requests, one still pending", 2, 1, 60000, 0},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        const idle_case *k = &cases[c];
        print_message("case: %s\n", k->name);
        peer_table t;
        peer_table_init(&t, 4, 4);
        peer_table_add(&t, 7, "10.0.0.7", REMOTE, 0);
        for (int i = 0; i < k->begins; i++)
            peer_table_begin(&t, 7, 1000);
        for (int i = 0; i < k->ends; i++)
            peer_table_end(&t, 7, 1000);
        uint32_t ids[4];
        int n = peer_table_idle(&t, k->now_ms, 5000, ids, 4);
        assert_int_equal(n, k->want);
        if (n)
            assert_int_equal(ids[0], 7);
        peer_table_fini(&t);
    }
}

static void test_idle_pipe_reported_once(void **state)
{
    (void)state;
    peer_table t;
    peer_table_init(&t, 4, 4);
    peer_table_add(&t, 1, "10.0.0.1", REMOTE, 0);
    peer_table_add(&t, 2, "10.0.0.1", REMOTE, 3000);
    uint32_t ids[4];
    assert_int_equal(peer_table_idle(&t, 5000, 5000, ids, 4), 1);
    assert_int_equal(ids[0], 1);
    /* Closing takes a moment; the sweep after must not close it again. */
    assert_int_equal(peer_table_idle(&t, 9000, 5000, ids, 4), 1);
    assert_int_equal(ids[0], 2);
    assert_int_equal(peer_table_idle(&t, 20000, 5000, ids, 4), 0);
    peer_table_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_peer_cap_spares_other_peers),
        cmocka_unit_test(test_total_cap),
        cmocka_unit_test(test_removal_frees_room),
        cmocka_unit_test(test_refused_and_unknown_ids_are_not_removed),
        cmocka_unit_test(test_same_id_counts_once),
        cmocka_unit_test(test_churn_keeps_counts),
        cmocka_unit_test(test_pipes_found_by_remote),
        cmocka_unit_test(test_idle_pipes),
        cmocka_unit_test(test_idle_pipe_reported_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
