/* File plumbing for fuzz targets whose parsers read from a path. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_targets.h"

const char *ct_fuzz_dir(void)
{
    static char dir[256];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/celltwin-fuzz-XXXXXX");
        if (!mkdtemp(dir))
            abort();
    }
    return dir;
}

const char *ct_fuzz_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", ct_fuzz_dir(), name);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    if (size)
        fwrite(data, 1, size, fp);
    fclose(fp);
    return path;
}
