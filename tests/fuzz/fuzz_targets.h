/* Fuzz targets: each takes arbitrary bytes and must never crash, hang or leak. They are linked
 * into the unit tests (which replay tests/fuzz/corpus/) and into libFuzzer drivers (make fuzz). */
#ifndef CT_FUZZ_TARGETS_H
#define CT_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

/* Scenario text: parse, validate and, when small enough, create and step the simulation. */
int ct_fuzz_scenario(const uint8_t *data, size_t size);
/* Sweep file text over a small base scenario: parse, validate and expand the runs. */
int ct_fuzz_sweep(const uint8_t *data, size_t size);
/* Checkpoint bytes: read and, when valid, restore the simulation. */
int ct_fuzz_checkpoint(const uint8_t *data, size_t size);
/* --set lines PATH=VALUE applied to a small scenario, then validated and placed. */
int ct_fuzz_set(const uint8_t *data, size_t size);
/* A Lua script, then optionally a NUL byte and the scenario's parameters as JSON: loaded into
   the sandbox against a small scenario and run for a few steps. */
int ct_fuzz_lua(const uint8_t *data, size_t size);
/* PhysiCell settings XML, imported with a fixed rules file and cells file beside it. */
int ct_fuzz_physicell(const uint8_t *data, size_t size);
/* PhysiCell cell rules CSV, imported against fixed settings. */
int ct_fuzz_physicell_rules(const uint8_t *data, size_t size);
/* SBML text, converted and, when accepted, integrated for a few steps. */
int ct_fuzz_sbml(const uint8_t *data, size_t size);
/* Inputs may ask for any lattice: runs of the targets cap what a simulation may allocate. */
#define CT_FUZZ_MEMORY_MB "256"
/* The input as a NUL-terminated string (ct_free it), or NULL when out of memory. */
char *ct_fuzz_text(const uint8_t *data, size_t size);
/* A scratch directory for targets that read files (created once per process). */
const char *ct_fuzz_dir(void);
/* Writes data to ct_fuzz_dir()/name and returns that path (static buffer). */
const char *ct_fuzz_file(const char *name, const uint8_t *data, size_t size);

#endif
