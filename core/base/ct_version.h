/* celltwin's version, reported by --version and recorded in every run.json. */
#ifndef CT_VERSION_H
#define CT_VERSION_H

#define CT_VERSION "0.1.0"

#endif
