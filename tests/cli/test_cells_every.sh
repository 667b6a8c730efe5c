# output.cells_every writes DIR/cells_<step>.csv as the run goes: at snapshot steps the same bytes
# as `celltwin export --format csv`, between them only the living cells (deaths not yet compacted
# away are left out), and the run's other outputs the same bytes as without it. A run killed and
# resumed from its checkpoint writes the same cells files as one never stopped.
set -eu
scenario="$CT_ROOT/scenarios/tcell_tumour.json"
"$CELLTWIN" run "$scenario" --out plain --steps 300 --quiet --set output.snapshot_interval=100
"$CELLTWIN" run "$scenario" --out with --steps 300 --quiet --set output.snapshot_interval=100 \
    --set output.cells_every=10
for step in 00000000 00000100 00000200 00000300; do
    cmp plain/snapshots/state_$step.ctsnap with/snapshots/state_$step.ctsnap
done
cmp plain/counts.csv with/counts.csv
[ "$(ls with/cells_*.csv | wc -l)" = 31 ]
"$CELLTWIN" export with --format csv --all --out exported --quiet
for step in 00000000 00000100 00000200 00000300; do
    cmp with/cells_$step.csv exported/cells_$step.csv
done
# between snapshots: one row per living cell (counts.csv), each id once
for step in $(seq 10 10 290); do
    file=with/cells_$(printf %08d "$step").csv
    rows=$(($(wc -l <"$file") - 1))
    living=$(awk -F, -v s="$step" '$1 == s { print $3 + $4 }' with/counts.csv)
    [ "$rows" = "$living" ] || { echo "$file: $rows rows, counts.csv says $living cells"; exit 1; }
    [ "$(tail -n +2 "$file" | cut -d, -f1 | sort | uniq -d | wc -l)" = 0 ]
done
[ -z "$(ls -a with | grep '\.tmp\.')" ]

. "$CT_ROOT/tests/cli/lib_sweep.sh"
write_slow_scenario long.json 300
"$CELLTWIN" run long.json --out whole --quiet --set output.cells_every=25
"$CELLTWIN" run long.json --out killed --quiet --set output.cells_every=25 --checkpoint-every 50 &
pid=$!
wait_for '[ -e killed/checkpoint.ctck ]'
sleep 0.2
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
"$CELLTWIN" resume killed --quiet
[ "$(ls whole/cells_*.csv | wc -l)" = 13 ]
for f in whole/cells_*.csv; do cmp "$f" "killed/$(basename "$f")"; done

rc=0
"$CELLTWIN" check "$scenario" --set output.cells_every=-5 2>err.txt || rc=$?
[ "$rc" -ne 0 ] && grep -q "output.cells_every" err.txt || { cat err.txt; exit 1; }
echo ok
