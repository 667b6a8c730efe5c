# An intracellular model that cannot be integrated (A' = 0.01 A^2 reaches infinity at t = 100 min,
# tests/data/sbml/blowup.xml) stops the run with CVODE's failure naming the cell type, the SBML
# file, the method and the step; run.json records the error and counts.csv keeps its rows.
set -eu
mkdir -p models
cp "$CT_ROOT/tests/data/sbml/blowup.xml" models/
cat >s.json <<'JSON'
{"domain": {"size": [10, 10]}, "dt": 1, "steps": 150, "seed": 2,
 "cell_types": {"T": {"intracellular": {"sbml": "models/blowup.xml", "method": "cvode"}}},
 "initial": [{"shape": "rect", "type": "T", "min": [0, 0], "max": [100, 100], "count": 5}]}
JSON
if "$CELLTWIN" run s.json --out o --quiet 2>err; then echo "the run did not stop"; exit 1; fi
cat err
want='cell type "T": intracellular model ./models/blowup.xml (method cvode) failed in step 99 '
want+='(t = 99 to 100 min), cell id [0-9]* at site (x [0-9]*, y [0-9]*, z 0): CVODE failed'
grep -q "$want" err
grep -q '"status":	"error"' o/run.json
[ "$(tail -1 o/counts.csv | cut -d, -f1)" = 99 ]
[ "$(wc -l <o/counts.csv)" = 101 ] # the header and steps 0 to 99
echo ok
