# A run with --checkpoint-every, killed with SIGKILL between checkpoints and resumed, ends with the
# same counts.csv, snapshots and scenario in run.json, byte for byte, as a run never stopped.
set -eu
. "$CT_ROOT/tests/cli/lib_sweep.sh"
write_slow_scenario long.json 1000
"$CELLTWIN" run long.json --out whole --quiet

"$CELLTWIN" run long.json --out killed --quiet --checkpoint-every 50 &
pid=$!
wait_for '[ -e killed/checkpoint.ctck ]'
sleep 0.2
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
grep -q '"status":[[:space:]]*"running"' killed/run.json # really stopped midway
[ ! -e killed/counts.csv ]

ls killed/counts.csv.tmp.* >/dev/null # the killed run's rows so far
"$CELLTWIN" resume killed --quiet
grep -q '"status":[[:space:]]*"ok"' killed/run.json
if ls killed/*.tmp.* killed/snapshots/*.tmp.* 2>/dev/null; then
    echo "temporary files of the killed run left behind"; exit 1
fi
[ ! -e killed/checkpoint.ctck ] # a finished run needs none
cmp whole/counts.csv killed/counts.csv
[ "$(ls whole/snapshots | wc -l)" -eq 11 ]
for f in whole/snapshots/*; do
    cmp "$f" "killed/snapshots/$(basename "$f")"
done
sed -n '/"scenario"/,$p' whole/run.json >a.txt
sed -n '/"scenario"/,$p' killed/run.json >b.txt
cmp a.txt b.txt
