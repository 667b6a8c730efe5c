/* Reader of PhysiCell cell rules CSV files (the CBHG format of PhysiCell 1.12+, "v2"/"v3"):
 * one rule per line, `cell type,signal,direction,behaviour,saturation,half-max,Hill power,
 * applies to dead`, lines starting with // are comments.
 * Import layer: for the PhysiCell importer. */
#ifndef CT_PHYSICELL_RULES_H
#define CT_PHYSICELL_RULES_H

#include "ct_error.h"

#define CT_PHYSICELL_RULES_MAX_BYTES (4 << 20) /* a rules file larger than 4 MiB is refused */
#define CT_PHYSICELL_RULES_MAX 4096            /* rules per file */
#define CT_PHYSICELL_TEXT_MAX 128              /* characters of a name column, plus one */

typedef struct ct_physicell_rule {
    char cell_type[CT_PHYSICELL_TEXT_MAX];
    char signal[CT_PHYSICELL_TEXT_MAX];
    char behaviour[CT_PHYSICELL_TEXT_MAX];
    int increases;     /* 1: "increases", 0: "decreases" */
    double saturation; /* the behaviour's value at high signal */
    double half_max;   /* signal at half effect, > 0 */
    double hill;       /* Hill power, > 0 */
    int applies_to_dead;
    int line; /* 1-based line in the file, for messages */
} ct_physicell_rule;

typedef struct ct_physicell_rules {
    ct_physicell_rule *rules;
    int n;
} ct_physicell_rules;

/* Reads and checks every rule of a regular file of at most CT_PHYSICELL_RULES_MAX_BYTES; a bad
   row is refused with "FILE:LINE: ..." naming the column and what was expected. */
int ct_physicell_rules_read(const char *path, ct_physicell_rules *out, ct_error *err);
void ct_physicell_rules_free(ct_physicell_rules *r);

/* Reads a whole regular file of at most max_bytes (refusing FIFOs, devices, directories and
   larger files with a message naming the file); shared by the PhysiCell readers. */
int ct_physicell_read_input(const char *path, size_t max_bytes, char **data, size_t *len,
                            ct_error *err);

#endif
