# A script's on_step hooks under `mpirun -n K celltwin run S --ranks`: they read the whole
# simulation's counts (types, type:state, cycle phases), draw, add cells (sim:add_cells in a
# region that spans every slab, sim:add_cell anywhere), set a global the per-cell functions read,
# change a rate, read and set a field (explicit, its values split over the ranks), print and
# stop the run; counts.csv and every snapshot come out byte for byte as one
# process writes them, for K = 1..4 in 2D and 3D.
set -eu
. "$CT_ROOT/tests/cli/lib_mpi.sh"

cat >immig.lua <<'LUA'
attribute{type = "t", name = "fitness", dist = "uniform", min = 0, max = 1}
crowd = 0 -- set by the hook, read by the per-cell functions: the same on every rank
on_cell("tumour", function(cell)
  if math.random() < 0.05 * (1 - crowd) then cell:divide() end
end)
on_cell("t", function(cell)
  if cell.fitness < 0.2 and math.random() < 0.05 then cell:die() end
end)
on_step(function(sim)
  crowd = sim.cells / params.room
  if sim.counts.t < params.t_min then -- immigration into a disc across every slab
    sim:add_cells("t:naive", params.t_batch, {centre = params.centre, radius = params.radius})
  end
  if math.random() < 0.3 then
    local at = {math.random() * params.extent[1], math.random() * params.extent[2],
                math.random() * params.extent[3]}
    sim:add_cell("tumour", at[1], at[2], at[3])
  end
  if sim.counts["t:active"] > 30 then sim:set_rate("t", "motility", 0.2) end
  if sim.counts["cyc.Ki67+"] < 20 then sim:add_cells("cyc", 3) end
  if params.stop_at > 0 and sim.step >= params.stop_at then sim:stop() end
  if sim.step == 10 then print("step ten", sim.counts.t) end
  if params.with_field == 1 then -- reads and writes of a field, split over the ranks
    local o2 = sim:field("oxygen")
    if o2:total() < params.o2_low then o2:set(math.random() * 400, math.random() * 560, 3) end
    if o2:get_site(20, 50) > 0.9 then sim:add_cell("cyc", 200, 500) end
  end
end)
LUA
types() { # TUMOUR_EXTRA: more keys of the tumour type
    cat <<T
"tumour":{${1-}"motility":{"rate":0.1},"death":{"rate":0.01}},
   "cyc":{"cycle":{"model":"ki67","stages":{"Ki67-":1,"Ki67+":2},
     "durations":{"Ki67-":10,"Ki67+":15}},"motility":{"rate":0.1},"death":{"rate":0.02}},
   "t":{"states":["naive","active"],"motility":{"rate":0.8},
     "contact":[{"action":"kill","target":"tumour","probability":0.2},
       {"action":"activate","target":"t","to":"active","probability":0.3}]}
T
}
cat >h2d.json <<JSON
{"domain":{"size":[40,56],"boundary":"closed","neighbourhood":"moore"},"dt":1,"steps":50,"seed":5,
 "output":{"interval":5,"snapshot_interval":25,"field_totals":true},"script":"immig.lua",
 "parameters":{"t_min":150,"t_batch":12,"room":2240,"centre":[200,280],"radius":180,
   "extent":[400,560,0],"stop_at":0,"with_field":1,"o2_low":223000},
 "fields":{"oxygen":{"diffusion":20,"decay":0.001,"initial":1,"solver":"explicit"}},
 "cell_types":{$(types '"uptake":{"oxygen":0.2},')},
 "initial":[{"shape":"disc","type":"tumour","centre":[200,280],"radius":80,"fill":true},
   {"shape":"rect","type":"cyc","min":[0,0],"max":[400,560],"count":40},
   {"shape":"rect","type":"t","min":[0,0],"max":[400,560],"count":100}]}
JSON
cat >h3d.json <<JSON
{"domain":{"size":[10,10,40],"boundary":"periodic"},"dt":1,"steps":30,"seed":6,
 "output":{"interval":3,"snapshot_interval":15},"script":"immig.lua",
 "parameters":{"t_min":120,"t_batch":10,"room":4000,"centre":[50,50,200],"radius":150,
   "extent":[100,100,400],"stop_at":0},
 "cell_types":{$(types)},
 "initial":[{"shape":"rect","type":"tumour","min":[0,0,100],"max":[100,100,300],"count":300},
   {"shape":"rect","type":"cyc","min":[0,0,0],"max":[100,100,400],"count":40},
   {"shape":"rect","type":"t","min":[0,0,0],"max":[100,100,400],"count":80}]}
JSON

for s in h2d h3d; do
    "$CELLTWIN" run $s.json --out $s-one --quiet
    for k in 1 2 3 4; do
        ranks $k $s.json $s-$k
        same_run $s-one $s-$k
    done
done
# a hook's print comes once, not once per rank (err.txt: the run of h3d on 4 ranks)
[ "$(grep -c 'immig.lua: step ten' err.txt)" -eq 1 ]
# the hooks did act: T cells, which never divide, went from 100 to at least t_min by step 5
head -n 1 h2d-one/counts.csv | grep -q '^step,time,tumour,cyc,t,'
[ "$(awk -F, 'NR == 3 {print $5}' h2d-one/counts.csv)" -ge 150 ]
echo "on_step hooks (counts, add_cells, add_cell, set_rate, globals): counts.csv and snapshots" \
    "identical for K = 1, 2, 3, 4 in 2D and 3D"

# sim:stop() from a hook ends every rank after the same step, with its counts row.
"$CELLTWIN" run h2d.json --out stop-one --quiet --set parameters.stop_at=17
ranks 3 h2d.json stop-3 --set parameters.stop_at=17
cmp stop-one/counts.csv stop-3/counts.csv
tail -n 1 stop-3/counts.csv | grep -q '^17,'
grep -q '"steps_done":[[:space:]]*17,' stop-3/run.json
echo "sim:stop() in a hook stops every rank at the same step"
