/* SBML (libSBML) into the compact model of ct_sbml.h: species, compartments, parameters and
 * reactions whose kinetic laws compile to postfix bytecode; every unsupported element is refused
 * by name ("x.xml: reaction \"R3\": kineticLaw uses delay(): not supported"). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sbml/SBMLTypes.h>

#include "ct_alloc.h"
#include "ct_io.h"
#include "ct_sbml.h"

typedef struct reader {
    const char *file;
    ct_error *err;
    ct_sbml_model *m;
    const char *scope; /* reaction id whose local parameters are visible, or NULL */
} reader;

static int fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ct_error_vset(r->err, CT_EINVAL, fmt, ap);
    va_end(ap);
    ct_error_prefix(r->err, "%s: ", r->file);
    return CT_EINVAL;
}

int ct_sbml_value_index(const ct_sbml_model *m, const char *id)
{
    for (int k = 0; k < m->n_values; k++)
        if (strcmp(m->name[k], id) == 0)
            return k;
    return -1;
}

static int add_value(reader *r, const char *kind, const char *id, double value)
{
    ct_sbml_model *m = r->m;
    if (!id || !*id || strlen(id) >= CT_SBML_ID_MAX)
        return fail(r, "%s \"%s\": expected an id of 1 to %d bytes", kind, id ? id : "",
                    CT_SBML_ID_MAX - 1);
    if (m->n_values == CT_SBML_MAX_VALUES)
        return fail(r, "%s \"%s\": at most %d species, compartments and parameters together",
                    kind, id, CT_SBML_MAX_VALUES);
    if (!isfinite(value))
        return fail(r, "%s \"%s\": value missing or not finite", kind, id);
    snprintf(m->name[m->n_values], CT_SBML_ID_MAX, "%s", id);
    m->value[m->n_values++] = value;
    return CT_OK;
}

/* Species first: they are the state, indices 0 .. n_species-1. Names in kinetic laws denote
   concentrations unless hasOnlySubstanceUnits, so a reaction's rate (substance per time) is
   divided by the compartment's size for those. */
static int read_species(reader *r, Model_t *model)
{
    unsigned n = Model_getNumSpecies(model);
    if (n > CT_SBML_MAX_SPECIES)
        return fail(r, "%u species: at most %d are supported", n, CT_SBML_MAX_SPECIES);
    for (unsigned k = 0; k < n; k++) {
        Species_t *s = Model_getSpecies(model, k);
        const char *id = Species_getId(s);
        Compartment_t *c = Model_getCompartmentById(model, Species_getCompartment(s));
        double size = c && Compartment_isSetSize(c) ? Compartment_getSize(c) : 1.0;
        if (!(size > 0) || !isfinite(size))
            return fail(r, "species \"%s\": compartment size must be a positive number", id);
        double v = Species_isSetInitialConcentration(s) ? Species_getInitialConcentration(s)
                   : Species_isSetInitialAmount(s)      ? Species_getInitialAmount(s)
                                                        : NAN;
        int amounts = Species_getHasOnlySubstanceUnits(s);
        if (amounts && Species_isSetInitialConcentration(s))
            v *= size;
        else if (!amounts && !Species_isSetInitialConcentration(s))
            v /= size;
        int rc = add_value(r, "species", id, v);
        if (rc)
            return rc;
        r->m->fixed[k] = Species_getBoundaryCondition(s) || Species_getConstant(s);
        r->m->per_volume[k] = amounts ? 1.0 : 1.0 / size;
    }
    r->m->n_species = (int)n;
    return CT_OK;
}

static int read_constants(reader *r, Model_t *model)
{
    int rc = CT_OK;
    for (unsigned k = 0; !rc && k < Model_getNumCompartments(model); k++) {
        Compartment_t *c = Model_getCompartment(model, k);
        rc = add_value(r, "compartment", Compartment_getId(c),
                       Compartment_isSetSize(c) ? Compartment_getSize(c) : 1.0);
    }
    for (unsigned k = 0; !rc && k < Model_getNumParameters(model); k++) {
        Parameter_t *p = Model_getParameter(model, k);
        rc = add_value(r, "parameter", Parameter_getId(p), Parameter_getValue(p));
    }
    return rc;
}

