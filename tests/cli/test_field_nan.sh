# A NaN or infinity in a field stops the run naming the field, the site and the step; run.json
# records the error and counts.csv keeps its rows.
set -eu
cat > nan.lua <<'LUA'
on_cell("a", function(cell)
  -- each amount fits a float (cell:secrete refuses more); their sum at one site does not
  if sim.step == 7 then cell:secrete("il2", 3e38); cell:secrete("il2", 3e38) end
end)
LUA
cat > nan.json <<'JSON'
{"domain": {"size": [30, 30]}, "dt": 1, "steps": 50, "seed": 1, "script": "nan.lua",
 "fields": {"il2": {"diffusion": 10, "decay": 0.1}},
 "cell_types": {"a": {"motility": {"rate": 0.1}}},
 "initial": [{"shape": "rect", "type": "a", "min": [0, 0], "max": [300, 300], "count": 200}]}
JSON
if "$CELLTWIN" run nan.json --out o --quiet 2>err; then echo "the run did not stop"; exit 1; fi
grep -q 'field "il2" became +infinity at site [0-9]* (x [0-9]*, y [0-9]*, z 0) in the field update of step 8' err ||
    { cat err; exit 1; }
grep -q '"status":	"error"' o/run.json
[ "$(tail -1 o/counts.csv | cut -d, -f1)" = 8 ]
echo ok
