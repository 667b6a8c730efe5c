# output.field_totals: counts.csv gains <field>_total columns; the sweep metric field_total reads
# them. Reference: with the spectral solver (the exact propagator of diffusion and decay), no-flux
# boundaries and no sources, the total amount of a field decays exactly as M0 exp(-k t)
# (diffusion conserves it); values are float32 per site, so the tolerance is 1e-6 relative.
set -e
cat >s.json <<'JSON'
{"domain": {"size": [30, 20], "dx": 10}, "dt": 1, "steps": 50,
 "output": {"field_totals": true},
 "fields": {"il2": {"diffusion": 100, "decay": 0.02, "solver": "spectral",
                    "initial_region": {"shape": "rect", "min": [0, 0], "max": [100, 200], "value": 3}}},
 "cell_types": {"t": {}}}
JSON
"$CELLTWIN" run s.json --out run --quiet
head -n 1 run/counts.csv | grep -qx 'step,time,t,il2_total'
# 10 x 20 sites at 3 each, 100 um^2 per site: M0 = 60000
awk -F, 'NR > 1 { m = 60000 * exp(-0.02 * $2); e = ($4 - m) / m; if (e < 0) e = -e;
                   if (e > 1e-6) { print "step " $1 ": total " $4 ", expected " m; bad = 1 } }
         END { exit bad }' run/counts.csv

# The sweep metric: the final total, per run.
cat >sw.json <<'JSON'
{"scenario": "s.json", "replicates": 1,
 "parameters": [{"path": "fields.il2.decay", "values": [0.02, 0.04]}],
 "metrics": [{"kind": "field_total", "field": "il2"}]}
JSON
"$CELLTWIN" sweep sw.json --out sw --quiet
head -n 1 sw/sweep.csv | grep -q ',field_total_il2,'
awk -F, 'NR > 1 { m = 60000 * exp(-$3 * 50); e = ($7 - m) / m; if (e < 0) e = -e;
                   if (e > 1e-6) { print "decay " $3 ": total " $7 ", expected " m; bad = 1 } }
         END { exit bad }' sw/sweep.csv

# Without field_totals the metric is refused with the way to turn them on; the sweep's "set" may.
sed 's/"output": {"field_totals": true},//' s.json >n.json
sed 's/"s.json"/"n.json"/' sw.json >nsw.json
! "$CELLTWIN" sweep nsw.json --out nsw 2>err.txt
grep -q 'nsw.json: /metrics/0/kind: "field_total" of field "il2" needs the runs to write field totals: add "output": {"field_totals": true} to n.json' err.txt
sed 's/"replicates": 1,/"replicates": 1, "set": {"output.field_totals": true},/' nsw.json >set.json
"$CELLTWIN" sweep set.json --out set --quiet
cmp <(cut -d, -f7 sw/sweep.csv) <(cut -d, -f7 set/sweep.csv)

# A cell type already named like the column is refused, naming the field.
sed 's/"t": {}/"il2_total": {}/' s.json >clash.json
! "$CELLTWIN" check clash.json 2>err.txt
grep -q 'clash.json: output.field_totals: field "il2": counts.csv already has a cell type column "il2_total"' err.txt
! "$CELLTWIN" check --set output.field_totals=1 s.json 2>err.txt
grep -q 'field_totals' err.txt
