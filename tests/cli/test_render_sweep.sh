# celltwin render on a sweep directory: the example sweep's summary.csv drawn as PNG, SVG and PDF
# (each opened by a second tool), --metric/--x/--log-x, and errors that list the known names.
set -eu
"$CELLTWIN" sweep "$CT_ROOT/scenarios/sweep_demo.json" --out sweep --quiet

. "$CT_ROOT/tests/cli/lib_figures.sh"

"$CELLTWIN" render --help | grep -q -- '--metric NAME'
# the sweep file's labels reach the figures through labels.csv
grep -qx 'cell_types.tumour.death.rate,death rate (1/min)' sweep/labels.csv
"$CELLTWIN" render sweep --out all.png --dpi 100
png_ok all.png
"$CELLTWIN" render sweep --out tumour.svg --metric final_tumour --x cell_types.tumour.death.rate
"$CELLTWIN" render sweep --out necrotic.pdf --metric peak_necrotic --log-x --log-y --width-mm 120

command -v rsvg-convert >/dev/null || { echo "rsvg-convert missing: run scripts/install-deps.sh"; exit 1; }
command -v pdftoppm >/dev/null || { echo "pdftoppm missing: run scripts/install-deps.sh"; exit 1; }
rsvg-convert -o tumour.png tumour.svg
png_ok tumour.png
pdftoppm -r 30 -gray necrotic.pdf page
has_ink page-1.pgm
pdfinfo necrotic.pdf | grep -Eq 'Page size: +340\.[0-9]+ x'   # 120 mm = 340.2 pt

# errors: usage (exit 2), then the file and the problem (exit 1), and no figure left behind
fails_with 2 "--panels does not apply to sweep" "$CELLTWIN" render sweep --out x.png --panels 0
fails_with 2 "--metric does not apply to sweep/runs/0" \
    "$CELLTWIN" render sweep/runs/0 --out x.png --metric final_tumour
fails_with 1 'no metric "final_b" (metrics: final_tumour, peak_necrotic, peak_time_necrotic, extinction_time_tumour)' \
    "$CELLTWIN" render sweep --out x.png --metric final_b
fails_with 1 'no parameter "rate" (parameters: cell_types.tumour.proliferation.rate, cell_types.tumour.death.rate)' \
    "$CELLTWIN" render sweep --out x.png --x rate
fails_with 1 "x.gif: unknown figure format" "$CELLTWIN" render sweep --out x.gif
printf 'point,a,metric,n,mean,sd,min,max\n0,1,m,2,3,oops,1,4\n' > sweep/summary.csv
fails_with 1 'sweep/summary.csv:2: sd: expected a number or NA, found "oops"' \
    "$CELLTWIN" render sweep --out x.png
[ ! -e x.png ] && ! ls ./*.tmp.* 2>/dev/null
echo ok
