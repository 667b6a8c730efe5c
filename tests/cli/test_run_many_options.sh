# Any number of options: 300 --seed and 300 --set (one fixed array of 256 overflowed once); the
# last --seed counts.
set -eu
printf '{"domain":{"size":[10,10]},"dt":1,"steps":2,"cell_types":{"a":{}}}' > s.json
args=()
for i in $(seq 300); do args+=(--set "parameters.p$i=$i"); done
seeds=()
for i in $(seq 300); do seeds+=(--seed 1); done
"$CELLTWIN" run s.json --out o --quiet "${seeds[@]}" "${args[@]}" --seed 5
grep -q '"seed":	5,' o/run.json || { echo "seed is not the last --seed:"; grep seed o/run.json; exit 1; }
grep -q '"p300":	300' o/run.json
"$CELLTWIN" check s.json "${args[@]}" | grep -q ': ok'
echo ok
