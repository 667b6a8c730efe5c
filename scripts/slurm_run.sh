#!/usr/bin/env bash
# Slurm batch script: ONE celltwin simulation split over MPI ranks on several nodes (slabs of the
# lattice, docs/cluster.md); the outputs are byte for byte those of one process. For many runs at
# once use scripts/slurm_sweep.sh instead.
# Submit from the repository root:
#     sbatch scripts/slurm_run.sh SCENARIO.json OUT_DIR [CHECKPOINT_EVERY]
# OUT_DIR must be on a file system every node sees (home or scratch, not node-local /tmp): rank 0
# writes the outputs there and every rank reads the checkpoint on resume.
# It checkpoints every CHECKPOINT_EVERY steps (default 500). Before the time limit Slurm sends
# SIGTERM to every rank (--signal): the ranks stop after the same step, write a checkpoint and the
# job requeues itself; a requeued job (or a node failure, then the last periodic checkpoint)
# resumes with 'celltwin resume --ranks', on however many ranks it gets. Submitting the same
# command again does the same by hand.
# Limits today: agents only (no fields, script or plugins), and the slowest axis needs at least 4
# rows per rank (12 per rank always fit).
#SBATCH --job-name=celltwin-run
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=8
#SBATCH --cpus-per-task=4
#SBATCH --time=04:00:00
#SBATCH --signal=TERM@300
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --output=celltwin-run-%j.log
set -eu

usage="usage: sbatch scripts/slurm_run.sh SCENARIO.json OUT_DIR [CHECKPOINT_EVERY]"
scenario=${1:?$usage}
out=${2:?$usage}
every=${3:-500}
max_requeues=10 # a run that keeps failing is not requeued for ever

# Each rank steps its slab on --cpus-per-task OpenMP threads; results do not depend on either.
# srun does not inherit --cpus-per-task from sbatch (Slurm >= 22.05): pass it on.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
export SRUN_CPUS_PER_TASK=${SLURM_CPUS_PER_TASK:-1}

# srun starts the ranks under Slurm's PMI and passes --signal's SIGTERM to each of them;
# "mpirun -n $SLURM_NTASKS" starts them as well, but mpirun answers a SIGTERM by killing the job,
# which then resumes from the last periodic checkpoint.
status=0
if [ -e "$out/checkpoint.ctck" ]; then
    echo "resuming $out from its checkpoint over $SLURM_NTASKS ranks (restart ${SLURM_RESTART_COUNT:-0})"
    srun --mpi=pmix bin/celltwin resume "$out" --ranks --quiet || status=$?
else
    srun --mpi=pmix bin/celltwin run "$scenario" --out "$out" --ranks --quiet \
        --checkpoint-every "$every" || status=$?
fi
echo "celltwin over $SLURM_NTASKS ranks finished with status $status (see $out/run.json)"

# Stopped with a checkpoint (the time limit's SIGTERM, a rank lost): go on in a new allocation.
if [ "$status" -ne 0 ] && [ -e "$out/checkpoint.ctck" ] &&
    [ "${SLURM_RESTART_COUNT:-0}" -lt "$max_requeues" ]; then
    echo "requeueing job $SLURM_JOB_ID to resume from $out/checkpoint.ctck"
    scontrol requeue "$SLURM_JOB_ID"
fi
exit "$status"
