# celltwin run writes counts.csv (header, first row at step 0, one row per interval) and run.json.
set -eu
"$CELLTWIN" run "$CT_ROOT/scenarios/demo_tumour.json" --out out --steps 100 --quiet
head -1 out/counts.csv | grep -qx 'step,time,tumour,necrotic'
sed -n 2p out/counts.csv | grep -q '^0,0,'
[ "$(wc -l < out/counts.csv)" -eq 12 ]          # header + steps 0,10,...,100
tail -1 out/counts.csv | grep -q '^100,600,'
grep -q '"status":	"ok"' out/run.json
grep -q '"steps":	100' out/run.json            # the scenario as resolved after --steps
grep -q '"seed":	42' out/run.json
ls out/*.tmp.* 2>/dev/null && { echo "temporary files left behind"; exit 1; }
"$CELLTWIN" --version | grep -q '^celltwin '
"$CELLTWIN" run --help | grep -q -- '--set PATH=VALUE'
echo ok
