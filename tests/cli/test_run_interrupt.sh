# SIGTERM during a run: checkpoint, status "interrupted" in run.json, exit 143; resume finishes
# the run with counts.csv byte-identical to a run never stopped.
set -eu
. "$CT_ROOT/tests/cli/lib_runs.sh"
cat > long.json <<'JSON'
{"domain": {"size": [300, 300], "neighbourhood": "moore"}, "dt": 1, "steps": 400, "seed": 9,
 "output": {"interval": 5},
 "cell_types": {"a": {"motility": {"rate": 0.5}, "proliferation": {"rate": 0.01}, "death": {"rate": 0.005}}},
 "initial": [{"shape": "rect", "type": "a", "min": [0, 0], "max": [3000, 3000], "count": 40000}]}
JSON
"$CELLTWIN" run long.json --out whole --quiet
run_interrupted cut long.json
grep -q '"status":	"interrupted"' cut/run.json
grep -q 'celltwin resume cut' cut/run.json
[ -f cut/checkpoint.ctck ]
"$CELLTWIN" resume cut --quiet
grep -q '"status":	"ok"' cut/run.json
cmp whole/counts.csv cut/counts.csv
echo ok
