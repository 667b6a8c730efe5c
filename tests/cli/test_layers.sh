# make check-layers: the tree passes; an upward include, an include circle inside a folder, a
# header from core/ in viz/ and a file outside the layer folders, each planted in a copy, fail
# with a message naming the file, the line and the header.
set -eu
check() { python3 "$CT_ROOT/scripts/check_layers.py" "$@"; }

check "$CT_ROOT"

copy() { # DIR: a fresh copy of the checked folders
    rm -rf "$1" && mkdir "$1"
    cp -r "$CT_ROOT/core" "$CT_ROOT/viz" "$CT_ROOT/plugins" "$1/"
    check "$1" >/dev/null
}
refused() { # DIR WORDS: the check fails on DIR and says WORDS
    rc=0
    check "$1" 2>err.txt || rc=$?
    cat err.txt
    [ "$rc" -eq 1 ] && grep -qF "$2" err.txt
}

copy up
echo '#include "ct_sim.h"' >>up/core/base/ct_alloc.c
n=$(wc -l <up/core/base/ct_alloc.c)
refused up "core/base/ct_alloc.c:$n: includes \"ct_sim.h\" from core/state, a layer above core/base"

copy circle
echo '#include "ct_agents.h"' >>circle/core/space/ct_lattice.h
echo '#include "ct_lattice.h"' >>circle/core/space/ct_agents.c
refused circle "core/space: include circle between files: ct_agents -> ct_lattice -> ct_agents"

copy viz
echo '#include "ct_sim.h"' >>viz/viz/ct_plot.c
refused viz "viz/ct_plot.c:$(wc -l <viz/viz/ct_plot.c): includes \"ct_sim.h\" from core/state, which viz may not use"

copy flat
printf '#include "ct_error.h"\n' >flat/core/ct_new.c
refused flat "core/ct_new.c: not in a layer folder"
