/* The CI gate of one run: which FAIL/ERROR cases fail it, with or without a
 * baseline, and CI annotations for them (`ccs run --annotate github`).
 *
 * Without a baseline a FAIL/ERROR fails the gate unless it is a known
 * failure in force or a SHOULD case of a non-strict run. With a baseline
 * (`ccs run --baseline FILE`) only regressions fail it: cases that PASSed in
 * the baseline and FAIL/ERROR now. Cases failing in the baseline too, and
 * new cases (absent from the baseline, or SKIP there) that fail, are
 * reported but excused, so a team can adopt the gate before it is fully
 * conformant. In both modes a FAIL/ERROR whose known-failure entry has
 * expired fails the gate: the expiry date is a promise. */
#ifndef CCS_GATE_H
#define CCS_GATE_H

#include <stddef.h>
#include <stdio.h>

#include "ccs/diff.h"
#include "ccs/error.h"
#include "ccs/known_failures.h"
#include "ccs/result.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ccs_gate {
    const ccs_run_result *run;
    const ccs_diff *diff;          /* baseline mode when non-NULL: ccs_diff_compute(base, run) */
    const ccs_known_failures *kf;  /* may be NULL */
    const char *today;             /* "YYYY-MM-DD" for expiry; NULL = today (UTC) */
} ccs_gate;

typedef enum ccs_gate_class {
    CCS_GATE_PASSES = 0, /* not a failure (PASS, SKIP) */
    CCS_GATE_FAILS,      /* a FAIL/ERROR that fails the gate */
    CCS_GATE_EXCUSED     /* a FAIL/ERROR the gate ignores */
} ccs_gate_class;

/* Classify case c of g->run; why (optional, cap bytes) gets a short reason
 * ("regressed (PASS in the baseline)", "known failure", ...). */
ccs_gate_class ccs_gate_case(const ccs_gate *g, const ccs_case_result *c, char *why, size_t cap);

/* Number of cases that fail the gate (exit 1 when > 0). */
size_t ccs_gate_count(const ccs_gate *g);

/* GitHub Actions workflow commands, one line per FAIL/ERROR:
 *   ::error title=LABEL: ID::VERDICT (why): message
 * (::warning for excused ones), gating failures first; label may be NULL.
 * At most max_lines lines (0 = no limit), then one ::notice with the rest.
 * Text is cleaned (keys redacted, UTF-8 repaired) and escaped (%, CR, LF;
 * also ':' and ',' in the title). */
int ccs_gate_annotate_github(const ccs_gate *g, const char *label, size_t max_lines, FILE *out,
                             ccs_error *err);

#ifdef __cplusplus
}
#endif
#endif
