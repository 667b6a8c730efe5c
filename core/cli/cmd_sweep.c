/* `celltwin sweep`: runs a sweep's runs in a local pool of processes, or spread over MPI ranks
 * (run i on rank i % K), each run a `celltwin run` child in DIR/runs/<id>; rank 0 writes the
 * reports. Runs already finished are kept, so the same command resumes a stopped sweep. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "ct_alloc.h"
#include "ct_checkpoint.h"
#include "ct_mpi.h"
#include "ct_sweep.h"
#include "ct_sweep_pool.h"

static const char sweep_help[] =
    "usage: celltwin sweep SWEEP.json --out DIR [--jobs N] [--quiet]\n"
    "  --out DIR    sweep directory: DIR/runs/<id>/ per run, DIR/sweep.csv, DIR/summary.csv\n"
    "  --jobs N     runs at a time on this machine (default: its cores; 1 per MPI rank)\n"
    "  --quiet      no progress bar\n"
    "Run the same command again to resume: finished runs are kept, the others run again.\n"
    "Under 'mpirun -n K' the runs are spread over K ranks. Exit status: 0 when every run\n"
    "succeeded, 3 when some failed (see sweep.csv), 1 when the sweep itself could not run.\n"
    "The sweep file is documented in docs/sweeps.md.\n";

#define MAX_ARGS (2 * (CT_SWEEP_MAX_PARAMS + CT_SWEEP_MAX_SETS) + 16)

/* ---- the pool ---- */

static int executable_path(char *buf, size_t n, ct_error *err);

typedef struct job {
    pid_t pid;
    long id;
} job;

typedef struct pool {
    const ct_sweep *sw;
    const char *dir;
    char exe[PATH_MAX];
    ct_sweep_result *results; /* by run id - first_id */
    long first_id;
    long total, done, failed;
    int show_progress;
} pool;

/* Arguments of one child, with the strings it owns. */
typedef struct child_args {
    char *argv[MAX_ARGS];
    int argc;
    char *owned[MAX_ARGS];
    int n_owned;
} child_args;

static void add(child_args *c, const char *s)
{
    c->argv[c->argc++] = (char *)s;
}

static void add_owned(child_args *c, char *s)
{
    c->owned[c->n_owned++] = s;
    add(c, s ? s : "");
}

static void free_args(child_args *c)
{
    for (int i = 0; i < c->n_owned; i++)
        ct_free(c->owned[i]);
}

static char *format_owned(const char *fmt, long long v)
{
    char buf[64];
    snprintf(buf, sizeof buf, fmt, v);
    return ct_strdup(buf);
}

/* `celltwin run SCENARIO --out RUN_DIR --seed S --set ...`, or `celltwin resume RUN_DIR` when an
   interrupted run left a checkpoint. */
static void build_args(const pool *p, long id, const char *run_dir, child_args *c)
{
    const ct_sweep *sw = p->sw;
    ct_sweep_run run = ct_sweep_run_of(sw, id);
    char ck[PATH_MAX + 32];
    snprintf(ck, sizeof ck, "%s/" CT_CHECKPOINT_FILE, run_dir);
    memset(c, 0, sizeof *c);
    add(c, p->exe);
    if (sw->checkpoint_every > 0 && access(ck, R_OK) == 0) {
        add(c, "resume");
        add(c, run_dir);
    } else {
        add(c, "run");
        add(c, sw->scenario_path);
        add(c, "--out");
        add(c, run_dir);
        add(c, "--force"); /* the sweep's own directory: what a stopped attempt left goes */
        add(c, "--seed");
        add_owned(c, format_owned("%lld", (long long)run.seed));
        for (int i = 0; i < sw->n_sets; i++) {
            add(c, "--set");
            add(c, sw->sets[i]);
        }
        for (int i = 0; i < sw->n_params; i++) {
            add(c, "--set");
            add_owned(c, ct_sweep_set_arg(sw, run.point, i));
        }
        if (sw->checkpoint_every > 0) {
            add(c, "--checkpoint-every");
            add_owned(c, format_owned("%lld", sw->checkpoint_every));
        }
    }
    add(c, "--threads");
    add_owned(c, format_owned("%lld", sw->threads));
    add(c, "--quiet");
    c->argv[c->argc] = NULL;
}

/* In the child: dies with the sweep, writes its output to RUN_DIR/log.txt, becomes the run. */
static void exec_child(const pool *p, const char *run_dir, child_args *c, pid_t parent)
{
    char log[PATH_MAX + 16];
    snprintf(log, sizeof log, "%s/log.txt", run_dir);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(127);
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
    execv(p->exe, c->argv);
    fprintf(stderr, "celltwin: cannot run %s: %s\n", p->exe, strerror(errno));
    _exit(127);
}

