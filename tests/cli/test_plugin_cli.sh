# `celltwin plugin info`, a scenario with both example plugins on 1 and 2 threads (counts.csv
# identical, plugin columns present), and refusals reported by `celltwin check` and `run`.
set -eu
kill_so=$CT_BUILD/plugins/contact_kill.so
viral_so=$CT_BUILD/plugins/viral_replication.so

"$CELLTWIN" plugin info "$kill_so" >info.txt
cat info.txt
grep -q "built for    plugin ABI 1.2 (this celltwin: 1.2)" info.txt
grep -q "behaviour  contact_kill .*phases decide, thread safe" info.txt
grep -q "column     kills .*integer" info.txt
"$CELLTWIN" plugin info "$viral_so" | grep -q "attribute  viral_load"
# a bare file name is the file in this directory, not a system library
(cd "$(dirname "$kill_so")" && "$CELLTWIN" plugin info "$(basename "$kill_so")") | grep -q "contact_kill"
"$CELLTWIN" plugin info --help | grep -q "usage: celltwin plugin info FILE.so"

for broken in wrong_abi:"built for plugin ABI 99.0" no_entry:"no symbol celltwin_plugin_entry" \
              failing_init:"init failed: the model needs a licence key"; do
    so=$CT_BUILD/tests/plugins/${broken%%:*}.so
    if "$CELLTWIN" plugin info "$so" 2>err.txt; then exit 1; fi
    cat err.txt
    grep -qF "celltwin: $so: ${broken#*:}" err.txt
done

cat >s.json <<JSON
{"domain": {"size": [120, 120], "neighbourhood": "moore"}, "dt": 1, "steps": 40, "seed": 8,
 "fields": {"virus": {"diffusion": 0}},
 "cell_types": {"cd8": {"motility": {"rate": 0.5}}, "infected": {"proliferation": {"rate": 0.02}},
                "epithelial": {}},
 "initial": [{"shape": "rect", "type": "cd8", "min": [0, 0], "max": [1200, 1200], "count": 800},
             {"shape": "disc", "type": "infected", "centre": [600, 600], "radius": 400, "fill": true}],
 "plugins": [{"path": "$kill_so", "parameters": {"target": "infected"}},
             {"path": "$viral_so"}]}
JSON
"$CELLTWIN" check s.json
"$CELLTWIN" run s.json --out t1 --threads 1 --quiet
"$CELLTWIN" run s.json --out t2 --threads 2 --quiet
head -n 1 t1/counts.csv | grep -qx "step,time,cd8,infected,epithelial,kills,viral_load_total"
cmp t1/counts.csv t2/counts.csv
tail -n 1 t1/counts.csv
awk -F, 'END { exit !($6 > 0 && $7 > 0) }' t1/counts.csv
grep -q '"production":' t1/run.json # parameter defaults are part of the resolved scenario

sed "s#$viral_so#$CT_BUILD/tests/plugins/failing_init.so#" s.json >bad.json
if "$CELLTWIN" check bad.json 2>err.txt; then exit 1; fi
grep -qF "failing_init.so: init failed: the model needs a licence key" err.txt
