/* PhysiCell cell definitions to celltwin cell types: cycle and death rates, a lattice hop rate
 * from the migration speed, chemotaxis, secretion and uptake, attacks and transformations;
 * everything else becomes a note (the cell rules: ct_import_physicell_hill.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ct_import_physicell_internal.h"
#include "ct_signals.h"

/* ---- cycle and death ---- */

/* Mean minutes of each phase of the cycle, from <phase_transition_rates> or <phase_durations>
   (a rate of 0 never leaves its phase: infinite). Returns the number of phases. */
static int cycle_phase_times(pc_import *im, xmlNodePtr cycle, double *times, int max, int *rc)
{
    xmlNodePtr rates = pc_child(cycle, "phase_transition_rates");
    xmlNodePtr durations = pc_child(cycle, "phase_durations");
    const char *item = rates ? "rate" : "duration";
    int n = 0;
    *rc = CT_OK;
    for (xmlNodePtr c = pc_child(rates ? rates : durations, item); c && !*rc && n < max;
         c = pc_next(c->next, item)) {
        double v;
        if (!(*rc = pc_number(im, c, 0, &v)))
            times[n++] = rates ? (v > 0 ? 1 / v : INFINITY) : v;
    }
    return n;
}

static int map_cycle(pc_import *im, xmlNodePtr phenotype, pc_type *t)
{
    xmlNodePtr cycle = pc_child(phenotype, "cycle");
    double times[16];
    int rc, n = cycle ? cycle_phase_times(im, cycle, times, 16, &rc) : 0;
    if (cycle && rc)
        return rc;
    if (n == 0)
        return pc_note(im, "cell_types.%s: no <cycle> with phase rates or durations: no "
                           "proliferation",
                       t->name);
    t->has_cycle = 1;
    for (int i = 1; i < n; i++) /* summed apart: the entry phase may never end (infinite) */
        t->cycle_rest_time += times[i];
    double total = times[0] + t->cycle_rest_time;
    double rate = isfinite(total) && total > 0 ? 1 / total : 0;
    if ((rc = pc_add_number(im, pc_add_object(im, t->json, "proliferation"), "rate", rate)))
        return rc;
    if (n == 1)
        return CT_OK;
    xmlChar *name = xmlGetProp(cycle, (const xmlChar *)"name");
    if (!isfinite(total))
        rc = pc_note(im, "cell_types.%s: cycle \"%s\" has a phase with exit rate 0: no division",
                     t->name, name ? (const char *)name : "?");
    else
        rc = pc_note(im,
                     "cell_types.%s: cycle \"%s\" of %d phases (mean %g min in all) "
                     "approximated by one division rate %g 1/min (1 / the summed mean phase "
                     "durations; fixed durations become exponential waiting times)",
                     t->name, name ? (const char *)name : "?", n, total, rate);
    xmlFree(name);
    return rc;
}

static int map_death(pc_import *im, xmlNodePtr phenotype, pc_type *t)
{
    xmlNodePtr death = pc_child(phenotype, "death");
    for (xmlNodePtr m = pc_child(death, "model"); m; m = pc_next(m->next, "model")) {
        xmlChar *name = xmlGetProp(m, (const xmlChar *)"name");
        xmlChar *code = xmlGetProp(m, (const xmlChar *)"code");
        int necrosis = (name && strstr((const char *)name, "necrosis")) ||
                       (code && !strcmp((const char *)code, "101"));
        xmlFree(name);
        xmlFree(code);
        int rc = pc_number_or(im, m, "death_rate", 0, 0, necrosis ? &t->necrosis : &t->apoptosis);
        if (rc)
            return rc;
    }
    int rc =
        pc_add_number(im, pc_add_object(im, t->json, "death"), "rate", t->apoptosis + t->necrosis);
    if (rc || t->apoptosis + t->necrosis == 0)
        return rc;
    return pc_note(im,
                   "cell_types.%s: death rate = apoptosis %g + necrosis %g 1/min; a dying "
                   "cell leaves its site at once (dead-cell phases, lysis and debris are not "
                   "modelled)",
                   t->name, t->apoptosis, t->necrosis);
}

