# Shared by the sweep and checkpoint CLI tests (sourced, not run): small scenarios and helpers.

# A scenario whose run takes a noticeable time (about 0.4 s per 300 steps at -O3).
write_slow_scenario() { # FILE STEPS
    cat >"$1" <<JSON
{
  "name": "slow",
  "domain": {"size": [200, 200], "boundary": "periodic", "neighbourhood": "moore"},
  "dt": 1, "steps": $2, "seed": 3,
  "output": {"interval": 5, "snapshot_interval": 100},
  "cell_types": {
    "a": {"motility": {"rate": 0.5}, "proliferation": {"rate": 0.02}, "death": {"rate": 0.01},
          "transition": {"rate": 0.002, "to": "b"}},
    "b": {"motility": {"rate": 0.2}, "death": {"rate": 0.03}}
  },
  "initial": [{"shape": "rect", "type": "a", "min": [0, 0], "max": [2000, 2000], "count": 15000}]
}
JSON
}

# A 2 x 2 grid with 3 replicates over scenario FILE.
write_grid_sweep() { # SWEEP_FILE SCENARIO_FILE STEPS
    cat >"$1" <<JSON
{
  "scenario": "$2",
  "seed": 2024,
  "replicates": 3,
  "set": {"steps": $3},
  "parameters": [
    {"path": "cell_types.a.proliferation.rate", "values": [0.01, 0.03]},
    {"path": "cell_types.a.death.rate", "range": {"from": 0.001, "to": 0.01, "count": 2, "scale": "log"}}
  ],
  "metrics": [
    {"kind": "final_count", "type": "a"},
    {"kind": "peak", "type": "b"},
    {"kind": "extinction_time", "type": "b"}
  ]
}
JSON
}

# Waits (up to 120 s) until COMMAND succeeds.
wait_for() {
    for _ in $(seq 1200); do
        if eval "$1"; then return 0; fi
        sleep 0.1
    done
    echo "timed out waiting for: $1"
    return 1
}

# Number of runs under DIR whose run.json says ok.
runs_ok() {
    grep -l '"status":[[:space:]]*"ok"' "$1"/runs/*/run.json 2>/dev/null | wc -l
}

# mpirun -n 2 "$CELLTWIN" ARGS... with what Open MPI needs here (root, oversubscription, no leak
# reports of its own start-up); says SKIP and returns 77 when mpirun or an MPI build is missing.
mpirun_celltwin() {
    if ! command -v mpirun >/dev/null 2>&1; then
        echo "SKIP: mpirun not found (install openmpi-bin to test MPI)"
        return 77
    fi
    local rc=0
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 \
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
        mpirun -n 2 "$CELLTWIN" "$@" 2>mpi_err.txt || rc=$?
    if grep -q 'built without MPI' mpi_err.txt; then
        echo "SKIP: this celltwin was built without MPI"
        return 77
    fi
    cat mpi_err.txt
    return "$rc"
}
