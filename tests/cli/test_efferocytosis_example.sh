# The efferocytosis example (apoptotic bodies, debris secretion, phagocytosing macrophages):
# `celltwin check` accepts it; 1, 2 and 4 threads give byte-identical counts.csv and snapshots
# (which carry the bodies' state and death.stage); a run stopped by SIGTERM and resumed from its
# checkpoint ends with the counts.csv of a run never stopped; without phagocytosis more bodies
# persist.
set -eu
s="$CT_ROOT/scenarios/efferocytosis.json"
"$CELLTWIN" check "$s" >/dev/null
for t in 1 2 4; do
    "$CELLTWIN" run "$s" --out "t$t" --steps 150 --set output.snapshot_interval=75 \
        --threads "$t" --quiet
done
for t in 2 4; do
    cmp t1/counts.csv "t$t/counts.csv"
    for f in t1/snapshots/*; do
        cmp "$f" "t$t/snapshots/$(basename "$f")"
    done
done
head -1 t1/counts.csv | grep -q ',tissue:apoptotic$'
grep -q "death.stage" t1/snapshots/state_00000150.ctsnap

"$CELLTWIN" run "$s" --out whole --steps 300 --quiet
"$CELLTWIN" run "$s" --out cut --steps 300 --quiet &
pid=$!
for _ in $(seq 200); do # wait until the run is under way (its first rows are on disk)
    ls cut/counts.csv.tmp.* >/dev/null 2>&1 && break
    sleep 0.02
done
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 143 ] || { echo "exit status $status, want 143 (finished before the signal?)"; exit 1; }
"$CELLTWIN" resume cut --quiet
cmp whole/counts.csv cut/counts.csv

"$CELLTWIN" run "$s" --out kept --steps 300 --quiet \
    --set cell_types.macrophage.contact.0.probability=0
# last column: bodies present; cleared by macrophages, fewer than half of those never cleared
paste -d, whole/counts.csv kept/counts.csv | awk -F, 'END { if (!($6 < 0.5 * $12)) {
    print "bodies " $6 " with phagocytosis, " $12 " without"; exit 1 } }'
echo ok
