# The Ki67 spheroid example (a cycling type, oxygen, necrosis, macrophages) checks, and gives
# byte-identical counts.csv and snapshots (which carry the cycle.* attribute columns) on 1, 2 and
# 4 threads.
set -eu
. "$CT_ROOT/tests/cli/lib_runs.sh"
s="$CT_ROOT/scenarios/ki67_spheroid.json"
"$CELLTWIN" check "$s" >/dev/null
same_on_1_2_4_threads "$s" 60 30
[ "$(ls t1/snapshots | wc -l)" -eq 3 ]
grep -q "cycle.phase" t1/snapshots/state_00000060.ctsnap # the phase travels with the cells
# counts.csv has a column per phase, and on every row, step 0 included, the phases hold every
# tumour cell; render plots the phase columns alone
head -1 t1/counts.csv | grep -q '^step,time,tumour,necrotic,macrophage,tumour.Ki67-,tumour.Ki67+$'
awk -F, 'NR > 1 && $6 + $7 != $3 { print "row " NR ": " $6 " + " $7 " != " $3; bad = 1 }
         END { exit bad }' t1/counts.csv
"$CELLTWIN" render t1 --out phases.png --plot counts --columns tumour.Ki67-,tumour.Ki67+
[ -s phases.png ]
