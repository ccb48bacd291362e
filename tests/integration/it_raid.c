/* tests/integration/it_raid.c - the RAID log tests' fixture and calls. */
#include "it_raid.h"

#include <stdio.h>
#include <stdlib.h>

void it_raid_setup(it_work *w, const char *key)
{
    it_work_setup(w, key);
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO work_items (program_id, project_id, number, title)"
             " SELECT p.program_id, p.id, n, 'Item ' || n FROM projects p,"
             " generate_series(1, 3) n WHERE p.program_id = %lld"
             " AND p.key = 'web';"
             "UPDATE programs SET next_item_number = 4 WHERE id = %lld",
             (long long)w->program_id, (long long)w->program_id);
    it_sql(NULL, 0, sql);
}

static int it_raid_on(pmo_client *c, const ProtobufCServiceDescriptor *svc,
                      const char *method, const void *in, void *out,
                      pmo_result *res)
{
    ProtobufCMessage **reply = out;
    *reply = NULL;
    return pmo_call(c, svc, method, in, reply, res);
}

int it_raid_call(pmo_client *c, const char *method, const void *in, void *out,
                 pmo_result *res)
{
    return it_raid_on(c, IT_RISK_SVC, method, in, out, res);
}

int it_meeting_call(pmo_client *c, const char *method, const void *in,
                    void *out, pmo_result *res)
{
    return it_raid_on(c, IT_MEETING_SVC, method, in, out, res);
}

void *it_raid_ok(pmo_client *c, const char *method, const void *in)
{
    void *out;
    pmo_result res;
    int code = it_raid_call(c, method, in, &out, &res);
    if (code != PMO_OK)
        fail_msg("%s: %s: %s", method, pmo_status_name(code), res.message);
    return out;
}

void it_raid_free(void *msg)
{
    if (msg)
        protobuf_c_message_free_unpacked(msg, NULL);
}
