# `mpirun -n K celltwin run S --ranks` splits one simulation over K ranks and writes counts.csv
# and every snapshot byte for byte as one process does, for K = 1..4 (and 2 threads per rank), in
# 2D (periodic, contacts, states, transitions) and 3D (closed edges); what is not split yet is
# refused by name.
set -eu
. "$CT_ROOT/tests/cli/lib_mpi.sh"
write_mpi_2d s2d.json
cat >s3d.json <<'JSON'
{"domain":{"size":[14,12,48],"boundary":"closed"},"dt":1,"steps":40,"seed":8,
 "output":{"interval":4,"snapshot_interval":20},
 "cell_types":{"a":{"motility":{"rate":0.5},"proliferation":{"rate":0.08},"death":{"rate":0.02}},
   "b":{"motility":{"rate":1},"contact":[{"action":"kill","target":"a","probability":0.2}]}},
 "initial":[{"shape":"rect","type":"a","min":[0,0,0],"max":[140,120,480],"count":800},
   {"shape":"rect","type":"b","min":[0,0,0],"max":[140,120,480],"count":300}]}
JSON


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
expect_refusal "$CT_ROOT/scenarios/lua_tcell_tumour.json" 'script'
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
