# Sourced by the CLI tests of runs over MPI ranks: exits 0 with a SKIP line when mpirun is missing
# or cannot start a process here, and sets what Open MPI needs in this environment (root,
# more ranks than cores).
if ! command -v mpirun >/dev/null 2>&1; then
    echo "SKIP: mpirun not found (install openmpi-bin to test runs over ranks)"
    exit 0
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# Open MPI's own start-up allocations are reported as leaks by LeakSanitizer: not ours to fix.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
if ! mpirun -n 1 true >mpirun.txt 2>&1; then
    cat mpirun.txt
    echo "SKIP: mpirun cannot start a process here (see above)"
    exit 0
fi