static pid_t spawn(const pool *p, long id)
{
    char run_dir[PATH_MAX], path[PATH_MAX + 16];
    snprintf(run_dir, sizeof run_dir, "%s/runs/%ld", p->dir, id);
    snprintf(path, sizeof path, "%s/run.json", run_dir);
    mkdir(run_dir, 0777);
    unlink(path); /* a stale record must not pass for this attempt's */
    child_args c;
    build_args(p, id, run_dir, &c);
    pid_t parent = getpid(), pid = fork();
    if (pid == 0)
        exec_child(p, run_dir, &c, parent);
    free_args(&c);
    return pid;
}

/* The last line the run printed, without the "celltwin: " prefix. */
static void last_log_line(const pool *p, long id, char *buf, size_t n)
{
    char path[PATH_MAX], line[1024];
    snprintf(path, sizeof path, "%s/runs/%ld/log.txt", p->dir, id);
    buf[0] = '\0';
    FILE *fp = fopen(path, "r");
    while (fp && fgets(line, sizeof line, fp))
        if (line[0] != '\n' && line[0] != '\r')
            snprintf(buf, n, "%s", strncmp(line, "celltwin: ", 10) ? line : line + 10);
    if (fp)
        fclose(fp);
    buf[strcspn(buf, "\r\n")] = '\0';
}

