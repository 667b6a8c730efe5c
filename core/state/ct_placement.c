/* Initial placement rules. Random choices draw from the (seed, step 0, rule, CT_RNG_PLACE) stream. */
#include "ct_placement.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_rng.h"

int ct_placement_region(ct_sim *sim, const ct_placement *pl, ct_rng *r, int partial,
                        size_t *placed)
{
    uint32_t *sites;
    size_t n_free;
    *placed = 0;
    int rc = ct_placement_region_sites(&sim->lat, pl, 1, sim->sc->file, &sites, &n_free,
                                       &sim->err);
    if (rc)
        return rc;
    size_t want = pl->count < 0 ? n_free : (size_t)pl->count;
    if (want > n_free && partial)
        want = n_free;
    if (want > n_free) {
        ct_free(sites);
        return ct_error_set(&sim->err, CT_EINVAL,
                            "%s: %s/count: %zu cells asked for, but the region has only %zu free "
                            "sites",
                            sim->sc->file, pl->json_path, want, n_free);
    }
    if (want < n_free) /* partial Fisher-Yates: the first `want` entries become a uniform sample */
        for (size_t k = 0; k < want; k++) {
            size_t j = k + (size_t)ct_rng_below(r, (uint32_t)(n_free - k));
            uint32_t tmp = sites[k];
            sites[k] = sites[j];
            sites[j] = tmp;
        }
    rc = ct_sim_reserve(sim, sim->ag.n + want);
    for (size_t k = 0; !rc && k < want; k++)
        rc = ct_sim_add_cell(sim, sites[k], pl->type, ct_sim_initial_state(sim, pl->type), 0);
    ct_free(sites);
    *placed = rc ? 0 : want;
    return rc;
}

static int place_region(ct_sim *sim, const ct_placement *pl, int rule)
{
    ct_rng r = ct_rng_stream(ct_rng_step_key(sim->seed, 0), (uint64_t)rule, CT_RNG_PLACE);
    size_t placed;
    return ct_placement_region(sim, pl, &r, 0, &placed);
}

static int place_one(ct_sim *sim, const double pos[3], int type, const char *where)
{
    uint32_t s = ct_lattice_site_at(&sim->lat, pos);
    if (s == CT_NO_SITE)
        return ct_error_set(&sim->err, CT_EINVAL,
                            "%s: position (%g, %g, %g) um lies outside the domain", where, pos[0],
                            pos[1], pos[2]);
    if (sim->lat.slot[s] != CT_EMPTY)
        return ct_error_set(&sim->err, CT_EINVAL,
                            "%s: position (%g, %g, %g) um falls on a site that already holds a "
                            "cell",
                            where, pos[0], pos[1], pos[2]);
    return ct_sim_add_cell(sim, s, type, ct_sim_initial_state(sim, type), 0);
}

static int place_list(ct_sim *sim, const ct_placement *pl)
{
    char where[700];
    for (size_t k = 0; k < pl->n_positions; k++) {
        snprintf(where, sizeof where, "%s: %s/positions/%zu", sim->sc->file, pl->json_path, k);
        int rc = place_one(sim, pl->positions + 3 * k, pl->type, where);
        if (rc)
            return rc;
    }
    return CT_OK;
}

/* Splits a CSV line in place into at most max fields; returns the count. */
static int split_csv(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        while (*p == ' ' || *p == '\t')
            p++;
        fields[n++] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    for (int i = 0; i < n; i++) { /* trim trailing blanks and line ends */
        char *e = fields[i] + strlen(fields[i]);
        while (e > fields[i] && isspace((unsigned char)e[-1]))
            *--e = '\0';
    }
    return n;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return *s && !*end && errno == 0 && isfinite(*out);
}

/* Whether the fields name the columns: x,y,type (2D) or x,y,z,type (3D), in any letter case. */
static int is_header_row(char **f, int n, int nd)
{
    static const char *const names[] = {"x", "y", "z"};
    if (n != nd + 1 || strcasecmp(f[nd], "type") != 0)
        return 0;
    for (int a = 0; a < nd; a++)
        if (strcasecmp(f[a], names[a]) != 0)
            return 0;
    return 1;
}

/* One line: blank, the header (only as the first line with content), or a cell. */
static int place_csv_row(ct_sim *sim, char *line, const char *where, int *header_allowed)
{
    int nd = sim->lat.ndim;
    const char *columns = nd == 3 ? "x,y,z,type" : "x,y,type";
    char *f[5];
    int n = split_csv(line, f, 5);
    if (n == 1 && f[0][0] == '\0')
        return CT_OK; /* blank line */
    int may_be_header = *header_allowed;
    *header_allowed = 0;
    if (may_be_header && is_header_row(f, n, nd))
        return CT_OK;
    if (n != nd + 1)
        return ct_error_set(&sim->err, CT_EINVAL, "%s: expected the %d columns %s, got %s%d%s",
                            where, nd + 1, columns, n == 5 ? "at least " : "", n,
                            n > nd + 1 && f[n - 1][0] == '\0' ? " (a trailing comma?)" : "");
    double pos[3] = {0, 0, 0};
    for (int a = 0; a < nd; a++)
        if (!parse_double(f[a], &pos[a]))
            return ct_error_set(&sim->err, CT_EINVAL,
                                "%s: column %d (%c): expected a finite number in um, got \"%s\"",
                                where, a + 1, "xyz"[a], f[a]);
    int type = ct_scenario_type_index(sim->sc, f[nd]);
    if (type < 0)
        return ct_error_set(&sim->err, CT_EINVAL, "%s: unknown cell type \"%s\"", where, f[nd]);
    return place_one(sim, pos, type, where);
}

/* Skips a UTF-8 byte order mark, which spreadsheet programs put before the first line. */
static char *skip_bom(char *line)
{
    return strncmp(line, "\xEF\xBB\xBF", 3) == 0 ? line + 3 : line;
}

static int place_csv(ct_sim *sim, const ct_placement *pl)
{
    FILE *fp;
    ct_error open_err;
    if (ct_io_fopen_read(pl->csv_path, CT_IO_MAX_CSV_BYTES, "CSV file", &fp, &open_err))
        return ct_error_set(&sim->err, open_err.code, "%s: %s/file: %s", sim->sc->file,
                            pl->json_path, open_err.msg);
    char line[1024], where[4200];
    int rc = CT_OK, header_allowed = 1;
    for (long no = 1; !rc && fgets(line, sizeof line, fp); no++) {
        snprintf(where, sizeof where, "%s:%ld", pl->csv_path, no);
        if (!strchr(line, '\n') && !feof(fp))
            rc = ct_error_set(&sim->err, CT_EINVAL, "%s: line longer than %zu characters", where,
                              sizeof line - 2);
        else
            rc = place_csv_row(sim, no == 1 ? skip_bom(line) : line, where, &header_allowed);
    }
    fclose(fp);
    return rc;
}

int ct_placement_apply(ct_sim *sim)
{
    const ct_scenario *sc = sim->sc;
    for (int k = 0; k < sc->n_placements; k++) {
        const ct_placement *pl = &sc->placements[k];
        int rc;
        switch (pl->kind) {
        case CT_PLACE_LIST:
            rc = place_list(sim, pl);
            break;
        case CT_PLACE_CSV:
            rc = place_csv(sim, pl);
            break;
        default:
            rc = place_region(sim, pl, k);
        }
        if (rc)
            return rc;
    }
    return CT_OK;
}
