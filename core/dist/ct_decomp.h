/* The block decomposition of one simulation's lattice over MPI ranks: which rank owns which
 * sites (docs/ARCHITECTURE.md, "One simulation over MPI"). Pure arithmetic, no MPI: the dist
 * layer and the layers above it (the distributed run, its tests and benchmark). */
#ifndef CT_DECOMP_H
#define CT_DECOMP_H

#include <stdint.h>

#include "ct_error.h"

/* Thinnest block along a split axis: every read of a step reaches one site, so a halo then
   comes from the adjacent blocks only, also across a periodic boundary. */
#define CT_DECOMP_MIN_THICKNESS 2
/* Most ranks one simulation may be split over: far beyond any cluster it will run on, and
   small enough that the cut lists stay a few hundred kilobytes. */
#define CT_DECOMP_MAX_RANKS 65536

typedef struct ct_decomp {
    int ndim;
    uint32_t size[3];   /* the lattice, as ct_lattice.size (1 along unused axes) */
    int n_ranks;
    int p[3];           /* ranks along each axis; p[0] p[1] p[2] = n_ranks */
    uint32_t *cut[3];   /* p[a] + 1 boundaries along axis a: rank coordinate g covers
                           cut[a][g] <= c[a] < cut[a][g + 1] */
} ct_decomp;

/* Splits a lattice of ndim axes and size[] sites (as ct_lattice) over n_ranks: slabs along the
   slowest axis when it is at least CT_DECOMP_MIN_THICKNESS sites per rank thick, else the grid
   of blocks that thick with the least halo surface per rank (ties: more ranks along slower
   axes); sites split evenly. Refuses n_ranks outside 1..CT_DECOMP_MAX_RANKS and lattices no
   such grid fits, saying why. */
int ct_decomp_plan(ct_decomp *d, int ndim, const uint32_t size[3], int n_ranks, ct_error *err);
void ct_decomp_free(ct_decomp *d);
/* Grid coordinates of rank, numbered as sites are (x fastest), so slabs are in site order. */
void ct_decomp_rank_coords(const ct_decomp *d, int rank, int g[3]);
/* The sites rank owns: lo[a] <= c[a] < hi[a] on every axis. */
void ct_decomp_block(const ct_decomp *d, int rank, uint32_t lo[3], uint32_t hi[3]);
/* The rank that owns the site at lattice coordinates c. */
int ct_decomp_owner(const ct_decomp *d, const uint32_t c[3]);

#endif
