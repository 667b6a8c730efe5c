"""Reads a celltwin snapshot file (.ctsnap, format versions 01 and 02) with numpy alone.

The format is described in docs/formats.md. `celltwin export` writes the same data as CSV and
VTK files; this reader is for scripts that want the snapshot itself. It does not verify the
trailing FNV-1a checksum (celltwin's own reader does).

    import ctsnap
    snap = ctsnap.read("out/tt/snapshots/state_00000400.ctsnap")
    snap["id"], snap["attributes"]["potency"], snap["fields"]["chemokine"].shape
"""
import struct

import numpy as np


class _Cursor:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if self.pos + n > len(self.data) - 8:
            raise ValueError(f"truncated snapshot at byte {self.pos}")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt):
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))

    def string(self):
        (n,) = self.unpack("I")
        return self.take(n).decode("utf-8")

    def array(self, dtype, n):
        dtype = np.dtype(dtype).newbyteorder("<")
        return np.frombuffer(self.take(n * dtype.itemsize), dtype=dtype).copy()


def read(path):
    """The snapshot at PATH as a dict of numbers, names and numpy arrays (see docs/formats.md)."""
    with open(path, "rb") as f:
        c = _Cursor(f.read())
    magic = c.take(8)
    if magic not in (b"CTSNAP01", b"CTSNAP02"):
        raise ValueError(f"{path}: not a celltwin snapshot of version 01 or 02 ({magic!r})")
    snap = {"version": int(magic[6:])}
    ndim, w, h, d = c.unpack("4I")
    snap.update(ndim=ndim, size=(w, h, d))
    snap["dx_um"], snap["step"], snap["time_min"], snap["seed"] = c.unpack("dQdQ")
    (n_types,) = c.unpack("I")
    types = [(c.string(), c.string()) for _ in range(n_types)]
    snap["types"] = [name for name, _ in types]
    snap["colours"] = [colour or None for _, colour in types]
    (n_states,) = c.unpack("I")
    snap["states"] = [c.string() for _ in range(n_states)]
    (n,) = c.unpack("Q")
    snap["site"] = c.array("u4", n)
    snap["type"] = c.array("u1", n)
    snap["state"] = c.array("u1", n)
    snap["id"], snap["attributes"] = None, {}
    if snap["version"] >= 2:
        snap["id"] = c.array("u8", n)
        (n_attrs,) = c.unpack("I")
        for _ in range(n_attrs):
            name = c.string()
            snap["attributes"][name] = c.array("f8", n)
    (n_fields,) = c.unpack("I")
    snap["fields"], snap["units"] = {}, {}
    for _ in range(n_fields):
        name, units = c.string(), c.string()
        snap["units"][name] = units
        snap["fields"][name] = c.array("f4", w * h * d).reshape(d, h, w)  # [z, y, x]
    if c.pos != len(c.data) - 8:
        raise ValueError(f"{path}: {len(c.data) - 8 - c.pos} unexpected bytes after the fields")
    return snap