/* Elements whose meaning the bytecode cannot carry; the first one found is named. */
static int refuse_unsupported(reader *r, Model_t *model)
{
    if (Model_getNumEvents(model))
        return fail(r, "event \"%s\": events are not supported",
                    Event_getId(Model_getEvent(model, 0)));
    if (Model_getNumFunctionDefinitions(model))
        return fail(r, "functionDefinition \"%s\": function definitions are not supported "
                       "(expand them into the kinetic laws)",
                    FunctionDefinition_getId(Model_getFunctionDefinition(model, 0)));
    if (Model_getNumInitialAssignments(model))
        return fail(r, "initialAssignment to \"%s\": initial assignments are not supported",
                    InitialAssignment_getSymbol(Model_getInitialAssignment(model, 0)));
    if (Model_getNumConstraints(model))
        return fail(r, "constraint: constraints are not supported");
    for (unsigned k = 0; k < Model_getNumRules(model); k++) {
        Rule_t *rule = Model_getRule(model, k);
        const char *kind = Rule_isAlgebraic(rule) ? "algebraic" : Rule_isRate(rule) ? "rate"
                                                                                      : "assignment";
        return fail(r, "%s rule%s%s%s: rules are not supported", kind,
                    Rule_isAlgebraic(rule) ? "" : " for \"",
                    Rule_isAlgebraic(rule) ? "" : Rule_getVariable(rule),
                    Rule_isAlgebraic(rule) ? "" : "\"");
    }
    return CT_OK;
}

static int emit(reader *r, const char *rid, int code, int index, double value)
{
    ct_sbml_model *m = r->m;
    if (m->n_ops == CT_SBML_MAX_OPS)
        return fail(r, "reaction \"%s\": kinetic laws have more than %d operations together",
                    rid, CT_SBML_MAX_OPS);
    m->ops[m->n_ops++] = (ct_sbml_op){code, index, value};
    return CT_OK;
}

/* A name in a kinetic law: the reaction's own local parameter first, then the model's values. */
static int name_index(reader *r, const char *name)
{
    char local[2 * CT_SBML_ID_MAX + 2];
    snprintf(local, sizeof local, "%s.%s", r->scope, name);
    int k = ct_sbml_value_index(r->m, local);
    return k >= 0 ? k : ct_sbml_value_index(r->m, name);
}

static int unary_code(ASTNodeType_t t)
{
    switch (t) {
    case AST_FUNCTION_EXP: return CT_SBML_EXP;
    case AST_FUNCTION_LN: return CT_SBML_LN;
    case AST_FUNCTION_ROOT: return CT_SBML_SQRT;
    case AST_FUNCTION_ABS: return CT_SBML_ABS;
    default: return -1;
    }
}

static int binary_code(ASTNodeType_t t)
{
    switch (t) {
    case AST_PLUS: return CT_SBML_ADD;
    case AST_MINUS: return CT_SBML_SUB;
    case AST_TIMES: return CT_SBML_MUL;
    case AST_DIVIDE: return CT_SBML_DIV;
    case AST_POWER: case AST_FUNCTION_POWER: return CT_SBML_POW;
    default: return -1;
    }
}

static int compile(reader *r, const ASTNode_t *node, int depth);

