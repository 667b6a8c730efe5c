# resume refuses, with a clear message, a directory without a checkpoint and a truncated or
# corrupted checkpoint; the intact checkpoint still resumes.
set -eu
. "$CT_ROOT/tests/cli/lib_sweep.sh"
write_slow_scenario s.json 1000

refused() { # DIR WORDS
    rc=0
    "$CELLTWIN" resume "$1" --quiet 2>err.txt || rc=$?
    cat err.txt
    [ "$rc" -eq 1 ] && grep -q "$2" err.txt
}

"$CELLTWIN" run s.json --out done --quiet --steps 20 --checkpoint-every 5
refused done 'done/checkpoint.ctck: no checkpoint: the run finished'

"$CELLTWIN" run s.json --out run --quiet --checkpoint-every 10 &
pid=$!
wait_for '[ -e run/checkpoint.ctck ]'
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
size=$(stat -c %s run/checkpoint.ctck)

mkdir cut bad
cp run/run.json cut/ && head -c $((size / 2)) run/checkpoint.ctck >cut/checkpoint.ctck
refused cut 'cut/checkpoint.ctck: truncated: section "AGNT"'

cp run/run.json bad/ && cp run/checkpoint.ctck bad/
printf 'X' | dd of=bad/checkpoint.ctck bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
refused bad 'bad/checkpoint.ctck: corrupt: checksum mismatch'

printf 'CTCKPT09' | dd of=bad/checkpoint.ctck bs=1 conv=notrunc 2>/dev/null
refused bad 'checkpoint format version 09; this celltwin reads 02'

"$CELLTWIN" resume run --quiet
grep -q '"status":[[:space:]]*"ok"' run/run.json
