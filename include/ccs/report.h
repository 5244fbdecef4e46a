/* Report writers: junit.xml (CI), summary.md, report.html (self-contained),
 * the run history (reports/history.jsonl) and the multi-implementation
 * matrix. Every string taken from a run is cleaned (secret keys redacted,
 * invalid UTF-8 repaired, see ccs/escape.h) and escaped for its format.
 * Files are written to "<path>.tmp" and renamed, so a failed write never
 * leaves a half report in place of a good one. */
#ifndef CCS_REPORT_H
#define CCS_REPORT_H

#include <stddef.h>

#include "ccs/error.h"
#include "ccs/result.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Verdict counts of one area in one history entry. */
typedef struct ccs_history_area {
    char *area;
    size_t pass, fail, error, skip;
} ccs_history_area;

/* One run as recorded in history.jsonl. */
typedef struct ccs_history_entry {
    char *run_id;
    double started_at;     /* unix seconds */
    char *target_name;
    char *profile;
    size_t total, pass, fail, error, skip;
    int gate_failed;
    ccs_history_area *areas;
    size_t area_count;
} ccs_history_entry;

typedef struct ccs_history {
    ccs_history_entry *entries;  /* oldest first */
    size_t count;
    size_t malformed;            /* lines skipped because they did not parse */
} ccs_history;

/* junit.xml: <testsuites> with totals, one <testsuite name="<area>"> per
 * area (sorted by name), one <testcase classname="ccs.<area>" name="<id>">
 * per case. FAIL -> <failure message="<first line>" type="FAIL">, ERROR ->
 * <error>, SKIP -> <skipped message=...>; the element text starts with the
 * message, then requirement, pointer, expected, actual and the curl command;
 * request and response go to <system-out>. A FAIL/ERROR listed as a known
 * failure is written as <skipped message="known failure: ..."> (the gate
 * ignores it, so CI should too) and counted as skipped in the totals. */
int ccs_report_write_junit(const ccs_run_result *run, const char *path, ccs_error *err);

/* summary.md: header (target, profile, run id, totals, gate), per-area
 * table, then every FAIL/ERROR with requirement, pointer, expected, actual
 * and curl in fenced code blocks, then the skipped cases. */
int ccs_report_write_markdown(const ccs_run_result *run, const char *path, ccs_error *err);

/* report.html: self-contained (inline CSS, no scripts, no external assets);
 * per-area table, every FAIL/ERROR in a <details> element with requirement,
 * pointer, expected/actual, request, response and curl; every case listed
 * per area; with a history, an inline SVG chart of pass/fail/error/skip per
 * run and a table of pass counts per area over those runs, each area with an
 * inline SVG line of its pass count per run. */
int ccs_report_write_html(const ccs_run_result *run, const ccs_history *history,
                          const char *path, ccs_error *err);

/* Append one JSON line {run_id, started_at, target_name, profile, strict,
 * gate_failed, totals{total,pass,fail,error,skip}, areas{<area>:{pass,fail,
 * error,skip}}} to path (created if missing, parent directory must exist). */
int ccs_report_history_append(const ccs_run_result *run, const char *path, ccs_error *err);

/* Load the last last_n entries of path (0 = all), oldest first. Malformed
 * lines (not JSON, missing fields) are skipped and counted in
 * out->malformed; blank lines are ignored. A missing file is CCS_ENOTFOUND.
 * out is overwritten (free it with ccs_history_free). */
int ccs_report_history_load(const char *path, size_t last_n, ccs_history *out, ccs_error *err);
void ccs_history_free(ccs_history *h);

/* How many past runs report.html charts in ccs_report_write_all. */
#define CCS_REPORT_HISTORY_RUNS 20

/* Conformance share of a run: passed cases among those judged (PASS, FAIL,
 * ERROR; SKIP left out), in whole percent rounded down so a run with a
 * failure never shows 100. 100 when nothing was judged. */
unsigned ccs_report_conformance_percent(const ccs_run_result *run);

/* badge.svg: a small self-contained SVG, "checkout conformance" | "97% ·
 * <api version>", coloured by the share, for a project's README. */
int ccs_report_write_badge(const ccs_run_result *run, const char *path, ccs_error *err);

/* mkdir -p dir, then results.json, junit.xml, summary.md, report.html and
 * badge.svg.
 * With history_path, this run is appended to it first and report.html
 * charts the last CCS_REPORT_HISTORY_RUNS runs of the same target_name and
 * profile. Stops at the first failure; err names the file. */
int ccs_report_write_all(const ccs_run_result *run, const char *dir,
                         const char *history_path, ccs_error *err);

/* Several implementations side by side: one row per case id (union, in
 * first-seen order), one column per run (target_name), verdict cells
 * ("—" when a run lacks the case), and a totals row. */
int ccs_report_write_matrix_html(const ccs_run_result *runs, size_t n, const char *path,
                                 ccs_error *err);
int ccs_report_write_matrix_markdown(const ccs_run_result *runs, size_t n, const char *path,
                                     ccs_error *err);

#ifdef __cplusplus
}
#endif
#endif
