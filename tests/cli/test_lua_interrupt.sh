# SIGINT while a script loops for ever (no instruction limit, and pcall around the loop): the
# script stops at once, run.json says "interrupted" with the script line, exit status 130.
set -eu
cat >spin.lua <<'LUA'
cell_type{name = "tumour"}
on_cell("tumour", function(cell)
  if sim.step == 3 then while true do pcall(function() while true do end end) end end
end)
LUA
cat >spin.json <<'JSON'
{"domain": {"size": [20, 20]}, "dt": 1, "steps": 10, "seed": 1, "script": "spin.lua",
 "lua": {"instruction_limit": 0},
 "initial": [{"shape": "list", "type": "tumour", "positions": [[50, 50]]}]}
JSON
"$CELLTWIN" run spin.json --out out --quiet 2>err.txt &
pid=$!
for _ in $(seq 200); do   # wait until the loop runs (the rows of steps 0 to 3 are on disk)
    [ "$(cat out/counts.csv.tmp.* 2>/dev/null | wc -l)" -ge 5 ] && break
    sleep 0.05
done
sleep 0.2
kill -INT "$pid"
( sleep 20; kill -KILL "$pid" 2>/dev/null ) &
watchdog=$!
status=0
wait "$pid" || status=$?
kill "$watchdog" 2>/dev/null || true
[ "$status" -eq 130 ] || { echo "exit status $status, want 130"; cat err.txt; exit 1; }
grep -q 'spin.lua:3: stopped by signal 2 (SIGINT or SIGTERM) (in per-cell function, cell id 1, type tumour, step 3)' err.txt
grep -q '"status":	"interrupted"' out/run.json
grep -q 'spin.lua:3: stopped by signal 2' out/run.json
test "$(wc -l <out/counts.csv)" -eq 5   # header and steps 0 to 3, all kept
echo ok