static void describe_exit(const pool *p, long id, int status, char *buf, size_t n)
{
    char line[600];
    last_log_line(p, id, line, sizeof line);
    if (WIFSIGNALED(status))
        snprintf(buf, n, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else if (line[0])
        snprintf(buf, n, "exit status %d: %s", WEXITSTATUS(status), line);
    else
        snprintf(buf, n, "exit status %d", WEXITSTATUS(status));
}

static void draw_progress(const pool *p)
{
    if (!p->show_progress)
        return;
    enum { WIDTH = 30 };
    char bar[WIDTH + 1];
    long filled = p->total ? p->done * WIDTH / p->total : WIDTH;
    for (int i = 0; i < WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\r[%s] %ld/%ld runs  %ld failed   ", bar, p->done, p->total, p->failed);
    fflush(stderr);
}

static void finish(pool *p, long id, int status)
{
    char why[700];
    describe_exit(p, id, status, why, sizeof why);
    ct_sweep_result *r = &p->results[id - p->first_id];
    ct_sweep_result_read(p->sw, p->dir, id, why, r);
    p->done++;
    p->failed += !r->ok;
    draw_progress(p);
}

/* Waits for one child of ours; returns its slot, or -1 when none is left. */
static int wait_one(job *jobs, long n_jobs, int *status)
{
    for (;;) {
        pid_t pid = waitpid(-1, status, 0);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid < 0)
            return -1;
        for (long j = 0; j < n_jobs; j++)
            if (jobs[j].pid == pid)
                return (int)j;
    }
}

/* Runs todo[0..n) at most n_jobs at a time. */
static int run_pool(pool *p, const long *todo, long n, long n_jobs, ct_error *err)
{
    job *jobs = ct_calloc((size_t)n_jobs, sizeof *jobs);
    if (!jobs)
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    long next = 0, active = 0;
    int rc = CT_OK;
    while (!rc && (next < n || active > 0)) {
        for (long j = 0; j < n_jobs && next < n; j++)
            if (jobs[j].pid == 0) {
                jobs[j].id = todo[next++];
                jobs[j].pid = spawn(p, jobs[j].id);
                if (jobs[j].pid < 0)
                    rc = ct_error_set(err, CT_EIO, "cannot start a run: %s", strerror(errno));
                active += jobs[j].pid > 0;
            }
        int status, slot = active ? wait_one(jobs, n_jobs, &status) : -1;
        if (slot >= 0) {
            finish(p, jobs[slot].id, status);
            jobs[slot].pid = 0;
            active--;
        }
    }
    ct_free(jobs);
    return rc;
}

int ct_sweep_pool_run(const ct_sweep *sw, const char *dir, const long *ids, long n, long jobs,
                      int progress, ct_sweep_result *results, long first_id, ct_error *err)
{
    pool p = {.sw = sw, .dir = dir, .results = results, .first_id = first_id, .total = n,
              .show_progress = progress && isatty(STDERR_FILENO)};
    int rc = executable_path(p.exe, sizeof p.exe, err);
    if (!rc) {
        draw_progress(&p);
        rc = run_pool(&p, ids, n, jobs < 1 ? 1 : jobs, err);
    }
    if (p.show_progress)
        fputc('\n', stderr);
    return rc;
}

/* ---- the sweep on this rank ---- */

/* Reads the outcome of every run of this rank; lists those to run (again) in todo. */
static long plan_rank(pool *p, const ct_mpi *m, long *todo)
{
    long n_todo = 0;
    for (long id = m->rank; id < ct_sweep_n_runs(p->sw); id += m->size) {
        ct_sweep_result_read(p->sw, p->dir, id, NULL, &p->results[id]);
        if (!p->results[id].ok)
            todo[n_todo++] = id;
    }
    return n_todo;
}

/* Packs this rank's results, gathers everyone's at rank 0 and puts them back in id order. */
static int gather_results(pool *p, const ct_mpi *m, ct_error *err)
{
    long n_runs = ct_sweep_n_runs(p->sw), n_mine = 0;
    ct_sweep_result *mine = ct_malloc((size_t)(n_runs / m->size + 1) * sizeof *mine);
    if (!mine)
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    for (long id = m->rank; id < n_runs; id += m->size)
        mine[n_mine++] = p->results[id];
    void *all;
    long n_all;
    int rc = ct_mpi_gather(m, mine, n_mine, sizeof *mine, &all, &n_all, err);
    const ct_sweep_result *got = all;
    for (long i = 0; !rc && i < n_all; i++)
        if (got[i].id >= 0 && got[i].id < n_runs)
            p->results[got[i].id] = got[i];
    ct_free(all);
    ct_free(mine);
    return rc;
}

static int any_failed(const pool *p)
{
    for (long id = 0; id < ct_sweep_n_runs(p->sw); id++)
        if (!p->results[id].ok)
            return 1;
    return 0;
}

static int run_rank(pool *p, const ct_mpi *m, long n_jobs, ct_error *err)
{
    long n_runs = ct_sweep_n_runs(p->sw);
    long *todo = ct_malloc((size_t)n_runs * sizeof *todo + 1);
    if (!todo)
        return ct_error_set(err, CT_ENOMEM, "out of memory");
    p->total = plan_rank(p, m, todo);
    draw_progress(p);
    int rc = run_pool(p, todo, p->total, n_jobs, err);
    ct_free(todo);
    if (p->show_progress)
        fputc('\n', stderr);
    return rc;
}

static int executable_path(char *buf, size_t n, ct_error *err)
{
    ssize_t len = readlink("/proc/self/exe", buf, n - 1);
    if (len < 0)
        return ct_error_set(err, CT_EIO, "cannot find this program (/proc/self/exe): %s",
                            strerror(errno));
    buf[len] = '\0';
    return CT_OK;
}

int ct_sweep_execute(const ct_sweep *sw, const char *dir, long jobs, int quiet, const ct_mpi *m,
                     ct_sweep_result *results, ct_error *err)
{
    pool p = {.sw = sw, .dir = dir, .results = results,
              .show_progress = !quiet && isatty(STDERR_FILENO)};
    long n_jobs = jobs ? jobs : m->size > 1 ? 1 : sysconf(_SC_NPROCESSORS_ONLN);
    int rc = m->rank == 0 ? ct_sweep_prepare_dir(sw, dir, err) : CT_OK;
    if (ct_mpi_share_status(m, rc))
        return CT_EINVAL;
    rc = executable_path(p.exe, sizeof p.exe, err);
    if (!rc)
        rc = run_rank(&p, m, n_jobs < 1 ? 1 : n_jobs, err);
    if (!rc)
        rc = gather_results(&p, m, err);
    return rc;
}

/* Every rank runs its share; rank 0 then writes the reports. Returns 0, 3 (runs failed) or 1. */
static int sweep(const ct_sweep *sw, const ct_batch_args *a, const ct_mpi *m, ct_error *err)
{
    pool p = {.sw = sw};
    p.results = ct_calloc((size_t)ct_sweep_n_runs(sw), sizeof *p.results);
    int rc = p.results ? ct_sweep_execute(sw, a->out, a->jobs, a->quiet, m, p.results, err)
                       : ct_error_set(err, CT_ENOMEM, "out of memory");
    if (!rc && m->rank == 0)
        rc = ct_sweep_write_reports(sw, a->out, p.results, err);
    int failed = !rc && m->rank == 0 && any_failed(&p);
    if (!rc && m->rank == 0 && !a->quiet)
        fprintf(stderr, "celltwin: sweep of %ld runs%s; wrote %s/sweep.csv and %s/summary.csv\n",
                ct_sweep_n_runs(sw), failed ? ", some failed" : ", all ok", a->out, a->out);
    ct_free(p.results);
    return ct_mpi_share_status(m, rc ? 1 : failed ? 3 : 0); /* rank 0 has every result */
}

int ct_cli_sweep(int argc, char **argv)
{
    ct_batch_args a;
    int prc = ct_cli_batch_args(&a, argc, argv, sweep_help);
    if (prc)
        return prc > 0 ? 0 : 2;
    ct_error err = {0};
    ct_mpi m;
    ct_sweep *sw = NULL;
    int rc = ct_mpi_start(&m, &argc, &argv, &err) ? 1 : 0;
    if (!rc && ct_sweep_load(a.file, &sw, &err))
        rc = 1;
    if (!rc)
        rc = sweep(sw, &a, &m, &err);
    if (err.msg[0]) /* this rank's own error; one shared from rank 0 leaves err empty */
        fprintf(stderr, "celltwin: %s\n", err.msg);
    ct_sweep_free(sw);
    ct_mpi_stop(&m);
    return rc;
}
