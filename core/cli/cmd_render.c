/* `celltwin render`: figures from a run directory (ct_viz_render_run), a sweep directory
   (ct_viz_plot_sweep_summary), a fit or a cohort directory; option parsing and the options each
   kind accepts. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ct_viz.h"

#define EXIT_USAGE 2

static const char render_help[] =
    "usage: celltwin render RUN_DIR --out FIGURE.png|.svg|.pdf [options]\n"
    "       celltwin render SWEEP_DIR --out FIGURE.png|.svg|.pdf [sweep options]\n"
    "       celltwin render FIT_DIR|COHORT_DIR --out FIGURE.png|.svg|.pdf [--dpi N]\n"
    "Draws the last snapshot of RUN_DIR (RUN_DIR/snapshots/state_<step>.ctsnap) unless told\n"
    "otherwise; the format comes from the extension of FIGURE.\n"
    "  --step N             the snapshot nearest step N\n"
    "  --field NAME         draw field NAME under the cells, with a colour bar\n"
    "  --colormap MAP       viridis (default) or magma\n"
    "  --log                logarithmic field colour scale\n"
    "  --field-alpha A      draw the field over the cells too, with opacity A (0 < A <= 1;\n"
    "                       default: under the cells, on empty sites only)\n"
    "  --by-state           colour cells by type and state (states as lighter shades)\n"
    "  --cell-size PT       draw each cell as a square of at least PT points (0 < PT <= 20),\n"
    "                       so that sparse cells on a large lattice show\n"
    "  --region X0,Y0,X1,Y1 only the sites whose centres lie in X0 <= x <= X1,\n"
    "                       Y0 <= y <= Y1, in um (as regions in scenarios)\n"
    "  --slice Z            3D: draw slice z = Z (default: the middle one)\n"
    "  --project            3D: draw the first cell along z and the field maximum along z\n"
    "  --plot counts        draw the time series of RUN_DIR/counts.csv only\n"
    "  --log-y              logarithmic y axis for the time series\n"
    "  --columns A,B,...    time series: only these counts.csv columns, in this order (at most\n"
    "                       64; plugin columns are plotted apart from the cell counts)\n"
    "  --panels S1,S2,...   multi-panel figure: the snapshots nearest these steps (A, B, ...)\n"
    "                       and the time series as the last panel (at most 12 snapshots)\n"
    "  --dpi N              PNG resolution (default 300)\n"
    "  --width-mm W         figure width (default 89 mm, 183 mm with --panels)\n"
    "A SWEEP_DIR (one with summary.csv, from celltwin sweep) is drawn as one panel per metric\n"
    "(A, B, ...): the mean over replicates against a parameter, +-sd bars, a min-max band, one\n"
    "coloured series per value of the other parameters. Sweep options:\n"
    "  --metric NAME        only metric NAME (a summary.csv metric, e.g. final_tumour)\n"
    "  --x PARAM            the parameter on the x axis (default: the first)\n"
    "  --log-x              logarithmic x axis (default: when the values are log-spaced and\n"
    "                       span more than a decade)\n"
    "  --log-y, --dpi, --width-mm as above (width default 89 mm for one panel, else 183 mm)\n"
    "A fit directory (posterior.csv, from celltwin fit) is drawn as marginal posteriors, a\n"
    "pairwise scatter and the posterior predictive band over the data; a cohort directory\n"
    "(cohort.csv, from celltwin cohort) as outcomes per arm, a waterfall of paired differences\n"
    "and an event-free curve. --dpi and --width-mm apply (docs/figures.md).\n"
    "  -h, --help           this text\n"
    "See docs/figures.md.\n";

enum {
    OPT_OUT = 256, OPT_STEP, OPT_FIELD, OPT_COLORMAP, OPT_LOG, OPT_BY_STATE, OPT_REGION,
    OPT_SLICE, OPT_PROJECT, OPT_PLOT, OPT_LOG_Y, OPT_PANELS, OPT_DPI, OPT_WIDTH, OPT_METRIC,
    OPT_X, OPT_LOG_X, OPT_COLUMNS, OPT_CELL_SIZE, OPT_FIELD_ALPHA, OPT_END
};

/* Options that only one kind of directory takes; the rest (--out, --log-y, --dpi, --width-mm)
   apply to both. */
