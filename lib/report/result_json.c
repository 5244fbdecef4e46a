/* results.json: the per-case record `ccs diff` and the report writers read.
 * Format "ccs-results/1"; absent strings are null. */
#include "ccs/causes.h"
#include "ccs/fs.h"
#include "ccs/result.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define FORMAT_TAG "ccs-results/1"
/* A record larger than this is not something a run writes. */
#define MAX_FILE_BYTES ((long)1024 * 1024 * 1024)

static int add_str(cJSON *obj, const char *name, const char *s)
{
    cJSON *v = s ? cJSON_CreateString(s) : cJSON_CreateNull();

    if (!v || !cJSON_AddItemToObject(obj, name, v)) {
        cJSON_Delete(v);
        return -1;
    }
    return 0;
}

/* Shortest of %.15g/%.17g that reads back exactly: cJSON's own printer
 * accepts an approximate match, which breaks write->read equality. */
static int add_num(cJSON *obj, const char *name, double d)
{
    char buf[64];
    cJSON *v;

    if (!isfinite(d))
        return add_str(obj, name, NULL);
    snprintf(buf, sizeof buf, "%.15g", d);
    if (strtod(buf, NULL) != d)
        snprintf(buf, sizeof buf, "%.17g", d);
    v = cJSON_CreateRaw(buf);
    if (!v || !cJSON_AddItemToObject(obj, name, v)) {
        cJSON_Delete(v);
        return -1;
    }
    return 0;
}

static int add_bool(cJSON *obj, const char *name, int b)
{
    return cJSON_AddBoolToObject(obj, name, b ? 1 : 0) ? 0 : -1;
}