/* n-ary plus and times fold left; unary minus negates; binary operators take exactly two. */
static int compile_operator(reader *r, const ASTNode_t *node, int code, int depth)
{
    unsigned n = ASTNode_getNumChildren(node);
    int rc;
    if (n == 0 && (code == CT_SBML_ADD || code == CT_SBML_MUL))
        return emit(r, r->scope, CT_SBML_CONST, 0, code == CT_SBML_ADD ? 0.0 : 1.0);
    if (n == 1 && code == CT_SBML_SUB)
        return (rc = compile(r, ASTNode_getChild(node, 0), depth + 1)) ? rc
               : emit(r, r->scope, CT_SBML_NEG, 0, 0.0);
    if (n < 1 || (n != 2 && code != CT_SBML_ADD && code != CT_SBML_MUL))
        return fail(r, "reaction \"%s\": kineticLaw: operator with %u arguments", r->scope, n);
    if ((rc = compile(r, ASTNode_getChild(node, 0), depth + 1)))
        return rc;
    for (unsigned k = 1; k < n; k++)
        if ((rc = compile(r, ASTNode_getChild(node, k), depth + 1)) ||
            (rc = emit(r, r->scope, code, 0, 0.0)))
            return rc;
    return CT_OK;
}

static int compile(reader *r, const ASTNode_t *node, int depth)
{
    if (depth >= CT_SBML_MAX_STACK)
        return fail(r, "reaction \"%s\": kineticLaw nested deeper than %d", r->scope,
                    CT_SBML_MAX_STACK);
    ASTNodeType_t t = ASTNode_getType(node);
    if (ASTNode_isNumber(node))
        return emit(r, r->scope, CT_SBML_CONST, 0, ASTNode_getReal(node));
    if (t == AST_CONSTANT_PI || t == AST_CONSTANT_E)
        return emit(r, r->scope, CT_SBML_CONST, 0, t == AST_CONSTANT_PI ? M_PI : M_E);
    if (t == AST_NAME) {
        int k = name_index(r, ASTNode_getName(node));
        if (k < 0)
            return fail(r, "reaction \"%s\": kineticLaw names \"%s\": not a species, "
                           "compartment or parameter", r->scope, ASTNode_getName(node));
        return emit(r, r->scope, CT_SBML_VALUE, k, 0.0);
    }
    int code = binary_code(t);
    if (code >= 0)
        return compile_operator(r, node, code, depth);
    code = unary_code(t);
    if (code >= 0 && ASTNode_getNumChildren(node) == 1) {
        int rc = compile(r, ASTNode_getChild(node, 0), depth + 1);
        return rc ? rc : emit(r, r->scope, code, 0, 0.0);
    }
    const char *what = ASTNode_getName(node);
    if (t == AST_FUNCTION_DELAY)
        what = "delay";
    else if (t == AST_NAME_TIME)
        what = "time";
    return fail(r, "reaction \"%s\": kineticLaw uses %s(): not supported", r->scope,
                what ? what : "an operator that");
}

static int add_stoichiometry(reader *r, Reaction_t *re, int reactants)
{
    unsigned n = reactants ? Reaction_getNumReactants(re) : Reaction_getNumProducts(re);
    for (unsigned k = 0; k < n; k++) {
        SpeciesReference_t *sr = reactants ? Reaction_getReactant(re, k)
                                           : Reaction_getProduct(re, k);
        int s = ct_sbml_value_index(r->m, SpeciesReference_getSpecies(sr));
        double st = SpeciesReference_isSetStoichiometry(sr) ? SpeciesReference_getStoichiometry(sr)
                                                            : 1.0;
        if (s < 0 || s >= r->m->n_species)
            return fail(r, "reaction \"%s\": unknown species \"%s\"", r->scope,
                        SpeciesReference_getSpecies(sr));
        if (SpeciesReference_isSetStoichiometryMath(sr) || !isfinite(st))
            return fail(r, "reaction \"%s\": stoichiometry of \"%s\": expected a constant number",
                        r->scope, SpeciesReference_getSpecies(sr));
        r->m->stoich[(size_t)r->m->n_reactions * (size_t)r->m->n_species + (size_t)s] +=
            reactants ? -st : st;
    }
    return CT_OK;
}

