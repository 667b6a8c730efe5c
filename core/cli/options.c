/* Option parsing shared by the subcommands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *ct_cli_option(int argc, char **argv, int *i, const char *name, int *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = 1;
        return NULL;
    }
    return argv[++*i];
}

int ct_cli_last_option(char **argv, int i, int missing, int *quiet, const char **positional)
{
    if (missing) {
        fprintf(stderr, "celltwin: %s needs a value\n", argv[i]);
        return -1;
    }
    if (quiet && (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q"))) {
        *quiet = 1;
        return 0;
    }
    if (argv[i][0] == '-' || *positional) {
        fprintf(stderr, "celltwin: unexpected argument \"%s\" (see --help)\n", argv[i]);
        return -1;
    }
    *positional = argv[i];
    return 0;
}

int ct_cli_count(const char *opt, const char *v, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (!*v || *end || errno || x < min || x > max) {
        fprintf(stderr, "celltwin: %s: expected a whole number in [%ld, %ld], got \"%s\"\n", opt,
                min, max, v);
        return -1;
    }
    *out = x;
    return 0;
}

static int batch_option(ct_batch_args *a, int argc, char **argv, int *i)
{
    int missing = 0;
    const char *v;
    if ((v = ct_cli_option(argc, argv, i, "--out", &missing))) {
        a->out = v;
        return 0;
    }
    if ((v = ct_cli_option(argc, argv, i, "--jobs", &missing)))
        return ct_cli_count("--jobs", v, 1, 4096, &a->jobs);
    return ct_cli_last_option(argv, *i, missing, &a->quiet, &a->file);
}

int ct_cli_batch_args(ct_batch_args *a, int argc, char **argv, const char *help)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return 1;
        }
        if (batch_option(a, argc, argv, &i))
            return -1;
    }
    if (!a->file || !a->out) {
        fputs(help, stderr);
        return -1;
    }
    return 0;
}