/* ---- motility and chemotaxis ---- */

/* The substrate and direction cells follow: basic chemotaxis, or of the advanced kind the
   substrate of largest |sensitivity| (others noted). Returns the field index or -1. */
static int chemotaxis_target(pc_import *im, xmlNodePtr options, pc_type *t, double *direction)
{
    xmlNodePtr basic = pc_child(options, "chemotaxis");
    xmlNodePtr advanced = pc_child(options, "advanced_chemotaxis");
    xmlChar *substrate = NULL;
    int field = -1;
    *direction = 0;
    if (pc_element_true(pc_child(basic, "enabled")) &&
        (substrate = xmlNodeGetContent(pc_child(basic, "substrate")))) {
        field = pc_field_index(im, (const char *)substrate);
        if (field < 0)
            pc_fail(im, basic, "no substrate \"%.63s\" in <microenvironment_setup>",
                    (const char *)substrate);
        if (field < 0 || pc_number_or(im, basic, "direction", 1, -1e30, direction))
            field = -2;
    }
    xmlFree(substrate);
    int use_advanced = field == -1 && pc_element_true(pc_child(advanced, "enabled"));
    xmlNodePtr list = pc_child(advanced, "chemotactic_sensitivities");
    int others = 0;
    for (xmlNodePtr s = use_advanced && list ? list->children : NULL; s && field != -2;
         s = s->next) {
        double v;
        if (s->type != XML_ELEMENT_NODE)
            continue;
        if (pc_number(im, s, -1e30, &v))
            return -2;
        xmlChar *name = xmlGetProp(s, (const xmlChar *)"substrate");
        int f = name ? pc_field_index(im, (const char *)name) : -1;
        xmlFree(name);
        others += v != 0;
        if (f >= 0 && fabs(v) > fabs(*direction)) {
            field = f;
            *direction = v;
        }
    }
    if (others > 1 && field >= 0 &&
        pc_note(im,
                "cell_types.%s: advanced chemotaxis to %d substrates: only the "
                "strongest (%s) is followed",
                t->name, others, im->field_names[field]))
        return -2;
    return field;
}

/* celltwin moves up exp(chi c) rather than at PhysiCell's bias along the unit gradient; chi is
   chosen so that a gradient of one reference value over the field's decay length gives the
   drift fraction of the migration bias: tanh(chi g dx / 2) = bias, g = c_ref / L. */
static int map_chemotaxis(pc_import *im, xmlNodePtr motility, pc_type *t)
{
    double direction, bias;
    int field = chemotaxis_target(im, pc_child(motility, "options"), t, &direction);
    int rc = field == -2 ? CT_EINVAL : pc_number_or(im, motility, "migration_bias", 0, 0, &bias);
    if (rc || field < 0 || direction == 0 || bias == 0)
        return rc;
    const char *name = im->field_names[field];
    cJSON *f = cJSON_GetObjectItem(im->fields, name);
    double D = cJSON_GetObjectItem(f, "diffusion")->valuedouble;
    double k = cJSON_GetObjectItem(f, "decay")->valuedouble;
    double length = k > 0 ? sqrt(D / k) : im->extent[0];
    cJSON *bv = cJSON_GetObjectItem(f, "boundary_value");
    double c_ref = fmax(1, fmax(fabs(cJSON_GetObjectItem(f, "initial")->valuedouble),
                                bv ? fabs(bv->valuedouble) : 0));
    double chi = (direction > 0 ? 1 : -1) * 2 * atanh(fmin(bias, 0.99)) * length / (c_ref * im->dx);
    cJSON *c = pc_add_object(im, t->json, "chemotaxis");
    if (!c)
        return CT_ENOMEM; /* pc_add_object said so */
    if (!cJSON_AddStringToObject(c, "field", name))
        return pc_out_of_memory(im);
    if ((rc = pc_add_number(im, c, "sensitivity", chi)))
        return rc;
    return pc_note(im,
                   "cell_types.%s: chemotaxis %s %s with migration bias %g: sensitivity %.4g "
                   "per unit, chosen so that a gradient of %g over the decay length %.4g um "
                   "gives that drift fraction (an approximation: calibrate if it matters)",
                   t->name, direction > 0 ? "up" : "down", name, bias, chi, c_ref, length);
}

