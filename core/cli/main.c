/* celltwin: entry point and subcommand dispatch. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ct_version.h"

static void usage(FILE *fp)
{
    fputs("celltwin " CT_VERSION " - agent-based simulator of immune and tissue cells\n"
          "\n"
          "usage:\n"
          "  celltwin run SCENARIO.json [--out DIR] [--seed N] [--steps N] [--threads N]\n"
          "                             [--set PATH=VALUE]... [--quiet]\n"
          "                             [--checkpoint-every N] [--force]\n"
          "  celltwin resume RUN_DIR [--threads N] [--ranks] [--quiet]\n"
          "  celltwin sweep SWEEP.json --out DIR [--jobs N] [--quiet]\n"
          "  celltwin fit FIT.json --out DIR [--jobs N] [--quiet]\n"
          "  celltwin cohort COHORT.json --out DIR [--jobs N] [--quiet]\n"
          "  celltwin check SCENARIO.json [--set PATH=VALUE]...\n"
          "  celltwin render RUN_DIR --out FIGURE.png|.svg|.pdf [options]\n"
          "  celltwin export RUN_DIR --format vtk|csv [--step N | --all] [--out DIR]\n"
          "  celltwin plugin info FILE.so\n"
          "  celltwin import physicell CONFIG.xml [--rules RULES.csv] --out SCENARIO.json\n"
          "  celltwin --help | --version\n"
          "\n"
          "Run 'celltwin COMMAND --help' for a command's options. Scenario keys are documented\n"
          "in docs/scenario.md, sweeps and checkpoints in docs/sweeps.md, fits and cohorts\n"
          "in docs/calibration.md, output files in docs/formats.md.\n",
          fp);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        puts("celltwin " CT_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "run"))
        return ct_cli_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "resume"))
        return ct_cli_resume(argc - 1, argv + 1);
    if (!strcmp(cmd, "sweep"))
        return ct_cli_sweep(argc - 1, argv + 1);
    if (!strcmp(cmd, "fit"))
        return ct_cli_fit(argc - 1, argv + 1);
    if (!strcmp(cmd, "cohort"))
        return ct_cli_cohort(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return ct_cli_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "render"))
        return ct_cli_render(argc - 1, argv + 1);
    if (!strcmp(cmd, "export"))
        return ct_cli_export(argc - 1, argv + 1);
    if (!strcmp(cmd, "plugin"))
        return ct_cli_plugin(argc - 1, argv + 1);
    if (!strcmp(cmd, "import"))
        return ct_cli_import(argc - 1, argv + 1);
    fprintf(stderr, "celltwin: unknown command \"%s\"\n\n", cmd);
    usage(stderr);
    return 2;
}
