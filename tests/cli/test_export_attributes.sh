# celltwin export --format csv round-trips ids and per-cell attributes exactly: a run of
# lua_heterogeneous_growth.json (Lua attribute{} declarations) compared with its snapshot files,
# and with the .vtp export; an inherited attribute keeps its value as a cell is tracked by id.
# A plugin's attribute (viral_replication's viral_load) is exported too, and sums to the
# plugin's own counts.csv column.
set -eu
PY_MODULES="numpy, pandas, vtk"
. "$CT_ROOT/tests/cli/lib_export.sh"

run_scenario lua_heterogeneous_growth hg 200 --set output.snapshot_interval=100
"$CELLTWIN" export hg --format csv --all --out csv --quiet
"$CELLTWIN" export hg --format vtk --step 200 --out vtk --quiet

"$PY" - <<'PYTHON'
import numpy as np, pandas as pd, vtk
from vtk.util.numpy_support import vtk_to_numpy
import ctsnap

attributes = ["division_rate", "clone", "divisions"]
tables = {}
for step in (0, 100, 200):
    snap = ctsnap.read(f"hg/snapshots/state_{step:08d}.ctsnap")
    assert list(snap["attributes"]) == attributes, list(snap["attributes"])
    table = pd.read_csv(f"csv/cells_{step:08d}.csv", float_precision="round_trip")
    assert list(table.columns) == ["id", "x_um", "y_um", "type", "state"] + attributes
    assert (table.id.to_numpy(np.uint64) == snap["id"]).all(), step
    for name in attributes:
        exported = table[name].to_numpy(np.float64)
        assert exported.tobytes() == snap["attributes"][name].tobytes(), (step, name)
    tables[step] = table.set_index("id")
    print(f"step {step}: {len(table)} cells, ids and {len(attributes)} attributes bit for bit")

reader = vtk.vtkXMLPolyDataReader()
reader.SetFileName("vtk/cells_00000200.vtp")
reader.Update()
points = reader.GetOutput().GetPointData()
for name in attributes:
    values = vtk_to_numpy(points.GetArray(name))
    assert values.tobytes() == tables[200][name].to_numpy(np.float64).tobytes(), name

# tracking by id: a cell alive at both steps keeps its inherited division rate and clone mark
both = tables[100].index.intersection(tables[200].index)
assert len(both) > 50, len(both)
for name in ("division_rate", "clone"):
    assert (tables[100].loc[both, name] == tables[200].loc[both, name]).all(), name
assert (tables[200].loc[both, "divisions"] >= tables[100].loc[both, "divisions"]).all()
print(f"{len(both)} cells tracked by id from step 100 to 200")
PYTHON
cat >virus.json <<JSON
{"domain": {"size": [60, 60], "neighbourhood": "moore"}, "dt": 1, "steps": 20, "seed": 8,
 "output": {"interval": 10, "snapshot_interval": 20},
 "fields": {"virus": {"diffusion": 0}},
 "cell_types": {"infected": {"proliferation": {"rate": 0.02}}, "epithelial": {}},
 "initial": [{"shape": "disc", "type": "infected", "centre": [300, 300], "radius": 100, "fill": true}],
 "plugins": [{"path": "$CT_BUILD/plugins/viral_replication.so"}]}
JSON
"$CELLTWIN" run virus.json --out virus --quiet
"$CELLTWIN" export virus --format csv --out virus_csv --quiet
"$PY" - <<'PYTHON'
import pandas as pd
cells = pd.read_csv("virus_csv/cells_00000020.csv", float_precision="round_trip")
counts = pd.read_csv("virus/counts.csv")
total = counts[counts.step == 20].viral_load_total.iloc[0]
assert "viral_load" in cells.columns and cells.viral_load.max() > 0, list(cells.columns)
assert abs(cells.viral_load.sum() - total) <= 1e-6 * abs(total), (cells.viral_load.sum(), total)
print(f"plugin attribute viral_load: {len(cells)} cells, total {total}")
PYTHON
echo ok