static int map_motility(pc_import *im, xmlNodePtr phenotype, pc_type *t)
{
    xmlNodePtr motility = pc_child(phenotype, "motility");
    int enabled = pc_element_true(pc_child(pc_child(motility, "options"), "enabled"));
    double speed, persistence;
    int rc;
    if (!enabled || (rc = pc_number_or(im, motility, "speed", 0, 0, &speed)) ||
        (rc = pc_number_or(im, motility, "persistence_time", 0, 0, &persistence)))
        return enabled ? rc : CT_OK;
    t->motility_per_speed = 1 / im->dx;
    if ((rc = pc_add_number(im, pc_add_object(im, t->json, "motility"), "rate",
                            speed * t->motility_per_speed)) ||
        (rc = pc_note(im,
                      "cell_types.%s: migration speed %g um/min becomes a hop rate of %.4g "
                      "1/min (speed / dx); persistence time %g min is not modelled (a hop "
                      "has no memory of the last)",
                      t->name, speed, speed * t->motility_per_speed, persistence)))
        return rc;
    return map_chemotaxis(im, motility, t);
}

/* ---- secretion and uptake ---- */

static int add_field_rate(pc_import *im, pc_type *t, const char *key, const char *field,
                          double rate)
{
    cJSON *map = cJSON_GetObjectItem(t->json, key);
    if (rate <= 0)
        return CT_OK;
    if (!map && !(map = pc_add_object(im, t->json, key)))
        return CT_ENOMEM;
    if (cJSON_GetArraySize(map) == CT_MAX_TYPE_FIELDS)
        return pc_note(im, "cell_types.%s: %s of %s (%g) not mapped: a type %s at most %d fields",
                       t->name, key, field, rate, !strcmp(key, "uptake") ? "takes up" : "secretes",
                       CT_MAX_TYPE_FIELDS);
    return pc_add_number(im, map, field, rate);
}

static int map_substrate_exchange(pc_import *im, xmlNodePtr s, pc_type *t)
{
    char name[CT_NAME_MAX];
    double rate, target, uptake, export;
    int rc = pc_name_attr(im, s, "name", name), f = pc_field_index(im, name);
    if (rc)
        return rc;
    if (f < 0)
        return ct_error_set(im->err, CT_EINVAL,
                            "%s:%ld: secretion of \"%s\": no such substrate "
                            "in <microenvironment_setup>",
                            im->file, xmlGetLineNo(s), name);
    if ((rc = pc_number_or(im, s, "secretion_rate", 0, 0, &rate)) ||
        (rc = pc_number_or(im, s, "secretion_target", 0, 0, &target)) ||
        (rc = pc_number_or(im, s, "uptake_rate", 0, 0, &uptake)) ||
        (rc = pc_number_or(im, s, "net_export_rate", 0, -1e30, &export)))
        return rc;
    t->secretion_target[f] = target;
    /* a site is one cell's volume, taken as dx^3 (a slab of thickness dx in 2D) */
    double constant = rate * target + export / (im->dx * im->dx * im->dx);
    if ((rc = add_field_rate(im, t, "secretion", name, constant)) ||
        (rc = add_field_rate(im, t, "uptake", name, uptake)))
        return rc;
    if (export < 0)
        rc = pc_note(im, "cell_types.%s: negative net export of %s (%g) not mapped", t->name, name,
                     export);
    if (!rc && rate * target > 0)
        rc = pc_note(im,
                     "cell_types.%s: secretion of %s, PhysiCell's %g (%g - c), becomes the "
                     "constant %g per minute (its value at c = 0; no saturation)",
                     t->name, name, rate, target, rate * target);
    return rc;
}

