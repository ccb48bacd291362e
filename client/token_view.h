/*
 * client/token_view.h - API tokens as people read them, shared by pmo and
 * pmo-admin: the listing table, and what a new token's creator is told
 * (the secret, once).
 */
#ifndef PMO_CLIENT_TOKEN_VIEW_H
#define PMO_CLIENT_TOKEN_VIEW_H

#include "pmo/v1/token.pb-c.h"

#include <stddef.h>
#include <stdio.h>

/* ID, USER, NAME, SCOPE, PROGRAMS, EXPIRES, LAST USED, STATE; or a line
 * saying there are none. */
void token_view_list(FILE *out, Pmo__V1__ApiToken *const *tokens, size_t n);

/* "Revoked API token ID "NAME" of USER." */
void token_view_revoked(FILE *out, const Pmo__V1__ApiToken *t);

/* The new token, its secret and how to use it. */
void token_view_created(FILE *out, const Pmo__V1__CreateTokenResponse *r);

/* "read-only" or "read-write", with ", mTLS" when bound to mutual TLS. */
const char *token_view_scope(const Pmo__V1__ApiToken *t);

#endif
