# The efferocytosis example (apoptotic bodies, debris secretion, phagocytosing macrophages):
# `celltwin check` accepts it; 1, 2 and 4 threads give byte-identical counts.csv and snapshots
# (which carry the bodies' state and death.stage); a run stopped by SIGTERM and resumed from its
# checkpoint ends with the counts.csv of a run never stopped; without phagocytosis more bodies
# persist.
set -eu
. "$CT_ROOT/tests/cli/lib_runs.sh"
s="$CT_ROOT/scenarios/efferocytosis.json"
"$CELLTWIN" check "$s" >/dev/null
same_on_1_2_4_threads "$s" 150 75
head -1 t1/counts.csv | grep -q ',tissue:apoptotic$'
grep -q "death.stage" t1/snapshots/state_00000150.ctsnap

"$CELLTWIN" run "$s" --out whole --steps 300 --quiet
run_interrupted cut "$s" --steps 300
"$CELLTWIN" resume cut --quiet
cmp whole/counts.csv cut/counts.csv

"$CELLTWIN" run "$s" --out kept --steps 300 --quiet \
    --set cell_types.macrophage.contact.0.probability=0
# last column: bodies present; cleared by macrophages, fewer than half of those never cleared
paste -d, whole/counts.csv kept/counts.csv | awk -F, 'END { if (!($6 < 0.5 * $12)) {
    print "bodies " $6 " with phagocytosis, " $12 " without"; exit 1 } }'
echo ok
