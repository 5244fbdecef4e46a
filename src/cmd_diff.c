/* `ccs diff BASELINE.json CURRENT.json [--markdown FILE] [--html FILE]`:
 * the regression gate. Exit 1 on regressions (known failures in CURRENT and
 * SHOULD cases of a non-strict CURRENT run excepted, as `ccs run
 * --baseline` gates), 0 otherwise, 2 on usage errors or unreadable input. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ccs/diff.h"
#include "ccs/result.h"
#include "commands.h"

static void usage(FILE *out)
{
    fputs("usage: ccs diff BASELINE.json CURRENT.json [--markdown FILE] [--html FILE]\n"
          "\n"
          "Compares two results.json files case by case and prints a Markdown report.\n"
          "  --markdown FILE  also write the Markdown report to FILE\n"
          "  --html FILE      write a self-contained HTML report to FILE\n"
          "Exit status: 1 when a case regressed (PASS -> FAIL/ERROR), unless it is a known\n"
          "failure in CURRENT or a SHOULD case of a run without --strict (the gate of\n"
          "`ccs run --baseline`); 0 otherwise; 2 on usage errors or unreadable input.\n",
          out);
}

static int write_report(const char *path, int html, const ccs_diff *d,
                        const ccs_run_result *base, const ccs_run_result *cur, ccs_error *err)
{
    FILE *f = fopen(path, "w");
    int rc;

    if (!f)
        return ccs_error_set(err, CCS_EIO, -1, "%s: cannot write: %s", path, strerror(errno));
    rc = html ? ccs_diff_write_html(d, base, cur, f, err)
              : ccs_diff_write_markdown(d, base, cur, f, err);
    if (fclose(f) != 0 && rc == CCS_OK)
        rc = ccs_error_set(err, CCS_EIO, -1, "%s: write failed: %s", path, strerror(errno));
    return rc;
}

int ccs_cmd_diff(int argc, char **argv)
{
    const char *files[2] = {NULL, NULL}, *md_path = NULL, *html_path = NULL;
    ccs_run_result base, cur;
    ccs_diff d;
    ccs_error err;
    int nfiles = 0, i, status = 2;

    memset(&base, 0, sizeof base);
    memset(&cur, 0, sizeof cur);
    memset(&d, 0, sizeof d);
    ccs_error_clear(&err);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            status = 0;
            goto done;
        } else if (!strcmp(argv[i], "--markdown") || !strcmp(argv[i], "--html")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ccs diff: %s needs a file name\n", argv[i]);
                usage(stderr);
                goto done;
            }
            if (!strcmp(argv[i], "--html"))
                html_path = argv[++i];
            else
                md_path = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "ccs diff: unknown option '%s'\n", argv[i]);
            usage(stderr);
            goto done;
        } else if (nfiles < 2) {
            files[nfiles++] = argv[i];
        } else {
            fprintf(stderr, "ccs diff: too many arguments ('%s')\n", argv[i]);
            usage(stderr);
            goto done;
        }
    }
    if (nfiles != 2) {
        fprintf(stderr, "ccs diff: need BASELINE.json and CURRENT.json\n");
        usage(stderr);
        goto done;
    }
    if (ccs_result_read_json(files[0], &base, &err) != CCS_OK ||
        ccs_result_read_json(files[1], &cur, &err) != CCS_OK ||
        ccs_diff_compute(&base, &cur, &d, &err) != CCS_OK ||
        ccs_diff_write_markdown(&d, &base, &cur, stdout, &err) != CCS_OK ||
        (md_path && write_report(md_path, 0, &d, &base, &cur, &err) != CCS_OK) ||
        (html_path && write_report(html_path, 1, &d, &base, &cur, &err) != CCS_OK)) {
        fprintf(stderr, "ccs diff: %s\n", err.message);
        goto done;
    }
    status = ccs_diff_gate_failed(&d) ? 1 : 0;
done:
    ccs_diff_free(&d);
    ccs_result_free(&base);
    ccs_result_free(&cur);
    return status;
}
