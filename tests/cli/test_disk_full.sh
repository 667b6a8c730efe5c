# A disk that fills up during a run: a clear error naming the file, a non-zero exit, no
# temporary files left behind, and every file already written still whole; counts.csv keeps every
# row written whole before the error. The file-size limit (RLIMIT_FSIZE, no privileges needed)
# fails counts.csv's writes part way; a small tmpfs fills the disk itself, when this user may
# mount one (root in CI): elsewhere the test says so and checks an unwritable path instead.
set -eu
printf '{"domain":{"size":[10,10]},"dt":1,"steps":20000,"cell_types":{"a":{"motility":{"rate":0.1}}},
 "initial":[{"shape":"rect","type":"a","min":[0,0],"max":[100,100],"count":20}]}' > long.json
status=0
# SIGXFSZ ignored: a write past the limit fails with EFBIG instead of killing the process
(trap '' XFSZ; ulimit -f 64; exec "$CELLTWIN" run long.json --out capped --quiet) 2>err ||
    status=$?
[ "$status" -eq 1 ] || { echo "exit status $status, want 1"; cat err; exit 1; }
grep -q 'capped/counts.csv: write failed: File too large; capped/counts.csv keeps its header and the [0-9]* whole rows written before' err ||
    { echo "unclear message:"; cat err; exit 1; }
rows=$(sed 's/.*and the \([0-9]*\) whole rows.*/\1/' err)
[ "$rows" -gt 1000 ] || { echo "only $rows rows kept"; exit 1; }
[ "$(wc -l < capped/counts.csv)" -eq $((rows + 1)) ] || { echo "not $rows rows + header"; exit 1; }
# every row whole, the steps in order from 0
awk -F, 'NR == 1 { n = NF; next } NF != n || $1 != NR - 2 { print "bad row " NR ": " $0; exit 1 }' \
    capped/counts.csv
[ -z "$(tail -c 1 capped/counts.csv)" ] # ends with a line end
grep -q '"status":	"error"' capped/run.json
grep -q "keeps its header and the $rows whole rows" capped/run.json
if ls capped/*.tmp.* 2>/dev/null; then echo "temporary files left behind"; exit 1; fi

mkdir -p small
if ! mount -t tmpfs -o size=300k tmpfs small 2>/dev/null; then
    echo "cannot mount a tmpfs here: checking an unwritable output path only"
    if "$CELLTWIN" run "$CT_ROOT/scenarios/demo_tumour.json" --out /proc/celltwin --quiet 2>err; then
        exit 1
    fi
    grep -q '/proc/celltwin' err
    echo ok
    exit 0
fi
trap 'umount small' EXIT
status=0
"$CELLTWIN" run "$CT_ROOT/scenarios/demo_tumour.json" --out small/run --quiet \
    --set output.snapshot_interval=20 2>err || status=$?
[ "$status" -eq 1 ] || { echo "exit status $status, want 1"; cat err; exit 1; }
grep -q 'No space left on device' err || { echo "unclear message:"; cat err; exit 1; }
[ -s small/run/counts.csv ] || { echo "counts.csv lost"; exit 1; }
if ls small/run/*.tmp.* small/run/snapshots/*.tmp.* 2>/dev/null; then
    echo "temporary files left behind"; exit 1
fi
n=0
for f in small/run/snapshots/*.ctsnap; do # each snapshot on disk is whole: it renders
    "$CELLTWIN" render small/run --step "$(basename "$f" .ctsnap | sed 's/state_0*//; s/^$/0/')" \
        --out "fig$n.png" >/dev/null
    n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "no snapshot was written before the disk filled"; exit 1; }
echo "ok: $n whole snapshots before the disk filled"
