#!/usr/bin/env python3
"""One simulation over MPI ranks (issue 19): weak and strong scaling of `celltwin run --ranks`.

Runs the engine under `mpirun --oversubscribe -n K` with OMP_NUM_THREADS set and reads each
run's dist_profile.json (seconds per phase and bytes sent per step, per rank) and run.json:

  weak:   benchmark 1's density, 1M cells per rank: 2048^2 on K = 1, 2048 x 4096 on K = 2, one
          thread per rank; efficiency = loop time at K = 1 / loop time at K = 2 (1 is ideal).
  strong: benchmark 1 (1M cells on 2048^2): K = 2 ranks of 1 thread against one rank of 2
          threads, both as a run over ranks (the same loop, so loop times compare) and against
          a plain `celltwin run --threads 2` (whole-run wall time of run.json, start-up included).

"Loop time" is the step loop of the slowest rank: exchange + fill + step + collect of
dist_profile.json, outputs and start-up excluded. Medians of REPEATS runs, the kinds
interleaved so that the machine's load hits all alike; the load average is printed, since this
2-core machine is shared. Rows are appended to benchmarks/results/mpi.csv.
Usage: benchmarks/bench_mpi.py [REPEATS] [STEPS]  (from the repository root; CELLTWIN overrides
the binary).
"""
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile

CELLTWIN = os.environ.get("CELLTWIN", "bin/celltwin")
LOOP_PHASES = ("exchange", "fill", "step", "collect")


def scenario(rows, cells, steps):
    """Benchmark 1 (benchmarks/bench_cells.c): motility 0.1, division and death 0.001 per min."""
    return {
        "domain": {"size": [2048, rows], "dx": 10, "neighbourhood": "moore"},
        "dt": 1, "steps": steps, "seed": 1, "output": {"interval": steps},
        "cell_types": {"a": {"motility": {"rate": 0.1}, "proliferation": {"rate": 0.001},
                             "death": {"rate": 0.001}}},
        "initial": [{"shape": "rect", "type": "a", "min": [0, 0], "max": [20480, rows * 10],
                     "count": cells}],
    }


def run(work, name, path, ranks, threads):
    """One run; ranks 0 is a plain run without --ranks. Returns (loop s, wall s, bytes/step, and
    per phase of LOOP_PHASES the slowest rank's seconds)."""
    out = os.path.join(work, name)
    cmd = [CELLTWIN, "run", path, "--out", out, "--force", "--quiet", "--threads", str(threads)]
    if ranks:
        cmd = ["mpirun", "--oversubscribe", "-n", str(ranks)] + cmd + ["--ranks"]
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OMP_WAIT_POLICY="passive",
               OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "run.json")) as f:
        wall = json.load(f)["wall_time_s"]
    if not ranks:
        return None, wall, 0.0, None
    with open(os.path.join(out, "dist_profile.json")) as f:
        profile = json.load(f)["ranks"]
    loop = max(sum(r["seconds"][p] for p in LOOP_PHASES) for r in profile)
    phases = [max(r["seconds"][p] for r in profile) for p in LOOP_PHASES]
    return loop, wall, max(r["bytes_sent_per_step"] for r in profile), phases


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    kinds = {  # name: (lattice rows, cells, ranks (0: plain run), threads per rank)
        "weak_k1": (2048, 1000000, 1, 1),
        "weak_k2": (4096, 2000000, 2, 1),
        "strong_k2x1": (2048, 1000000, 2, 1),
        "strong_k1x2": (2048, 1000000, 1, 2),
        "strong_plain_x2": (2048, 1000000, 0, 2),
    }
    results = {k: [] for k in kinds}
    print(f"bench_mpi: {steps} steps, medians of {repeats} runs; load average before: {load()}")
    with tempfile.TemporaryDirectory(prefix="bench_mpi.") as work:
        paths = {}
        for name, (rows, cells, _, _) in kinds.items():
            paths[name] = os.path.join(work, name + ".json")
            with open(paths[name], "w") as f:
                json.dump(scenario(rows, cells, steps), f)
        for _ in range(repeats):
            for name, (_, _, ranks, threads) in kinds.items():
                results[name].append(run(work, name, paths[name], ranks, threads))
    med = {k: [statistics.median(x[i] for x in v) if v[0][i] is not None else None
               for i in range(3)] for k, v in results.items()}
    for k, v in results.items():  # the phases' medians, one by one
        med[k].append([statistics.median(x[3][p] for x in v) for p in range(len(LOOP_PHASES))]
                      if v[0][3] else None)
    rows = []

    def report(name, value, unit, note):
        print(f"  {name:34s} {value:12.4g} {unit:14s} {note}")
        rows.append((name, value, unit, note))

    for name in kinds:
        loop, wall, sent, phases = med[name]
        if loop is not None:
            report(name + "_loop", loop / steps, "s/step", "slowest rank, step loop")
            for phase, seconds in zip(LOOP_PHASES, phases):
                report(f"{name}_{phase}", seconds / steps, "s/step", "slowest rank in the phase")
            report(name + "_bytes", sent, "bytes/step", "sent by a rank in the halo exchange")
        report(name + "_wall", wall, "s", "run.json wall_time_s, start-up included")
    report("weak_efficiency", med["weak_k1"][0] / med["weak_k2"][0], "ratio",
           "K=1 loop / K=2 loop, 1M cells per rank, 1 thread each")
    report("strong_k2x1_over_k1x2", med["strong_k2x1"][0] / med["strong_k1x2"][0], "ratio",
           "loop time, 2 ranks x 1 thread / 1 rank x 2 threads (target <= 1.15)")
    report("strong_k2x1_over_plain_wall", med["strong_k2x1"][1] / med["strong_plain_x2"][1],
           "ratio", "run.json wall time, 2 ranks x 1 thread / one process x 2 threads")
    print(f"load average after: {load()}")
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    csv = "benchmarks/results/mpi.csv"
    new = not os.path.exists(csv)
    with open(csv, "a") as f:
        if new:
            f.write("date,benchmark,value,unit,note\n")
        for name, value, unit, note in rows:
            f.write(f"{when},{name},{value:g},{unit},{note}; load {load()}\n")


if __name__ == "__main__":
    main()
