#!/usr/bin/env python3
"""The layering check of `make check-layers` (docs/ARCHITECTURE.md, "Layers").

Each folder of core/ is a layer and may include headers only from itself and the layers below it.
Includes name the header alone (`#include "ct_x.h"`, one -I per folder), so each included header
is resolved to the folder that holds it. Inside a folder, the files must not include each other
in a circle, unless every module of the circle belongs to one declared unit. Exits 1 and names
the file, the line and the header for every violation. Standard library only.

With --objects BUILD it also reads the symbols of the compiled objects (nm) under BUILD/core and
fails when an object calls a function defined in a layer above its own: the case an include
check misses, a lower header declaring a function that a higher layer defines.

Usage: scripts/check_layers.py [ROOT] [--objects BUILD]   (ROOT: the repository, default: .)
"""
import fnmatch
import os
import re
import subprocess
import sys

# The layers, lowest first: the one place that declares their order.
CORE_LAYERS = ["base", "format", "space", "scenario", "fields", "state", "behaviour", "script",
               "plugin", "sim", "dist", "sweep", "import", "cli"]
# Outside core/: plugins/ holds the plugin ABI header, which includes nothing of celltwin, so
# every layer may include it; viz/ reads run files and snapshots, so it may use base and format.
FOLDERS = {f"core/{name}": rank for rank, name in enumerate(CORE_LAYERS)}
FOLDERS["plugins"] = -1
ALLOWED_EXTRA = {"viz": {"core/base", "core/format", "plugins"},
                 "core/cli": {"viz"}}  # the CLI, at the top, draws figures
# Files of one folder that form one unit and may include each other: modules sharing an
# *_internal.h header, and the field storage that owns (and frees) its solver.
UNITS = [["ct_lua*"], ["ct_plugin*"], ["ct_field", "ct_field_solver"], ["ct_export*"],
         ["ct_import_physicell*"], ["ct_snapshot", "ct_snapshot_read",
         "ct_snapshot_internal"]]

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def source_files(root):
    """(folder, name) of every .c and .h file under core/, viz/ and plugins/."""
    for top in ("core", "viz", "plugins"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            folder = os.path.relpath(dirpath, root)
            for name in sorted(names):
                if name.endswith((".c", ".h")):
                    yield folder, name


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                yield lineno, m.group(1)


def unit_of(stem):
    for k, patterns in enumerate(UNITS):
        if any(fnmatch.fnmatch(stem, p) for p in patterns):
            return k
    return None


def unit_name(stem):
    """The node of stem in the circle search: its unit's name, or the stem itself."""
    k = unit_of(stem)
    return stem if k is None else "{" + ", ".join(UNITS[k]) + "}"


def may_include(folder, target):
    if target == folder or target in ALLOWED_EXTRA.get(folder, ()):
        return True
    if folder in FOLDERS and target in FOLDERS:
        return FOLDERS[target] < FOLDERS[folder]
    return False


def why_not(folder):
    if folder in FOLDERS:
        return (f"a layer above {folder} (order, lowest first: {', '.join(CORE_LAYERS)})")
    return f"which {folder} may not use (only {', '.join(sorted(ALLOWED_EXTRA[folder]))})"


def find_cycle(graph):
    """One circle of the directed graph {node: set(nodes)} as a list of nodes, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def check(root):
    files = list(source_files(root))
    where = {}  # header name -> folders holding it
    for folder, name in files:
        if name.endswith(".h"):
            where.setdefault(name, []).append(folder)
    errors = []
    modules = {}  # folder -> {stem: set(stems it includes from the same folder)}
    for folder, name in files:
        rel = os.path.join(folder, name)
        if folder not in FOLDERS and folder not in ALLOWED_EXTRA:
            errors.append(f"{rel}: not in a layer folder; move it into one of core/"
                          f"{{{','.join(CORE_LAYERS)}}}")
            continue
        stem = os.path.splitext(name)[0]
        edges = modules.setdefault(folder, {}).setdefault(stem, set())
        for lineno, header in includes(os.path.join(root, rel)):
            holders = where.get(os.path.basename(header), [])
            target = folder if folder in holders else (holders[0] if holders else None)
            if target is None:
                continue  # not a celltwin header (cJSON.h, lua.h, ...)
            if len(holders) > 1 and target != folder:
                errors.append(f"{rel}:{lineno}: \"{header}\" exists in {' and '.join(holders)}; "
                              "a header name must be unique")
            elif not may_include(folder, target):
                errors.append(f"{rel}:{lineno}: includes \"{header}\" from {target}, "
                              f"{why_not(folder)}")
            elif target == folder:
                dep = os.path.splitext(os.path.basename(header))[0]
                if dep != stem:
                    edges.add(dep)
    for folder, graph in sorted(modules.items()):
        # Members of one unit count as one node, so only circles through other modules remain.
        merged = {}
        for stem, deps in graph.items():
            node = unit_name(stem)
            merged.setdefault(node, set()).update(
                unit_name(d) for d in deps)
        for node, deps in merged.items():
            deps.discard(node)
        cycle = find_cycle(merged)
        if cycle:
            errors.append(f"{folder}: include circle between files: {' -> '.join(cycle)}")
    return errors


def object_symbols(path):
    """(defined, undefined) global symbols of one object file."""
    out = subprocess.run(["nm", path], capture_output=True, text=True, check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBR":
            defined.add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            undefined.add(parts[1])
    return defined, undefined


def check_objects(build):
    """Calls from an object to a function defined in a layer above it."""
    objects = {}  # path -> (folder, defined, undefined)
    for dirpath, _, names in os.walk(os.path.join(build, "core")):
        folder = os.path.relpath(dirpath, build)
        for name in sorted(n for n in names if n.endswith(".o")):
            if folder in FOLDERS:
                objects[os.path.join(folder, name)] = (folder, *object_symbols(
                    os.path.join(dirpath, name)))
    definer = {sym: (path, folder) for path, (folder, defined, _) in objects.items()
               for sym in defined}
    errors = []
    for path, (folder, _, undefined) in sorted(objects.items()):
        for sym in sorted(undefined):
            if sym in definer and FOLDERS[definer[sym][1]] > FOLDERS[folder]:
                errors.append(f"{path}: calls {sym}, defined in {definer[sym][0]}, a layer above "
                              f"{folder}")
    if not objects:
        errors.append(f"{build}/core: no objects to check; build first")
    return errors


def main():
    args = sys.argv[1:]
    build = None
    if "--objects" in args:
        k = args.index("--objects")
        if k + 1 >= len(args):
            print("check-layers: --objects needs the build folder", file=sys.stderr)
            return 2
        build = args[k + 1]
        del args[k:k + 2]
    root = args[0] if args else "."
    errors = check(root) + (check_objects(build) if build else [])
    for e in errors:
        print(f"check-layers: {e}", file=sys.stderr)
    if errors:
        print(f"check-layers: {len(errors)} violation(s)", file=sys.stderr)
        return 1
    print("check-layers: every include" + (" and call" if build else "") +
          " goes down the layers; no circles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
