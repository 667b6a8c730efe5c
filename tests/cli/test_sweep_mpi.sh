# `mpirun -n 2 celltwin sweep` writes the same sweep.csv and summary.csv as the local pool.
set -eu
. "$CT_ROOT/tests/cli/lib_sweep.sh"
write_slow_scenario base.json 30
write_grid_sweep sweep.json base.json 30
"$CELLTWIN" sweep sweep.json --out local --jobs 2 --quiet
rc=0
mpirun_celltwin sweep sweep.json --out mpi --quiet || rc=$?
[ "$rc" -ne 77 ] || exit 0
[ "$rc" -eq 0 ]
cmp local/sweep.csv mpi/sweep.csv
cmp local/summary.csv mpi/summary.csv
