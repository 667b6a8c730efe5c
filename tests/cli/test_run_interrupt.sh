# SIGTERM during a run: checkpoint, status "interrupted" in run.json, exit 143; resume finishes
# the run with counts.csv byte-identical to a run never stopped.
set -eu
cat > long.json <<'JSON'
{"domain": {"size": [300, 300], "neighbourhood": "moore"}, "dt": 1, "steps": 400, "seed": 9,
 "output": {"interval": 5},
 "cell_types": {"a": {"motility": {"rate": 0.5}, "proliferation": {"rate": 0.01}, "death": {"rate": 0.005}}},
 "initial": [{"shape": "rect", "type": "a", "min": [0, 0], "max": [3000, 3000], "count": 40000}]}
JSON
"$CELLTWIN" run long.json --out whole --quiet
"$CELLTWIN" run long.json --out cut --quiet &
pid=$!
for _ in $(seq 100); do   # wait until the run is under way (its first rows are on disk)
    ls cut/counts.csv.tmp.* >/dev/null 2>&1 && break
    sleep 0.05
done
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
if [ "$status" -eq 0 ]; then echo "the run finished before the signal: make it longer"; exit 1; fi
[ "$status" -eq 143 ] || { echo "exit status $status, want 143"; exit 1; }
grep -q '"status":	"interrupted"' cut/run.json
grep -q 'celltwin resume cut' cut/run.json
[ -f cut/checkpoint.ctck ]
"$CELLTWIN" resume cut --quiet
grep -q '"status":	"ok"' cut/run.json
cmp whole/counts.csv cut/counts.csv
echo ok
