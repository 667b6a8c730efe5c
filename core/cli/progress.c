/* A one-line progress bar for terminals. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "ct_sim.h"

void ct_progress_init(ct_progress *p, long long total_steps, int quiet)
{
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->total_steps = total_steps;
    p->last_draw_s = -1.0;
}

void ct_progress_update(ct_progress *p, long long step, unsigned long long cells, double elapsed_s)
{
    if (!p->enabled || (elapsed_s - p->last_draw_s < 0.1 && step < p->total_steps))
        return;
    p->last_draw_s = elapsed_s;
    enum { WIDTH = 30 };
    double frac = p->total_steps > 0 ? (double)step / (double)p->total_steps : 1.0;
    int filled = (int)(frac * WIDTH);
    char bar[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[WIDTH] = '\0';
    double rate = elapsed_s > 0 ? (double)step / elapsed_s : 0.0;
    double left = rate > 0 ? (double)(p->total_steps - step) / rate : 0.0;
    fprintf(stderr, "\r[%s] step %lld/%lld  cells %llu  %.0f steps/s  %.0fs left   ", bar, step,
            p->total_steps, cells, rate, left);
    fflush(stderr);
}

void ct_progress_finish(ct_progress *p)
{
    if (p->enabled)
        fputc('\n', stderr);
}

void ct_progress_on_step(void *progress, const ct_sim *sim, double elapsed_s)
{
    ct_progress *p = progress;
    p->total_steps = sim->sc->steps; /* a resumed run learns it from its checkpoint */
    ct_progress_update(p, (long long)sim->step, (unsigned long long)ct_sim_live_cells(sim),
                       elapsed_s);
}
