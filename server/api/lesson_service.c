/*
 * server/api/lesson_service.c - pmo.v1.LessonService: the lessons-learned
 * library. Lessons are shared organisation-wide: any logged-in user
 * reads and searches all of them. Writing needs the contributor role in
 * the program a lesson came from (manager to delete); a lesson whose
 * program was deleted can no longer be changed.
 */
#include "api/fields.h"
#include "api/services.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/lessons.h"
#include "pmo/v1/lesson.pb-c.h"
#include "rpc/call.h"

#include <stdio.h>
#include <string.h>

#define LESSON_TITLE_MAX 200
#define LESSON_BODY_MAX  20000
#define LESSON_TAGS_MAX  20
#define LESSON_TAG_MAX   64
#define LESSON_QUERY_MAX 500
#define LESSON_KEY_MAX   64

static const fields_mask_field lesson_mask_fields[] = {
    {"title", LESSONS_TITLE},
    {"body", LESSONS_BODY},
    {"tags", LESSONS_TAGS},
    {"retro_id", LESSONS_RETRO},
};

/* Tags: short words, each once. */
static bool lesson_tags_valid(rpc_call *call, const Pmo__V1__Lesson *l)
{
    if (l->n_tags > LESSON_TAGS_MAX) {
        rpc_violation(call, "lesson.tags", "must hold at most %d (got %zu)",
                      LESSON_TAGS_MAX, l->n_tags);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < l->n_tags; i++) {
        char field[48];
        snprintf(field, sizeof(field), "lesson.tags[%zu]", i);
        if (!validate_length(call, field, l->tags[i], 1, LESSON_TAG_MAX)) {
            ok = false;
            continue;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(l->tags[k], l->tags[i]) == 0) {
                rpc_violation(call, field, "%s is already at tags[%zu]",
                              l->tags[i], k);
                ok = false;
                break;
            }
    }
    return ok;
}

static bool lesson_valid(rpc_call *call, const Pmo__V1__Lesson *l,
                         unsigned mask)
{
    bool ok = true;
    if (mask & LESSONS_TITLE)
        ok &= validate_length(call, "lesson.title", l->title, 1,
                              LESSON_TITLE_MAX);
    if (mask & LESSONS_BODY)
        ok &= validate_text(call, "lesson.body", l->body, 0, LESSON_BODY_MAX);
    if (mask & LESSONS_TAGS)
        ok &= lesson_tags_valid(call, l);
    if ((mask & LESSONS_RETRO) && l->retro_id < 0) {
        rpc_violation(call, "lesson.retro_id", "must be 0 or a retro id");
        ok = false;
    }
    return ok;
}

static bool lesson_id_valid(rpc_call *call, int64_t id)
{
    if (id > 0)
        return true;
    rpc_violation(call, "id", "must be a lesson id (> 0)");
    return false;
}

static bool lesson_version_valid(rpc_call *call, int64_t version)
{
    if (version > 0)
        return true;
    rpc_violation(call, "expected_version",
                  "must be the version you read (> 0)");
    return false;
}

/*
 * Write access to lesson id: the role need in its program. A lesson
 * whose program is gone is read-only.
 */
static int lesson_write_access(rpc_call *call, int64_t id, access_role need,
                               program_access *prog)
{
    int64_t program_id;
    if (lessons_find(call, id, &program_id, NULL) != 0)
        return -1;
    if (program_id == 0) {
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "lesson %lld came from a program that was deleted, so it "
                 "can no longer be changed",
                 (long long)id);
        return -1;
    }
    return access_program_id(call, program_id, need, prog);
}

