#!/usr/bin/env bash
# Slurm batch script: ONE celltwin simulation split over MPI ranks on several nodes (slabs of the
# lattice, docs/sweeps.md "One simulation over MPI ranks"); the outputs are byte for byte those
# of one process. For many runs at once use scripts/slurm_sweep.sh instead.
# Submit from the repository root:   sbatch scripts/slurm_run.sh SCENARIO.json out/big
# DIR must be on a file system rank 0's node writes to and you can read (home or scratch).
# Limits today: agents only (no fields, script or plugins), no checkpoints, and the slowest axis
# needs at least 4 rows per rank (12 per rank always fits).
#SBATCH --job-name=celltwin-run
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=8
#SBATCH --cpus-per-task=4
#SBATCH --time=04:00:00
#SBATCH --output=celltwin-run-%j.log
set -eu

scenario=${1:?usage: sbatch scripts/slurm_run.sh SCENARIO.json OUT_DIR}
out=${2:?usage: sbatch scripts/slurm_run.sh SCENARIO.json OUT_DIR}

# Each rank steps its slab on --cpus-per-task OpenMP threads; results do not depend on either.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}

# srun starts the ranks under Slurm's PMI; "mpirun -n $SLURM_NTASKS" works as well.
status=0
srun --mpi=pmix bin/celltwin run "$scenario" --out "$out" --ranks --quiet || status=$?
echo "celltwin run over $SLURM_NTASKS ranks finished with status $status (see $out/run.json)"
exit $status
