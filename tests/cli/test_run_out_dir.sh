# A run directory holds one run: running into one that holds another run is refused; --force
# replaces that run's files (and only those). (Resume and sweep resume: their own tests.)
set -eu
printf '{"domain":{"size":[10,10]},"dt":1,"steps":40,"cell_types":{"a":{"motility":{"rate":0.1}}},
 "initial":[{"shape":"rect","type":"a","min":[0,0],"max":[100,100],"count":20}],
 "output":{"snapshot_interval":10}}' > s.json
"$CELLTWIN" run s.json --out o --quiet
ls o/snapshots/state_00000040.ctsnap >/dev/null
echo "mine" > o/notes.txt
echo "mine" > o/snapshots/figure.png
if "$CELLTWIN" run s.json --out o --steps 20 --quiet 2>err; then echo "ran into another run"; exit 1; fi
grep -q 'o: holds another run' err || { cat err; exit 1; }
grep -q -- '--force' err
[ -e o/snapshots/state_00000040.ctsnap ] # refused: nothing of the old run touched
"$CELLTWIN" run s.json --out o --steps 20 --quiet --force
[ ! -e o/snapshots/state_00000040.ctsnap ] || { echo "the old run's snapshot stayed"; exit 1; }
[ "$(ls o/snapshots | grep -c ctsnap)" -eq 3 ]
[ "$(cat o/notes.txt o/snapshots/figure.png)" = "$(printf 'mine\nmine')" ]
[ "$(tail -n 1 o/counts.csv | cut -d, -f1)" = 20 ]
# a directory of unrelated files only is fine
mkdir other && echo x > other/readme
"$CELLTWIN" run s.json --out other --steps 5 --quiet
[ -e other/readme ]
echo ok
