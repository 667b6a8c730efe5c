# Scenario "parameters" reach the script as `params`, and --set changes them.
set -eu
cat >stop.lua <<'LUA'
cell_type{name = "tumour", proliferation = 0.001}
on_step(function(sim)
  if sim.step == params.stop_at then sim:stop() end
end)
LUA
cat >stop.json <<'JSON'
{"domain": {"size": [20, 20]}, "dt": 1, "steps": 50, "seed": 1, "script": "stop.lua",
 "parameters": {"stop_at": 30},
 "initial": [{"shape": "rect", "type": "tumour", "min": [0, 0], "max": [50, 50], "fill": true}]}
JSON
"$CELLTWIN" run stop.json --out a --quiet
grep -q '"steps_done":[[:space:]]*30' a/run.json
"$CELLTWIN" run stop.json --out b --quiet --set parameters.stop_at=7
grep -q '"steps_done":[[:space:]]*7' b/run.json
grep -q '"stop_at":[[:space:]]*7' b/run.json   # the resolved scenario records the override
"$CELLTWIN" check stop.json --set parameters.stop_at=7 >/dev/null
