/*
 * server/api/risk_handlers.h - the methods of pmo.v1.RiskService kept
 * outside risk_service.c, one file per entity family (risk_*.c), gathered
 * into the service by risk_service.c.
 */
#ifndef PMO_SERVER_API_RISK_HANDLERS_H
#define PMO_SERVER_API_RISK_HANDLERS_H

#include "pmo/v1/risk.pb-c.h"

typedef Pmo__V1__RiskService_Service risk_svc;

/* risk_issues.c */
void risk_create_issue(risk_svc *svc, const Pmo__V1__CreateIssueRequest *in,
                       Pmo__V1__Issue_Closure done, void *data);
void risk_get_issue(risk_svc *svc, const Pmo__V1__GetIssueRequest *in,
                    Pmo__V1__Issue_Closure done, void *data);
void risk_list_issues(risk_svc *svc, const Pmo__V1__ListIssuesRequest *in,
                      Pmo__V1__ListIssuesResponse_Closure done, void *data);
void risk_update_issue(risk_svc *svc, const Pmo__V1__UpdateIssueRequest *in,
                       Pmo__V1__Issue_Closure done, void *data);
void risk_delete_issue(risk_svc *svc, const Pmo__V1__DeleteIssueRequest *in,
                       Pmo__V1__DeleteIssueResponse_Closure done, void *data);

/* risk_actions.c */
void risk_create_action(risk_svc *svc, const Pmo__V1__CreateActionRequest *in,
                        Pmo__V1__Action_Closure done, void *data);
void risk_get_action(risk_svc *svc, const Pmo__V1__GetActionRequest *in,
                     Pmo__V1__Action_Closure done, void *data);
void risk_list_actions(risk_svc *svc, const Pmo__V1__ListActionsRequest *in,
                       Pmo__V1__ListActionsResponse_Closure done, void *data);
void risk_update_action(risk_svc *svc, const Pmo__V1__UpdateActionRequest *in,
                        Pmo__V1__Action_Closure done, void *data);
void risk_delete_action(risk_svc *svc, const Pmo__V1__DeleteActionRequest *in,
                        Pmo__V1__DeleteActionResponse_Closure done, void *data);

#endif
