# Checkpoints of one simulation split over MPI ranks: byte for byte the checkpoint one process
# writes at that step; a K = 3 job that loses one rank to SIGKILL ends non-zero with mpirun's
# message and ours in run.json, and its last checkpoint resumed on K = 2 ranks ends with
# counts.csv and snapshots byte for byte those of one unbroken process; likewise a K = 2 job
# stopped by SIGTERM to one of its ranks -> one process, and one process -> K = 4. run.json's
# "ranks" lists every rank, their agents summing to the final cell count.
set -eu
. "$CT_ROOT/tests/cli/lib_mpi.sh"

# Work without effect in a per-cell function: about 2.5 ms a step, so the 249 steps after the
# checkpoint leave the watcher below more than half a second even when one process runs alone
# (0.12 s for all 499 steps without it: the watcher missed the checkpoint).
cat >slow.lua <<'LUA'
on_cell("t", function(cell)
  local x = 0
  for i = 1, 1000 do x = x + i end
end)
LUA
# An explicit field the tumour secretes: its values travel in the checkpoint too.
# Steps below twice the checkpoint interval: the one checkpoint ever written is at step 250, so
# a job killed once it appears leaves that one, however late the kill comes. The 249 steps after
# it are the margin before the run would finish and remove it (the watcher polls every 20 ms,
# without forks).
write_mpi_2d base.json
sed -e 's/"steps":80,"seed":7/"steps":499,"seed":11/' \
    -e 's/"interval":5,"snapshot_interval":20/"interval":10,"snapshot_interval":100,"field_totals":true/' \
    -e 's/"dt":1,/"dt":1,"script":"slow.lua","fields":{"chem":{"diffusion":20,"decay":0.01,"solver":"explicit","boundary":"periodic"}},/' \
    -e 's/"proliferation":{"rate":0.05}/"proliferation":{"rate":0.05},"secretion":{"chem":0.5}/' \
    base.json >s.json
every=250

# like_one DIR: finished with the outputs of the unbroken one-process run, no snapshot more
like_one() {
    same_run one "$1"
    [ "$(ls "$1/snapshots" | wc -l)" -eq 6 ]
    grep -q '"status":[[:space:]]*"ok"' "$1/run.json"
    [ ! -e "$1/checkpoint.ctck" ] # a finished run needs none
}

# file_has FILE TEXT: whether FILE holds TEXT (builtins only: polled without forks).
file_has() {
    local content=
    [ -e "$1" ] && IFS= read -r -d '' content <"$1"
    [[ $content == *"$2"* ]]
}

# wait_then_kill JOB_PID CONDITION [-SIGNAL] PIDS...: once CONDITION holds, send PIDS SIGNAL
# (default SIGKILL); fails if the job ends first.
wait_then_kill() {
    local job=$1 condition=$2 signal=-KILL
    shift 2
    case $1 in -*) signal=$1; shift ;; esac
    until eval "$condition"; do
        kill -0 "$job" 2>/dev/null || { echo "the job ended before its checkpoint: $condition"; return 1; }
        sleep 0.02
    done
    kill "$signal" "$@"
}

# ranks_of MPIRUN_PID K: the pids of its K ranks, in rank order, once all have started.
ranks_of() {
    local p r pids=()
    while [ "${#pids[@]}" -lt "$2" ]; do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.02
        for p in $(pgrep -P "$1"); do
            r=$(tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | sed -n 's/^OMPI_COMM_WORLD_RANK=//p')
            [ -n "$r" ] && pids[r]=$p
        done
    done
    echo "${pids[@]}"
}

"$CELLTWIN" run s.json --out one --quiet

# One process, killed after its checkpoint: the reference checkpoint.
"$CELLTWIN" run s.json --out p1 --quiet --checkpoint-every $every &
pid=$!
wait_then_kill $pid '[ -e p1/checkpoint.ctck ]' $pid
wait $pid 2>/dev/null || true

# K = 3, one rank (not the writer) killed: the job ends, saying which rank died.
mpirun -n 3 "$CELLTWIN" run s.json --out k3 --ranks --quiet --threads 1 --checkpoint-every $every \
    2>k3.err &
