# `mpirun -n K celltwin run S --ranks` splits one simulation over K ranks and writes counts.csv
# and every snapshot byte for byte as one process does, for K = 1..4 (and 2 threads per rank), in
# 2D (periodic, contacts, states, transitions) and 3D (closed edges); what is not split yet is
# refused by name.
set -eu
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

cat >s2d.json <<'JSON'
{"domain":{"size":[60,64],"neighbourhood":"moore"},"dt":1,"steps":80,"seed":7,
 "output":{"interval":5,"snapshot_interval":20},
 "cell_types":{"tumour":{"states":["calm","alert"],"motility":{"rate":0.2},
   "proliferation":{"rate":0.05},"death":{"rate":0.01},"transition":{"rate":0.005,"to":"necrotic"}},
   "necrotic":{"death":{"rate":0.05}},
   "t":{"motility":{"rate":0.8},"contact":[{"action":"kill","target":"tumour","probability":0.3}]}},
 "initial":[{"shape":"disc","type":"tumour","centre":[300,320],"radius":150,"fill":true},
   {"shape":"rect","type":"t","min":[0,0],"max":[600,640],"count":400}]}
JSON
cat >s3d.json <<'JSON'
{"domain":{"size":[14,12,48],"boundary":"closed"},"dt":1,"steps":40,"seed":8,
 "output":{"interval":4,"snapshot_interval":20},
 "cell_types":{"a":{"motility":{"rate":0.5},"proliferation":{"rate":0.08},"death":{"rate":0.02}},
   "b":{"motility":{"rate":1},"contact":[{"action":"kill","target":"a","probability":0.2}]}},
 "initial":[{"shape":"rect","type":"a","min":[0,0,0],"max":[140,120,480],"count":800},
   {"shape":"rect","type":"b","min":[0,0,0],"max":[140,120,480],"count":300}]}
JSON

# same_run DIR_A DIR_B: counts.csv and every snapshot identical
same_run() {
    cmp "$1/counts.csv" "$2/counts.csv"
    [ "$(ls "$1/snapshots" | wc -l)" -ge 3 ]
    for f in "$1"/snapshots/*.ctsnap; do
        cmp "$f" "$2/snapshots/$(basename "$f")"
    done
}

for s in s2d s3d; do
    "$CELLTWIN" run $s.json --out $s-one --quiet
    for k in 1 2 3 4; do
        rc=0
        mpirun -n $k "$CELLTWIN" run $s.json --out $s-$k --ranks --quiet 2>err.txt || rc=$?
        if grep -q 'built without MPI' err.txt; then
            echo "SKIP: this celltwin was built without MPI"
            exit 0
        fi
        cat err.txt
        [ "$rc" -eq 0 ]
        same_run $s-one $s-$k
        grep -q '"status":.*"ok"' $s-$k/run.json
    done
done
mpirun -n 2 "$CELLTWIN" run s2d.json --out threads --ranks --threads 2 --quiet
same_run s2d-one threads
echo "2D and 3D: counts.csv and snapshots identical for K = 1, 2, 3, 4 and 2 threads per rank"

# Refusals: each names what is not split yet and the way out.
expect_refusal() { # SCENARIO WANT [ARGS...]
    local scenario=$1 want=$2 rc=0
    shift 2
    mpirun -n 2 "$CELLTWIN" run "$scenario" --out refused --ranks --quiet "$@" 2>err.txt || rc=$?
    [ "$rc" -ne 0 ]
    grep -q -- "$want" err.txt || { cat err.txt; false; }
    grep -q -- "without --ranks" err.txt || { cat err.txt; false; }
}
sed 's/"dt":1,/"dt":1,"fields":{"oxygen":{"diffusion":10}},/' s2d.json >fields.json
expect_refusal fields.json 'field "oxygen"'
sed 's/"death":{"rate":0.01}/"death":{"rate":0.01,"model":"apoptosis","duration":{"mean":30}}/' \
    s2d.json >bodies.json
expect_refusal bodies.json 'the bodies of cell type "tumour"'
expect_refusal "$CT_ROOT/scenarios/lua_tcell_tumour.json" 'script'
expect_refusal s2d.json 'checkpoints' --checkpoint-every 10
expect_refusal s2d.json 'too few for 2 slabs' --set domain.size=[60,10]
# A rank that fails by itself (here: rank 1 under a memory limit) stops all; rank 0 says why.
rc=0
mpirun -n 1 "$CELLTWIN" run s2d.json --out limited --ranks --quiet : \
    -n 1 env CELLTWIN_MAX_MEMORY_MB=0.001 "$CELLTWIN" run s2d.json --out limited --ranks --quiet \
    2>err.txt || rc=$?
[ "$rc" -ne 0 ]
grep -q "rank 1 of 2: .*CELLTWIN_MAX_MEMORY_MB" err.txt || { cat err.txt; false; }
grep -q '"status":.*"error"' limited/run.json
grep -q 'rank 1 of 2' limited/run.json
rc=0
"$CELLTWIN" run s2d.json --out alone --ranks --quiet 2>err.txt || rc=$?
[ "$rc" -ne 0 ] && grep -q "mpirun -n K" err.txt
echo "refusals name the feature and the alternative"
