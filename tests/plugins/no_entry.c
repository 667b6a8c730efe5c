/* Broken on purpose: exports an init function but no celltwin_plugin_entry symbol. */
#include "celltwin_plugin.h"

CT_PLUGIN_EXPORT int celltwin_plugin_init(const ct_host_api *host, ct_plugin_ctx *ctx);

int celltwin_plugin_init(const ct_host_api *host, ct_plugin_ctx *ctx)
{
    return host->error(ctx, "not reachable");
}
