#!/usr/bin/env bash
# The immune and disease model scenarios of docs/models.md run as they are (shortened here), end
# with status ok, write their state columns, and the SIR sweep file is valid.
set -eu
for name in virus_well_mixed virus_epithelium lymph_node_search sir_well_mixed; do
    "$CELLTWIN" run "$CT_ROOT/scenarios/$name.json" --steps 24 --out "$name" --quiet 2>"$name.log" \
        || { cat "$name.log"; exit 1; }
    grep -q '"status":[[:space:]]*"ok"' "$name/run.json"
    test "$(wc -l <"$name/counts.csv")" -ge 2
done
head -n 1 lymph_node_search/counts.csv \
    | grep -qx 'step,time,apc,tcell,tcell:naive,tcell:contacted,tcell:activated'
head -n 1 virus_epithelium/counts.csv | grep -qx 'step,time,target,infected,cd8'
"$CELLTWIN" check "$CT_ROOT/scenarios/virus_epithelium.json" --set parameters.cd8_arrival_day=0 >/dev/null
# CD8 T cells are recruited once the arrival day has come and cells are infected
"$CELLTWIN" run "$CT_ROOT/scenarios/virus_epithelium.json" --steps 60 --out early --quiet \
    --set parameters.cd8_arrival_day=0 --set parameters.cd8_per_infected_per_hour=20 2>/dev/null
IFS=, read -r _ _ _ _ cd8 <<<"$(tail -n 1 early/counts.csv)"
test "$cd8" -gt 0
