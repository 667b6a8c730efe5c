# --set overrides any value by path; the resolved scenario in run.json shows it.
set -eu
s="$CT_ROOT/scenarios/demo_tumour.json"
"$CELLTWIN" run "$s" --out o --steps 20 --quiet --set cell_types.tumour.proliferation.rate=0 \
    --set cell_types.tumour.death.rate=0 --set cell_types.tumour.transition.rate=0
first=$(sed -n 2p o/counts.csv | cut -d, -f3)
last=$(tail -1 o/counts.csv | cut -d, -f3)
[ "$first" = "$last" ] || { echo "count changed without birth or death: $first -> $last"; exit 1; }
grep -q '"rate":	0' o/run.json
if "$CELLTWIN" check "$s" --set cell_types.tumour.proliferation.rate=fast 2>err; then exit 1; fi
grep -q 'demo_tumour.json: /cell_types/tumour/proliferation/rate: expected a number >= 0, got "fast"' err
echo ok
