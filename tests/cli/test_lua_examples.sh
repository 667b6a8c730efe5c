# Every Lua example scenario runs as it is (shortened), on two threads, and ends with status ok.
set -eu
n=0
for scenario in "$CT_ROOT"/scenarios/lua_*.json; do
    name=$(basename "$scenario" .json)
    "$CELLTWIN" run "$scenario" --steps 600 --threads 2 --out "$name" --quiet 2>"$name.log" \
        || { cat "$name.log"; exit 1; }
    grep -q '"status":[[:space:]]*"ok"' "$name/run.json"
    test "$(wc -l <"$name/counts.csv")" -gt 2
    n=$((n + 1))
done
test "$n" -ge 4
