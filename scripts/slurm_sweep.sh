#!/usr/bin/env bash
# Slurm batch script: one celltwin sweep spread over MPI ranks (one run at a time per rank).
# Submit from the repository root:   sbatch scripts/slurm_sweep.sh scenarios/sweep_demo.json out/sweep
# Resubmitting the same command after a time-out or a node failure resumes the sweep: finished runs
# are kept. DIR must be on a file system every node sees (home or scratch, not node-local /tmp).
#SBATCH --job-name=celltwin-sweep
#SBATCH --ntasks=64
#SBATCH --cpus-per-task=1
#SBATCH --time=04:00:00
#SBATCH --output=celltwin-sweep-%j.log
set -eu

sweep=${1:?usage: sbatch scripts/slurm_sweep.sh SWEEP.json OUT_DIR}
out=${2:?usage: sbatch scripts/slurm_sweep.sh SWEEP.json OUT_DIR}

# Each run uses "threads" OpenMP threads (1 unless the sweep file says more): match
# --cpus-per-task to it. Debian's Open MPI needs no module; load your site's MPI module otherwise.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}

# srun starts the ranks under Slurm's PMI; "mpirun -n $SLURM_NTASKS" works as well.
status=0
srun --mpi=pmix bin/celltwin sweep "$sweep" --out "$out" --quiet || status=$?
echo "celltwin sweep finished with status $status (0: all runs ok, 3: some failed, see $out/sweep.csv)"
exit $status
