# celltwin export refuses bad input with a message naming the file or option and what was
# expected, leaves no temporary files, and keeps what an earlier export wrote. Version 01
# snapshots (no ids, no attributes) still export, without the id column.
set -eu
cat > s.json <<'JSON'
{"domain": {"size": [20, 20], "dx": 5},
 "dt": 1, "steps": 20, "seed": 1, "output": {"interval": 10, "snapshot_interval": 10},
 "fields": {"f": {"diffusion": 1, "initial": 1}},
 "cell_types": {"a": {"motility": {"rate": 0.1}}},
 "initial": [{"shape": "disc", "type": "a", "centre": [50, 50], "radius": 15, "fill": true}]}
JSON
"$CELLTWIN" run s.json --out r --quiet

# expect STATUS PATTERN ARGS...: celltwin export ARGS exits with STATUS, stderr matching PATTERN
expect() {
    local status=$1 pattern=$2 rc=0
    shift 2
    timeout 20 "$CELLTWIN" export "$@" 2>err.txt || rc=$?
    if [ "$rc" -ne "$status" ] || ! grep -q -- "$pattern" err.txt; then
        echo "celltwin export $*: status $rc (expected $status), stderr:"
        cat err.txt
        exit 1
    fi
}

expect 2 "missing --format" r
expect 2 "expected vtk or csv, got \"xml\"" r --format xml
expect 2 "exclude each other" r --format csv --step 10 --all
expect 2 "expected a whole number" r --format csv --step -3
expect 1 "nope/snapshots: cannot open" nope --format csv
mkdir empty
expect 1 "empty/snapshots: cannot open" empty --format vtk
mkdir -p empty/snapshots
expect 1 "no snapshot files" empty --format vtk
expect 1 "no snapshot of step 15 (3 snapshots, steps 0 to 20; the nearest is 10)" r \
    --format csv --step 15
touch file
expect 1 "file: not a directory" r --format csv --out file

"$CELLTWIN" export r --format csv --all --out kept --quiet
cp kept/cells_00000020.csv before.csv

# a full disk: the file and the reason named, files already written whole, no temporary file
mkdir -p small
if mount -t tmpfs -o size=24k tmpfs small 2>/dev/null; then
    trap 'umount small' EXIT
    expect 1 "small/out/.*: write failed: No space left on device" r --format csv --all \
        --out small/out
    [ -z "$(ls -a small/out | grep '\.tmp\.')" ]
    for f in small/out/*.csv; do cmp "$f" "kept/$(basename "$f")"; done
    umount small
    trap - EXIT
else
    echo "cannot mount a tmpfs here: the full-disk case is not checked"
fi

cp r/snapshots/state_00000020.ctsnap whole.ctsnap
head -c 200 whole.ctsnap > r/snapshots/state_00000020.ctsnap
expect 1 "r/snapshots/state_00000020.ctsnap: truncated" r --format csv --all --out kept
cmp before.csv kept/cells_00000020.csv # an earlier export is not lost
printf 'CTSNAP03' | dd of=r/snapshots/state_00000020.ctsnap bs=1 conv=notrunc 2>/dev/null
expect 1 "state_00000020.ctsnap: snapshot format version 03, this build reads versions 01 and 02" \
    r --format vtk --step 20
mkdir r/snapshots/state_00000030.ctsnap
expect 1 "state_00000030.ctsnap: not a regular file" r --format csv --step 30
mkfifo r/snapshots/state_00000040.ctsnap
expect 1 "state_00000040.ctsnap: not a regular file" r --format csv --step 40
[ -z "$(ls -a kept r/snapshots | grep '\.tmp\.')" ]

# a version 01 snapshot, as celltwin wrote them before ids and attributes
mkdir -p old/snapshots
cp "$CT_ROOT/tests/data/snapshot_v01.ctsnap" old/snapshots/state_00000100.ctsnap
"$CELLTWIN" export old --format csv --quiet
[ "$(head -1 old/export/cells_00000100.csv)" = "x_um,y_um,type,state" ]
[ "$(sed -n 3p old/export/cells_00000100.csv)" = "18.75,18.75,tcell,active" ]
"$CELLTWIN" export old --format vtk --quiet
grep -q 'NumberOfPoints="3"' old/export/cells_00000100.vtp
[ "$(grep -c 'Name="id"' old/export/cells_00000100.vtp)" = 0 ]
echo ok
