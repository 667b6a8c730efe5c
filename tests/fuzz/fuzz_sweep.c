/* Fuzz target for sweep files: parse, validate paths against the base scenario, expand runs. */
#include <string.h>

#include "ct_sweep.h"
#include "fuzz_targets.h"

static const char base_scenario[] =
    "{\"domain\":{\"size\":[20,20]},\"dt\":1,\"steps\":5,\"seed\":1,\"cell_types\":{\"a\":"
    "{\"proliferation\":{\"rate\":0.1},\"death\":{\"rate\":0.01}}},\"initial\":[{\"shape\":"
    "\"rect\",\"type\":\"a\",\"min\":[0,0],\"max\":[100,100],\"count\":10}]}";

int ct_fuzz_sweep(const uint8_t *data, size_t size)
{
    ct_fuzz_file("base.json", (const uint8_t *)base_scenario, strlen(base_scenario));
    const char *path = ct_fuzz_file("sweep.json", data, size);
    ct_sweep *sw = NULL;
    ct_error err = {0};
    if (ct_sweep_load(path, &sw, &err) == CT_OK)
        ct_sweep_free(sw);
    return 0;
}