static int map_secretion(pc_import *im, xmlNodePtr phenotype, pc_type *t)
{
    xmlNodePtr secretion = pc_child(phenotype, "secretion");
    int rc = CT_OK;
    for (xmlNodePtr s = pc_child(secretion, "substrate"); s && !rc;
         s = pc_next(s->next, "substrate"))
        rc = map_substrate_exchange(im, s, t);
    return rc;
}

/* ---- interactions and transformations ---- */

/* The contact action that stands for PhysiCell's attack on target, created with rate 0 when a
   rule needs it first; *out is NULL when the type already has CT_MAX_CONTACTS. */
int pc_attack_action(pc_import *im, pc_type *t, const char *target, char *name, size_t size,
                     cJSON **out)
{
    int index = (int)(pc_find_type(im, target) - im->types_info);
    if (snprintf(name, size, "attack %s", target) >= (int)size)
        snprintf(name, size, "attack_type%d", index);
    cJSON *contact = cJSON_GetObjectItem(t->json, "contact"), *a;
    *out = NULL;
    cJSON_ArrayForEach(a, contact)
    {
        const char *existing = cJSON_GetStringValue(cJSON_GetObjectItem(a, "name"));
        if (existing && !strcmp(existing, name)) {
            *out = a;
            return CT_OK;
        }
    }
    if (t->n_contacts == CT_MAX_CONTACTS)
        return CT_OK;
    if ((!contact && !(contact = cJSON_AddArrayToObject(t->json, "contact"))) ||
        !(a = cJSON_CreateObject()))
        return pc_out_of_memory(im);
    cJSON_AddItemToArray(contact, a);
    t->n_contacts++;
    if (!cJSON_AddStringToObject(a, "name", name) ||
        !cJSON_AddStringToObject(a, "action", "kill") ||
        !cJSON_AddStringToObject(a, "target", target) || !cJSON_AddNumberToObject(a, "rate", 0))
        return pc_out_of_memory(im);
    *out = a;
    return CT_OK;
}

static int map_attack(pc_import *im, pc_type *t, const char *target, double rate)
{
    char name[CT_SIGNAL_NAME_MAX];
    cJSON *a;
    int rc = pc_attack_action(im, t, target, name, sizeof name, &a);
    if (rc || !a)
        return rc ? rc
                  : pc_note(im,
                            "cell_types.%s: attack on %s (%g 1/min) not mapped: at most %d "
                            "contact actions per type",
                            t->name, target, rate, CT_MAX_CONTACTS);
    cJSON_SetNumberValue(cJSON_GetObjectItem(a, "rate"), rate);
    return pc_note(im,
                   "cell_types.%s: attack on %s at %g 1/min becomes a kill at that rate "
                   "(PhysiCell's damage over the attack duration and death by damage are "
                   "not modelled)",
                   t->name, target, rate);
}

/* The one transition celltwin has per type; a second target is left out (noted by the caller). */
int pc_set_transition(pc_import *im, pc_type *t, const char *to, double rate)
{
    if (t->transition_to)
        return strcmp(t->transition_to, to) ? 1 : CT_OK;
    t->transition_to = pc_find_type(im, to)->name;
    cJSON *tr = pc_add_object(im, t->json, "transition");
    if (!tr)
        return CT_ENOMEM; /* pc_add_object said so */
    if (!cJSON_AddStringToObject(tr, "to", to))
        return pc_out_of_memory(im);
    return pc_add_number(im, tr, "rate", rate);
}

/* Each <ELEMENT name="TYPE">rate</ELEMENT> of list with a non-zero rate. */
typedef int (*per_type_rate)(pc_import *im, pc_type *t, xmlNodePtr item, const char *other,
                             double rate);

