# A run over ranks writes dist_profile.json: per rank the bytes sent in the halo exchange and the
# cells placed into the window per step, and seconds per phase (docs/performance.md). Checked
# against the formula of docs/performance.md on a lattice every site of which holds a cell that
# never moves, divides or dies, so the occupancy f is exactly 1. 40 x 32 sites, periodic, K = 2:
# each rank sends both neighbours (here the same rank, across the periodic edge) a record count
# (4 bytes) and H rows of 40 records of 32 bytes (no attributes): 2 x (4 + H x 40 x 32) bytes,
# H = 4 without fields. With one explicit field of one sub-step (D 1, dx 10, dt 1), H = 5 and each
# side also carries 2 x 1 field x 5 rows x 40 sites x 4 bytes (values and sources):
# 2 x (4 + 6400) + 2 x 1600 = 16008. Cells placed: only the halo rows, 2 x H x 40, since the
# window keeps its owned cells between steps (a refill of the whole window would place 640 + 320).
set -eu
. "$CT_ROOT/tests/cli/lib_mpi.sh"

cat >full.json <<'JSON'
{"domain":{"size":[40,32]},"dt":1,"steps":5,"seed":2,"output":{"interval":5},
 "cell_types":{"still":{}},
 "initial":[{"shape":"rect","type":"still","min":[0,0],"max":[400,320],"count":1280}]}
JSON
sed 's/"cell_types"/"fields":{"f":{"diffusion":1,"solver":"explicit","boundary":"periodic"}},"cell_types"/' \
    full.json >field.json

# expect_profile SCENARIO RANKS BYTES CELLS: every rank's line of dist_profile.json says so
expect_profile() {
    mpirun -n "$2" "$CELLTWIN" run "$1" --out "out-$1-$2" --ranks --quiet
    local want="\"steps\": 5, \"bytes_sent_per_step\": $3, \"cells_placed_per_step\": $4,"
    if [ "$(grep -c -F "$want" "out-$1-$2/dist_profile.json")" != "$2" ]; then
        echo "FAIL: $1 on $2 ranks: expected every rank to report $want; got:"
        cat "out-$1-$2/dist_profile.json"
        exit 1
    fi
}
expect_profile full.json 2 10248 320
expect_profile field.json 2 16008 400
expect_profile full.json 1 0 0
grep -q '"exchange": [0-9.]*, "fill": [0-9.]*, "step": [0-9.]*, "collect": [0-9.]*, "output": ' \
    out-full.json-2/dist_profile.json
echo "dist_profile.json: halo bytes and cells placed per step as the formula says"
