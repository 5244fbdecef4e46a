/* Shared plumbing of the report writers (lib/report/report_*.c); not public. */
#ifndef CCS_REPORT_INTERNAL_H
#define CCS_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "ccs/error.h"
#include "ccs/result.h"

/* Field caps: a report stays readable when an implementation answers with
 * megabytes. Redaction happens before the cut (ccs_escape_clean). */
#define REPORT_MAX_FIELD (16 * 1024)   /* expected, actual, curl, request */
#define REPORT_MAX_BODY (64 * 1024)    /* response text */
#define REPORT_MAX_LINE 300            /* one-line message, table cells */

/* An output file written to "<path>.tmp" and renamed on success. */
typedef struct ccs_report_out {
    FILE *f;
    char *tmp;
    const char *path;
} ccs_report_out;

int ccs_report_out_open(ccs_report_out *o, const char *path, ccs_error *err);
/* ok != 0: flush, check for write errors, rename over path. ok == 0 (or any
 * error): remove the temporary file. Returns CCS_OK or CCS_EIO (err set,
 * unless ok == 0, which returns CCS_OK and leaves err alone). */
int ccs_report_out_close(ccs_report_out *o, int ok, ccs_error *err);

/* Verdict counts of one area; name points into the run (or a constant). */
typedef struct ccs_report_area {
    const char *name;
    size_t pass, fail, error, skip, known, total;
    double ms;
} ccs_report_area;

/* Area of a case; "(none)" when missing. */
const char *ccs_report_area_name(const ccs_case_result *c);

/* Areas of run sorted by name, malloc'd (*out NULL when run is empty). */
int ccs_report_areas(const ccs_run_result *run, ccs_report_area **out, size_t *n,
                     ccs_error *err);

/* First line of the cleaned s (ccs_escape_clean), at most max bytes (cut at
 * a character boundary), malloc'd. NULL s gives "". NULL on ENOMEM. */
char *ccs_report_first_line(const char *s, size_t max);

/* "2026-11-26T05:15:00Z" (UTC); "unknown" when t is not a plausible time. */
void ccs_report_iso_time(double t, char *buf, size_t bufsz);

/* summary.md's "Failures by cause" section and badge snippet
 * (report_md_causes.c); -1 on ENOMEM. */
struct ccs_causes;
int ccs_report_md_causes(FILE *f, const ccs_run_result *run, const struct ccs_causes *causes);
int ccs_report_md_badge(FILE *f, const ccs_run_result *run);

/* report.html's "Failures by cause" section (report_html_causes.c) and its
 * endpoint x area scorecard (report_html_scorecard.c); -1 on ENOMEM. */
int ccs_report_html_causes(FILE *f, const ccs_run_result *run, const struct ccs_causes *causes);
int ccs_report_html_scorecard(FILE *f, const ccs_run_result *run, const ccs_report_area *areas, size_t n);

/* History helpers (lib/report/report_history.c). */
struct ccs_history_entry;
struct ccs_history;
void ccs_report_history_entry_free(struct ccs_history_entry *e);
/* Keep only entries of target_name and profile (NULL matches NULL), the
 * last `keep` of them, oldest first. */
void ccs_report_history_select(struct ccs_history *h, const char *target_name,
                               const char *profile, size_t keep);

#endif
