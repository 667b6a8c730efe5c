# `mpirun -n K celltwin run S --ranks` splits one simulation over K ranks and writes counts.csv
# and every snapshot byte for byte as one process does, for K = 1..4 (and 2 threads per rank), in
# 2D (periodic, contacts, states, transitions) and 3D (closed edges); with explicit fields
# (secretion, uptake, chemotaxis, a fixed source, field totals), a Lua script (attributes drawn
# at birth, per-cell functions, a column) and a cycle in 2D, a plugin (attribute, decide kernel,
# field reaction, column) in 3D, and SBML species; what is not split yet is refused by name.
set -eu
. "$CT_ROOT/tests/cli/lib_mpi.sh"

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

# 2D, closed, fields: a chemokine the tumour secretes (with a fixed source, fixed boundary) that
# T cells follow and oxygen the tumour takes up (a rule reads it); a phased cycle; a script with
# attributes drawn at birth (one not inherited), a per-cell function that draws, divides and
# secretes, reading the whole simulation's counts and its position, and a counts.csv column.
# The chemokine needs 5 explicit sub-steps: halos of 9 rows.
cat >grow.lua <<'LUA'
attribute{type = "tumour", name = "vigour", dist = "lognormal", meanlog = -3, sdlog = 0.5}
attribute{type = "tumour", name = "mark", dist = "uniform", min = 0, max = 1, inherit = false}
on_cell("tumour", function(cell)
  if math.random() < cell.vigour * sim.dt * (1.5 - sim.counts.tumour / sim.cells) then
    cell:divide()
  elseif cell.mark > 0.8 and cell.y < 280 then
    cell:secrete("chemokine", cell.mark)
  end
end)
column{name = "tumour_share", value = function(sim) return sim.counts.tumour / sim.cells end}
LUA
cat >f2d.json <<'JSON'
{"domain":{"size":[40,56],"boundary":"closed","neighbourhood":"moore"},"dt":1,"steps":60,"seed":3,
 "output":{"interval":5,"snapshot_interval":20,"field_totals":true},"script":"grow.lua",
 "fields":{"chemokine":{"diffusion":100,"decay":0.01,"boundary":"fixed","boundary_value":0.5,
   "solver":"explicit","sources":[{"shape":"disc","centre":[100,100],"radius":50,"rate":1}]},
   "oxygen":{"diffusion":60,"decay":0.001,"initial":1,"solver":"explicit"}},
 "cell_types":{"tumour":{"secretion":{"chemokine":0.3},"uptake":{"oxygen":0.2},
   "rules":[{"behaviour":"motility","signal":"field:oxygen","max":0.3,"half":0.5}]},
   "cyc":{"cycle":{"model":"ki67","stages":{"Ki67-":1,"Ki67+":2},
     "durations":{"Ki67-":10,"Ki67+":15}},"motility":{"rate":0.1},"death":{"rate":0.01}},
   "t":{"states":["naive","active"],"motility":{"rate":0.8},
     "chemotaxis":{"field":"chemokine","sensitivity":30},
     "contact":[{"action":"kill","target":"tumour","probability":0.2},
       {"action":"activate","target":"t","to":"active","probability":0.3}]}},
 "initial":[{"shape":"disc","type":"tumour","centre":[200,280],"radius":90,"fill":true},
   {"shape":"rect","type":"cyc","min":[0,0],"max":[400,560],"count":150},
   {"shape":"rect","type":"t","min":[0,0],"max":[400,560],"count":200}]}
