/*
 * server/model/status_portfolio.c - the portfolio's lines (see
 * status_portfolio.h).
 */
#include "model/status_portfolio.h"
#include "model/access.h"
#include "model/raid.h"

#include <stdlib.h>

/* clang-format off */
#define PORTFOLIO_DATE(d) "coalesce(to_char(" d ", 'YYYY-MM-DD'), '')"

DB_STMT(status_portfolio,
        "SELECT p.key, p.name, p.status, p.sponsor, "
        PORTFOLIO_DATE("p.target_finish") ","
        " coalesce(s.rags[1], 0), coalesce(s.week, ''),"
        " coalesce(s.metrics->>'p80_finish', ''),"
        " coalesce((s.metrics->>'p80_slip_days')::float8, 0),"
        " s.id IS NOT NULL,"
        " coalesce(p.key || '-' || nm.number || ' ' || nm.title, ''),"
        " " PORTFOLIO_DATE("nm.planned_finish") ","
        " coalesce(tr.title, ''), coalesce(tr.exposure, 0),"
        " (SELECT count(*) FROM action_items a WHERE a.program_id = p.id"
        "   AND a.status = 1 AND a.due_date < current_date)"
        " FROM programs p LEFT JOIN program_members m"
        "   ON m.program_id = p.id AND m.user_id = $2::bigint"
        " LEFT JOIN LATERAL (SELECT r.id, r.week, r.rags, r.metrics"
        "   FROM status_reports r WHERE r.program_id = p.id AND r.state = 4"
        "   ORDER BY r.week DESC LIMIT 1) s ON true"
        " LEFT JOIN LATERAL (SELECT w.number, w.title, w.planned_finish"
        "   FROM work_items w WHERE w.program_id = p.id AND w.kind = 3"
        "    AND w.state <> 4 AND w.planned_finish >= current_date"
        "   ORDER BY w.planned_finish, w.number LIMIT 1) nm ON true"
        " LEFT JOIN LATERAL (SELECT k.title, k.exposure FROM risks k"
        "   WHERE k.program_id = p.id AND k.status IN (1, 2)"
        "   ORDER BY k.exposure DESC, k.id LIMIT 1) tr ON true"
        " WHERE ($1::bool OR m.role IS NOT NULL)"
        "   AND " ACCESS_TOKEN_ALLOWS("$3", "p.id")
        "   AND ($4::int = 0 OR p.status = $4::int)"
        "   AND ($5::text = '' OR lower(p.sponsor) = lower($5::text))"
        "   AND ($6::int = 0 OR coalesce(s.rags[1], 0) = $6::int)"
        "   AND ($8::text = '' OR EXISTS (SELECT 1 FROM work_items t"
        "     WHERE t.program_id = p.id AND $8::text = ANY (t.tags)))"
        " ORDER BY p.key LIMIT $7::bigint");
/* clang-format on */

int status_portfolio_rows(rpc_call *call,
                          const Pmo__V1__ListPortfolioRequest *in,
                          Pmo__V1__PortfolioLine ***out, size_t *n)
{
    const char *params[] = {
        call->who.is_admin ? "t" : "f",
        raid_int(call, call->who.user_id),
        access_token_programs(call),
        raid_int(call, in->status),
        in->sponsor,
        raid_int(call, in->rag),
        raid_int(call, STATUS_PORTFOLIO_MAX),
        in->tag,
    };
    PGresult *r = db_exec(call->db, &status_portfolio, 8, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing the portfolio");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++) {
        int row = (int)i;
        Pmo__V1__PortfolioLine *l = arena_alloc(call->arena, sizeof *l);
        pmo__v1__portfolio_line__init(l);
        l->program = arena_strdup(call->arena, db_text(r, row, 0));
        l->name = arena_strdup(call->arena, db_text(r, row, 1));
        l->status = (Pmo__V1__ProgramStatus)db_int64(r, row, 2);
        l->sponsor = arena_strdup(call->arena, db_text(r, row, 3));
        l->target_finish = arena_strdup(call->arena, db_text(r, row, 4));
        l->rag = (Pmo__V1__Rag)db_int64(r, row, 5);
        l->week = arena_strdup(call->arena, db_text(r, row, 6));
        l->finish = arena_strdup(call->arena, db_text(r, row, 7));
        l->slip_days = strtod(db_text(r, row, 8), NULL);
        l->finish_is_p80 = db_bool(r, row, 9);
        l->next_milestone = arena_strdup(call->arena, db_text(r, row, 10));
        l->next_milestone_date = arena_strdup(call->arena, db_text(r, row, 11));
        l->top_risk = arena_strdup(call->arena, db_text(r, row, 12));
        l->top_risk_exposure = (int32_t)db_int64(r, row, 13);
        l->actions_overdue = (int32_t)db_int64(r, row, 14);
        (*out)[i] = l;
    }
    PQclear(r);
    return 0;
}
