# A sweep killed (SIGKILL) after some runs finished, then run again, ends with the same sweep.csv
# and summary.csv as a sweep never stopped: finished runs are kept, the others rerun.
set -eu
. "$CT_ROOT/tests/cli/lib_sweep.sh"
write_slow_scenario base.json 150
write_grid_sweep sweep.json base.json 150
"$CELLTWIN" sweep sweep.json --out whole --jobs 2 --quiet

"$CELLTWIN" sweep sweep.json --out killed --jobs 1 --quiet &
pid=$!
wait_for '[ "$(runs_ok killed)" -ge 2 ]'
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
done_before=$(runs_ok killed)
echo "killed the sweep after $done_before of 12 runs"
[ "$done_before" -lt 12 ]
[ ! -e killed/sweep.csv ]
sleep 0.3 # the running child dies with its parent (PR_SET_PDEATHSIG)
kept=$(stat -c %Y killed/runs/0/counts.csv)

"$CELLTWIN" sweep sweep.json --out killed --jobs 2 --quiet
cmp whole/sweep.csv killed/sweep.csv
cmp whole/summary.csv killed/summary.csv
[ "$(stat -c %Y killed/runs/0/counts.csv)" = "$kept" ] # run 0 was kept, not rerun
