# A script's column{} appears in counts.csv after the type columns, one value per row; a value
# that turns non-finite stops the run naming the script's column, with the rows before it kept.
set -eu
cat >c.lua <<'LUA'
cell_type{name = "a", proliferation = 0.01}
column{name = "a_per_step", value = function(sim) return sim.counts.a / math.max(sim.step, 1) end}
column{name = "doubled", integer = true, value = function(sim)
  if sim.step == params.bad_step then return 1 / 0 end
  return 2 * sim.counts.a
end}
LUA
cat >c.json <<'JSON'
{"domain": {"size": [20, 20]}, "dt": 1, "steps": 6, "seed": 1, "script": "c.lua",
 "parameters": {"bad_step": -1},
 "initial": [{"shape": "rect", "type": "a", "min": [0, 0], "max": [100, 100], "count": 10}]}
JSON
"$CELLTWIN" run c.json --out ok --quiet
head -n 1 ok/counts.csv | grep -qx 'step,time,a,a_per_step,doubled'
# every row: doubled = 2 a
awk -F, 'NR > 1 && $5 != 2 * $3 { print "row", NR, $0; bad = 1 } END { exit bad }' ok/counts.csv
if "$CELLTWIN" run c.json --out bad --quiet --set parameters.bad_step=3 2>err.txt; then
    echo "the run went on"; exit 1
fi
cat err.txt
grep -qF 'c.lua: counts.csv column "doubled" is inf at step 3' err.txt
[ "$(tail -n 1 bad/counts.csv | cut -d, -f1)" = 2 ]
echo ok
