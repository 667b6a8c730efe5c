# Shared by the tests of one simulation split over MPI ranks (sourced, not run): Open MPI's
# settings for tests, a skip with the reason when mpirun cannot start, the 2D scenario, and the
# comparison of two runs' outputs.

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

# 2D, periodic, 60 x 64: states, transitions, contacts that kill, dense enough that many claims
# cross the slab edges.
write_mpi_2d() { # FILE
    cat >"$1" <<'JSON'
{"domain":{"size":[60,64],"neighbourhood":"moore"},"dt":1,"steps":80,"seed":7,
 "output":{"interval":5,"snapshot_interval":20},
 "cell_types":{"tumour":{"states":["calm","alert"],"motility":{"rate":0.2},
   "proliferation":{"rate":0.05},"death":{"rate":0.01},"transition":{"rate":0.005,"to":"necrotic"}},
   "necrotic":{"death":{"rate":0.05}},
   "t":{"motility":{"rate":0.8},"contact":[{"action":"kill","target":"tumour","probability":0.3}]}},
 "initial":[{"shape":"disc","type":"tumour","centre":[300,320],"radius":150,"fill":true},
   {"shape":"rect","type":"t","min":[0,0],"max":[600,640],"count":400}]}
JSON
}

# same_run DIR_A DIR_B: counts.csv and every snapshot (at least 3) identical
same_run() {
    cmp "$1/counts.csv" "$2/counts.csv"
    [ "$(ls "$1/snapshots" | wc -l)" -ge 3 ]
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
