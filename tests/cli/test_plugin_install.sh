# `make install` into a staging DESTDIR, then a plugin built outside the tree against nothing but
# the installed header, loaded by the installed binary.
set -eu
stage=$PWD/stage
# -o: install the binary under test as it is, never relink it with this make's flags
make -s -C "$CT_ROOT" --no-print-directory install DESTDIR="$stage" PREFIX=/usr \
    BUILD="$CT_BUILD" BIN="$CELLTWIN" -o "$CELLTWIN" >/dev/null
test -x "$stage/usr/bin/celltwin"
test -f "$stage/usr/include/celltwin/celltwin_plugin.h"
test -f "$stage/usr/share/doc/celltwin/plugins.md"

cat >stay_put.c <<'C'
#include <celltwin/celltwin_plugin.h>

static const ct_host_api *host;
static int marked;

static int freeze(void *user, ct_plugin_sim *sim, const ct_plugin_view *v, size_t begin, size_t end)
{
    (void)user;
    for (size_t i = begin; i < end; i++)
        if (v->type[i] != CT_PLUGIN_DEAD)
            host->set_state(sim, i, marked);
    return 0;
}

static int init(const ct_host_api *h, ct_plugin_ctx *ctx)
{
    host = h;
    ct_plugin_info info = {sizeof info, "stay_put", "0.1", "marks every cell", 0, 0};
    ct_plugin_behaviour b = {sizeof b, "mark_all", CT_PLUGIN_PHASE_DECIDE, 1, freeze, 0, 0};
    if (h->describe(ctx, &info) || !CT_PLUGIN_HAS(h, state_index))
        return 1;
    marked = h->state_index(ctx, h->type_index(ctx, "a"), "marked");
    return marked < 0 || h->add_behaviour(ctx, &b);
}

CT_PLUGIN_DEFINE(init);
C
# only the staged include folder: the tree's headers are not visible
gcc -std=c11 -Wall -Wextra -Werror -shared -fPIC -Wl,-z,defs -I"$stage/usr/include" \
    -o stay_put.so stay_put.c
"$stage/usr/bin/celltwin" plugin info ./stay_put.so | grep -q "behaviour  mark_all"
cat >s.json <<'JSON'
{"domain": {"size": [20, 20]}, "dt": 1, "steps": 3,
 "cell_types": {"a": {"motility": {"rate": 0.1}, "states": ["idle", "marked"]}},
 "initial": [{"shape": "rect", "type": "a", "min": [0, 0], "max": [200, 200], "count": 50}],
 "plugins": [{"path": "stay_put.so"}]}
JSON
"$stage/usr/bin/celltwin" run s.json --out out --quiet
tail -n 1 out/counts.csv | grep -qx "3,3,50,0,50"

# The guide's first plugin (docs/plugins.md), built with the guide's own build line against the
# header as `make install PREFIX=$HOME/.local` puts it, checked by its bare file name as the
# guide says (a file in the current folder), then run from a scenario.
guide=$CT_ROOT/docs/plugins.md
awk '/^\*\*1\. Write it/ { w = 1 } w && /^```c/ { c = 1; next } c && /^```/ { exit } c' "$guide" \
    > mark_dividers.c
grep -q 'CT_PLUGIN_DEFINE(init)' mark_dividers.c
build_line=$(grep -m 1 '^gcc .*-o mark_dividers.so mark_dividers.c$' "$guide")
mkdir -p home/.local
ln -s "$stage/usr/include" home/.local/include
HOME=$PWD/home eval "$build_line"
"$stage/usr/bin/celltwin" plugin info mark_dividers.so >info.txt
grep -q '^mark_dividers.so$' info.txt
grep -q 'column     marked' info.txt
sed -e 's/"stay_put.so"}/"mark_dividers.so", "parameters": {"type": "a"}}/' \
    -e 's/"marked"]/"room"]/' s.json > guide.json
"$stage/usr/bin/celltwin" run guide.json --out guide --quiet
head -n 1 guide/counts.csv | grep -qx 'step,time,a,a:idle,a:room,marked'
