/* celltwin's version, reported by --version and recorded in every run.json.
 * Base layer: for the run outputs and the CLI. */
#ifndef CT_VERSION_H
#define CT_VERSION_H

#define CT_VERSION "0.1.0"

#endif
