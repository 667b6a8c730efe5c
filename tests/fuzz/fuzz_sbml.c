/* Fuzz target for the SBML reader: arbitrary bytes as an SBML file, converted and, when accepted,
 * integrated for a few RK4 steps (the bytecode must never read outside its stack or table). */
#include "ct_alloc.h"
#include "ct_sbml.h"
#include "fuzz_targets.h"

int ct_fuzz_sbml(const uint8_t *data, size_t size)
{
    char *text = ct_fuzz_text(data, size);
    ct_sbml_model *m = NULL;
    ct_error err = {0};
    if (text && ct_sbml_read_string(text, "fuzz.xml", &m, &err) == CT_OK) {
        double y[CT_SBML_MAX_SPECIES];
        for (int s = 0; s < m->n_species; s++)
            y[s] = m->value[s];
        ct_sbml_rk4(m, y, m->value, 0.01, 10);
    }
    ct_sbml_free(m);
    ct_free(text);
    return 0;
}
