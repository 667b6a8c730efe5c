# Temporary output names are created new (O_EXCL|O_NOFOLLOW): symlinks planted under the names a
# run will use (NAME.tmp.<pid>) never make it write outside its directory.
set -eu
printf '{"domain":{"size":[10,10]},"dt":1,"steps":3,"cell_types":{"a":{}},
 "output":{"snapshot_interval":1}}' > s.json
echo precious > victim
mkdir -p o/snapshots
# exec keeps the shell's pid, so $$ is the pid celltwin runs as
bash -c 'for f in counts.csv run.json snapshots/state_00000000.ctsnap; do
             ln -s "$PWD/victim" "o/$f.tmp.$$"
         done
         exec "$CELLTWIN" run s.json --out o --quiet'
[ "$(cat victim)" = precious ] || { echo "the run wrote through a planted symlink"; exit 1; }
for f in o/counts.csv o/run.json o/snapshots/state_00000000.ctsnap; do
    [ -f "$f" ] && [ ! -L "$f" ] || { echo "$f is not a regular file"; exit 1; }
done
[ "$(ls o | grep -c tmp)" -eq 0 ]
echo ok