static int for_each_rate(pc_import *im, pc_type *t, xmlNodePtr list, per_type_rate fn)
{
    for (xmlNodePtr c = list ? list->children : NULL; c; c = c->next) {
        double rate;
        char other[CT_NAME_MAX];
        int rc;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if ((rc = pc_name_attr(im, c, "name", other)) || (rc = pc_number(im, c, 0, &rate)))
            return rc;
        if (rate > 0 && !pc_find_type(im, other))
            return ct_error_set(im->err, CT_EINVAL,
                                "%s:%ld: <%s name=\"%s\">: no such cell "
                                "definition",
                                im->file, xmlGetLineNo(c), (const char *)c->name, other);
        if (rate > 0 && (rc = fn(im, t, c, other, rate)))
            return rc;
    }
    return CT_OK;
}

static int attack_item(pc_import *im, pc_type *t, xmlNodePtr item, const char *other, double rate)
{
    (void)item;
    return map_attack(im, t, other, rate);
}

static int transformation_item(pc_import *im, pc_type *t, xmlNodePtr item, const char *other,
                               double rate)
{
    (void)item;
    int rc = pc_set_transition(im, t, other, rate);
    if (rc > 0)
        return pc_note(im,
                       "cell_types.%s: transformation to %s (%g 1/min) not mapped: one "
                       "transition per type (to %s)",
                       t->name, other, rate, t->transition_to);
    return rc;
}

static int unmapped_item(pc_import *im, pc_type *t, xmlNodePtr item, const char *other, double rate)
{
    return pc_note(im, "cell_types.%s: %s of %s (%g 1/min) not mapped: no celltwin equivalent",
                   t->name, (const char *)item->name, other, rate);
}

static int note_if_positive(pc_import *im, pc_type *t, xmlNodePtr parent, const char *name)
{
    double v;
    int rc = pc_number_or(im, parent, name, 0, 0, &v);
    return rc || v == 0 ? rc
                        : pc_note(im, "cell_types.%s: %s %g not mapped: no celltwin equivalent",
                                  t->name, name, v);
}

static int map_interactions(pc_import *im, xmlNodePtr phenotype, pc_type *t)
{
    xmlNodePtr in = pc_child(phenotype, "cell_interactions");
    xmlNodePtr integrity = pc_child(phenotype, "cell_integrity");
    int rc;
    if ((rc = for_each_rate(im, t, pc_child(in, "attack_rates"), attack_item)) ||
        (rc = for_each_rate(
             im, t, pc_child(pc_child(phenotype, "cell_transformations"), "transformation_rates"),
             transformation_item)) ||
        (rc = for_each_rate(im, t, pc_child(in, "live_phagocytosis_rates"), unmapped_item)) ||
        (rc = for_each_rate(im, t, pc_child(in, "fusion_rates"), unmapped_item)) ||
        (rc = note_if_positive(im, t, in, "apoptotic_phagocytosis_rate")) ||
        (rc = note_if_positive(im, t, in, "necrotic_phagocytosis_rate")) ||
        (rc = note_if_positive(im, t, in, "other_dead_phagocytosis_rate")) ||
        (rc = note_if_positive(im, t, integrity, "damage_rate")) ||
        (rc = note_if_positive(im, t, integrity, "damage_repair_rate")))
        return rc;
    return CT_OK;
}

/* ---- one definition ---- */

/* Parts of a definition that celltwin has no place for, and why. */
static const char *const unmapped_parts[][2] = {
    {"mechanics", "one cell per lattice site, no forces, adhesion or attachments"},
    {"volume", "one cell per lattice site, no growth or volume change"},
    {"geometry", "one cell per lattice site"},
    {"intracellular", "no intracellular models (a plugin can provide one)"},
    {"custom_data", "no custom per-cell data (a Lua attribute{} or plugin attribute can hold it)"},
    {"initial_parameter_distributions", "no per-cell parameter distributions"},
};

