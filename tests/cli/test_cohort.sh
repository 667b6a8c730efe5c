# `celltwin cohort`: paired design. An arm identical to the control gives zero difference for
# every patient (same seed, same parameters); an arm with more drug, whose effect is known to be
# monotone (a higher death rate only removes tumour cells), lowers every patient's final count.
set -eu
cat >cohort.json <<JSON
{
  "scenario": "$CT_ROOT/scenarios/lua_drug_schedule.json",
  "set": {"steps": 1200, "output.snapshot_interval": 0},
  "seed": 3,
  "patients": {"count": 12, "parameters": [
    {"path": "parameters.kill_per_dose", "prior": {"kind": "log_normal", "mean": -5.52, "sd": 0.4, "min": 0.0005, "max": 0.05}}
  ]},
  "arms": [
    {"name": "control", "set": {"parameters.dose": 1}},
    {"name": "same", "set": {"parameters.dose": 1}},
    {"name": "no_drug", "set": {"parameters.dose": 0}},
    {"name": "triple", "set": {"parameters.dose": 3}}
  ],
  "metrics": [{"kind": "final_count", "type": "tumour"}]
}
JSON
"$CELLTWIN" cohort cohort.json --out out --jobs 2 --quiet
cat out/cohort_summary.csv
[ "$(wc -l <out/cohort.csv)" -eq 49 ] # 12 patients x 4 arms, and the header
# metric,arm,n,median,n_paired,difference_median,low,high,n_higher,n_lower,n_equal
grep -q '^final_tumour,same,12,.*,12,0,0,0,0,0,12$' out/cohort_summary.csv
grep -q '^final_tumour,no_drug,12,.*,12,0,0$' out/cohort_summary.csv  # all higher
grep -q '^final_tumour,triple,12,.*,0,12,0$' out/cohort_summary.csv   # all lower
# The figure (render detects a cohort directory).
"$CELLTWIN" render out --out cohort.png
[ "$(head -c 4 cohort.png | tail -c 3)" = "PNG" ]
# Resuming keeps the runs: a second call writes the same files.
cp out/cohort.csv first.csv
"$CELLTWIN" cohort cohort.json --out out --jobs 1 --quiet
cmp first.csv out/cohort.csv

# Refusals name the file and JSON path.
sed 's/"parameters.dose": 0/"parameters.first_day": 0/' cohort.json >bad.json
if "$CELLTWIN" cohort bad.json --out bad 2>err.txt; then exit 1; fi
grep -q 'bad.json: /arms/2/set/parameters.first_day: every arm must set the same paths' err.txt
sed 's/"count": 12/"count": 0/' cohort.json >bad.json
if "$CELLTWIN" cohort bad.json --out bad 2>err.txt; then exit 1; fi
grep -q '/patients/count' err.txt
