# `celltwin fit`: recovers known parameters of virus_well_mixed from its own (synthetic) data;
# gives byte-identical posterior.csv on 1 and 2 jobs, 2 MPI ranks, and after a kill and resume.
set -eu
. "$CT_ROOT/tests/cli/lib_sweep.sh"
cp "$CT_ROOT/scenarios/virus_well_mixed.json" virus.json
# The first day of data/virus_well_mixed_synthetic.csv (made by a run at max 18750 and death rate
# 0.0027778 per minute, seed 424242; see scenarios/fit_virus.json).
head -n 7 "$CT_ROOT/data/virus_well_mixed_synthetic.csv" >data.csv

write_fit() { # FILE POPULATION GENERATIONS
    cat >"$1" <<JSON
{
  "scenario": "virus.json",
  "set": {"steps": 1440, "output.snapshot_interval": 0},
  "seed": 5,
  "parameters": [
    {"path": "cell_types.infected.death.rate",
     "prior": {"kind": "log_uniform", "min": 0.0005, "max": 0.02}}
  ],
  "data": "data.csv",
  "abc": {"population": $2, "max_generations": $3, "max_runs": 2000}
}
JSON
}

# Recovery. Reference: the value that made the data, 0.0027778 per minute (Baccam et al. 2006's
# delta = 4/day). It must lie in the 90% credible interval, and the median within 25% of it
# (the posterior sd is about 10% here; CT_LONG=1 repeats over seeds, reporting coverage).
check_recovery() { # DIR
    python3 - "$1/fit.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["posterior"][0]
true = 0.0027777777777777779
print("median %.6g, 90%% interval [%.6g, %.6g], true %.6g" % (p["median"], p["q05"], p["q95"], true))
assert p["q05"] <= true <= p["q95"], "true value outside the 90% interval"
assert abs(p["median"] / true - 1) < 0.25, "median more than 25% off"
PY
}
write_fit fit.json 20 2
"$CELLTWIN" fit fit.json --out recovered --jobs 2 --quiet
check_recovery recovered
head -n 2 recovered/posterior.csv
[ "$(head -n 1 recovered/posterior.csv)" = "generation,particle,run,weight,distance,cell_types.infected.death.rate" ]
cmp data.csv recovered/data.csv
[ "$(wc -l <recovered/posterior.csv)" -eq 41 ] # 2 generations of 20, and the header
grep -q '"stopped_by":' recovered/fit.json
# The figure: marginal, and predictive band over the data (render detects a fit directory).
"$CELLTWIN" render recovered --out fit.png
[ "$(head -c 4 fit.png | tail -c 3)" = "PNG" ]
rm recovered/data.csv
if "$CELLTWIN" render recovered --out bad.png 2>err.txt; then exit 1; fi
grep -q 'recovered/data.csv' err.txt

# Determinism: --jobs 1 and --jobs 2, and a fit killed mid-way and resumed, all write the same
# posterior.csv byte for byte.
write_fit small.json 5 2
"$CELLTWIN" fit small.json --out jobs2 --jobs 2 --quiet
"$CELLTWIN" fit small.json --out jobs1 --jobs 1 --quiet
cmp jobs1/posterior.csv jobs2/posterior.csv
"$CELLTWIN" fit small.json --out killed --jobs 1 --quiet &
pid=$!
wait_for '[ "$(ls killed/gen0/runs 2>/dev/null | wc -l)" -ge 3 ]'
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
[ ! -e killed/posterior.csv ] || [ "$(grep -c . killed/posterior.csv)" -lt 11 ]
"$CELLTWIN" fit small.json --out killed --jobs 2 --quiet
cmp jobs1/posterior.csv killed/posterior.csv

# Under `mpirun -n 2` every rank takes the same ABC steps on the distances rank 0 gathers and
# broadcasts: the same posterior.csv again.
rc=0
mpirun_celltwin fit small.json --out mpi --quiet || rc=$?
[ "$rc" -eq 77 ] || { [ "$rc" -eq 0 ] && cmp jobs1/posterior.csv mpi/posterior.csv; }

# A different fit is not resumed into the same directory.
write_fit other.json 6 2
if "$CELLTWIN" fit other.json --out jobs1 --quiet 2>err.txt; then exit 1; fi
grep -q 'holds another' err.txt

# Longer: coverage of the 90% interval over seeds (make check-long).
if [ -n "${CT_LONG:-}" ]; then
    write_fit long.json 100 5
    covered=0
    for seed in 1 2 3 4 5; do
        sed "s/\"seed\": 5/\"seed\": $seed/" long.json >long_$seed.json
        "$CELLTWIN" fit long_$seed.json --out long_$seed --jobs 2 --quiet
        if check_recovery long_$seed; then covered=$((covered + 1)); fi
    done
    echo "coverage: $covered of 5 seeds"
    [ "$covered" -ge 4 ]
fi
