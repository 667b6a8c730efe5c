/* The built-in counts.csv columns of field totals (`output.field_totals`): one "<field>_total"
 * column per field, the amount summed over the lattice (value x site volume).
 * State layer: for the sim assembly (ct_sim_create), which adds them before scripts and plugins
 * so that those cannot take the names. */
#ifndef CT_FIELD_COLUMNS_H
#define CT_FIELD_COLUMNS_H

#include "ct_sim.h"

#define CT_FIELD_TOTAL_SUFFIX "_total"

/* Adds the columns when sim->sc->field_totals is set; refuses a name that a cell type has or
   that is too long, naming the field. */
int ct_field_columns_add(ct_sim *sim, ct_error *err);

#endif