static const int run_only[] = {OPT_STEP, OPT_FIELD, OPT_COLORMAP, OPT_LOG, OPT_BY_STATE,
                               OPT_REGION, OPT_SLICE, OPT_PROJECT, OPT_PLOT, OPT_PANELS,
                               OPT_COLUMNS, OPT_CELL_SIZE, OPT_FIELD_ALPHA};
static const int sweep_only[] = {OPT_METRIC, OPT_X, OPT_LOG_X};

typedef struct render_args {
    ct_viz_options opt;
    const char *out, *metric, *x_param;
    char given[OPT_END]; /* options seen, by code */
} render_args;

static const struct option long_options[] = {
    {"out", required_argument, NULL, OPT_OUT},
    {"step", required_argument, NULL, OPT_STEP},
    {"field", required_argument, NULL, OPT_FIELD},
    {"colormap", required_argument, NULL, OPT_COLORMAP},
    {"log", no_argument, NULL, OPT_LOG},
    {"by-state", no_argument, NULL, OPT_BY_STATE},
    {"region", required_argument, NULL, OPT_REGION},
    {"slice", required_argument, NULL, OPT_SLICE},
    {"project", no_argument, NULL, OPT_PROJECT},
    {"plot", required_argument, NULL, OPT_PLOT},
    {"log-y", no_argument, NULL, OPT_LOG_Y},
    {"panels", required_argument, NULL, OPT_PANELS},
    {"dpi", required_argument, NULL, OPT_DPI},
    {"width-mm", required_argument, NULL, OPT_WIDTH},
    {"metric", required_argument, NULL, OPT_METRIC},
    {"x", required_argument, NULL, OPT_X},
    {"log-x", no_argument, NULL, OPT_LOG_X},
    {"columns", required_argument, NULL, OPT_COLUMNS},
    {"cell-size", required_argument, NULL, OPT_CELL_SIZE},
    {"field-alpha", required_argument, NULL, OPT_FIELD_ALPHA},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("celltwin render: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n(celltwin render --help lists the options)\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

/* Parses up to MAX comma-separated non-negative integers; returns how many, or -1. */
static int parse_integer_list(const char *text, int64_t *values, int max)
{
    int n = 0;
    const char *p = text;
    for (;;) {
        char *end;
        errno = 0;
        if (n == max || *p < '0' || *p > '9')
            return -1;
        long long v = strtoll(p, &end, 10);
        if (errno)
            return -1;
        values[n++] = v;
        if (*end == '\0')
            return n;
        if (*end != ',')
            return -1;
        p = end + 1;
    }
}

static int parse_positive(const char *text, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(text, &end);
    return !errno && end != text && *end == '\0' && *out > 0 ? 0 : -1;
}

/* X0,Y0,X1,Y1: four finite numbers in um, X0 <= X1 and Y0 <= Y1. */
static int parse_region(const char *text, ct_viz_options *opt)
{
    double *r = opt->region_um;
    const char *p = text;
    for (int i = 0; i < 4; i++) {
        char *end;
        errno = 0;
        r[i] = strtod(p, &end);
        if (errno || end == p || !isfinite(r[i]) || *end != (i < 3 ? ',' : '\0'))
            return -1;
        p = end + 1;
    }
    opt->has_region = 1;
    return r[0] <= r[2] && r[1] <= r[3] ? 0 : -1;
}

static int parse_slice(const char *text, ct_viz_options *opt)
{
    int64_t z;
    if (parse_integer_list(text, &z, 1) != 1 || z > INT32_MAX)
        return -1;
    opt->z_slice = (int)z;
    return 0;
}

/* Applies one option; returns 0, or -1 when its value is malformed. */
static int apply_option(int code, const char *value, render_args *a)
{
    ct_viz_options *opt = &a->opt;
    a->given[code] = 1;
    switch (code) {
    case OPT_OUT: a->out = value; return 0;
    case OPT_METRIC: a->metric = value; return 0;
    case OPT_X: a->x_param = value; return 0;
    case OPT_LOG_X: opt->log_x = 1; return 0;
    case OPT_STEP: return parse_integer_list(value, &opt->step, 1) == 1 ? 0 : -1;
    case OPT_FIELD: opt->field = value; return 0;
    case OPT_COLORMAP:
        return strcmp(value, "viridis") == 0 ? (opt->colormap = CT_VIZ_VIRIDIS, 0)
               : strcmp(value, "magma") == 0 ? (opt->colormap = CT_VIZ_MAGMA, 0) : -1;
    case OPT_LOG: opt->log_scale = 1; return 0;
    case OPT_BY_STATE: opt->by_state = 1; return 0;
    case OPT_REGION: return parse_region(value, opt);
    case OPT_SLICE: return parse_slice(value, opt);
    case OPT_PROJECT: opt->project = 1; return 0;
    case OPT_PLOT: return strcmp(value, "counts") == 0 ? (opt->counts_only = 1, 0) : -1;
    case OPT_LOG_Y: opt->log_y = 1; return 0;
    case OPT_COLUMNS: opt->columns = value; return 0;
    case OPT_FIELD_ALPHA:
        return parse_positive(value, &opt->field_alpha) == 0 && opt->field_alpha <= 1 ? 0 : -1;
    case OPT_CELL_SIZE:
        return parse_positive(value, &opt->cell_size_pt) == 0 &&
                       opt->cell_size_pt <= CT_VIZ_MAX_CELL_SIZE_PT ? 0 : -1;
    case OPT_PANELS:
        opt->n_panels = parse_integer_list(value, opt->panel_steps, CT_VIZ_MAX_PANELS);
        return opt->n_panels > 0 ? 0 : -1;
    case OPT_DPI: return parse_positive(value, &opt->dpi);
    case OPT_WIDTH: return parse_positive(value, &opt->width_mm);
    default: return -1;
    }
}

static const char *option_name(int code)
{
    for (const struct option *o = long_options; o->name; o++)
        if (o->val == code)
            return o->name;
    return "?";
}

/* The first option of LIST given, or 0. */
static int first_given(const render_args *a, const int *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a->given[list[i]])
            return list[i];
    return 0;
}

static int check_combinations(const render_args *a, const char *dir, int sweep)
{
    const ct_viz_options *opt = &a->opt;
    if (!dir)
        return usage_error("missing RUN_DIR");
    if (!a->out)
        return usage_error("missing --out FIGURE.png|.svg|.pdf");
    int wrong = sweep ? first_given(a, run_only, sizeof run_only / sizeof *run_only)
                      : first_given(a, sweep_only, sizeof sweep_only / sizeof *sweep_only);
    if (wrong)
        return usage_error("--%s does not apply to %s (%s)", option_name(wrong), dir,
                           sweep ? "a sweep directory, with summary.csv"
                                 : "a run directory; it is for sweep directories");
    if (opt->project && opt->z_slice >= 0)
        return usage_error("--slice and --project exclude each other");
    if (opt->field_alpha > 0 && !opt->field)
        return usage_error("--field-alpha needs --field NAME");
    if (opt->columns && !opt->counts_only && !opt->n_panels)
        return usage_error("--columns chooses time-series columns: use it with --plot counts "
                           "or --panels");
    if (opt->counts_only && opt->n_panels)
        return usage_error("--plot counts and --panels exclude each other");
    return 0;
}

int ct_cli_render(int argc, char **argv)
{
    render_args a = {0};
    ct_viz_options_init(&a.opt);
    optind = 0; /* GNU getopt: start afresh (argv[0] is "render") */
    opterr = 0;
    for (int code; (code = getopt_long(argc, argv, "h", long_options, NULL)) != -1;) {
        if (code == 'h') {
            fputs(render_help, stdout);
            return 0;
        }
        if (code == '?' || code == ':')
            return usage_error("unknown option or missing value: %s", argv[optind - 1]);
        if (apply_option(code, optarg, &a) != 0)
            return usage_error("--%s: invalid value \"%s\"", option_name(code), optarg);
    }
    const char *dir = optind < argc ? argv[optind] : NULL;
    if (optind + 1 < argc)
        return usage_error("unexpected argument \"%s\"", argv[optind + 1]);
    int sweep = dir && ct_viz_is_sweep_dir(dir), fit = dir && ct_viz_is_fit_dir(dir);
    int cohort = dir && ct_viz_is_cohort_dir(dir);
    int rc = fit || cohort ? CT_OK : check_combinations(&a, dir, sweep);
    if (rc)
        return rc;
    ct_error err = {0};
    rc = fit      ? ct_viz_plot_fit(dir, &a.opt, a.out, &err)
         : cohort ? ct_viz_plot_cohort(dir, &a.opt, a.out, &err)
         : sweep  ? ct_viz_plot_sweep_summary(dir, a.metric, a.x_param, &a.opt, a.out, &err)
                 : ct_viz_render_run(dir, &a.opt, a.out, &err);
    if (rc != CT_OK) {
        fprintf(stderr, "celltwin render: %s\n", err.msg);
        return 1;
    }
    return 0;
}
