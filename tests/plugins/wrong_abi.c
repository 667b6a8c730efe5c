/* Broken on purpose: declares plugin ABI major 99, so the host must refuse it unopened. */
#include "celltwin_plugin.h"

static int never_called(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    return host->error(ctx, "init of a plugin with the wrong ABI was called");
}

CT_PLUGIN_EXPORT extern const ct_plugin_entry celltwin_plugin_entry;
const ct_plugin_entry celltwin_plugin_entry = {99, 0, never_called};
