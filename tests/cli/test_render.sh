# celltwin render: every kind of figure from a real run, each format opened by a second tool,
# and errors that name the file and the problem.
set -eu
"$CELLTWIN" run "$CT_ROOT/scenarios/demo_tumour.json" --out run --steps 100 --quiet

. "$CT_ROOT/tests/cli/lib_figures.sh"

"$CELLTWIN" render --help | grep -q -- '--panels S1,S2'
"$CELLTWIN" render run --out last.png --dpi 100
png_ok last.png
"$CELLTWIN" render run --out step.png --step 3 --by-state --region 200,200,800,800 --dpi 100
png_ok step.png
"$CELLTWIN" render run --out counts.svg --plot counts --log-y
"$CELLTWIN" render run --out panels.pdf --panels 0,100 --width-mm 120

command -v rsvg-convert >/dev/null || { echo "rsvg-convert missing: run scripts/install-deps.sh"; exit 1; }
command -v pdftoppm >/dev/null || { echo "pdftoppm missing: run scripts/install-deps.sh"; exit 1; }
rsvg-convert -o counts.png counts.svg
png_ok counts.png
pdftoppm -r 30 -gray panels.pdf page
has_ink page-1.pgm
pdfinfo panels.pdf | grep -Eq 'Page size: +340\.[0-9]+ x'   # 120 mm = 340.2 pt

# errors: usage (exit 2), then the file and the problem (exit 1), and no figure left behind
fails_with 2 "missing --out" "$CELLTWIN" render run
fails_with 2 "missing RUN_DIR" "$CELLTWIN" render --out x.png
fails_with 2 '--colormap: invalid value "jet"' "$CELLTWIN" render run --out x.png --colormap jet
fails_with 2 "--region: invalid value" "$CELLTWIN" render run --out x.png --region 1,2,3
fails_with 2 "exclude each other" "$CELLTWIN" render run --out x.png --slice 0 --project
for bad in 0 21 -1 abc; do
    fails_with 2 "--cell-size: invalid value \"$bad\"" "$CELLTWIN" render run --out x.png --cell-size "$bad"
done
"$CELLTWIN" render --help | grep -q -- '--cell-size PT'
for bad in 0 1.5 x; do
    fails_with 2 "--field-alpha: invalid value \"$bad\"" "$CELLTWIN" render run --out x.png --field-alpha "$bad"
done
fails_with 2 "--field-alpha needs --field NAME" "$CELLTWIN" render run --out x.png --field-alpha 0.5
"$CELLTWIN" render run --out marked.png --cell-size 2 --dpi 100
png_ok marked.png
# two steps nearest one snapshot would draw it twice (the run has snapshots 0 and 100)
fails_with 1 "steps 98 and 100 both resolve to the snapshot of step 100" \
    "$CELLTWIN" render run --out x.png --panels 0,98,100
fails_with 1 "x.gif: unknown figure format" "$CELLTWIN" render run --out x.gif
fails_with 1 "nowhere/snapshots: cannot open" "$CELLTWIN" render nowhere --out x.png
fails_with 1 'no field "oxygen"' "$CELLTWIN" render run --out x.png --field oxygen
fails_with 1 "slice z = 4 is outside" "$CELLTWIN" render run --out x.png --slice 4
fails_with 2 "--region: invalid value" "$CELLTWIN" render run --out x.png --region 9,0,1,10
fails_with 2 "--region: invalid value" "$CELLTWIN" render run --out x.png --region 0,0,nan,10
fails_with 1 "holds no site centre" "$CELLTWIN" render run --out x.png --region 5000,0,6000,10
# --region is in um like scenario regions: the demo is 160 sites of 10 um, 1600 um wide
"$CELLTWIN" render run --out zoom.png --region 200,200,1200,800 --dpi 100
png_ok zoom.png
cp run/snapshots/state_00000100.ctsnap good.ctsnap
# byte 50 lies in the seed, so only the checksum can tell
printf '\125' | dd of=run/snapshots/state_00000100.ctsnap bs=1 seek=50 conv=notrunc 2>/dev/null
fails_with 1 "state_00000100.ctsnap: checksum mismatch" "$CELLTWIN" render run --out x.png
head -c 120 good.ctsnap > run/snapshots/state_00000100.ctsnap
fails_with 1 "state_00000100.ctsnap: truncated" "$CELLTWIN" render run --out x.png
printf 'GIF89a-not-a-snapshot' > run/snapshots/state_00000100.ctsnap
fails_with 1 "bad magic" "$CELLTWIN" render run --out x.png
[ ! -e x.png ] && ! ls ./*.tmp.* 2>/dev/null
echo ok
