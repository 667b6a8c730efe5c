# make check-layers: the tree and its objects pass; an upward include, an include circle inside a
# folder, a header from core/ in viz/, a file outside the layer folders and an object calling a
# layer above, each planted in a copy, fail with a message naming the file and what is wrong.
set -eu
check() { python3 "$CT_ROOT/scripts/check_layers.py" "$@"; }

check "$CT_ROOT" --objects "$CT_BUILD"

copy() { # DIR: a fresh copy of the checked folders
    rm -rf "$1" && mkdir "$1"
    cp -r "$CT_ROOT/core" "$CT_ROOT/viz" "$CT_ROOT/plugins" "$1/"
    check "$1" >/dev/null
}
refused() { # WORDS ARGS...: the check fails on ARGS and says WORDS
    local words=$1 rc=0
    shift
    check "$@" 2>err.txt || rc=$?
    cat err.txt
    [ "$rc" -eq 1 ] && grep -qF "$words" err.txt
}

copy up
echo '#include "ct_sim.h"' >>up/core/base/ct_alloc.c
n=$(wc -l <up/core/base/ct_alloc.c)
refused "core/base/ct_alloc.c:$n: includes \"ct_sim.h\" from core/state, a layer above core/base" up

copy circle
echo '#include "ct_agents.h"' >>circle/core/space/ct_lattice.h
echo '#include "ct_lattice.h"' >>circle/core/space/ct_agents.c
refused "core/space: include circle between files: ct_agents -> ct_lattice -> ct_agents" circle

copy viz
echo '#include "ct_sim.h"' >>viz/viz/ct_plot.c
line=$(wc -l <viz/viz/ct_plot.c)
refused "viz/ct_plot.c:$line: includes \"ct_sim.h\" from core/state, which viz may not use" viz

copy flat
printf '#include "ct_error.h"\n' >flat/core/ct_new.c
refused "core/ct_new.c: not in a layer folder" flat

mkdir -p objs/core/base objs/core/sim
printf 'int ct_sim_step(void);\nint ct_helper(void) { return ct_sim_step(); }\n' >low.c
printf 'int ct_sim_step(void) { return 0; }\n' >high.c
cc -c low.c -o objs/core/base/ct_helper.o && cc -c high.c -o objs/core/sim/ct_step.o
refused "core/base/ct_helper.o: calls ct_sim_step, defined in core/sim/ct_step.o, a layer above" \
    "$CT_ROOT" --objects objs
