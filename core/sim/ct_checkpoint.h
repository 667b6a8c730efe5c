/* Checkpoints: the whole state of a run in one versioned, checksummed file, from which the run
 * continues bit-identically (celltwin resume).
 * Sim layer: for the run loop, the CLI and tests. */
#ifndef CT_CHECKPOINT_H
#define CT_CHECKPOINT_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "ct_error.h"
#include "ct_scenario.h"
#include "ct_sim.h"

/* File format "CTCKPT02" (version 02), all numbers little-endian:
     magic[8] "CTCKPT02"
     sections, each: tag[4], u64 length, payload[length]
     "END " section last: length 8, payload u64 FNV-1a 64 of every byte before the payload.
   Sections of version 02 (each exactly once, in this order; a reader refuses a tag it does not
   know, because it would lose that state):
     "SCEN" u64 n + scenario file path, u64 n + the scenario JSON as resolved
     "STEP" u64 step, u64 seed, u64 steps since the last reorder
     "AGNT" u64 n, u64 n_dead, u64 next_id, then each array of CT_AGENT_ARRAYS for n agents in
            memory order (u32 site, u8 type, u8 state, u64 id, i64 birth_step, u64 parent);
            runs reorder before writing (ct_run_write_checkpoint), so the agents are the live
            ones in site order and n_dead is 0, as a run split over ranks writes them
     "ATTR" u64 count, then per named attribute: u64 n + name, n doubles (IEEE bits)
     "RATE" u64 n_types, then per type the current base rates (motility, proliferation, death,
            transition; doubles), which Lua's sim:set_rate may have changed
     "FLDS" u64 n_fields, u64 n_sites, then per field: n_sites floats of values, n_sites floats
            of pending sources
     "CNTS" u64 n + counts.csv so far (header and rows)
     "RUN " u64 checkpoint interval in steps
   Besides the frame, a reader checks every invariant of the state (docs/sweeps.md): step <= steps;
   agent ids unique and in [1, next_id), parents below next_id, birth steps in [0, step]; live
   agents of the scenario's types and states on distinct sites of the lattice; the dead count;
   rates as ct_scenario_check_rates wants; finite field values and sources; the interval at most
   CT_CHECKPOINT_EVERY_MAX.
   The random number position is (seed, step): every stream is derived from (seed, step, agent id,
   purpose), so no generator state needs saving. The lattice is rebuilt from the agents' sites.
   What scripts and plugins keep in their own memory (Lua globals, a plugin's static data) is not
   the engine's and is not saved: a resumed run starts them afresh (docs/lua-api.md,
   docs/plugins.md). Keep state that must survive in attributes or fields. */
#define CT_CHECKPOINT_MAGIC "CTCKPT02"
#define CT_CHECKPOINT_FILE "checkpoint.ctck" /* name inside a run directory */
/* The largest checkpoint interval: what `celltwin run --checkpoint-every` accepts, `resume`
   accepts from the checkpoint (an interval above the run's steps is valid). */
#define CT_CHECKPOINT_EVERY_MAX LONG_MAX

/* What a run needs besides the simulation to go on from a checkpoint. */
typedef struct ct_checkpoint_run {
    const char *counts_text; /* counts.csv written so far */
    size_t counts_len;
    long long checkpoint_every;
} ct_checkpoint_run;

/* A checkpoint read back: everything is owned and released by ct_checkpoint_free. */
typedef struct ct_checkpoint {
    ct_scenario *sc;
    ct_sim *sim; /* sim->sc == sc */
    char *counts_text;
    size_t counts_len;
    long long checkpoint_every;
} ct_checkpoint;

/* Writes the state of sim and run atomically to path. */
int ct_checkpoint_write(const ct_sim *sim, const ct_checkpoint_run *run, const char *path,
                        ct_error *err);
/* Reads a checkpoint; a wrong magic, version, truncation, bad checksum or inconsistent state is
   refused with a message naming the file and what is wrong. */
int ct_checkpoint_read(const char *path, ct_checkpoint *out, ct_error *err);
void ct_checkpoint_free(ct_checkpoint *ck);

#endif
