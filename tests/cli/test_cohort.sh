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

# Patients from a fit: the last generation of a posterior.csv, drawn by weight (a particle of
# weight 0 is never drawn; an earlier generation is never used).
cat >posterior.csv <<'CSV'
generation,particle,run,weight,distance,parameters.kill_per_dose
0,0,0,0.5,10,0.0009
0,1,1,0.5,12,0.0008
1,0,4,0,3,0.001
1,1,7,1,2,0.02
CSV
cat >from_fit.json <<JSON
{
  "scenario": "$CT_ROOT/scenarios/lua_drug_schedule.json",
  "set": {"steps": 10, "output.snapshot_interval": 0},
  "patients": {"count": 5, "posterior": "posterior.csv"},
  "arms": [{"name": "a", "set": {"parameters.dose": 1}}],
  "metrics": [{"kind": "final_count", "type": "tumour"}]
}
JSON
"$CELLTWIN" cohort from_fit.json --out from_fit --jobs 2 --quiet
[ "$(cut -d, -f3 from_fit/cohort.csv | sort | uniq -c | awk '{print $1, $2}' | tr '\n' ' ')" = "5 0.02 1 parameters.kill_per_dose " ]
sed -i 's/^generation,/gen,/' posterior.csv
if "$CELLTWIN" cohort from_fit.json --out bad 2>err.txt; then exit 1; fi
grep -q 'posterior.csv: line 1: expected a header generation,particle' err.txt
