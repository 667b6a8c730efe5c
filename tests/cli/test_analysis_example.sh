# The worked example of docs/analysis.md keeps working: docs/examples/track_cells.py reads the
# cells_<step>.csv of a tcell_tumour.json run (output.cells_every), tracks T cells by id and draws
# the figure of docs/gallery/track_cells.png.
set -eu
PY_MODULES="numpy, pandas, matplotlib"
. "$CT_ROOT/tests/cli/lib_export.sh"
run_scenario tcell_tumour tt 200 --set output.cells_every=20
"$PY" "$CT_ROOT/docs/examples/track_cells.py" tt track.png | tee summary.txt
grep -q "^11 steps, 200 T cells tracked by id; paths of ids" summary.txt
[ "$(head -c 8 track.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] # a PNG
[ "$(wc -c <track.png)" -gt 20000 ]
rc=0
"$PY" "$CT_ROOT/docs/examples/track_cells.py" . none.png 2>err.txt || rc=$?
[ "$rc" -ne 0 ] && grep -q "no cells_<step>.csv files" err.txt
echo ok
