# SBML species seen from Lua and from a plugin: a per-cell function reads cell["sbml.A"] and a
# step hook publishes the sum as a column; a plugin sums the same attribute through its view. Both
# equal the closed form of tests/data/sbml/a_to_b.xml in every cell, 40 * 10 exp(-0.1 t) (RK4 with
# h = 0.1 min: 1e-8 relative), and each other to the printed digits.
set -eu
mkdir -p models
cp "$CT_ROOT/tests/data/sbml/a_to_b.xml" models/
so=$CT_BUILD/tests/plugins/attribute_sum.so
cat >species.lua <<'LUA'
local running, last = 0, 0
on_cell("T", function(cell) running = running + cell["sbml.A"] end)
on_step(function(sim) last, running = running, 0 end)
column{name = "lua_sum", value = function(sim) return last end}
LUA
cat >s.json <<JSON
{"domain": {"size": [20, 20], "dx": 10}, "dt": 1, "steps": 30, "seed": 5, "script": "species.lua",
 "cell_types": {"T": {"intracellular": {"sbml": "models/a_to_b.xml", "dt": 0.1}}},
 "initial": [{"shape": "rect", "type": "T", "min": [0, 0], "max": [200, 200], "count": 40}],
 "plugins": [{"path": "$so", "parameters": {"attribute": "sbml.A"}}]}
JSON
"$CELLTWIN" run s.json --out o --quiet
head -n 1 o/counts.csv | grep -q 'lua_sum' && head -n 1 o/counts.csv | grep -q 'attribute_sum'
# columns: step, time, T, lua_sum, attribute_sum (printed to 10 significant digits)
awk -F, 'NR > 2 {
    want = 400 * exp(-0.1 * $2)
    if ($3 != 40) { print "cells: " $3; bad = 1; exit }
    for (c = 4; c <= 5; c++) {
        d = ($c - want) / want; if (d < 0) d = -d
        if (d > 1e-8) { print "step " $1 ": column " c " = " $c ", want " want; bad = 1; exit }
    }
    if ($4 != $5) { print "step " $1 ": lua_sum " $4 " != attribute_sum " $5; bad = 1; exit }
    rows++
} END { if (bad) exit 1; if (rows != 30) { print rows + 0 " rows"; exit 1 } }' o/counts.csv
echo ok
