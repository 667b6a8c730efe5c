# celltwin export: a run of tcell_tumour.json (2D) and of a small 3D scenario, exported as VTK and
# CSV, read back with VTK's own XML readers and pandas, and compared with the snapshot files
# themselves (read by docs/examples/ctsnap.py) and with counts.csv.
set -eu
PY_MODULES="numpy, pandas, vtk"
. "$CT_ROOT/tests/cli/lib_export.sh"

run_scenario tcell_tumour tt 300 --set output.snapshot_interval=100
"$CELLTWIN" export tt --format vtk --all --out tt_vtk --quiet
"$CELLTWIN" export tt --format csv --all --out tt_csv --quiet

cat > s3.json <<'JSON'
{"domain": {"size": [12, 10, 8], "dx": 2.5, "neighbourhood": "moore"},
 "dt": 1, "steps": 20, "seed": 3, "output": {"interval": 10, "snapshot_interval": 10},
 "fields": {"signal": {"diffusion": 10, "decay": 0.01, "initial": 1, "units": "nM"}},
 "cell_types": {"a": {"proliferation": {"rate": 0.05}, "motility": {"rate": 0.1},
                      "uptake": {"signal": 0.2}}},
 "initial": [{"shape": "disc", "type": "a", "centre": [15, 12.5, 10], "radius": 5, "fill": true}]}
JSON
"$CELLTWIN" run s3.json --out r3 --quiet
"$CELLTWIN" export r3 --format vtk --all --out r3_vtk --quiet
"$CELLTWIN" export r3 --format csv --step 20 --out r3_csv --quiet

"$PY" - <<'PYTHON'
import glob, os, xml.etree.ElementTree as ET
import numpy as np, pandas as pd, vtk
from vtk.util.numpy_support import vtk_to_numpy
import ctsnap

def read_vtk(reader_class, path):
    reader = reader_class()
    reader.SetFileName(path)
    reader.Update()
    assert reader.GetErrorCode() == 0, path
    return reader.GetOutput()

def check_run(run, out_vtk, out_csv, size, dx, dt, csv_steps):
    counts = pd.read_csv(f"{run}/counts.csv")
    type_columns = [c for c in counts.columns[2:] if ":" not in c]
    snaps = sorted(glob.glob(f"{run}/snapshots/state_*.ctsnap"))
    assert len(snaps) >= 2, snaps
    pvd = ET.parse(f"{out_vtk}/run.pvd").getroot()
    datasets = pvd.findall("./Collection/DataSet")
    assert len(datasets) == 2 * len(snaps), len(datasets)
    for path in snaps:
        snap = ctsnap.read(path)
        step = snap["step"]
        n = len(snap["id"])
        row = counts[counts.step == step]
        assert n == int(row[type_columns].sum(axis=1).iloc[0]), (path, n)
        # cells: one point per agent, its id, type, state and position
        cells = read_vtk(vtk.vtkXMLPolyDataReader, f"{out_vtk}/cells_{step:08d}.vtp")
        assert cells.GetNumberOfPoints() == n and cells.GetNumberOfVerts() == n, step
        point_data = cells.GetPointData()
        ids = vtk_to_numpy(point_data.GetArray("id"))
        assert ids.dtype == np.uint64 and len(np.unique(ids)) == n, step
        assert (ids == snap["id"]).all() and ids.min() >= 1
        assert (vtk_to_numpy(point_data.GetArray("type")) == snap["type"]).all()
        assert (vtk_to_numpy(point_data.GetArray("state")) == snap["state"]).all()
        names = cells.GetFieldData().GetAbstractArray("type_names")
        assert [names.GetValue(i) for i in range(names.GetNumberOfValues())] == snap["types"]
        w, h, d = size
        site = snap["site"].astype(np.int64)
        expected_xyz = (np.stack([site % w, site // w % h, site // (w * h)], axis=1) + 0.5) * dx
        if snap["ndim"] == 2:
            expected_xyz[:, 2] = 0  # site centres; z = 0 in 2D
        assert (vtk_to_numpy(cells.GetPoints().GetData()) == expected_xyz).all(), step
        # fields: W x H x D points at the site centres, spacing dx in every direction
        image = read_vtk(vtk.vtkXMLImageDataReader, f"{out_vtk}/fields_{step:08d}.vti")
        assert image.GetDimensions() == (w, h, d), image.GetDimensions()
        assert image.GetSpacing() == (dx, dx, dx), image.GetSpacing()
        assert image.GetOrigin() == (dx / 2, dx / 2, dx / 2 if d > 1 else 0), image.GetOrigin()
        assert image.GetPoint(int(site[0])) == tuple(expected_xyz[0])
        for name, values in snap["fields"].items():
            exported = vtk_to_numpy(image.GetPointData().GetArray(name))
            assert np.array_equal(exported, values.ravel()), name
        time = float(pvd.find(f"./Collection/DataSet[@file='cells_{step:08d}.vtp']").get("timestep"))
        assert time == step * dt == snap["time_min"], (time, step)
        if step not in csv_steps:
            continue
        # CSV: the same ids, positions, names and field values, exactly
        table = pd.read_csv(f"{out_csv}/cells_{step:08d}.csv", float_precision="round_trip")
        axes = ["x_um", "y_um", "z_um"][:snap["ndim"]]
        assert list(table.columns) == ["id"] + axes + ["type", "state"], list(table.columns)
        assert (table.id.to_numpy(np.uint64) == ids).all()
        assert (table[axes].to_numpy() == expected_xyz[:, :snap["ndim"]]).all()
        assert (table.type == [snap["types"][t] for t in snap["type"]]).all()
        grid = pd.read_csv(f"{out_csv}/fields_{step:08d}.csv", float_precision="round_trip")
        assert len(grid) == w * h * d
        for name, values in snap["fields"].items():
            assert np.array_equal(grid[name].to_numpy(np.float32), values.ravel()), name
        print(f"{run} step {step}: {n} cells, {w}x{h}x{d} field sites: vtk and csv agree")

check_run("tt", "tt_vtk", "tt_csv", (200, 200, 1), 10.0, 1.0, {0, 100, 200, 300})
check_run("r3", "r3_vtk", "r3_csv", (12, 10, 8), 2.5, 1.0, {20})
assert not glob.glob("r3_csv/*_00000010.csv"), "--step 20 exported another step"
PYTHON
[ -z "$(ls tt_vtk tt_csv r3_vtk r3_csv | grep '\.tmp\.')" ]
echo ok
