/* MPI for sweeps: this process's rank, agreeing on a status, and gathering fixed-size records at
 * rank 0. Built without CT_HAVE_MPI these are stand-ins for one process.
 * The CLI only. */
#ifndef CT_MPI_H
#define CT_MPI_H

#include <stddef.h>

#include "ct_error.h"

typedef struct ct_mpi {
    int rank, size;
    int active; /* MPI_Init was called */
} ct_mpi;

/* Starts MPI when launched by mpirun (seen in the launcher's environment), else rank 0 of 1.
   Launched by mpirun in a build without MPI, fails with a message saying so. */
int ct_mpi_start(ct_mpi *m, int *argc, char ***argv, ct_error *err);
void ct_mpi_stop(ct_mpi *m);
/* Rank 0's status, on every rank: all ranks stop together when rank 0 cannot go on. */
int ct_mpi_share_status(const ct_mpi *m, int rc);
/* Gathers n_mine records of size bytes from every rank into *all at rank 0 (ct_free it), with
   *n_all records; other ranks get NULL and 0. */
int ct_mpi_gather(const ct_mpi *m, const void *mine, long n_mine, size_t size, void **all,
                  long *n_all, ct_error *err);
/* Copies bytes of buf from rank 0 to every rank (fits: all ranks then take the same steps). */
int ct_mpi_broadcast(const ct_mpi *m, void *buf, size_t bytes, ct_error *err);

#endif
