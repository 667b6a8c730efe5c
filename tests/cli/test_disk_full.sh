# A disk that fills up during a run: a clear error naming the file, a non-zero exit, no
# temporary files left behind, and every file already written still whole. Needs permission to
# mount a small tmpfs (root in CI); elsewhere the test says so and checks what it can.
set -eu
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
