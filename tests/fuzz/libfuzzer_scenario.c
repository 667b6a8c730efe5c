/* libFuzzer driver for ct_fuzz_scenario (make fuzz). */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return ct_fuzz_scenario(data, size);
}
