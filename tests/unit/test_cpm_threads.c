/*
 * tests/unit/test_cpm_threads.c - the critical path passes on plans large
 * enough to split their levels over two threads (SCHED_THREAD_MIN items
 * and more), checked against the lean passes of the same net, which run
 * on one thread and are checked against the full passes on small plans
 * in test_forecast.c. Every early finish, critical flag, the finish and
 * the critical float must agree exactly.
 */
#include "common/daynum.h"
#include "common/xalloc.h"
#include "sched/cpm.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define ITEMS 160000
#define LINKS (3 * ITEMS)

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static int rng_int(uint64_t *s, int lo, int hi)
{
    return lo + (int)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

/*
 * Items in a hidden random order, links from lower to higher places of
 * it (mostly near, so levels stay wide), every type, some lags and leads,
 * milestones, start-no-earlier dates and work in progress.
 */
static void gen_plan(uint64_t seed, sched_plan *plan, sched_item *items,
                     sched_link *links, int *perm)
{
    uint64_t s = seed;
    int start = daynum_from_civil(2027, 1, 4);
    for (int i = 0; i < ITEMS; i++) {
        sched_item it = SCHED_ITEM_INIT;
        it.duration_days = rng_int(&s, 0, 40) / 4.0;
        if (rng_int(&s, 0, 20) == 0)
            it.flags = SCHED_ITEM_MILESTONE;
        if (rng_int(&s, 0, 30) == 0)
            it.start_no_earlier = start + rng_int(&s, 0, 200);
        if (rng_int(&s, 0, 50) == 0) {
            it.actual_start = start + rng_int(&s, 0, 9);
            it.percent_complete = rng_int(&s, 0, 90);
        }
        items[i] = it;
        perm[i] = i;
    }
    for (int i = ITEMS - 1; i > 0; i--) {
        int j = rng_int(&s, 0, i), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (int e = 0; e < LINKS; e++) {
        int a = rng_int(&s, 0, ITEMS - 2);
        int b = a + 1 + (rng_int(&s, 0, 3) ? rng_int(&s, 0, 2000)
                                           : rng_int(&s, 0, ITEMS));
        if (b >= ITEMS)
            b = ITEMS - 1;
        double lag = rng_int(&s, 0, 4) ? 0 : rng_int(&s, -8, 12) / 4.0;
        links[e] = (sched_link){perm[a], perm[b], rng_int(&s, SCHED_FS, SCHED_SF),
                                lag};
    }
    memset(plan, 0, sizeof *plan);
    plan->n_items = ITEMS;
    plan->items = items;
    plan->n_links = LINKS;
    plan->links = links;
    plan->calendar.weekdays = SCHED_MON_FRI;
    plan->start_day = start;
    plan->status_day = start + 10;
    plan->target_day = rng_int(&s, 0, 1) ? start + 400 : SCHED_NO_DAY;
    plan->late_from_target = plan->target_day != SCHED_NO_DAY;
}

static void check_plan(uint64_t seed)
{
    sched_plan plan;
    sched_item *items = xcalloc(ITEMS, sizeof *items);
    sched_link *links = xcalloc(LINKS, sizeof *links);
    int *perm = xcalloc(ITEMS, sizeof *perm);
    gen_plan(seed, &plan, items, links, perm);
    sched_net net;
    sched_error err;
    sched_net_init(&net);
    assert_int_equal(sched_net_prepare(&net, &plan, &err), SCHED_OK);
    /* Levels this wide are the ones the passes split (cpm.c). */
    int32_t widest = 0;
    for (int32_t k = 0; k < net.topo.n_levels; k++) {
        int32_t w = net.topo.level_off[k + 1] - net.topo.level_off[k];
        widest = w > widest ? w : widest;
    }
    assert_true(widest >= 4096);
    sched_run run;
    sched_lean lean;
    sched_run_init(&run);
    sched_lean_init(&lean);
    sched_run_bind(&run, &net);
    sched_lean_bind(&lean, &net);
    assert_int_equal(sched_run_passes(&run), SCHED_OK);
    assert_int_equal(sched_lean_passes(&lean), SCHED_OK);
    sched_run_chains(&run);
    assert_int_equal(run.finish, lean.finish[0]);
    assert_int_equal(run.critical_float, lean.critical_float[0]);
    int32_t critical = 0;
    for (int32_t r = 0; r < net.n; r++) {
        assert_int_equal(run.t[SCHED_T_SLOT * r + SCHED_T_EF],
                         lean.ef[r * SCHED_LEAN_LANES]);
        assert_int_equal(run.longest[r], lean.critical[r * SCHED_LEAN_LANES]);
        critical += run.longest[r];
    }
    /* A run that found nothing critical would compare nothing. */
    assert_true(critical > 0);
    sched_lean_fini(&lean);
    sched_run_fini(&run);
    sched_net_fini(&net);
    free(perm);
    free(links);
    free(items);
}

static void test_two_threads_match_one(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 3; seed++)
        check_plan(seed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_threads_match_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
