/*
 * server/api/status_portfolio.c - StatusService/ListPortfolio: a line
 * per program the caller can see (model/status_portfolio.h), the
 * computed (CPM) finish filled in for programs with no published report,
 * then sorted as asked.
 *
 * A published report's P80 is read from its frozen metrics: Monte Carlo
 * runs only when a report is drafted or published, never here, so the
 * listing stays cheap across hundreds of programs.
 */
#include "api/schedule_common.h"
#include "api/status_common.h"
#include "model/status_portfolio.h"

#include <stdlib.h>
#include <string.h>

/* The computed finish and slip of a program without a published report. */
static int portfolio_cpm(rpc_call *call, Pmo__V1__PortfolioLine *l)
{
    schedule_ctx ctx = {0};
    if (schedule_open(call, l->program, "", ACCESS_VIEWER, &ctx) != 0) {
        schedule_close(&ctx);
        return -1;
    }
    l->finish = schedule_date(call, ctx.res.finish_day);
    l->slip_days = ctx.res.has_target ? schedule_days(ctx.res.slip) : 0;
    schedule_close(&ctx);
    return 0;
}

static int portfolio_by_slip(const void *a, const void *b)
{
    const Pmo__V1__PortfolioLine *x = *(Pmo__V1__PortfolioLine *const *)a;
    const Pmo__V1__PortfolioLine *y = *(Pmo__V1__PortfolioLine *const *)b;
    if (x->slip_days != y->slip_days)
        return x->slip_days < y->slip_days ? 1 : -1;
    return strcmp(x->program, y->program);
}

static int portfolio_by_rag(const void *a, const void *b)
{
    const Pmo__V1__PortfolioLine *x = *(Pmo__V1__PortfolioLine *const *)a;
    const Pmo__V1__PortfolioLine *y = *(Pmo__V1__PortfolioLine *const *)b;
    if (x->rag != y->rag)
        return x->rag < y->rag ? 1 : -1;
    return strcmp(x->program, y->program);
}

static int portfolio_by_finish(const void *a, const void *b)
{
    const Pmo__V1__PortfolioLine *x = *(Pmo__V1__PortfolioLine *const *)a;
    const Pmo__V1__PortfolioLine *y = *(Pmo__V1__PortfolioLine *const *)b;
    /* "" (no finish) last; dates compare as text. */
    int c = (x->finish[0] == '\0') - (y->finish[0] == '\0');
    if (c == 0)
        c = strcmp(x->finish, y->finish);
    return c ? c : strcmp(x->program, y->program);
}

static int (*const portfolio_orders[])(const void *, const void *) = {
    [PMO__V1__PORTFOLIO_SORT__PORTFOLIO_BY_SLIP] = portfolio_by_slip,
    [PMO__V1__PORTFOLIO_SORT__PORTFOLIO_BY_RAG] = portfolio_by_rag,
    [PMO__V1__PORTFOLIO_SORT__PORTFOLIO_BY_FINISH] = portfolio_by_finish,
};

static bool portfolio_valid(rpc_call *call,
                            const Pmo__V1__ListPortfolioRequest *in)
{
    bool ok = true;
    if ((unsigned)in->status > PMO__V1__PROGRAM_STATUS__PROGRAM_CANCELLED) {
        rpc_violation(call, "status", "must be a ProgramStatus");
        ok = false;
    }
    if ((unsigned)in->rag > PMO__V1__RAG__RAG_RED) {
        rpc_violation(call, "rag", "must be green, amber or red");
        ok = false;
    }
    if ((unsigned)in->sort > PMO__V1__PORTFOLIO_SORT__PORTFOLIO_BY_FINISH) {
        rpc_violation(call, "sort", "must be key, slip, rag or finish");
        ok = false;
    }
    if (strlen(in->sponsor) > 200) {
        rpc_violation(call, "sponsor", "must be at most 200 characters");
        ok = false;
    }
    if (strlen(in->tag) > 64) {
        rpc_violation(call, "tag", "must be at most 64 characters");
        ok = false;
    }
    return ok;
}

void status_list_portfolio(Pmo__V1__StatusService_Service *svc,
                           const Pmo__V1__ListPortfolioRequest *in,
                           Pmo__V1__ListPortfolioResponse_Closure done,
                           void *data)
{
    (void)svc;
    rpc_call *call = data;
    Pmo__V1__ListPortfolioResponse out = PMO__V1__LIST_PORTFOLIO_RESPONSE__INIT;
    if (!portfolio_valid(call, in) ||
        status_portfolio_rows(call, in, &out.lines, &out.n_lines) != 0) {
        done(NULL, data);
        return;
    }
    for (size_t i = 0; i < out.n_lines; i++)
        if (!out.lines[i]->finish_is_p80 &&
            portfolio_cpm(call, out.lines[i]) != 0) {
            done(NULL, data);
            return;
        }
    if ((unsigned)in->sort <
            sizeof portfolio_orders / sizeof *portfolio_orders &&
        portfolio_orders[in->sort])
        qsort(out.lines, out.n_lines, sizeof *out.lines,
              portfolio_orders[in->sort]);
    done(&out, data);
}
