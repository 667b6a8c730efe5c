# A Lua error stops the run cleanly: exit status 1, run.json says "error" with a message naming
# script, line and cell, and counts.csv keeps every row written before the error.
set -eu
cat >bad.lua <<'LUA'
cell_type{name = "tumour", proliferation = 0.01}
on_cell("tumour", function(cell)
  if sim.step == 5 and cell.id == 3 then error("potency must be positive") end
end)
LUA
cat >bad.json <<'JSON'
{"domain": {"size": [40, 40]}, "dt": 1, "steps": 20, "seed": 1, "script": "bad.lua",
 "initial": [{"shape": "disc", "type": "tumour", "centre": [200, 200], "radius": 60, "fill": true}]}
JSON
if "$CELLTWIN" run bad.json --out out --quiet 2>err.txt; then
    echo "expected the run to fail"; exit 1
fi
grep -q 'bad.lua:3: potency must be positive (in per-cell function, cell id 3, type tumour, step 5)' err.txt
grep -q '"status":[[:space:]]*"error"' out/run.json
grep -q 'bad.lua:3: potency must be positive' out/run.json
test "$(tail -n 1 out/counts.csv | cut -d, -f1)" = 5
test "$(wc -l <out/counts.csv)" -eq 7   # header and steps 0 to 5

# an escape attempt at the top level: refused before the run starts
printf 'cell_type{name = "tumour"}\nos.execute("touch pwned")\n' >bad.lua
if "$CELLTWIN" run bad.json --out out2 --quiet 2>err.txt; then exit 1; fi
grep -q 'bad.lua:2: os.execute is not available in the celltwin sandbox' err.txt
test ! -e pwned
