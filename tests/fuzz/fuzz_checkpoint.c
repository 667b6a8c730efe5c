/* Fuzz target for checkpoint files: every section reader and the restored simulation. */
#include "ct_checkpoint.h"
#include "ct_step.h"
#include "fuzz_targets.h"

int ct_fuzz_checkpoint(const uint8_t *data, size_t size)
{
    const char *path = ct_fuzz_file("checkpoint.ctck", data, size);
    ct_checkpoint ck;
    ct_error err = {0};
    if (ct_checkpoint_read(path, &ck, &err) == CT_OK) {
        for (int k = 0; k < 3 && ct_sim_step(ck.sim) == CT_OK; k++)
            ;
        ct_checkpoint_free(&ck);
    }
    return 0;
}
