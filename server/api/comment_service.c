/*
 * server/api/comment_service.c - pmo.v1.CommentService: comments on a
 * program and the things in it, and the program's activity feed. Anyone
 * who can see a program may read and comment; a comment is deleted by its
 * author, a manager of the program or an admin.
 */
#include "api/fields.h"
#include "api/services.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/activity.h"
#include "model/comments.h"
#include "pmo/v1/comment.pb-c.h"
#include "rpc/call.h"

#define COMMENT_BODY_MAX 10000
/* Longer than any program key, project key, work item ref or id. */
#define COMMENT_KEY_MAX 64

static bool comment_entity_valid(rpc_call *call, const char *entity,
                                 bool empty_ok)
{
    if ((empty_ok && entity[0] == '\0') || comments_entity_known(entity))
        return true;
    rpc_violation(call, "entity", "must be one of %s, not \"%.32s\"",
                  comments_entities_text, entity);
    return false;
}

static bool comment_program_valid(rpc_call *call, const char *program)
{
    return validate_length(call, "program", program, 1, COMMENT_KEY_MAX);
}

static void comment_add_comment(Pmo__V1__CommentService_Service *svc,
                                const Pmo__V1__AddCommentRequest *in,
                                Pmo__V1__Comment_Closure done, void *data)
{
    rpc_call *call = data;
    program_access prog;
    if (!comment_program_valid(call, in->program) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0) {
        done(NULL, data);
        return;
    }
    bool ok = comment_entity_valid(call, in->entity, false);
    ok &=
        validate_length(call, "entity_key", in->entity_key, 1, COMMENT_KEY_MAX);
    ok &= validate_text(call, "body", in->body, 1, COMMENT_BODY_MAX);
    Pmo__V1__Comment *out;
    if (!ok || comments_add(call, &prog, in->entity, in->entity_key, in->body,
                            &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void comment_list_comments(Pmo__V1__CommentService_Service *svc,
                                  const Pmo__V1__ListCommentsRequest *in,
                                  Pmo__V1__ListCommentsResponse_Closure done,
                                  void *data)
{
    rpc_call *call = data;
    program_access prog;
    if (!comment_program_valid(call, in->program) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0) {
        done(NULL, data);
        return;
    }
    bool ok = comment_entity_valid(call, in->entity, true);
    ok &=
        validate_length(call, "entity_key", in->entity_key, 0, COMMENT_KEY_MAX);
    if (ok && in->entity[0] == '\0' && in->entity_key[0] != '\0') {
        rpc_violation(call, "entity_key",
                      "needs entity: a key means different things in each");
        ok = false;
    }
    unsigned limit;
    int64_t before;
    Pmo__V1__ListCommentsResponse out = PMO__V1__LIST_COMMENTS_RESPONSE__INIT;
    if (!ok || !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &before) ||
        comments_list(call, &prog, in->entity, in->entity_key, before, limit,
                      &out.comments, &out.n_comments) != 0) {
        done(NULL, data);
        return;
    }
    /* One row beyond the page says there is another page. */
    if (out.n_comments > limit) {
        out.n_comments = limit;
        out.next_page_token =
            fields_page_token_make(call, out.comments[limit - 1]->id);
    }
    done(&out, data);
}

/*
 * The author, a manager or owner of the program, or an admin (whom
 * access counts as an owner) may delete a comment. One in a program the
 * caller cannot see is reported like one that does not exist.
 */
static int comment_may_delete(rpc_call *call, int64_t id)
{
    int64_t program_id, author_id;
    program_access prog;
    if (comments_find(call, id, &program_id, &author_id) != 0)
        return -1;
    if (access_program_id(call, program_id, ACCESS_VIEWER, &prog) != 0) {
        if (call->status == PMO_NOT_FOUND)
            call->message =
                arena_printf(call->arena, "no comment %lld", (long long)id);
        return -1;
    }
    if (author_id != call->who.user_id && prog.role < ACCESS_MANAGER) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "only its author, a manager of %s or an admin may delete "
                 "comment %lld; you are %s",
                 prog.key, (long long)id, access_role_name(prog.role));
        return -1;
    }
    return 0;
}

static void comment_delete_comment(Pmo__V1__CommentService_Service *svc,
                                   const Pmo__V1__DeleteCommentRequest *in,
                                   Pmo__V1__DeleteCommentResponse_Closure done,
                                   void *data)
{
    rpc_call *call = data;
    if (in->id <= 0) {
        rpc_violation(call, "id", "must be a comment id (> 0)");
        done(NULL, data);
        return;
    }
    if (comment_may_delete(call, in->id) != 0 ||
        comments_delete(call, in->id) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteCommentResponse out = PMO__V1__DELETE_COMMENT_RESPONSE__INIT;
    done(&out, data);
}

static void comment_list_activity(Pmo__V1__CommentService_Service *svc,
                                  const Pmo__V1__ListActivityRequest *in,
                                  Pmo__V1__ListActivityResponse_Closure done,
                                  void *data)
{
    rpc_call *call = data;
    program_access prog;
    unsigned limit;
    int64_t before;
    Pmo__V1__ListActivityResponse out = PMO__V1__LIST_ACTIVITY_RESPONSE__INIT;
    if (!comment_program_valid(call, in->program) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &before) ||
        activity_list(call, &prog, before, limit, &out.entries,
                      &out.n_entries) != 0) {
        done(NULL, data);
        return;
    }
    /* One row beyond the page says there is another page. */
    if (out.n_entries > limit) {
        out.n_entries = limit;
        out.next_page_token =
            fields_page_token_make(call, out.entries[limit - 1]->id);
    }
    done(&out, data);
}

static Pmo__V1__CommentService_Service comment_impl =
    PMO__V1__COMMENT_SERVICE__INIT(comment_);

static const rpc_method_policy comment_policies[] = {
    {"AddComment", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"ListComments", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"DeleteComment", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"ListActivity", RPC_ACCESS_SESSION, RPC_READS, 0},
};

const rpc_service api_comment_service = {
    .impl = &comment_impl.base,
    .policies = comment_policies,
    .n_policies = sizeof(comment_policies) / sizeof(comment_policies[0]),
};