static cJSON *case_to_json(const ccs_case_result *c, const ccs_cause *cause)
{
    cJSON *o = cJSON_CreateObject();

    if (!o)
        return NULL;
    if (add_str(o, "id", c->id) || add_str(o, "area", c->area) ||
        add_str(o, "description", c->description) || add_str(o, "level", c->level) ||
        add_str(o, "profile", c->profile) || add_str(o, "requirement", c->requirement) ||
        add_str(o, "verdict", ccs_verdict_name(c->verdict)) ||
        add_bool(o, "known_failure", c->known_failure) ||
        add_num(o, "duration_ms", c->duration_ms) || add_num(o, "retries", c->retries) ||
        add_str(o, "message", c->message) ||
        add_str(o, "pointer", c->pointer) || add_str(o, "expected", c->expected) ||
        add_str(o, "actual", c->actual) || add_str(o, "curl", c->curl) ||
        add_str(o, "request", c->request) || add_str(o, "response", c->response) ||
        (c->endpoint && add_str(o, "endpoint", c->endpoint)) ||
        (cause && add_str(o, "cause", cause->id))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* "cleanup": what --cleanup did (only when it ran). */
static int add_cleanup(cJSON *root, const ccs_cleanup_counts *c)
{
    cJSON *o = cJSON_AddObjectToObject(root, "cleanup");

    return !o || add_num(o, "created", c->created) || add_num(o, "expired", c->expired) ||
           add_num(o, "no_longer_open", c->closed) || add_num(o, "failed", c->failed);
}

static int add_str_item(cJSON *arr, const char *s)
{
    cJSON *v = s ? cJSON_CreateString(s) : cJSON_CreateNull();

    if (!v || !cJSON_AddItemToArray(arr, v)) {
        cJSON_Delete(v);
        return -1;
    }
    return 0;
}

/* One cause: id, title, guess, count, level and verdict mix, the example
 * case with its curl, and every case id. */
static cJSON *cause_to_json(const ccs_run_result *run, const ccs_cause *k)
{
    const ccs_case_result *ex = &run->cases[k->cases[0]];
    cJSON *o = cJSON_CreateObject(), *levels, *verdicts, *example, *ids;
    size_t i;

    if (!o || add_str(o, "id", k->id) || add_str(o, "title", k->title) || add_str(o, "guess", k->guess) ||
        add_str(o, "signature", k->signature) || add_num(o, "count", (double)k->count) ||
        add_str(o, "endpoints", k->endpoints))
        goto fail;
    levels = cJSON_AddObjectToObject(o, "levels");
    verdicts = cJSON_AddObjectToObject(o, "verdicts");
    example = cJSON_AddObjectToObject(o, "example");
    if (!levels || !verdicts || !example || add_num(levels, "MUST", (double)k->must) ||
        add_num(levels, "SHOULD", (double)k->should) || add_num(verdicts, "FAIL", (double)k->fail) ||
        add_num(verdicts, "ERROR", (double)k->error) || add_str(example, "id", ex->id) ||
        add_str(example, "curl", ex->curl))
        goto fail;
    ids = cJSON_AddArrayToObject(o, "cases");
    for (i = 0; ids && i < k->count; i++)
        if (add_str_item(ids, run->cases[k->cases[i]].id))
            goto fail;
    if (!ids)
        goto fail;
    return o;
fail:
    cJSON_Delete(o);
    return NULL;
}

static int add_causes(cJSON *root, const ccs_run_result *run, const ccs_causes *causes)
{
    cJSON *arr = cJSON_AddArrayToObject(root, "causes"), *o;
    size_t i;

    if (!arr)
        return -1;
    for (i = 0; i < causes->count; i++) {
        o = cause_to_json(run, &causes->items[i]);
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            return -1;
        }
    }
    return 0;
}

static cJSON *run_to_json(const ccs_run_result *run, const ccs_causes *causes)
{
    cJSON *root = cJSON_CreateObject(), *summary, *cases, *c;
    size_t i;

    if (!root)
        return NULL;
    if (add_str(root, "format", FORMAT_TAG) || add_str(root, "run_id", run->run_id) ||
        add_str(root, "target", run->target) || add_str(root, "target_name", run->target_name) ||
        add_str(root, "profile", run->profile) ||
        (run->api_version && add_str(root, "api_version", run->api_version)) ||
        add_bool(root, "strict", run->strict) ||
        add_num(root, "started_at", run->started_at) ||
        add_num(root, "duration_ms", run->duration_ms))
        goto fail;
    summary = cJSON_AddObjectToObject(root, "summary");
    if (!summary || add_num(summary, "pass", (double)ccs_result_count(run, CCS_PASS)) ||
        add_num(summary, "fail", (double)ccs_result_count(run, CCS_FAIL)) ||
        add_num(summary, "error", (double)ccs_result_count(run, CCS_ERROR)) ||
        add_num(summary, "skip", (double)ccs_result_count(run, CCS_SKIP)) ||
        add_num(summary, "total", (double)run->count))
        goto fail;
    if ((run->interrupted && add_bool(root, "interrupted", 1)) || (run->cleanup.enabled && add_cleanup(root, &run->cleanup)) ||
        add_causes(root, run, causes))
        goto fail;
    cases = cJSON_AddArrayToObject(root, "cases");
    if (!cases)
        goto fail;
    for (i = 0; i < run->count; i++) {
        c = case_to_json(&run->cases[i], ccs_causes_of_case(causes, i));
        if (!c || !cJSON_AddItemToArray(cases, c)) {
            cJSON_Delete(c);
            goto fail;
        }
    }
    return root;
fail:
    cJSON_Delete(root);
    return NULL;
}

int ccs_result_write_json(const ccs_run_result *run, const char *path, ccs_error *err)
{
    ccs_causes causes = {0};
    cJSON *root = NULL;
    char *text = NULL, *tmp = NULL;
    FILE *f = NULL;
    size_t len, n;
    int rc = CCS_OK;

    if (!run || !path) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "results.json: run and path are required");
        goto done;
    }
    if ((rc = ccs_causes_build(run, &causes, err)))
        goto done;
    root = run_to_json(run, &causes);
    text = root ? cJSON_Print(root) : NULL;
    if (!text) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "%s: out of memory building results", path);
        goto done;
    }
    len = strlen(text);
    /* Write beside the target and rename, so readers never see half a file. */
    n = strlen(path) + 8;
    tmp = malloc(n);
    if (!tmp) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "%s: out of memory", path);
        goto done;
    }
    snprintf(tmp, n, "%s.tmp", path);
    f = fopen(tmp, "wb");
    if (!f) {
        rc = ccs_error_set(err, CCS_EIO, -1, "%s: cannot write: %s", tmp, strerror(errno));
        goto done;
    }
    if (fwrite(text, 1, len, f) != len || fputc('\n', f) == EOF) {
        rc = ccs_error_set(err, CCS_EIO, -1, "%s: write failed: %s", tmp, strerror(errno));
        goto done;
    }
    if (fclose(f) != 0) {
        f = NULL;
        rc = ccs_error_set(err, CCS_EIO, -1, "%s: write failed: %s", tmp, strerror(errno));
        goto done;
    }
    f = NULL;
    if (rename(tmp, path) != 0) {
        rc = ccs_error_set(err, CCS_EIO, -1, "%s: cannot rename into place: %s", path,
                           strerror(errno));
        goto done;
    }