static const char *why_unmapped(const char *part)
{
    static const char *const mapped[] = {"cycle",
                                         "death",
                                         "motility",
                                         "secretion",
                                         "cell_interactions",
                                         "cell_transformations",
                                         "cell_integrity",
                                         "phenotype"};
    for (size_t i = 0; i < sizeof mapped / sizeof *mapped; i++)
        if (!strcmp(part, mapped[i]))
            return NULL;
    for (size_t i = 0; i < sizeof unmapped_parts / sizeof *unmapped_parts; i++)
        if (!strcmp(part, unmapped_parts[i][0]))
            return unmapped_parts[i][1];
    return "no celltwin equivalent";
}

/* Lists, for the definition and its phenotype, every part the mapping does not use, with the
   names inside it (custom data names, mechanics parameters). */
static int note_unmapped_parts(pc_import *im, xmlNodePtr def, pc_type *t)
{
    xmlNodePtr parents[2] = {def, pc_child(def, "phenotype")};
    for (int p = 0; p < 2; p++)
        for (xmlNodePtr c = parents[p] ? parents[p]->children : NULL; c; c = c->next) {
            const char *why =
                c->type == XML_ELEMENT_NODE ? why_unmapped((const char *)c->name) : NULL;
            if (!why || (!strcmp((const char *)c->name, "initial_parameter_distributions") &&
                         !pc_attr_true(c, "enabled")))
                continue;
            char inside[600] = "";
            size_t used = 0;
            for (xmlNodePtr i = c->children; i && used < sizeof inside - 70; i = i->next)
                if (i->type == XML_ELEMENT_NODE)
                    used += (size_t)snprintf(inside + used, sizeof inside - used, "%s%.60s",
                                             used ? ", " : "", (const char *)i->name);
            int rc = pc_note(im, "cell_types.%s: <%s> not mapped (%s)%s%s", t->name,
                             (const char *)c->name, why, used ? ": " : "", inside);
            if (rc)
                return rc;
        }
    return CT_OK;
}

static int map_definition(pc_import *im, xmlNodePtr def, pc_type *t)
{
    xmlNodePtr phenotype;
    int rc = pc_require(im, def, "phenotype", &phenotype);
    if (rc || (rc = map_cycle(im, phenotype, t)) || (rc = map_death(im, phenotype, t)) ||
        (rc = map_motility(im, phenotype, t)) || (rc = map_secretion(im, phenotype, t)) ||
        (rc = map_interactions(im, phenotype, t)))
        return rc;
    return note_unmapped_parts(im, def, t);
}

int pc_map_cell_definitions(pc_import *im)
{
    xmlNodePtr defs;
    int rc = pc_section(im, "cell_definitions", "cell_types", &defs, &im->types);
    if (rc)
        return rc;
    /* names first: interactions and transformations name types defined further down */
    for (xmlNodePtr d = pc_child(defs, "cell_definition"); d;
         d = pc_next(d->next, "cell_definition")) {
        if (im->n_types == CT_MAX_TYPES)
            return pc_fail(im, d, "more than %d cell definitions", CT_MAX_TYPES);
        pc_type *t = &im->types_info[im->n_types];
        if ((rc = pc_name_attr(im, d, "name", t->name)))
            return rc;
        xmlChar *id = xmlGetProp(d, (const xmlChar *)"ID");
        snprintf(t->id, sizeof t->id, "%s", id ? (const char *)id : "");
        xmlFree(id);
        if (pc_find_type(im, t->name))
            return pc_fail(im, d, "cell definition \"%s\" defined twice", t->name);
        if (!(t->json = pc_add_object(im, im->types, t->name)))
            return CT_ENOMEM;
        im->n_types++;
    }
    if (im->n_types == 0)
        return pc_require(im, defs, "cell_definition", &defs);
    int i = 0;
    for (xmlNodePtr d = pc_child(defs, "cell_definition"); d && !rc;
         d = pc_next(d->next, "cell_definition"))
        rc = map_definition(im, d, &im->types_info[i++]);
    return rc;
}