static int read_reaction(reader *r, Reaction_t *re)
{
    r->scope = Reaction_getId(re);
    KineticLaw_t *law = Reaction_getKineticLaw(re);
    if (Reaction_isSetFast(re) && Reaction_getFast(re))
        return fail(r, "reaction \"%s\": fast reactions are not supported", r->scope);
    if (!law || !KineticLaw_getMath(law))
        return fail(r, "reaction \"%s\": no kineticLaw", r->scope);
    int rc = CT_OK;
    for (unsigned k = 0; !rc && k < KineticLaw_getNumParameters(law); k++) {
        Parameter_t *p = KineticLaw_getParameter(law, k);
        char local[2 * CT_SBML_ID_MAX + 2];
        snprintf(local, sizeof local, "%s.%s", r->scope, Parameter_getId(p));
        rc = add_value(r, "local parameter", local, Parameter_getValue(p));
    }
    r->m->law_begin[r->m->n_reactions] = r->m->n_ops;
    if (rc || (rc = compile(r, KineticLaw_getMath(law), 0)) ||
        (rc = add_stoichiometry(r, re, 1)) || (rc = add_stoichiometry(r, re, 0)))
        return rc;
    r->m->law_begin[++r->m->n_reactions] = r->m->n_ops;
    return CT_OK;
}

static int convert(reader *r, Model_t *model)
{
    unsigned n = Model_getNumReactions(model);
    if (n > CT_SBML_MAX_REACTIONS)
        return fail(r, "%u reactions: at most %d are supported", n, CT_SBML_MAX_REACTIONS);
    int rc;
    if ((rc = refuse_unsupported(r, model)) || (rc = read_species(r, model)) ||
        (rc = read_constants(r, model)))
        return rc;
    r->m->stoich = ct_calloc((size_t)n * (size_t)r->m->n_species + 1, sizeof *r->m->stoich);
    r->m->ops = ct_malloc(CT_SBML_MAX_OPS * sizeof *r->m->ops);
    if (!r->m->stoich || !r->m->ops)
        return ct_error_set(r->err, CT_ENOMEM, "%s: out of memory", r->file);
    for (unsigned k = 0; !rc && k < n; k++)
        rc = read_reaction(r, Model_getReaction(model, k));
    return rc;
}

/* libSBML's own errors (malformed XML, invalid SBML): the first one, with its line. */
static int document_errors(reader *r, SBMLDocument_t *doc)
{
    for (unsigned k = 0; k < SBMLDocument_getNumErrors(doc); k++) {
        const XMLError_t *e = (const XMLError_t *)SBMLDocument_getError(doc, k);
        if (XMLError_isError(e) || XMLError_isFatal(e))
            return fail(r, "line %u: %s", XMLError_getLine(e), XMLError_getShortMessage(e));
    }
    if (!SBMLDocument_getModel(doc))
        return fail(r, "expected an SBML document with a <model>");
    return CT_OK;
}

int ct_sbml_read_string(const char *text, const char *name, ct_sbml_model **out, ct_error *err)
{
    *out = NULL;
    reader r = {name, err, ct_calloc(1, sizeof(ct_sbml_model)), ""};
    if (!r.m)
        return ct_error_set(err, CT_ENOMEM, "%s: out of memory", name);
    SBMLDocument_t *doc = readSBMLFromString(text);
    int rc = !doc ? ct_error_set(err, CT_ENOMEM, "%s: out of memory", name)
                  : document_errors(&r, doc);
    if (!rc)
        rc = convert(&r, SBMLDocument_getModel(doc));
    SBMLDocument_free(doc);
    if (rc) {
        ct_sbml_free(r.m);
        return rc;
    }
    *out = r.m;
    return CT_OK;
}

int ct_sbml_read(const char *path, ct_sbml_model **out, ct_error *err)
{
    char *text;
    size_t len;
    *out = NULL;
    int rc = ct_io_read_file_max(path, CT_SBML_MAX_BYTES, "an SBML model", &text, &len, err);
    if (rc)
        return rc;
    rc = ct_sbml_read_string(text, path, out, err);
    ct_free(text);
    return rc;
}

void ct_sbml_free(ct_sbml_model *m)
{
    if (!m)
        return;
    ct_free(m->stoich);
    ct_free(m->ops);
    ct_free(m);
}
