# Hostile or mistaken input from the command line (issue 15): deep parameters, a state the type
# lacks, a name that is not UTF-8. Each is refused with exit status 1 and a message naming the
# place, never a crash, and run.json stays valid JSON.
set -eu
cat >s.lua <<'LUA'
cell_type{name = "a", states = {"naive", "active"}}
on_cell("a", function(cell)
  if sim.step == 2 then cell:set_state(254) end
end)
LUA
cat >s.json <<'JSON'
{"domain": {"size": [20, 20]}, "dt": 1, "steps": 5, "seed": 1, "script": "s.lua",
 "initial": [{"shape": "rect", "type": "a", "min": [0, 0], "max": [200, 200], "count": 30}]}
JSON
deep=$(printf '[%.0s' $(seq 100))1$(printf ']%.0s' $(seq 100))
rc=0
"$CELLTWIN" check s.json --set "parameters.x=$deep" 2>err.txt || rc=$?
test "$rc" -eq 1
grep -q 's.json: /parameters/x/0/0/.*: nested deeper than 32 levels of arrays and objects' err.txt

rc=0
"$CELLTWIN" run s.json --out out --quiet 2>err.txt || rc=$?
test "$rc" -eq 1
grep -q 's.lua:3: cell:set_state: cell type "a" has no state 254 (its states: naive = 1, active = 2)' err.txt
python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); assert r["status"] == "error"' out/run.json
test "$(tail -n 1 out/counts.csv | cut -d, -f1)" = 2

printf '{"domain": {"size": [20, 20]}, "dt": 1, "steps": 5, "cell_types": {"caf\351": {}}}\n' >latin1.json
rc=0
"$CELLTWIN" check latin1.json 2>err.txt || rc=$?
test "$rc" -eq 1
grep -q 'latin1.json:1:72: not UTF-8 text' err.txt
