/* PhysiCell cell rules (signal, direction, behaviour, saturation, half-max, Hill power) to
 * celltwin Hill rules on rates, contact actions and transitions; rules that do not map become
 * notes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_import_physicell_internal.h"
#include "ct_signals.h"

/* ---- cell rules ---- */

/* celltwin's signal for a PhysiCell signal name: a substrate, or "contact with TYPE". */
static int rule_signal(pc_import *im, const char *signal, char *out, size_t size)
{
    if (pc_field_index(im, signal) >= 0)
        return snprintf(out, size, "field:%s", signal) < (int)size;
    if (!strncmp(signal, "contact with ", 13) && pc_find_type(im, signal + 13))
        return snprintf(out, size, "neighbours:%s", signal + 13) < (int)size;
    return 0;
}

/* celltwin's behaviour for a PhysiCell behaviour, and the rule's saturation in its units.
   Returns 1 when there is one, 0 when there is none, or a negative status. */
static int rule_behaviour(pc_import *im, pc_type *t, const ct_physicell_rule *r, char *out,
                          size_t size, double *max)
{
    const char *b = r->behaviour;
    size_t len = strlen(b);
    double s = r->saturation;
    if (!strcmp(b, "cycle entry") && t->has_cycle) {
        *max = s > 0 ? 1 / (1 / s + t->cycle_rest_time) : 0;
        return snprintf(out, size, "proliferation") > 0;
    }
    if (!strcmp(b, "apoptosis") || !strcmp(b, "necrosis")) {
        *max = s + (!strcmp(b, "apoptosis") ? t->necrosis : t->apoptosis);
        return snprintf(out, size, "death") > 0;
    }
    if (!strcmp(b, "migration speed") && t->motility_per_speed > 0) {
        *max = s * t->motility_per_speed;
        return snprintf(out, size, "motility") > 0;
    }
    if (len > 10 && !strcmp(b + len - 10, " secretion")) {
        char field[CT_NAME_MAX];
        snprintf(field, sizeof field, "%.*s", (int)(len - 10), b);
        int f = pc_field_index(im, field);
        *max = f >= 0 ? s * t->secretion_target[f] : 0;
        return f >= 0 && snprintf(out, size, "secretion:%s", field) < (int)size;
    }
    if (!strncmp(b, "transform to ", 13) && pc_find_type(im, b + 13)) {
        int rc = pc_set_transition(im, t, b + 13, 0); /* 1: the type changes into another */
        *max = s;
        return rc < 0 ? rc : rc == CT_OK && snprintf(out, size, "transition") > 0;
    }
    if (!strncmp(b, "attack ", 7) && pc_find_type(im, b + 7)) {
        char name[CT_SIGNAL_NAME_MAX];
        cJSON *action;
        int rc = pc_attack_action(im, t, b + 7, name, sizeof name, &action);
        *max = s;
        return rc ? rc : action && snprintf(out, size, "contact:%s", name) < (int)size;
    }
    return 0;
}

static int add_rule(pc_import *im, pc_type *t, const char *behaviour, const char *signal,
                    double max, double half, double hill)
{
    cJSON *rules = cJSON_GetObjectItem(t->json, "rules"), *r;
    if ((!rules && !(rules = cJSON_AddArrayToObject(t->json, "rules"))) ||
        !(r = cJSON_CreateObject()) || !cJSON_AddItemToArray(rules, r) ||
        !cJSON_AddStringToObject(r, "behaviour", behaviour) ||
        !cJSON_AddStringToObject(r, "signal", signal))
        return pc_out_of_memory(im);
    int rc;
    if ((rc = pc_add_number(im, r, "max", max)) || (rc = pc_add_number(im, r, "half", half)))
        return rc;
    return pc_add_number(im, r, "hill", hill);
}

/* Why a rule cannot be mapped in *why, or NULL when it can (signal, behaviour and max filled
   in); returns a status. */
