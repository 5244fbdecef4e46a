/* Loading and updating the gate's baseline (see ccs/baseline.h). */
#include "ccs/baseline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ccs_baseline_load(const char *path, int allow_missing, ccs_run_result *out, int *missing, ccs_error *err)
{
    struct stat st;
    int rc = CCS_OK;

    if (missing)
        *missing = 0;
    memset(out, 0, sizeof *out);
    if (!path || !*path)
        return ccs_error_set(err, CCS_EINVAL, -1, "baseline: no file name");
    if (stat(path, &st) != 0 && errno == ENOENT) {
        if (!allow_missing)
            return ccs_error_set(err, CCS_ENOTFOUND, -1,
                                 "baseline %s does not exist (create it with --baseline-update, or copy a "
                                 "results.json there)", path);
        if (missing)
            *missing = 1;
        out->run_id = strdup("none");
        out->target_name = strdup("(no baseline yet)");
        out->target = strdup("");
        out->profile = strdup("");
        if (!out->run_id || !out->target_name || !out->target || !out->profile) {
            ccs_result_free(out);
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        }
        return rc;
    }
    rc = ccs_result_read_json(path, out, err);
    if (rc != CCS_OK) {
        char msg[sizeof err->message];

        ccs_result_free(out);
        snprintf(msg, sizeof msg, "%s", err ? err->message : "");
        /* Name the file once even when the reader already did. */
        if (err && !strstr(msg, path))
            ccs_error_set(err, rc, err->offset, "baseline %s: %s", path, msg);
    }
    return rc;
}

int ccs_baseline_update(const char *results_json, const char *path, ccs_error *err)
{
    ccs_run_result check;
    char *tmp = NULL, buf[65536];
    FILE *in = NULL, *out = NULL;
    size_t n, len;
    int rc = CCS_OK;

    memset(&check, 0, sizeof check);
    if (!results_json || !path || !*path) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "baseline update: no file name");
        goto done;
    }
    rc = ccs_result_read_json(results_json, &check, err);
    if (rc != CCS_OK)
        goto done;
    len = strlen(path) + 5;
    tmp = malloc(len);
    if (!tmp) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    snprintf(tmp, len, "%s.tmp", path);
    in = fopen(results_json, "rb");
    out = in ? fopen(tmp, "wb") : NULL;
    if (!in || !out) {
        rc = ccs_error_set(err, CCS_EIO, -1, "baseline update: cannot %s %s: %s", in ? "write" : "read",
                           in ? tmp : results_json, strerror(errno));
        goto done;
    }
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    if (ferror(in) || ferror(out)) {
        rc = ccs_error_set(err, CCS_EIO, -1, "baseline update: copying to %s failed", tmp);
        goto done;
    }
    if (fclose(out) != 0) {
        out = NULL;
        rc = ccs_error_set(err, CCS_EIO, -1, "baseline update: writing %s failed: %s", tmp, strerror(errno));
        goto done;
    }
    out = NULL;
    if (rename(tmp, path) != 0)
        rc = ccs_error_set(err, CCS_EIO, -1, "baseline update: cannot rename %s to %s: %s", tmp, path,
                           strerror(errno));
done:
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    if (rc != CCS_OK && tmp)
        remove(tmp);
    free(tmp);
    ccs_result_free(&check);
    return rc;
}
