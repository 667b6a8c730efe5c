/* Fuzz targets: each takes arbitrary bytes and must never crash, hang or leak. They are linked
 * into the unit tests (which replay tests/fuzz/corpus/) and into libFuzzer drivers (make fuzz). */
#ifndef CT_FUZZ_TARGETS_H
#define CT_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

/* Scenario text: parse, validate and, when small enough, create and step the simulation. */
int ct_fuzz_scenario(const uint8_t *data, size_t size);

#endif
