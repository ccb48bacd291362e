/*
 * tests/fuzz/fuzz_mspdi.c - `pmo import mspdi` on any bytes, as the server
 * reads them (libxml2 with no network and no entity expansion): read or
 * refused naming an element. A plan that reads is written back as MSPDI
 * and must read again with as many tasks and links: what was imported
 * can be exported.
 */
#include "interop/mspdi.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    arena a;
    arena_init(&a);
    mspdi_plan plan;
    mspdi_error err;
    if (mspdi_read(&a, (const char *)data, len, &plan, &err) == 0) {
        size_t out_len;
        char *xml = mspdi_write(&a, &plan, &out_len);
        mspdi_plan again;
        if (xml == NULL || mspdi_read(&a, xml, out_len, &again, &err) != 0 ||
            again.n_tasks != plan.n_tasks || again.n_links != plan.n_links)
            abort();
    } else if (err.message[0] == '\0') {
        abort();
    }
    arena_fini(&a);
    return 0;
}
