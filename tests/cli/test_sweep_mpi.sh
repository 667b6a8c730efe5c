# `mpirun -n 2 celltwin sweep` writes the same sweep.csv and summary.csv as the local pool.
set -eu
. "$CT_ROOT/tests/cli/lib_sweep.sh"
if ! command -v mpirun >/dev/null 2>&1; then
    echo "SKIP: mpirun not found (install openmpi-bin to test MPI sweeps)"
    exit 0
fi
write_slow_scenario base.json 30
write_grid_sweep sweep.json base.json 30
"$CELLTWIN" sweep sweep.json --out local --jobs 2 --quiet

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# Open MPI's own start-up allocations are reported as leaks by LeakSanitizer: not ours to fix.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
rc=0
mpirun -n 2 "$CELLTWIN" sweep sweep.json --out mpi --quiet 2>err.txt || rc=$?
if grep -q 'built without MPI' err.txt; then
    echo "SKIP: this celltwin was built without MPI"
    exit 0
fi
cat err.txt
[ "$rc" -eq 0 ]
cmp local/sweep.csv mpi/sweep.csv
cmp local/summary.csv mpi/summary.csv
