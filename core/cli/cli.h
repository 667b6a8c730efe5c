/* The celltwin command line: one function per subcommand, each returning a process exit status. */
#ifndef CT_CLI_H
#define CT_CLI_H

int ct_cli_run(int argc, char **argv);    /* celltwin run SCENARIO [options] */
int ct_cli_check(int argc, char **argv);  /* celltwin check SCENARIO [--set ...] */
int ct_cli_render(int argc, char **argv); /* celltwin render RUN_DIR --out FIGURE [options] */
int ct_cli_plugin(int argc, char **argv); /* celltwin plugin info FILE.so */

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

#endif