done:
    if (f)
        fclose(f);
    if (rc != CCS_OK && tmp)
        remove(tmp);
    free(tmp);
    free(text);
    cJSON_Delete(root);
    ccs_causes_free(&causes);
    return rc;
}

/* Optional string member: absent or null -> NULL; else must be a string. */
static int get_str(const cJSON *obj, const char *name, const char *where, char **out,
                   const char *path, ccs_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    char ptr[128];

    *out = NULL;
    if (!v || cJSON_IsNull(v))
        return CCS_OK;
    snprintf(ptr, sizeof ptr, "%s/%s", where, name);
    if (!cJSON_IsString(v))
        return ccs_error_set_at(err, CCS_EINVAL, ptr, "%s: %s must be a string or null", path, ptr);
    *out = strdup(v->valuestring);
    if (!*out)
        return ccs_error_set(err, CCS_ENOMEM, -1, "%s: out of memory", path);
    return CCS_OK;
}

static int get_num(const cJSON *obj, const char *name, const char *where, double *out,
                   const char *path, ccs_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    char ptr[128];

    *out = 0;
    if (!v || cJSON_IsNull(v))
        return CCS_OK;
    snprintf(ptr, sizeof ptr, "%s/%s", where, name);
    if (!cJSON_IsNumber(v))
        return ccs_error_set_at(err, CCS_EINVAL, ptr, "%s: %s must be a number", path, ptr);
    *out = v->valuedouble;
    return CCS_OK;
}

static int get_bool(const cJSON *obj, const char *name, const char *where, int *out,
                    const char *path, ccs_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    char ptr[128];

    *out = 0;
    if (!v || cJSON_IsNull(v))
        return CCS_OK;
    snprintf(ptr, sizeof ptr, "%s/%s", where, name);
    if (cJSON_IsBool(v))
        *out = cJSON_IsTrue(v);
    else
        return ccs_error_set_at(err, CCS_EINVAL, ptr, "%s: %s must be true or false", path, ptr);
    return CCS_OK;
}

static int case_from_json(const cJSON *o, size_t index, ccs_case_result *c, const char *path,
                          ccs_error *err)
{
    const cJSON *v;
    char where[64];
    double retries = 0;
    int rc;

    snprintf(where, sizeof where, "/cases/%zu", index);
    if (!cJSON_IsObject(o))
        return ccs_error_set_at(err, CCS_EINVAL, where, "%s: %s must be an object", path, where);
    if ((rc = get_str(o, "id", where, &c->id, path, err)))
        return rc;
    if (!c->id || !*c->id)
        return ccs_error_set_at(err, CCS_EINVAL, where, "%s: %s/id is required (a non-empty string)",
                                path, where);
    v = cJSON_GetObjectItemCaseSensitive(o, "verdict");
    if (!cJSON_IsString(v) || ccs_verdict_parse(v->valuestring, &c->verdict) != CCS_OK)
        return ccs_error_set_at(err, CCS_EINVAL, where,
                                "%s: %s/verdict must be PASS, FAIL, ERROR or SKIP (case %s)", path,
                                where, c->id);
    if ((rc = get_str(o, "area", where, &c->area, path, err)) ||
        (rc = get_str(o, "description", where, &c->description, path, err)) ||
        (rc = get_str(o, "level", where, &c->level, path, err)) ||
        (rc = get_str(o, "profile", where, &c->profile, path, err)) ||
        (rc = get_str(o, "requirement", where, &c->requirement, path, err)) ||
        (rc = get_bool(o, "known_failure", where, &c->known_failure, path, err)) ||
        (rc = get_num(o, "duration_ms", where, &c->duration_ms, path, err)) ||
        (rc = get_num(o, "retries", where, &retries, path, err)) ||
        (rc = get_str(o, "message", where, &c->message, path, err)) ||
        (rc = get_str(o, "pointer", where, &c->pointer, path, err)) ||
        (rc = get_str(o, "expected", where, &c->expected, path, err)) ||
        (rc = get_str(o, "actual", where, &c->actual, path, err)) ||
        (rc = get_str(o, "curl", where, &c->curl, path, err)) ||
        (rc = get_str(o, "request", where, &c->request, path, err)) ||
        (rc = get_str(o, "response", where, &c->response, path, err)) ||
        (rc = get_str(o, "endpoint", where, &c->endpoint, path, err)))
        return rc;
    /* absent in records written before retries were counted: 0 */
    if (retries < 0 || retries > 1e6)
        return ccs_error_set_at(err, CCS_EINVAL, where, "%s: %s/retries must be 0 or more", path, where);
    c->retries = (int)retries;
    return CCS_OK;
}

