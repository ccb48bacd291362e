/*
 * server/model/status_portfolio.h - one line per program the caller can
 * see, for the portfolio view: the overall RAG, week and P80 finish of
 * its latest published status report (from the frozen metrics, so no
 * forecast is run), its next milestone, top open risk and overdue
 * actions. One query over every visible program.
 *
 * Conventions as in model/raid.h. Programs are those access_program
 * would let the caller read (admins see all; a token limited to
 * programs sees only those).
 */
#ifndef PMO_SERVER_MODEL_STATUS_PORTFOLIO_H
#define PMO_SERVER_MODEL_STATUS_PORTFOLIO_H

#include "pmo/v1/status.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>

/* The most programs one listing holds. */
#define STATUS_PORTFOLIO_MAX 2000

/*
 * Lines of the programs matching in (status, sponsor, rag, tag), by
 * key.
 * A program without a published report has finish "" and finish_is_p80
 * false: the caller fills its computed finish.
 */
int status_portfolio_rows(rpc_call *call,
                          const Pmo__V1__ListPortfolioRequest *in,
                          Pmo__V1__PortfolioLine ***out, size_t *n);

#endif
