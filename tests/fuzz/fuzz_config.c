/*
 * tests/fuzz/fuzz_config.c - the server's configuration file, whatever
 * an operator (or an editor's crash) leaves in it: parsed or refused
 * with a reason, and every key parsed readable back.
 */
#include "common/config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    char *text = malloc(len + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, len);
    text[len] = '\0';
    config_file cfg;
    char err[256];
    if (config_parse(text, &cfg, err, sizeof(err)) == 0) {
        for (size_t i = 0; i < cfg.count; i++)
            if (config_get(&cfg, cfg.entries[i].key) == NULL)
                abort();
        config_fini(&cfg);
    } else if (err[0] == '\0') {
        abort();
    }
    free(text);
    return 0;
}
