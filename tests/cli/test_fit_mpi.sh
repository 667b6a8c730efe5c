# `mpirun -n 2 celltwin fit` writes the same posterior.csv as the local pool: every rank takes the
# same ABC steps on the distances rank 0 gathers and broadcasts.
set -eu
if ! command -v mpirun >/dev/null 2>&1; then
    echo "SKIP: mpirun not found (install openmpi-bin to test MPI fits)"
    exit 0
fi
cp "$CT_ROOT/scenarios/virus_well_mixed.json" virus.json
head -n 7 "$CT_ROOT/data/virus_well_mixed_synthetic.csv" >data.csv
cat >small.json <<'JSON'
{
  "scenario": "virus.json",
  "set": {"steps": 1440, "output.snapshot_interval": 0},
  "seed": 5,
  "parameters": [
    {"path": "cell_types.infected.death.rate",
     "prior": {"kind": "log_uniform", "min": 0.0005, "max": 0.02}}
  ],
  "data": "data.csv",
  "abc": {"population": 5, "max_generations": 2, "max_runs": 2000}
}
JSON
"$CELLTWIN" fit small.json --out local --jobs 1 --quiet

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# Open MPI's own start-up allocations are reported as leaks by LeakSanitizer: not ours to fix.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
rc=0
mpirun -n 2 "$CELLTWIN" fit small.json --out mpi --quiet 2>err.txt || rc=$?
if grep -q 'built without MPI' err.txt; then
    echo "SKIP: this celltwin was built without MPI"
    exit 0
fi
cat err.txt
[ "$rc" -eq 0 ]
cmp local/posterior.csv mpi/posterior.csv
