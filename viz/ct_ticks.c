/* Nice numbers (1, 2, 5 times a power of ten), ticks and labels for axes and scale bars. */
#include "ct_ticks.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

ct_viz_time_unit ct_viz_time_unit_for(double span_min)
{
    static const ct_viz_time_unit minute = {"min", 1}, hour = {"h", 60}, day = {"d", 1440};
    if (span_min < 120)
        return minute;
    return span_min < 3 * 1440 ? hour : day;
}

double ct_viz_nice_floor(double x)
{
    double p = pow(10, floor(log10(x)));
    double m = x / p;
    /* the tolerance keeps 0.3 / 0.1 = 2.9999... from falling to 2 */
    return (m >= 5 - 1e-9 ? 5 : m >= 2 - 1e-9 ? 2 : 1) * p;
}

double ct_viz_nice_step(double range, int target)
{
    if (!(range > 0) || !isfinite(range))
        return 1;
    double raw = range / (target > 1 ? target : 1);
    double p = pow(10, floor(log10(raw)));
    double m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

double ct_viz_spaced_step(double lo, double hi, double length_pt, int max_target,
                          ct_viz_label_room room, const void *ctx)
{
    double range = hi - lo, step = ct_viz_nice_step(range, 1);
    for (int target = max_target; target >= 1; target--) {
        step = ct_viz_nice_step(range, target);
        if (step / range * length_pt >= room(step, ctx))
            break;
    }
    return step;
}

int ct_viz_decade_stride(int first, int last, double decade_pt, double room_pt, int max_labels)
{
    int stride = (last - first + max_labels - 1) / max_labels;
    int room_stride = (int)ceil(room_pt / decade_pt - 1e-9);
    stride = room_stride > stride ? room_stride : stride;
    return stride > 0 ? stride : 1;
}

int ct_viz_ticks(double lo, double hi, double step, double *ticks, int max)
{
    int n = 0;
    double eps = step * 1e-6;
    for (double k = ceil((lo - eps) / step); n < max && k * step <= hi + eps; k++)
        ticks[n++] = k * step == 0 ? 0 : k * step; /* no "-0" */
    return n;
}

/* 1.5e+06 -> 1.5e6 */
static void compact_exponent(char *s)
{
    char *e = strchr(s, 'e');
    if (!e)
        return;
    char *digits = e + 1;
    int negative = *digits == '-';
    if (*digits == '+' || *digits == '-')
        digits++;
    while (*digits == '0' && digits[1])
        digits++;
    memmove(e + 1 + negative, digits, strlen(digits) + 1);
    if (negative)
        e[1] = '-';
}

void ct_viz_format_number(double v, double step, char *buf, size_t n)
{
    double mag = fabs(v);
    if (mag >= 1e6 || (mag > 0 && mag < 1e-4)) {
        snprintf(buf, n, "%.3g", v);
        compact_exponent(buf);
        return;
    }
    int decimals = step > 0 ? (int)ceil(-log10(step) - 1e-9) : 0;
    decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    snprintf(buf, n, "%.*f", decimals, v == 0 ? 0.0 : v);
}

void ct_viz_format_time(double minutes, char *buf, size_t n)
{
    ct_viz_time_unit u = ct_viz_time_unit_for(minutes);
    double v = minutes / u.minutes;
    if (v >= 100 || v == floor(v))
        snprintf(buf, n, "t = %.0f %s", v, u.symbol);
    else
        snprintf(buf, n, "t = %.3g %s", v, u.symbol);
}

double ct_viz_scale_bar_um(double view_um)
{
    return ct_viz_nice_floor(view_um > 0 ? view_um / 5 : 1);
}

void ct_viz_format_length(double um, char *buf, size_t n)
{
    if (um >= 1000)
        snprintf(buf, n, "%g mm", um / 1000);
    else
        snprintf(buf, n, "%g \xc2\xb5m", um); /* µm, UTF-8 */
}
