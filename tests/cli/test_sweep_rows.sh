# A 2 x 2 grid with 3 replicates: 12 rows in id order with the right values, distinct seeds,
# metrics and a summary; a failing run is recorded with its message and the others go on.
set -eu
. "$CT_ROOT/tests/cli/lib_sweep.sh"
write_slow_scenario base.json 20
write_grid_sweep sweep.json base.json 20
"$CELLTWIN" sweep sweep.json --out out --jobs 2 --quiet

head -1 out/sweep.csv | grep -qx 'id,point,cell_types.a.proliferation.rate,cell_types.a.death.rate,replicate,seed,status,final_a,peak_b,peak_time_b,extinction_time_b,message'
[ "$(wc -l <out/sweep.csv)" -eq 13 ]
# id, point, values and replicate of every row
cut -d, -f1-5 out/sweep.csv | tail -n +2 >got.txt
cat >want.txt <<TXT
0,0,0.01,0.001,0
1,0,0.01,0.001,1
2,0,0.01,0.001,2
3,1,0.01,0.01,0
4,1,0.01,0.01,1
5,1,0.01,0.01,2
6,2,0.03,0.001,0
7,2,0.03,0.001,1
8,2,0.03,0.001,2
9,3,0.03,0.01,0
10,3,0.03,0.01,1
11,3,0.03,0.01,2
TXT
diff want.txt got.txt
# seeds: recorded, distinct, and the ones the runs used
[ "$(cut -d, -f6 out/sweep.csv | tail -n +2 | sort -u | wc -l)" -eq 12 ]
for id in 0 7 11; do
    seed=$(awk -F, -v id=$id 'NR > 1 && $1 == id {print $6}' out/sweep.csv)
    grep -q "\"seed\":[[:space:]]*$seed," out/runs/$id/run.json
done
[ "$(cut -d, -f7 out/sweep.csv | grep -c '^ok$')" -eq 12 ]
# final_a is the last row of the run's counts.csv
[ "$(awk -F, 'NR == 4 {print $8}' out/sweep.csv)" = "$(tail -1 out/runs/2/counts.csv | cut -d, -f3)" ]
# summary: 4 points x 4 metric values
[ "$(wc -l <out/summary.csv)" -eq 17 ]
grep -q '^0,0.01,0.001,final_a,3,' out/summary.csv

# a run that fails (steps must be a whole number) is recorded; exit status 3
cat >fail.json <<JSON
{"scenario": "base.json", "parameters": [{"path": "steps", "values": [5, 2.5, 6]}]}
JSON
rc=0
"$CELLTWIN" sweep fail.json --out failed --quiet || rc=$?
[ "$rc" -eq 3 ]
grep -q '^1,1,2.5,0,[0-9]*,failed,NA,NA,"exit status 1: base.json: /steps: expected an integer' failed/sweep.csv
[ "$(grep -c ',ok,' failed/sweep.csv)" -eq 2 ]

# another sweep file into the same directory is refused
rc=0
"$CELLTWIN" sweep fail.json --out out --quiet 2>err.txt || rc=$?
[ "$rc" -eq 1 ]
grep -q 'holds another sweep' err.txt