/* 1-based line and column of a byte offset, for parse errors people can find. */
static void line_col(const char *text, size_t off, long *line, long *col)
{
    size_t i;

    *line = 1;
    *col = 1;
    for (i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

int ccs_result_read_json(const char *path, ccs_run_result *out, ccs_error *err)
{
    ccs_run_result run;
    cJSON *root = NULL;
    const cJSON *v, *cases, *item;
    const char *end = NULL;
    char *text = NULL;
    size_t len = 0, i = 0;
    int rc = CCS_OK;

    memset(&run, 0, sizeof run);
    if (out)
        memset(out, 0, sizeof *out);
    if (!path || !out) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "results.json: path and output are required");
        goto done;
    }
    if ((rc = ccs_fs_read_file(path, (size_t)MAX_FILE_BYTES, &text, &len, err)))
        goto done;
    root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        size_t off = end && end >= text ? (size_t)(end - text) : 0;
        long line, col;

        line_col(text, off, &line, &col);
        rc = ccs_error_set(err, CCS_EINVAL, (long)off,
                           "%s: malformed JSON at line %ld, column %ld (byte %zu)", path, line, col,
                           off);
        goto done;
    }
    if (!cJSON_IsObject(root)) {
        rc = ccs_error_set_at(err, CCS_EINVAL, "", "%s: top level must be an object", path);
        goto done;
    }
    v = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(v) || strcmp(v->valuestring, FORMAT_TAG)) {
        rc = ccs_error_set_at(err, CCS_EINVAL, "/format",
                              "%s: not a results file: \"format\" is %s%s%s, expected \"%s\"", path,
                              cJSON_IsString(v) ? "\"" : "",
                              cJSON_IsString(v) ? v->valuestring : (v ? "not a string" : "missing"),
                              cJSON_IsString(v) ? "\"" : "", FORMAT_TAG);
        goto done;
    }
    if ((rc = get_str(root, "run_id", "", &run.run_id, path, err)) ||
        (rc = get_str(root, "target", "", &run.target, path, err)) ||
        (rc = get_str(root, "target_name", "", &run.target_name, path, err)) ||
        (rc = get_str(root, "profile", "", &run.profile, path, err)) ||
        (rc = get_bool(root, "strict", "", &run.strict, path, err)) ||
        (rc = get_num(root, "started_at", "", &run.started_at, path, err)) ||
        (rc = get_num(root, "duration_ms", "", &run.duration_ms, path, err)))
        goto done;
    {
        /* Optional: records written before runs named an API version lack it. */
        const cJSON *av = cJSON_GetObjectItemCaseSensitive(root, "api_version");

        if (cJSON_IsString(av) && !(run.api_version = strdup(av->valuestring))) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
            goto done;
        }
    }
    cases = cJSON_GetObjectItemCaseSensitive(root, "cases");
    if (cases && !cJSON_IsNull(cases) && !cJSON_IsArray(cases)) {
        rc = ccs_error_set_at(err, CCS_EINVAL, "/cases", "%s: /cases must be an array", path);
        goto done;
    }
    cJSON_ArrayForEach(item, cases)
    {
        ccs_case_result *c = ccs_result_add(&run);

        if (!c) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "%s: out of memory", path);
            goto done;
        }
        if ((rc = case_from_json(item, i++, c, path, err)))
            goto done;
    }
    *out = run;
    memset(&run, 0, sizeof run);
done:
    ccs_result_free(&run);
    cJSON_Delete(root);
    free(text);
    return rc;
}
