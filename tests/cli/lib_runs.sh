# Shared by the CLI tests of example scenarios (sourced, not run).

# Runs SCENARIO for STEPS steps (with a snapshot every SNAP steps when given, else the
# scenario's) on 1, 2 and 4 threads (into t1, t2, t4) and fails unless counts.csv and the
# snapshot directories are byte-identical.
same_on_1_2_4_threads() { # SCENARIO STEPS [SNAP]
    local t snap=()
    [ $# -ge 3 ] && snap=(--set output.snapshot_interval="$3")
    for t in 1 2 4; do
        "$CELLTWIN" run "$1" --out "t$t" --steps "$2" "${snap[@]}" --threads "$t" --quiet
    done
    for t in 2 4; do
        cmp t1/counts.csv "t$t/counts.csv"
        diff -r t1/snapshots "t$t/snapshots"
    done
}

# Starts `celltwin run ARGS...` into DIR and stops it with SIGTERM once its first rows are on
# disk; fails unless it exits with 143 (interrupted, checkpoint written).
run_interrupted() { # DIR ARGS...
    local dir=$1 pid status=0
    shift
    "$CELLTWIN" run "$@" --out "$dir" --quiet &
    pid=$!
    for _ in $(seq 200); do # wait until the run is under way
        ls "$dir"/counts.csv.tmp.* >/dev/null 2>&1 && break
        sleep 0.02
    done
    kill -TERM "$pid"
    wait "$pid" || status=$?
    [ "$status" -eq 143 ] || {
        echo "exit status $status, want 143 (finished before the signal?)"
        return 1
    }
}
