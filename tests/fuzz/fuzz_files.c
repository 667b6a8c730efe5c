/* Input plumbing for fuzz targets: the bytes as text, or as a file for parsers that read a path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"

#include "fuzz_targets.h"

char *ct_fuzz_text(const uint8_t *data, size_t size)
{
    char *text = ct_malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
    }
    return text;
}

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
