/* libFuzzer driver (make fuzz): built once per target with -DCT_FUZZ_TARGET=ct_fuzz_NAME. */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return CT_FUZZ_TARGET(data, size);
}
