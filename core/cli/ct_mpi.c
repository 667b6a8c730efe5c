/* MPI wrappers for sweeps; with CT_HAVE_MPI unset, one process stands for the whole world. */
#include "ct_mpi.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"

#ifdef CT_HAVE_MPI
#include <mpi.h>
#endif

/* Number of processes mpirun (Open MPI, or a PMI launcher) started, or 0 if none did. */
static int launched_size(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", NULL};
    for (int i = 0; vars[i]; i++) {
        const char *v = getenv(vars[i]);
        if (v && atoi(v) > 0)
            return atoi(v);
    }
    return 0;
}

/* One process: its records are all there are. */
static int gather_alone(const void *mine, long n_mine, size_t size, void **all, long *n_all,
                        ct_error *err)
{
    *n_all = n_mine;
    *all = ct_malloc((size_t)n_mine * size + 1);
    if (!*all)
        return ct_error_set(err, CT_ENOMEM, "out of memory gathering results");
    memcpy(*all, mine, (size_t)n_mine * size);
    return CT_OK;
}

#ifdef CT_HAVE_MPI

int ct_mpi_start(ct_mpi *m, int *argc, char ***argv, ct_error *err)
{
    memset(m, 0, sizeof *m);
    m->size = 1;
    if (!launched_size())
        return CT_OK;
    if (MPI_Init(argc, argv) != MPI_SUCCESS)
        return ct_error_set(err, CT_EIO, "MPI_Init failed");
    m->active = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &m->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m->size);
    return CT_OK;
}

void ct_mpi_stop(ct_mpi *m)
{
    if (m->active)
        MPI_Finalize();
    m->active = 0;
}

int ct_mpi_share_status(const ct_mpi *m, int rc)
{
    if (m->active)
        MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return rc;
}

/* Byte counts and offsets of every rank's records at rank 0. */
static int layout(const ct_mpi *m, long n_mine, size_t size, int **counts, int **offsets,
                  long *n_all, ct_error *err)
{
    int mine = (int)((size_t)n_mine * size);
    *counts = m->rank == 0 ? ct_calloc((size_t)m->size, sizeof **counts) : NULL;
    *offsets = m->rank == 0 ? ct_calloc((size_t)m->size, sizeof **offsets) : NULL;
    int bad = m->rank == 0 && (!*counts || !*offsets);
    MPI_Gather(&mine, 1, MPI_INT, *counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    long bytes = 0;
    for (int r = 0; !bad && m->rank == 0 && r < m->size; r++) {
        (*offsets)[r] = (int)bytes;
        bytes += (*counts)[r];
    }
    *n_all = (long)((size_t)bytes / size);
    return bad ? ct_error_set(err, CT_ENOMEM, "out of memory gathering results") : CT_OK;
}

int ct_mpi_gather(const ct_mpi *m, const void *mine, long n_mine, size_t size, void **all,
                  long *n_all, ct_error *err)
{
    *all = NULL;
    *n_all = 0;
    if (!m->active)
        return gather_alone(mine, n_mine, size, all, n_all, err);
    int *counts, *offsets;
    int rc = layout(m, n_mine, size, &counts, &offsets, n_all, err);
    if (!rc && m->rank == 0 && !(*all = ct_malloc((size_t)*n_all * size + 1)))
        rc = ct_error_set(err, CT_ENOMEM, "out of memory gathering results");
    MPI_Gatherv(mine, (int)((size_t)n_mine * size), MPI_BYTE, *all, counts, offsets, MPI_BYTE, 0,
                MPI_COMM_WORLD);
    ct_free(counts);
    ct_free(offsets);
    return rc;
}

int ct_mpi_broadcast(const ct_mpi *m, void *buf, size_t bytes, ct_error *err)
{
    if (!m->active)
        return CT_OK;
    if (bytes > (size_t)INT_MAX)
        return ct_error_set(err, CT_ERANGE, "cannot broadcast %zu bytes", bytes);
    MPI_Bcast(buf, (int)bytes, MPI_BYTE, 0, MPI_COMM_WORLD);
    return CT_OK;
}

#else

int ct_mpi_start(ct_mpi *m, int *argc, char ***argv, ct_error *err)
{
    (void)argc;
    (void)argv;
    memset(m, 0, sizeof *m);
    m->size = 1;
    int n = launched_size();
    if (n > 1)
        return ct_error_set(err, CT_EINVAL,
                            "launched by mpirun with %d processes, but this celltwin was built "
                            "without MPI: rebuild with pkg-config's mpi-c present (Debian: "
                            "libopenmpi-dev), or run the sweep without mpirun",
                            n);
    return CT_OK;
}

void ct_mpi_stop(ct_mpi *m)
{
    (void)m;
}

int ct_mpi_share_status(const ct_mpi *m, int rc)
{
    (void)m;
    return rc;
}

int ct_mpi_gather(const ct_mpi *m, const void *mine, long n_mine, size_t size, void **all,
                  long *n_all, ct_error *err)
{
    (void)m;
    return gather_alone(mine, n_mine, size, all, n_all, err);
}

int ct_mpi_broadcast(const ct_mpi *m, void *buf, size_t bytes, ct_error *err)
{
    (void)m;
    (void)buf;
    (void)bytes;
    (void)err;
    return CT_OK;
}

#endif
