/* The celltwin command line: one function per subcommand, each returning a process exit status.
 * The CLI only. */
#ifndef CT_CLI_H
#define CT_CLI_H

int ct_cli_run(int argc, char **argv);    /* celltwin run SCENARIO [options] */
int ct_cli_check(int argc, char **argv);  /* celltwin check SCENARIO [--set ...] */
int ct_cli_render(int argc, char **argv); /* celltwin render RUN_DIR --out FIGURE [options] */
int ct_cli_resume(int argc, char **argv); /* celltwin resume RUN_DIR [options] */
int ct_cli_sweep(int argc, char **argv);  /* celltwin sweep SWEEP --out DIR [--jobs N] */
int ct_cli_fit(int argc, char **argv);    /* celltwin fit FIT.json --out DIR [--jobs N] */
int ct_cli_export(int argc, char **argv); /* celltwin export RUN_DIR --format vtk|csv [...] */
int ct_cli_import(int argc, char **argv); /* celltwin import physicell CONFIG.xml --out SCENARIO */

/* Value of an option given as "--name VALUE" or "--name=VALUE"; NULL if argv[*i] is not it, and
   then *missing is set when the option is there without its value. */
const char *ct_cli_option(int argc, char **argv, int *i, const char *name, int *missing);
/* A whole number in [min, max]; prints a message naming opt and returns -1 if v is not one. */
int ct_cli_count(const char *opt, const char *v, long min, long max, long *out);
/* The end of parsing one argument once the subcommand's own options did not match: an option
   given without its value, --quiet/-q (when quiet is not NULL), or the one positional argument.
   Returns 0, or -1 after printing the problem. */
int ct_cli_last_option(char **argv, int i, int missing, int *quiet, const char **positional);
int ct_cli_plugin(int argc, char **argv); /* celltwin plugin info FILE.so */
int ct_cli_cohort(int argc, char **argv); /* celltwin cohort COHORT.json --out DIR [--jobs N] */

/* Arguments of the batch commands (sweep, fit, cohort): FILE --out DIR [--jobs N] [--quiet]. */
typedef struct ct_batch_args {
    const char *file, *out;
    long jobs; /* 0: not given */
    int quiet;
} ct_batch_args;
/* Returns 0 to go on, 1 when help was printed (to stdout), -1 on a usage error (help to stderr). */
int ct_cli_batch_args(ct_batch_args *a, int argc, char **argv, const char *help);

/* Terminal progress bar on stderr; silent when stderr is not a terminal. */
typedef struct ct_progress {
    int enabled;
    long long total_steps;
    double last_draw_s;
} ct_progress;

void ct_progress_init(ct_progress *p, long long total_steps, int quiet);
/* Draws step, cells, steps/s and time left, at most ten times a second. */
void ct_progress_update(ct_progress *p, long long step, unsigned long long cells, double elapsed_s);
void ct_progress_finish(ct_progress *p);
/* ct_run_options.progress callback; ctx is a ct_progress. */
struct ct_sim;
void ct_progress_on_step(void *progress, const struct ct_sim *sim, double elapsed_s);

/* Installs SIGINT/SIGTERM handlers; returns the flag for ct_run_options.interrupted. */
#include <signal.h>
volatile sig_atomic_t *ct_cli_catch_interrupts(void);
/* Process exit status of a run's result: 0 ok, 1 error, 128 + signal when interrupted. */
int ct_cli_exit_status(int rc);

/* --ranks: one simulation over the ranks mpirun started, a run of sc or, with sc NULL, the resume
   of opt->out_dir; refused with the command to use (command names it) outside mpirun. Rank 0
   reports. Returns the exit status. */
struct ct_scenario;
struct ct_run_options;
int ct_cli_over_ranks(const struct ct_scenario *sc, const struct ct_run_options *opt,
                      const char *command, int quiet);

#endif
