/* Regression diff between two runs (baseline vs current), shared by
 * `ccs diff` and `ccs run --baseline`. */
#ifndef CCS_DIFF_H
#define CCS_DIFF_H

#include <stddef.h>
#include <stdio.h>

#include "ccs/error.h"
#include "ccs/result.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ccs_diff_class {
    CCS_DIFF_REGRESSED = 0, /* PASS -> FAIL/ERROR */
    CCS_DIFF_FIXED,         /* FAIL/ERROR -> PASS */
    CCS_DIFF_NEW,           /* only in current */
    CCS_DIFF_REMOVED,       /* only in baseline */
    CCS_DIFF_STILL_FAILING, /* FAIL/ERROR -> FAIL/ERROR */
    CCS_DIFF_UNCHANGED,     /* everything else (PASS -> PASS, anything with SKIP) */
    CCS_DIFF_CLASS_COUNT
} ccs_diff_class;

typedef struct ccs_diff_entry {
    const char *id;               /* borrowed from base or cur */
    ccs_diff_class cls;
    const ccs_case_result *base;  /* NULL for NEW; borrowed */
    const ccs_case_result *cur;   /* NULL for REMOVED; borrowed */
    int gating;                   /* a REGRESSED case that is not a known failure in cur,
                                   * and not a SHOULD case of a non-strict cur run */
} ccs_diff_entry;

typedef struct ccs_diff {
    ccs_diff_entry *entries;      /* sorted by id */
    size_t count;
    size_t n[CCS_DIFF_CLASS_COUNT];
    size_t gating;                /* regressions that fail the gate */
} ccs_diff;

/* Classify every case id. Entries borrow from base and cur, which must
 * outlive out. Duplicate ids in one run are CCS_EINVAL. */
int ccs_diff_compute(const ccs_run_result *base, const ccs_run_result *cur, ccs_diff *out,
                     ccs_error *err);
void ccs_diff_free(ccs_diff *d);

/* "regressed", "fixed", "new", "removed", "still failing", "unchanged". */
const char *ccs_diff_class_name(ccs_diff_class c);

/* 1 when some regression is not a known failure in the current run. */
int ccs_diff_gate_failed(const ccs_diff *d);

/* Markdown report: both runs, counts, one table per non-empty class
 * (unchanged cases are only counted). Cells are escaped. */
int ccs_diff_write_markdown(const ccs_diff *d, const ccs_run_result *base,
                            const ccs_run_result *cur, FILE *out, ccs_error *err);

/* The causes (ccs/causes.h) that are new in cur and those fixed since base,
 * as a Markdown section or (html) an HTML one; both writers below include
 * it. */
int ccs_diff_write_causes(const ccs_run_result *base, const ccs_run_result *cur, FILE *out, int html,
                          ccs_error *err);

/* Self-contained HTML page (inline CSS, no scripts); every string escaped. */
int ccs_diff_write_html(const ccs_diff *d, const ccs_run_result *base,
                        const ccs_run_result *cur, FILE *out, ccs_error *err);

#ifdef __cplusplus
}
#endif
#endif