JSON
# 3D, closed, the viral replication plugin: infected cells carry their viral load (a plugin
# attribute) across slabs, release virus into an explicit field, antibody binds it (a reaction).
cat >f3d.json <<JSON
{"domain":{"size":[10,12,40],"boundary":"closed"},"dt":1,"steps":30,"seed":4,
 "output":{"interval":3,"snapshot_interval":15,"field_totals":true},
 "fields":{"virus":{"diffusion":30,"decay":0.01,"solver":"explicit"},
   "antibody":{"diffusion":10,"initial":0.5,"solver":"explicit"}},
 "cell_types":{"infected":{"proliferation":{"rate":0.03},"motility":{"rate":0.2}},
   "epithelial":{"proliferation":{"rate":0.01}},
   "cd8":{"motility":{"rate":0.8},"chemotaxis":{"field":"virus","sensitivity":20},
     "contact":[{"action":"kill","target":"infected","probability":0.2}]}},
 "initial":[{"shape":"rect","type":"epithelial","min":[0,0,0],"max":[100,120,400],"count":1500},
   {"shape":"rect","type":"infected","min":[0,0,150],"max":[100,120,250],"count":60},
   {"shape":"rect","type":"cd8","min":[0,0,0],"max":[100,120,400],"count":200}],
 "plugins":[{"path":"$CT_BUILD/plugins/viral_replication.so",
   "parameters":{"antibody":"antibody","infectivity":0.05}}]}
JSON

for s in s2d s3d f2d f3d; do
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
# SBML: each T cell's species (attributes, halved at division) travel with it across slabs.
sbml=(--set steps=40 --set fields.il2.solver=explicit --set output.snapshot_interval=20)
"$CELLTWIN" run "$CT_ROOT/scenarios/sbml_tcell_activation.json" --out sbml-one --quiet "${sbml[@]}"
mpirun -n 3 "$CELLTWIN" run "$CT_ROOT/scenarios/sbml_tcell_activation.json" --out sbml-3 --ranks \
    --quiet "${sbml[@]}"
same_run sbml-one sbml-3
head -n 1 f2d-one/counts.csv | grep -q "chemokine_total,oxygen_total,.*tumour_share"
head -n 1 f3d-one/counts.csv | grep -q "viral_load_total"
echo "2D and 3D, agents, fields, Lua and a plugin: counts.csv and snapshots identical for" \
    "K = 1, 2, 3, 4 and 2 threads per rank"

# Refusals: each names what is not split yet and the way out.
expect_refusal() { # SCENARIO WANT [ARGS...]
    local scenario=$1 want=$2 rc=0
    shift 2
    mpirun -n 2 "$CELLTWIN" run "$scenario" --out refused --ranks --quiet "$@" 2>err.txt || rc=$?
    [ "$rc" -ne 0 ]
    grep -q -- "$want" err.txt || { cat err.txt; false; }
    grep -q -- "without --ranks" err.txt || { cat err.txt; false; }
}
sed 's/"dt":1,/"dt":1,"fields":{"oxygen":{"diffusion":10,"solver":"spectral"}},/' s2d.json \
    >fields.json
expect_refusal fields.json 'field "oxygen" with "solver": "spectral"'
sed 's/"spectral"/"explicit","boundary":"no_flux"/' fields.json >flux.json
expect_refusal flux.json 'field "oxygen" with a boundary not periodic along y'
expect_refusal "$CT_ROOT/scenarios/lua_heterogeneous_growth.json" 'on_step hooks'
expect_refusal "$CT_ROOT/scenarios/pushing_tumour.json" 'pushing (cell type'
cat >hook.json <<JSON
{"domain":{"size":[20,40]},"dt":1,"steps":5,"seed":1,"cell_types":{"a":{}},
 "initial":[{"shape":"rect","type":"a","min":[0,0],"max":[200,400],"count":10}],
 "plugins":[{"path":"$CT_BUILD/tests/plugins/outcomes.so"}]}
JSON
expect_refusal hook.json 'step-end behaviour "tally_outcomes"'
sed 's/cell:divide()/cell:divide{push = 3}/' grow.lua >push.lua
sed 's/grow.lua/push.lua/' f2d.json >push.json
expect_refusal push.json 'cells asked to push'
expect_refusal f2d.json 'too few for 2 slabs of at least 9 rows' --set domain.size=[40,16]
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