static void lesson_create_lesson(Pmo__V1__LessonService_Service *svc,
                                 const Pmo__V1__CreateLessonRequest *in,
                                 Pmo__V1__Lesson_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Lesson *l = in->lesson;
    if (l == NULL) {
        rpc_violation(call, "lesson", "is required");
        done(NULL, data);
        return;
    }
    program_access prog;
    Pmo__V1__Lesson *out;
    if (!validate_length(call, "lesson.program", l->program, 1,
                         LESSON_KEY_MAX) ||
        access_program(call, l->program, ACCESS_CONTRIBUTOR, &prog) != 0 ||
        !lesson_valid(call, l, ~0u) ||
        lessons_create(call, &prog, l, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void lesson_get_lesson(Pmo__V1__LessonService_Service *svc,
                              const Pmo__V1__GetLessonRequest *in,
                              Pmo__V1__Lesson_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    Pmo__V1__Lesson *out;
    if (!lesson_id_valid(call, in->id) ||
        lessons_find(call, in->id, &program_id, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

/* The page token of a search is the offset of the next page. */
static void lesson_search_lessons(Pmo__V1__LessonService_Service *svc,
                                  const Pmo__V1__SearchLessonsRequest *in,
                                  Pmo__V1__SearchLessonsResponse_Closure done,
                                  void *data)
{
    rpc_call *call = data;
    unsigned limit;
    int64_t offset;
    Pmo__V1__SearchLessonsResponse out = PMO__V1__SEARCH_LESSONS_RESPONSE__INIT;
    bool ok = validate_length(call, "query", in->query, 0, LESSON_QUERY_MAX);
    ok &= validate_length(call, "tag", in->tag, 0, LESSON_TAG_MAX);
    ok &= validate_length(call, "program", in->program, 0, LESSON_KEY_MAX);
    lessons_query q = {in->query, in->tag, in->program};
    if (!ok || !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &offset) ||
        lessons_search(call, &q, offset, limit, &out.lessons, &out.n_lessons) !=
            0) {
        done(NULL, data);
        return;
    }
    if (out.n_lessons > limit) {
        out.n_lessons = limit;
        out.next_page_token =
            fields_page_token_make(call, offset + (int64_t)limit);
    }
    done(&out, data);
}

static void lesson_update_lesson(Pmo__V1__LessonService_Service *svc,
                                 const Pmo__V1__UpdateLessonRequest *in,
                                 Pmo__V1__Lesson_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->lesson == NULL) {
        rpc_violation(call, "lesson", "is required");
        done(NULL, data);
        return;
    }
    program_access prog;
    unsigned mask;
    Pmo__V1__Lesson *out;
    if (!lesson_id_valid(call, in->id) ||
        lesson_write_access(call, in->id, ACCESS_CONTRIBUTOR, &prog) != 0 ||
        !lesson_version_valid(call, in->expected_version) ||
        !fields_mask_bits(
            call, in->update_mask, in->n_update_mask, lesson_mask_fields,
            sizeof(lesson_mask_fields) / sizeof(*lesson_mask_fields), &mask) ||
        !lesson_valid(call, in->lesson, mask) ||
        lessons_update(call, &prog, in->id, in->expected_version, mask,
                       in->lesson, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void lesson_delete_lesson(Pmo__V1__LessonService_Service *svc,
                                 const Pmo__V1__DeleteLessonRequest *in,
                                 Pmo__V1__DeleteLessonResponse_Closure done,
                                 void *data)
{
    rpc_call *call = data;
    program_access prog;
    if (!lesson_id_valid(call, in->id) ||
        lesson_write_access(call, in->id, ACCESS_MANAGER, &prog) != 0 ||
        !lesson_version_valid(call, in->expected_version) ||
        lessons_delete(call, in->id, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteLessonResponse out = PMO__V1__DELETE_LESSON_RESPONSE__INIT;
    done(&out, data);
}

static Pmo__V1__LessonService_Service lesson_impl =
    PMO__V1__LESSON_SERVICE__INIT(lesson_);

static const rpc_method_policy lesson_policies[] = {
    {"CreateLesson", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetLesson", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"SearchLessons", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateLesson", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteLesson", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

const rpc_service api_lesson_service = {
    .impl = &lesson_impl.base,
    .policies = lesson_policies,
    .n_policies = sizeof(lesson_policies) / sizeof(lesson_policies[0]),
};
