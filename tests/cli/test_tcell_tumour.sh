#!/usr/bin/env bash
# The T-cell/tumour scenario runs as it is; counts.csv has type:state columns; snapshots carry the
# chemokine field.
set -eu
"$CELLTWIN" run "$CT_ROOT/scenarios/tcell_tumour.json" --steps 400 --out run --quiet
head -n 1 run/counts.csv | grep -qx 'step,time,tumour,tcell,tcell:naive,tcell:active,tcell:exhausted'
last=$(tail -n 1 run/counts.csv)
IFS=, read -r step time tumour tcell naive active exhausted <<<"$last"
[ "$step" = 400 ]
[ $((naive + active + exhausted)) -eq "$tcell" ]
[ "$active" -gt 0 ]   # T cells reached the tumour and were activated there
grep -q chemokine run/snapshots/state_00000400.ctsnap