pid=$!
read -r -a ranks <<<"$(ranks_of $pid 3)"
if ! wait_then_kill $pid "file_has k3/run.json 'checkpoint at step'" "${ranks[1]}"; then
    grep -q 'built without MPI' k3.err && { echo "SKIP: this celltwin was built without MPI"; exit 0; }
    cat k3.err
    exit 1
fi
rc=0
wait $pid || rc=$?
[ "$rc" -ne 0 ] || { echo "mpirun exited 0 after losing a rank"; exit 1; }
grep -Eq 'signal 9|Killed|KILLED' k3.err || { cat k3.err; exit 1; } # mpirun names it
grep -q '"status":[[:space:]]*"running"' k3/run.json # nobody lived to say more than the note:
grep -q 'checkpoint at step 250.*mpirun -n K celltwin resume k3 --ranks' k3/run.json
cmp p1/checkpoint.ctck k3/checkpoint.ctck # byte for byte one process's
mpirun -n 2 "$CELLTWIN" resume k3 --ranks --quiet --threads 1
like_one k3
echo "K=3 losing a rank: resumed on K=2, identical to one process"

# K = 2 stopped by SIGTERM to one rank (a scheduler signals every task, e.g. Slurm's --signal;
# mpirun itself answers SIGTERM by ending the job its own way): every rank stops after the same step with a
# checkpoint and says how to go on; one process resumes it.
mpirun -n 2 "$CELLTWIN" run s.json --out k2 --ranks --quiet --threads 1 \
    --checkpoint-every $every 2>k2.err &
pid=$!
read -r -a ranks <<<"$(ranks_of $pid 2)"
wait_then_kill $pid '[ -e k2/checkpoint.ctck ]' -TERM "${ranks[1]}"
rc=0
wait $pid || rc=$?
[ "$rc" -ne 0 ] || { echo "mpirun exited 0 when interrupted"; exit 1; }
grep -q 'interrupted after step [0-9]*; continue with: mpirun -n K celltwin resume k2 --ranks' \
    k2.err || { cat k2.err; exit 1; }
grep -q '"status":[[:space:]]*"interrupted"' k2/run.json
"$CELLTWIN" resume k2 --quiet
like_one k2
echo "K=2 interrupted: resumed by one process, identical"

mkdir alone cut
cp p1/checkpoint.ctck alone/
head -c 3000 p1/checkpoint.ctck >cut/checkpoint.ctck

# One process's checkpoint resumed on K = 4 ranks.
mpirun -n 4 "$CELLTWIN" resume p1 --ranks --quiet --threads 1
like_one p1
python3 - <<'PY'
import csv, json
ranks = json.load(open("p1/run.json"))["ranks"]
last = list(csv.DictReader(open("p1/counts.csv")))[-1]
cells = sum(int(v) for k, v in last.items() if k in ("tumour", "necrotic", "t"))
assert [r["rank"] for r in ranks] == [0, 1, 2, 3], ranks
assert sum(r["agents"] for r in ranks) == cells, (ranks, cells)
assert ranks[0]["block_lo"] == [0, 0] and ranks[3]["block_hi"] == [60, 64], ranks
for r in ranks:
    assert r["steps"] == 249 and r["step_time_max_s"] >= r["step_time_mean_s"] > 0, r
    assert r["bytes_sent_per_step"] > 0, r
PY
echo "one process -> K=4 identical; run.json lists the 4 ranks, agents summing to the cells"

# Refusals: --ranks without mpirun, and a damaged checkpoint named by rank 0.
rc=0
"$CELLTWIN" resume alone --ranks --quiet 2>err.txt || rc=$?
[ "$rc" -ne 0 ] && grep -q "mpirun -n K celltwin resume alone --ranks" err.txt || { cat err.txt; exit 1; }
rc=0
mpirun -n 2 "$CELLTWIN" resume cut --ranks --quiet 2>err.txt || rc=$?
[ "$rc" -ne 0 ] && grep -q "cut/checkpoint.ctck: .*corrupt\|cut/checkpoint.ctck: .*truncated" err.txt ||
    { cat err.txt; exit 1; }
echo "refusals name the command and the file"
