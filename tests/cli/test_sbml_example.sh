#!/usr/bin/env bash
# The SBML example (scenarios/sbml_tcell_activation.json) checks and runs; 1, 2 and 4 threads give
# byte-identical counts.csv and snapshots (which carry the species columns sbml.*); cells activate;
# a broken SBML file is refused naming the scenario key and the SBML element.
set -eu
. "$CT_ROOT/tests/cli/lib_runs.sh"
s="$CT_ROOT/scenarios/sbml_tcell_activation.json"
"$CELLTWIN" check "$s" >/dev/null
same_on_1_2_4_threads "$s" 600
IFS=, read -r _ _ _ _ active <<<"$(tail -n 1 t1/counts.csv)"
test "$active" -gt 0
"$CELLTWIN" export t1 --format csv --out csv >/dev/null 2>&1
head -n 1 "$(ls csv/*.csv | head -n 1)" | grep -q 'sbml.A'

mkdir -p models
sed 's|<listOfReactions>|<listOfEvents><event id="boost" useValuesFromTriggerTime="true"/></listOfEvents><listOfReactions>|' \
    "$CT_ROOT/scenarios/models/tcell_il2.xml" >models/tcell_il2.xml
cp "$s" bad.json
if "$CELLTWIN" check bad.json 2>err.txt; then echo "an SBML event was accepted"; exit 1; fi
grep -q 'bad.json: /cell_types/naive/intracellular/sbml: .*models/tcell_il2.xml: event "boost": events are not supported' err.txt \
    || { cat err.txt; exit 1; }
echo ok
