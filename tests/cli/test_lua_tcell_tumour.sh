#!/usr/bin/env bash
# The T-cell/tumour model with its types, states, chemotaxis, contact actions and rules declared by
# a script (scenarios/lua_tcell_tumour.json) gives the counts.csv of the JSON scenario, byte for
# byte, with the same seed.
set -eu
"$CELLTWIN" run "$CT_ROOT/scenarios/tcell_tumour.json" --steps 600 --out json --quiet
"$CELLTWIN" run "$CT_ROOT/scenarios/lua_tcell_tumour.json" --steps 600 --threads 2 --out lua --quiet
test "$(wc -l <json/counts.csv)" -gt 50
cmp json/counts.csv lua/counts.csv
