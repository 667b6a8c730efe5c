# Sourced by the CLI tests of runs over MPI ranks: exits with a clear SKIP when mpirun is missing
# or cannot start a process here, lets Open MPI run as root and oversubscribe the cores, and
# gives same_run.
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

# same_run DIR_A DIR_B: counts.csv and every snapshot (two at least) identical
same_run() {
    cmp "$1/counts.csv" "$2/counts.csv"
    [ "$(ls "$1/snapshots" | wc -l)" -ge 2 ]
    for f in "$1"/snapshots/*.ctsnap; do
        cmp "$f" "$2/snapshots/$(basename "$f")"
    done
}
# ranks K SCENARIO OUT [ARGS...]: the run over K ranks, which must succeed (its stderr in
# err.txt); a celltwin built without MPI skips the test
ranks() {
    local k=$1 scenario=$2 out=$3 rc=0
    shift 3
    mpirun -n "$k" "$CELLTWIN" run "$scenario" --out "$out" --ranks --quiet "$@" 2>err.txt || rc=$?
    if grep -q 'built without MPI' err.txt; then
        echo "SKIP: this celltwin was built without MPI"
        exit 0
    fi
    cat err.txt
    [ "$rc" -eq 0 ]
}
