/* libFuzzer driver (make fuzz): built once per target with -DCT_FUZZ_TARGET=ct_fuzz_NAME. */
#include <stdlib.h>

#include "fuzz_targets.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("CELLTWIN_MAX_MEMORY_MB", CT_FUZZ_MEMORY_MB, 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return CT_FUZZ_TARGET(data, size);
}
