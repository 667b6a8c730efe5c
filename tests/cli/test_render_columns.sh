# celltwin render --columns: the chosen counts.csv columns only, unknown names refused with the
# list of columns; plugin columns (kills, viral_load_total) plotted apart from the cell counts.
set -eu
. "$CT_ROOT/tests/cli/lib_figures.sh"
cat >s.json <<JSON
{"domain": {"size": [60, 60], "neighbourhood": "moore"}, "dt": 1, "steps": 20, "seed": 8,
 "output": {"snapshot_interval": 20},
 "fields": {"virus": {"diffusion": 0}},
 "cell_types": {"cd8": {"motility": {"rate": 0.5}}, "infected": {"proliferation": {"rate": 0.02}},
                "epithelial": {}},
 "initial": [{"shape": "rect", "type": "cd8", "min": [0, 0], "max": [600, 600], "count": 200},
             {"shape": "disc", "type": "infected", "centre": [300, 300], "radius": 200, "fill": true}],
 "plugins": [{"path": "$CT_BUILD/plugins/contact_kill.so", "parameters": {"target": "infected"}},
             {"path": "$CT_BUILD/plugins/viral_replication.so"}]}
JSON
"$CELLTWIN" run s.json --out run --quiet
head -n 1 run/counts.csv | grep -qx "step,time,cd8,infected,epithelial,kills,viral_load_total"

png_height() { od -An -tu1 -j20 -N4 "$1" | awk '{print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4}'; }
"$CELLTWIN" render --help | grep -q -- '--columns A,B'
# every column: the cell counts and, below on an axis of their own, the plugin columns
"$CELLTWIN" render run --out all.png --plot counts --dpi 100
"$CELLTWIN" render run --out cells.png --plot counts --dpi 100 --columns infected,cd8
"$CELLTWIN" render run --out kills.png --plot counts --dpi 100 --columns kills
png_ok all.png && png_ok cells.png && png_ok kills.png
[ "$(png_height all.png)" -gt $(($(png_height cells.png) * 19 / 10)) ]
[ "$(png_height kills.png)" -eq "$(png_height cells.png)" ]
"$CELLTWIN" render run --out panels.png --panels 0,20 --columns cd8,kills --dpi 100
png_ok panels.png

fails_with 1 'run/counts.csv: no column "bogus" (columns: cd8, infected, epithelial, kills, viral_load_total)' \
    "$CELLTWIN" render run --out x.png --plot counts --columns cd8,bogus
fails_with 1 '--columns: an empty name in "cd8,,kills"' \
    "$CELLTWIN" render run --out x.png --plot counts --columns cd8,,kills
fails_with 1 '--columns: "cd8" named twice' \
    "$CELLTWIN" render run --out x.png --plot counts --columns cd8,kills,cd8
fails_with 2 "--columns chooses time-series columns" "$CELLTWIN" render run --out x.png --columns cd8
[ ! -e x.png ]
echo ok
