# A fit tells candidates rejected for an undefined metric apart from failed runs, on its last line
# and in fit.json. extinction_time(t) is undefined while cells are left at the end: 50 cells
# dying at rate k are all gone by 200 minutes for most k near 0.1 and for none near 0.001, so the
# log-uniform prior over [0.001, 0.1] gives both kinds of candidate; no run fails.
set -eu
cat >s.json <<'JSON'
{"domain": {"size": [10, 10]}, "dt": 1, "steps": 200, "seed": 3,
 "output": {"snapshot_interval": 0},
 "cell_types": {"t": {"death": {"rate": 0.01}}},
 "initial": [{"shape": "rect", "type": "t", "min": [0, 0], "max": [100, 100], "count": 50}]}
JSON
printf 'time,t\n50,1\n' >data.csv
cat >fit.json <<'JSON'
{"scenario": "s.json", "seed": 2,
 "parameters": [{"path": "cell_types.t.death.rate",
                 "prior": {"kind": "log_uniform", "min": 0.001, "max": 0.1}}],
 "data": "data.csv",
 "metrics": [{"metric": "extinction_time(t)", "value": 60, "sd": 10}],
 "abc": {"population": 4, "batch": 8, "max_generations": 1}}
JSON
"$CELLTWIN" fit fit.json --out fit --jobs 2 2>err.txt
tail -n 1 err.txt
line=$(grep 'celltwin: fit stopped by' err.txt)
failed=$(echo "$line" | sed -n 's/.*runs (\([0-9]*\) failed, \([0-9]*\) rejected: metric undefined).*/\1/p')
rejected=$(echo "$line" | sed -n 's/.*runs (\([0-9]*\) failed, \([0-9]*\) rejected: metric undefined).*/\2/p')
[ "$failed" = 0 ] && [ "$rejected" -gt 0 ]
grep -q "\"runs_failed\":[[:space:]]*0," fit/fit.json
grep -q "\"runs_undefined\":[[:space:]]*$rejected," fit/fit.json
