/*
 * server/api/admin_handlers.h - the methods of pmo.v1.AdminService kept
 * outside admin_service.c (service accounts, admin_service_accounts.c),
 * gathered into the service by admin_service.c.
 */
#ifndef PMO_SERVER_API_ADMIN_HANDLERS_H
#define PMO_SERVER_API_ADMIN_HANDLERS_H

#include "pmo/v1/admin.pb-c.h"

typedef Pmo__V1__AdminService_Service admin_svc;

void admin_create_service_account(
    admin_svc *svc, const Pmo__V1__CreateServiceAccountRequest *in,
    Pmo__V1__CreateServiceAccountResponse_Closure done, void *data);
void admin_list_service_accounts(
    admin_svc *svc, const Pmo__V1__ListServiceAccountsRequest *in,
    Pmo__V1__ListServiceAccountsResponse_Closure done, void *data);
void admin_disable_service_account(
    admin_svc *svc, const Pmo__V1__DisableServiceAccountRequest *in,
    Pmo__V1__DisableServiceAccountResponse_Closure done, void *data);

#endif