static int rule_refusal(pc_import *im, pc_type *t, const ct_physicell_rule *r, char *signal,
                        char *behaviour, size_t size, double *max, const char **why)
{
    int found = rule_signal(im, r->signal, signal, size) ? 1 : 0;
    *why = found ? NULL : "the signal is neither a substrate nor \"contact with TYPE\"";
    if (found && (found = rule_behaviour(im, t, r, behaviour, size, max)) <= 0)
        *why = "the behaviour has no celltwin equivalent for this type (cycle entry, apoptosis, "
               "necrosis, migration speed, SUBSTRATE secretion, transform to TYPE, attack TYPE "
               "map)";
    else if (found && cJSON_GetArraySize(cJSON_GetObjectItem(t->json, "rules")) == CT_MAX_RULES)
        *why = "more than 16 rules for this type";
    else if (found && (*max > 1e12 || r->half_max < 1e-30 || r->hill < 0.001 || r->hill > 100))
        *why = "a value outside celltwin's ranges (max <= 1e12, half >= 1e-30, hill in [0.001, "
               "100])";
    return found < 0 ? found : CT_OK;
}

/* One direction of one rules file line; `increases` rules go first: PhysiCell raises a behaviour
   towards its up-saturation, then lowers the result towards its down-saturation, which is what
   celltwin's chain does with the rules in that order. */
static int map_rule(pc_import *im, const ct_physicell_rule *r, const char *path, int *mapped)
{
    char signal[CT_NAME_MAX + 16], behaviour[CT_NAME_MAX + 16];
    double max = 0;
    pc_type *t = pc_find_type(im, r->cell_type);
    if (!t)
        return ct_error_set(im->err, CT_EINVAL,
                            "%s:%d: column 1 (cell type): no cell definition "
                            "\"%s\" in %s",
                            path, r->line, r->cell_type, im->file);
    const char *why;
    int rc = rule_refusal(im, t, r, signal, behaviour, sizeof signal, &max, &why);
    if (rc)
        return rc;
    if (why)
        return pc_note(im, "%s:%d: rule \"%s: %s %s %s\" not mapped: %s", path, r->line,
                       r->cell_type, r->signal, r->increases ? "increases" : "decreases",
                       r->behaviour, why);
    ++*mapped;
    return add_rule(im, t, behaviour, signal, max, r->half_max, r->hill);
}

/* PhysiCell sums the Hill terms of several signals on one behaviour and direction; celltwin
   chains them: noted wherever that happens. */
static int note_combined(pc_import *im, const ct_physicell_rules *rules, const char *path)
{
    for (int i = 0; i < rules->n; i++)
        for (int j = 0; j < i; j++) {
            const ct_physicell_rule *a = &rules->rules[j], *b = &rules->rules[i];
            if (!strcmp(a->cell_type, b->cell_type) && !strcmp(a->behaviour, b->behaviour) &&
                a->increases == b->increases) {
                int rc = pc_note(im,
                                 "%s:%d and %d: two rules %s %s of %s: chained one after the "
                                 "other, where PhysiCell sums their Hill terms and keeps one "
                                 "saturation (an approximation)",
                                 path, a->line, b->line, a->increases ? "increase" : "decrease",
                                 a->behaviour, a->cell_type);
                if (rc)
                    return rc;
                break;
            }
        }
    return CT_OK;
}

int pc_map_rules(pc_import *im, const ct_physicell_rules *rules, const char *path)
{
    int mapped = 0, rc = CT_OK;
    for (int pass = 1; pass >= 0 && !rc; pass--)
        for (int i = 0; i < rules->n && !rc; i++)
            if (rules->rules[i].increases == pass)
                rc = map_rule(im, &rules->rules[i], path, &mapped);
    if (rc || (rc = note_combined(im, rules, path)))
        return rc;
    return pc_note(im, "rules: %d of %d rules of %s mapped to Hill rules", mapped, rules->n, path);
}
