"""Tracks T cells by id through a run of scenarios/tcell_tumour.json (docs/analysis.md).

    celltwin run scenarios/tcell_tumour.json --out out/tt --set output.cells_every=10
    python3 docs/examples/track_cells.py out/tt docs/gallery/track_cells.png

Reads every cells_<step>.csv in the directory (written by output.cells_every, or by
`celltwin export RUN_DIR --format csv --all`), stacks them into one table with a step column, and
draws (A) the paths of the T cells that live longest, coloured by step, on the tumour at the last
step, and (B) the T cells' distance to the tumour centre over time, by state, mean and quartiles.
"""
import glob
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def load_cells(directory):
    """Every cells_<step>.csv of DIRECTORY as one table with a step column."""
    paths = sorted(glob.glob(os.path.join(directory, "cells_*.csv")))
    if not paths:
        sys.exit(f"{directory}: no cells_<step>.csv files (set output.cells_every, or run "
                 "celltwin export RUN_DIR --format csv --all)")
    tables = []
    for path in paths:
        step = int(os.path.basename(path)[len("cells_"):-len(".csv")])
        tables.append(pd.read_csv(path, float_precision="round_trip").assign(step=step))
    return pd.concat(tables, ignore_index=True)


def longest_lived(tcells, n):
    """Ids of the N T cells seen at the most steps (ties: the lowest ids)."""
    seen = tcells.groupby("id").step.count()
    return seen.sort_values(ascending=False, kind="stable").index[:n]


def draw_paths(ax, cells, tcells, ids):
    first = cells[cells.step == cells.step.min()]
    tumour = first[first.type == "tumour"]
    ax.scatter(tumour.x_um, tumour.y_um, s=1, c="#d55e00", alpha=0.3, linewidths=0,
               label=f"tumour at step {first.step.iloc[0]}")
    for cell_id in ids:
        path = tcells[tcells.id == cell_id].sort_values("step")
        ax.plot(path.x_um, path.y_um, lw=0.6, c="0.4")
        points = ax.scatter(path.x_um, path.y_um, c=path.step, s=3, cmap="viridis",
                            linewidths=0, vmin=cells.step.min(), vmax=cells.step.max())
    ax.figure.colorbar(points, ax=ax, label="step (min)", shrink=0.8)
    ax.set_aspect("equal")
    ax.set_xlabel("x (um)")
    ax.set_ylabel("y (um)")
    ax.set_title(f"A  paths of {len(ids)} T cells, by id", loc="left", fontsize=8)
    ax.legend(loc="upper right", fontsize=6, markerscale=4, frameon=False)


def draw_distances(ax, tcells, centre):
    tcells = tcells.assign(distance=np.hypot(tcells.x_um - centre[0], tcells.y_um - centre[1]))
    for state, colour in zip(["naive", "active", "exhausted"], ["#0072b2", "#009e73", "#cc79a7"]):
        by_step = tcells[tcells.state == state].groupby("step").distance
        if by_step.ngroups == 0:
            continue
        ax.plot(by_step.mean().index, by_step.mean(), c=colour, lw=1, label=state)
        ax.fill_between(by_step.mean().index, by_step.quantile(0.25), by_step.quantile(0.75),
                        color=colour, alpha=0.2, linewidth=0)
    ax.set_xlabel("step (min)")
    ax.set_ylabel("distance to tumour centre (um)")
    ax.set_title("B  T cells by state: mean, quartiles", loc="left", fontsize=8)
    ax.legend(fontsize=6, frameon=False)


def main(directory, figure):
    cells = load_cells(directory)
    tcells = cells[cells.type == "tcell"]
    first = cells[cells.step == cells.step.min()]
    tumour0 = first[first.type == "tumour"]
    centre = (tumour0.x_um.mean(), tumour0.y_um.mean())
    ids = longest_lived(tcells, 8)
    plt.rcParams.update({"font.size": 7})
    fig, (a, b) = plt.subplots(1, 2, figsize=(183 / 25.4, 80 / 25.4), constrained_layout=True)
    draw_paths(a, cells, tcells, ids)
    draw_distances(b, tcells, centre)
    fig.savefig(figure, dpi=200)
    steps = cells.step.nunique()
    print(f"{steps} steps, {tcells.id.nunique()} T cells tracked by id; paths of ids "
          f"{', '.join(str(i) for i in ids)}; figure in {figure}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: track_cells.py DIRECTORY_WITH_CELLS_CSV FIGURE.png")
    main(sys.argv[1], sys.argv[2])
