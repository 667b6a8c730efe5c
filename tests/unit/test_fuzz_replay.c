/* Replays every file of tests/fuzz/corpus/<target>/ (seeds and any crash ever found) through its
 * fuzz target, so a fixed crash stays fixed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "fuzz_targets.h"
#include "harness.h"

static int replay_dir(const char *target, int (*fn)(const uint8_t *, size_t))
{
    const char *root = getenv("CT_ROOT");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", root ? root : ".", target);
    DIR *d = opendir(dir);
    if (!d) {
        printf("    cannot open %s\n", dir);
        return -1;
    }
    int n = 0;
    setenv("CELLTWIN_MAX_MEMORY_MB", CT_FUZZ_MEMORY_MB, 1);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[2048], *data;
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (ct_io_read_file(path, &data, &len, NULL) == CT_OK) {
            fn((const uint8_t *)data, len);
            ct_free(data);
            n++;
        }
    }
    closedir(d);
    unsetenv("CELLTWIN_MAX_MEMORY_MB");
    return n;
}

TEST(fuzz_replay_scenario_corpus)
{
    int n = replay_dir("scenario", ct_fuzz_scenario);
    printf("    replayed %d scenario inputs\n", n);
    CHECK(n > 0);
}

TEST(fuzz_replay_sweep_corpus)
{
    int n = replay_dir("sweep", ct_fuzz_sweep);
    printf("    replayed %d sweep inputs\n", n);
    CHECK(n > 0);
}

TEST(fuzz_replay_checkpoint_corpus)
{
    int n = replay_dir("checkpoint", ct_fuzz_checkpoint);
    printf("    replayed %d checkpoint inputs\n", n);
    CHECK(n > 0);
}

TEST(fuzz_replay_set_corpus)
{
    int n = replay_dir("set", ct_fuzz_set);
    printf("    replayed %d --set inputs\n", n);
    CHECK(n > 0);
}

TEST(fuzz_replay_lua_corpus)
{
    int n = replay_dir("lua", ct_fuzz_lua);
    printf("    replayed %d lua inputs\n", n);
    CHECK(n > 0);
}

TEST(fuzz_replay_sbml_corpus)
{
    int n = replay_dir("sbml", ct_fuzz_sbml);
    printf("    replayed %d SBML inputs\n", n);
    CHECK(n > 0);
}

TEST(fuzz_replay_physicell_corpora)
{
    int settings = replay_dir("physicell", ct_fuzz_physicell);
    int rules = replay_dir("physicell_rules", ct_fuzz_physicell_rules);
    printf("    replayed %d PhysiCell settings and %d rules inputs\n", settings, rules);
    CHECK(settings > 0 && rules > 0);
}
