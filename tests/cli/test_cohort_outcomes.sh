# Cohort outcomes from the shared metrics: the area under a curve and the time to a threshold
# against closed forms, censoring, and arms that change a Lua drug schedule (parameters.doses).
set -eu
# A field whose total decays exactly as M0 exp(-k t) (spectral solver, no-flux boundaries, no
# sources; see test_field_totals.sh), M0 = 60000. Patients differ in the diffusion coefficient,
# which conserves the total, so every patient has the same closed-form outcomes.
cat >s.json <<'JSON'
{"domain": {"size": [30, 20], "dx": 10}, "dt": 1, "steps": 50,
 "output": {"field_totals": true, "snapshot_interval": 0},
 "fields": {"il2": {"diffusion": 100, "decay": 0.02, "solver": "spectral",
                    "initial_region": {"shape": "rect", "min": [0, 0], "max": [100, 200], "value": 3}}},
 "cell_types": {"t": {}}}
JSON
cat >decay.json <<'JSON'
{"scenario": "s.json", "seed": 4,
 "patients": {"count": 3, "parameters": [
   {"path": "fields.il2.diffusion", "prior": {"kind": "uniform", "min": 50, "max": 150}}]},
 "arms": [{"name": "slow", "set": {"fields.il2.decay": 0.02}},
          {"name": "fast", "set": {"fields.il2.decay": 0.04}}],
 "metrics": ["auc(il2_total)", "time_to(il2_total <= 30000)", "time_to(il2_total <= 1)"]}
JSON
"$CELLTWIN" cohort decay.json --out decay --jobs 2 --quiet
head -n 1 decay/cohort.csv | grep -qx 'patient,arm,fields.il2.diffusion,auc_il2,time_to_il2_le_30000,reached_il2_le_30000,time_to_il2_le_1,reached_il2_le_1,status'
# References: the area over [0, 50] minutes is M0 / k (1 - exp(-50 k)); the trapezoid rule over
# the rows (one a minute) overestimates it by h^2 k^2 / 12 (1.3e-4 relative at k = 0.04):
# tolerance 2e-4 relative. The total halves at ln 2 / k; linear interpolation between rows is
# within h^2 k / 8 (5e-3 min): tolerance 0.01 min. The total never falls to 1 within the run:
# censored, recorded as the run's last time (50) with reached 0.
awk -F, 'NR > 1 { k = ($2 == "slow") ? 0.02 : 0.04
    auc = 60000 / k * (1 - exp(-50 * k)); e = ($4 - auc) / auc
    if (e < 0 || e > 2e-4) { print "auc " $0 ", expected " auc; bad = 1 }
    half = log(2) / k; d = $5 - half; if (d < 0) d = -d
    if (d > 0.01 || $6 != 1) { print "time_to " $0 ", expected " half; bad = 1 }
    if ($7 != 50 || $8 != 0) { print "censored " $0; bad = 1 } }
    END { exit bad }' decay/cohort.csv
# The summary: a censored time counts as later than any event (inf), so both arms' medians are
# inf and the paired differences are 0; the faster decay is earlier and smaller for every patient.
cat decay/cohort_summary.csv
grep -q '^time_to_il2_le_1,fast,3,inf,3,0,0,0,0,0,3$' decay/cohort_summary.csv
grep -q '^time_to_il2_le_30000,fast,3,17.3.*,3,-17.3.*,0,3,0$' decay/cohort_summary.csv
grep -q '^auc_il2,fast,3,.*,3,-.*,0,3,0$' decay/cohort_summary.csv
grep -q '^reached_il2_le_1,fast,3,0,3,0,0,0,0,0,3$' decay/cohort_summary.csv

# Arms that change the model through its Lua script: parameters.doses replaces
# scripts/drug_schedule.lua's cycle with single doses {day, hours[, dose]}. The same 16-hour dose
# on day 1 or on day 3: the tumour grows exponentially either way, and the earlier dose keeps it
# smaller from day 1 on, so the area under the tumour curve is smaller for every patient (the
# documented sign of the paired difference "early" - "late": negative).
cat >schedule.json <<JSON
{"scenario": "$CT_ROOT/scenarios/lua_drug_schedule.json",
 "set": {"steps": 960, "output.snapshot_interval": 0},
 "seed": 8,
 "patients": {"count": 6, "parameters": [
   {"path": "parameters.kill_per_dose", "prior": {"kind": "log_normal", "mean": -5.52, "sd": 0.4, "min": 0.0005, "max": 0.05}}]},
 "arms": [{"name": "late", "set": {"parameters.doses": [[3, 16]]}},
          {"name": "early", "set": {"parameters.doses": [[1, 16]]}}],
 "metrics": ["auc(tumour)", "final(tumour)"]}
JSON
"$CELLTWIN" cohort schedule.json --out schedule --jobs 2 --quiet
cat schedule/cohort_summary.csv
grep -q '^auc_tumour,early,6,.*,6,-.*,0,6,0$' schedule/cohort_summary.csv
# A malformed schedule fails each run of its arm with the script's line in the run's log.txt
# (exit status 3, NA in cohort.csv; run 6 is patient 0 of arm 1).
sed 's/\[\[1, 16\]\]/[[1, -16]]/' schedule.json >bad.json
set +e
"$CELLTWIN" cohort bad.json --out bad --jobs 2 --quiet 2>err.txt
status=$?
set -e
[ $status -eq 3 ]
grep -q 'early,.*,NA,NA,failed$' bad/cohort.csv
grep -q "drug_schedule.lua:[0-9]*: params.doses\\[1\\]: expected {day >= 0, hours > 0\\[, dose >= 0\\]}" bad/runs/6/log.txt

# The script's refusals of other bad schedules, each at the line that checks them.
doses_refused() { # DOSES
    if "$CELLTWIN" run "$CT_ROOT/scenarios/lua_drug_schedule.json" --set steps=1 \
        --set "parameters.doses=$1" --out "d$RANDOM" --quiet 2>err.txt; then
        echo "accepted: $1"; exit 1
    fi
    grep -q 'drug_schedule.lua:[0-9]*: params.doses' err.txt || { cat err.txt; exit 1; }
}
doses_refused '[["x", 16]]'
doses_refused '[[1, 16, -1]]'
doses_refused '[[1, 16, 1, 2]]'
doses_refused '[[-1, 16]]'
doses_refused '[[1]]'
doses_refused '{"a": 1}'
doses_refused 3
doses_refused "[$(printf '[1, 1],%.0s' $(seq 1000))[1, 1]]" # 1001 doses

# Text metrics are checked like the object ones, at their JSON path.
metric_refused() { # METRIC EXPECTED: schedule.json with METRIC for auc(tumour) is refused
    sed "s/\"auc(tumour)\"/\"$1\"/" schedule.json >bad.json
    if "$CELLTWIN" cohort bad.json --out bad2 2>err.txt; then exit 1; fi
    grep -qF "bad.json: /metrics/0: $2" err.txt || { cat err.txt; exit 1; }
}
metric_refused 'auc(tumor)' 'no counts.csv column "tumor"'
metric_refused 'time_to(tumour >= inf)' '"time_to(tumour >= inf)": expected'
metric_refused 'auc(tumour_total)' 'no field named "tumour"'
