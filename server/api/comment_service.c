/* server/api/comment_service.c - pmo.v1.CommentService. */
#include "api/services.h"
#include "pmo/v1/comment.pb-c.h"
#include "rpc/call.h"

static void comment_add_comment(Pmo__V1__CommentService_Service *svc,
                                const Pmo__V1__AddCommentRequest *in,
                                Pmo__V1__Comment_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void comment_list_comments(Pmo__V1__CommentService_Service *svc,
                                  const Pmo__V1__ListCommentsRequest *in,
                                  Pmo__V1__ListCommentsResponse_Closure done,
                                  void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void comment_delete_comment(Pmo__V1__CommentService_Service *svc,
                                   const Pmo__V1__DeleteCommentRequest *in,
                                   Pmo__V1__DeleteCommentResponse_Closure done,
                                   void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void comment_list_activity(Pmo__V1__CommentService_Service *svc,
                                  const Pmo__V1__ListActivityRequest *in,
                                  Pmo__V1__ListActivityResponse_Closure done,
                                  void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static Pmo__V1__CommentService_Service comment_impl =
    PMO__V1__COMMENT_SERVICE__INIT(comment_);

static const rpc_method_policy comment_policies[] = {
    {"AddComment", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"ListComments", RPC_ACCESS_SESSION, 0},
    {"DeleteComment", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"ListActivity", RPC_ACCESS_SESSION, 0},
};

const rpc_service api_comment_service = {
    .impl = &comment_impl.base,
    .policies = comment_policies,
    .n_policies = sizeof(comment_policies) / sizeof(comment_policies[0]),
};
