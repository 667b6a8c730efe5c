/* Per-cell data and fields out of snapshot files: CSV for pandas and R, VTK XML for ParaView.
 * Exports read ct_snapshot values only (the snapshot stays the one source); docs/formats.md
 * describes every file written here.
 * Format layer: for `celltwin export` and the run loop's `output.cells_every`. */
#ifndef CT_EXPORT_H
#define CT_EXPORT_H

#include <stddef.h>

#include "ct_error.h"
#include "ct_snapshot.h"

typedef enum ct_export_format { CT_EXPORT_CSV, CT_EXPORT_VTK } ct_export_format;

/* Cells as CSV, one row per cell in snapshot order:
   id,x_um,y_um[,z_um],type,state,<one column per attribute>. A cell is at the centre of its
   site, ((i + 1/2) dx, (j + 1/2) dx, (k + 1/2) dx); type and state are names; numbers are written so that they read back to
   the same double. Version 01 snapshots have no ids: the id column is left out. */
int ct_export_cells_csv(const ct_snapshot *s, const char *path, ct_error *err);
/* Fields as one CSV row per lattice site, in site order (x fastest):
   x_um,y_um[,z_um],<one column per field>. Nothing is written when there are no fields. */
int ct_export_fields_csv(const ct_snapshot *s, const char *path, ct_error *err);

/* Cells as a VTK XML PolyData file (.vtp): one point and one vertex per cell, point data id
   (UInt64), type, state (UInt8 indices) and every attribute (Float64); the type and state names
   as field data. Raw appended binary in the machine's byte order. */
int ct_export_cells_vtp(const ct_snapshot *s, const char *path, ct_error *err);
/* Every field as point data of one VTK XML ImageData file (.vti): W x H x D points (D = 1 in
   2D) at the site centres, spacing dx um in each direction, origin (dx/2, dx/2, dx/2) (z 0 in
   2D), so that the cells of the .vtp sit on the field's points. */
int ct_export_fields_vti(const ct_snapshot *s, const char *path, ct_error *err);

/* Exports the snapshot files PATHS (n of them, in step order) in FORMAT into OUT_DIR (created
   if missing): per snapshot cells_<step>.csv and fields_<step>.csv, or cells_<step>.vtp and
   fields_<step>.vti, and for VTK one run.pvd collection of them all with the time in minutes.
   Each file is written under a temporary name and renamed when whole. */
int ct_export_snapshots(const char *const *paths, size_t n, ct_export_format format,
                        const char *out_dir, ct_error *err);

#endif
