# A plugin's counts.csv column that turns NaN stops the run, naming the column, the plugin and the
# step; counts.csv keeps the rows before it and holds numbers only, so render can read it.
set -eu
so=$CT_BUILD/tests/plugins/misbehave.so
cat >s.json <<JSON
{"domain": {"size": [40, 40]}, "dt": 1, "steps": 10, "seed": 3,
 "cell_types": {"a": {"motility": {"rate": 0.1}}},
 "initial": [{"shape": "rect", "type": "a", "min": [0, 0], "max": [400, 400], "count": 50}],
 "plugins": [{"path": "$so", "parameters": {"fail_step": 1e12, "nan_step": 4}}]}
JSON
if "$CELLTWIN" run s.json --out out --quiet 2>err.txt; then echo "the run went on"; exit 1; fi
cat err.txt
grep -qF 'plugin misbehave.so: counts.csv column "bad_value" is nan at step 4: a column value must be a finite number' err.txt
cat out/counts.csv
[ "$(tail -n 1 out/counts.csv | cut -d, -f1)" = 3 ]
if grep -qi 'nan\|inf' out/counts.csv; then echo "counts.csv holds a non-number"; exit 1; fi
"$CELLTWIN" render out --plot counts --out fig.png --dpi 50
[ -s fig.png ]
echo ok
