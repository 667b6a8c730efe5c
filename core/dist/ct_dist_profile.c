/* Timers and traffic counters of a distributed run, written by rank 0 as dist_profile.json. */
#include "ct_dist_profile.h"

#include <omp.h>
#include <stdio.h>

#ifdef CT_HAVE_MPI
#include <mpi.h>

#include "ct_alloc.h"
#include "ct_io.h"
#endif

void ct_dist_profile_start(ct_dist_profile *p)
{
    p->mark = omp_get_wtime();
}

void ct_dist_profile_lap(ct_dist_profile *p, ct_dist_phase phase)
{
    double now = omp_get_wtime();
    p->seconds[phase] += now - p->mark;
    p->mark = now;
}

#ifdef CT_HAVE_MPI

static const char *const phase_names[CT_DIST_N_PHASES] = {"exchange", "fill", "step",
                                                          "collect", "output"};

static double per_step(uint64_t total, uint64_t steps)
{
    return steps ? (double)total / (double)steps : 0.0;
}

static void write_rank(FILE *fp, const ct_dist_profile *p, int rank, int last)
{
    fprintf(fp, "  {\"rank\": %d, \"steps\": %llu, \"bytes_sent_per_step\": %.17g, "
            "\"cells_placed_per_step\": %.17g, \"seconds\": {", rank,
            (unsigned long long)p->steps, per_step(p->bytes_sent, p->steps),
            per_step(p->cells_placed, p->steps));
    for (int k = 0; k < CT_DIST_N_PHASES; k++)
        fprintf(fp, "%s\"%s\": %.6f", k ? ", " : "", phase_names[k], p->seconds[k]);
    fprintf(fp, "}}%s\n", last ? "" : ",");
}

static int write_profiles(const ct_dist_profile *all, int n_ranks, const char *out_dir,
                          ct_error *err)
{
    ct_outfile f;
    int rc = ct_outfile_open_in(&f, out_dir, "dist_profile.json", err);
    if (rc)
        return rc;
    fprintf(f.fp, "{\"ranks\": [\n");
    for (int r = 0; r < n_ranks; r++)
        write_rank(f.fp, &all[r], r, r + 1 == n_ranks);
    fprintf(f.fp, "]}\n");
    return ct_outfile_commit(&f, err);
}

int ct_dist_profile_report(const ct_dist_profile *mine, int rank, int n_ranks,
                           const char *out_dir, ct_error *err)
{
    ct_dist_profile *all = rank == 0 ? ct_calloc((size_t)n_ranks, sizeof *all) : NULL;
    int ok = rank != 0 || all, all_ok;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all_ok)
        return ct_error_set(err, CT_ENOMEM, "out of memory gathering the profiles of %d ranks",
                            n_ranks);
    MPI_Gather(mine, (int)sizeof *mine, MPI_BYTE, all, (int)sizeof *mine, MPI_BYTE, 0,
               MPI_COMM_WORLD);
    int rc = rank == 0 ? write_profiles(all, n_ranks, out_dir, err) : CT_OK;
    ct_free(all);
    return rc;
}

#endif
