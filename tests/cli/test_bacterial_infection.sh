#!/usr/bin/env bash
# The bacterial infection scenario shows both outcomes (seed 31): with the default neutrophil
# influx the bacteria are cleared within a day (the script stops the run), with neutropenia
# (influx 0.05/min) they are still growing after a day (more than 2.5x the inoculum of 60).
set -eu
"$CELLTWIN" run "$CT_ROOT/scenarios/bacterial_infection.json" --steps 1440 --threads 1 \
    --set output.snapshot_interval=0 --out res --quiet
IFS=, read -r step time bacteria macrophages neutrophils <<<"$(tail -n 1 res/counts.csv)"
echo "resolution: step $step, bacteria $bacteria, neutrophils $neutrophils"
[ "$bacteria" -eq 0 ] && [ "$step" -lt 1440 ]
"$CELLTWIN" run "$CT_ROOT/scenarios/bacterial_infection.json" --steps 1440 --threads 1 \
    --set output.snapshot_interval=0 --set parameters.neutrophil_influx=0.05 --out spread --quiet
IFS=, read -r step time bacteria macrophages neutrophils <<<"$(tail -n 1 spread/counts.csv)"
echo "spread: step $step, bacteria $bacteria, neutrophils $neutrophils"
[ "$step" -eq 1440 ] && [ "$bacteria" -gt 150 ]
