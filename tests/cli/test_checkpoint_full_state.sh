# Checkpoints carry fields, cell states, attributes, rates changed by a script and pushing: runs killed
# with SIGKILL after a checkpoint and resumed end byte-identical to runs never stopped.
set -eu
. "$CT_ROOT/tests/cli/lib_sweep.sh"
kill_and_resume() { # SCENARIO NAME [options...]: run whole, run killed + resumed, compare
    local scenario=$1 name=$2
    shift 2
    "$CELLTWIN" run "$scenario" --out "$name-whole" --quiet "$@" >/dev/null
    "$CELLTWIN" run "$scenario" --out "$name-cut" --quiet --checkpoint-every 20 "$@" >/dev/null &
    local pid=$!
    wait_for "[ -e $name-cut/checkpoint.ctck ]"
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
    grep -q '"status":[[:space:]]*"running"' "$name-cut/run.json" ||
        { echo "$name: the run ended before the kill: make it longer"; exit 1; }
    "$CELLTWIN" resume "$name-cut" --quiet >/dev/null
    cmp "$name-whole/counts.csv" "$name-cut/counts.csv"
    [ ! -d "$name-whole/snapshots" ] || diff -r "$name-whole/snapshots" "$name-cut/snapshots"
}
# fields (secretion, uptake, chemotaxis), states, contact actions, Hill rules
kill_and_resume "$CT_ROOT/scenarios/tcell_tumour.json" tcell --steps 1000
# Lua: attributes drawn at birth, per-cell functions
kill_and_resume "$CT_ROOT/scenarios/lua_heterogeneous_growth.json" hetero
# Lua: sim:set_rate from a dosing hook
kill_and_resume "$CT_ROOT/scenarios/lua_drug_schedule.json" drug
# pushing divisions, resolved serially after each step's births
kill_and_resume "$CT_ROOT/scenarios/pushing_tumour.json" push --steps 3000
echo ok
