/* The baseline of `ccs run --baseline FILE`: a results.json kept by the
 * team (in the repository or a CI cache) that the gate compares against. */
#ifndef CCS_BASELINE_H
#define CCS_BASELINE_H

#include "ccs/error.h"
#include "ccs/result.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Read path into out. A missing file is CCS_ENOTFOUND unless allow_missing,
 * in which case out becomes an empty run (run_id "none") and *missing = 1:
 * the first run with --baseline-update adopts the gate, every case is new.
 * missing may be NULL. */
int ccs_baseline_load(const char *path, int allow_missing, ccs_run_result *out, int *missing,
                      ccs_error *err);

/* Replace path with a copy of results_json (written to "<path>.tmp" and
 * renamed, so an interrupted update never leaves a torn baseline). The copy
 * is read back first: a file that is not a results record is refused. */
int ccs_baseline_update(const char *results_json, const char *path, ccs_error *err);

#ifdef __cplusplus
}
#endif
#endif
