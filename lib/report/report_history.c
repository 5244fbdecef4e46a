/* reports/history.jsonl: one JSON line per run, so report.html can chart
 * the trend. Lines are independent: a torn or hand-edited line is skipped
 * and counted, never fatal. */
#include "ccs/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ccs/escape.h"
#include "report_internal.h"

#define MAX_COUNT 1e12  /* a count beyond this is a corrupt line */

/* Add a cleaned copy of s (keys redacted) or null. */
static int add_clean(cJSON *o, const char *name, const char *s)
{
    char *clean;
    cJSON *v;

    if (!s)
        return cJSON_AddNullToObject(o, name) ? 0 : -1;
    clean = ccs_escape_clean(s, REPORT_MAX_LINE);
    if (!clean)
        return -1;
    v = cJSON_AddStringToObject(o, name, clean);
    free(clean);
    return v ? 0 : -1;
}

static int add_counts(cJSON *o, size_t pass, size_t fail, size_t error, size_t skip)
{
    return (cJSON_AddNumberToObject(o, "pass", (double)pass) &&
            cJSON_AddNumberToObject(o, "fail", (double)fail) &&
            cJSON_AddNumberToObject(o, "error", (double)error) &&
            cJSON_AddNumberToObject(o, "skip", (double)skip))
               ? 0
               : -1;
}

static cJSON *run_line(const ccs_run_result *run, ccs_error *err)
{
    cJSON *o = cJSON_CreateObject(), *totals, *areas_obj, *a;
    ccs_report_area *areas = NULL;
    size_t n = 0, i;

    if (!o || ccs_report_areas(run, &areas, &n, err) != CCS_OK)
        goto fail;
    if (add_clean(o, "run_id", run->run_id) ||
        !cJSON_AddNumberToObject(o, "started_at",
                                 isfinite(run->started_at) ? run->started_at : 0) ||
        add_clean(o, "target_name", run->target_name) || add_clean(o, "profile", run->profile) ||
        (run->api_version && add_clean(o, "api_version", run->api_version)) ||
        !cJSON_AddBoolToObject(o, "strict", run->strict != 0) ||
        !cJSON_AddBoolToObject(o, "gate_failed", ccs_result_gate_failed(run) != 0))
        goto fail;
    totals = cJSON_AddObjectToObject(o, "totals");
    if (!totals || !cJSON_AddNumberToObject(totals, "total", (double)run->count) ||
        add_counts(totals, ccs_result_count(run, CCS_PASS), ccs_result_count(run, CCS_FAIL),
                   ccs_result_count(run, CCS_ERROR), ccs_result_count(run, CCS_SKIP)))
        goto fail;
    areas_obj = cJSON_AddObjectToObject(o, "areas");
    if (!areas_obj)
        goto fail;
    for (i = 0; i < n; i++) {
        char *name = ccs_escape_clean(areas[i].name, REPORT_MAX_LINE);

        a = name ? cJSON_AddObjectToObject(areas_obj, name) : NULL;
        free(name);
        if (!a || add_counts(a, areas[i].pass, areas[i].fail, areas[i].error, areas[i].skip))
            goto fail;
    }
    free(areas);
    return o;
fail:
    if (err && err->code == CCS_OK)
        ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    free(areas);
    cJSON_Delete(o);
    return NULL;
}

int ccs_report_history_append(const ccs_run_result *run, const char *path, ccs_error *err)
{
    cJSON *line = NULL;
    char *text = NULL;
    FILE *f = NULL;
    long size;
    int rc = CCS_OK;

    if (!run || !path || !*path) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "history: no run or no path");
        goto done;
    }
    line = run_line(run, err);
    text = line ? cJSON_PrintUnformatted(line) : NULL;
    if (!text) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    f = fopen(path, "a+");
    if (!f) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot open %s: %s", path, strerror(errno));
        goto done;
    }
    /* A torn last line (crash mid-append) must not swallow this one. */
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, -1, SEEK_END) == 0 &&
        fgetc(f) != '\n') {
        fseek(f, 0, SEEK_END);
        fputc('\n', f);
    }
    fseek(f, 0, SEEK_END);
    fputs(text, f);
    fputc('\n', f);
    if (fflush(f) != 0 || ferror(f))
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot write %s: %s", path, strerror(errno));
done:
    if (f && fclose(f) != 0 && rc == CCS_OK)
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot write %s: %s", path, strerror(errno));
    free(text);
    cJSON_Delete(line);
    return rc;
}

void ccs_report_history_entry_free(ccs_history_entry *e)
{
    size_t i;

    for (i = 0; i < e->area_count; i++)
        free(e->areas[i].area);
    free(e->areas);
    free(e->run_id);
    free(e->target_name);
    free(e->profile);
    memset(e, 0, sizeof *e);
}

void ccs_history_free(ccs_history *h)
{
    size_t i;

    if (!h)
        return;
    for (i = 0; i < h->count; i++)
        ccs_report_history_entry_free(&h->entries[i]);
    free(h->entries);
    memset(h, 0, sizeof *h);
}

/* A count field: present, a whole number in [0, MAX_COUNT]. */
static int get_count(const cJSON *o, const char *name, size_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > MAX_COUNT ||
        floor(v->valuedouble) != v->valuedouble)
        return -1;
    *out = (size_t)v->valuedouble;
    return 0;
}

/* NULL stays NULL; a string is copied. Returns -1 on a wrong type or ENOMEM. */
static int get_str(const cJSON *o, const char *name, int required, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

    *out = NULL;
    if (!v || cJSON_IsNull(v))
        return required ? -1 : 0;
    if (!cJSON_IsString(v))
        return -1;
    *out = strdup(v->valuestring);
    return *out ? 0 : -1;
}

/* 0 ok, 1 malformed, -1 ENOMEM (treated as malformed by the caller too, but
 * reported). */
static int parse_line(const char *line, ccs_history_entry *e)
{
    cJSON *root = cJSON_Parse(line);
    const cJSON *totals, *areas, *a, *v;
    size_t n = 0;
    int rc = 1;

    memset(e, 0, sizeof *e);
    if (!cJSON_IsObject(root))
        goto done;
    if (get_str(root, "run_id", 1, &e->run_id) || get_str(root, "target_name", 0, &e->target_name) ||
        get_str(root, "profile", 0, &e->profile))
        goto done;
    v = cJSON_GetObjectItemCaseSensitive(root, "started_at");
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
        goto done;
    e->started_at = v->valuedouble;
    v = cJSON_GetObjectItemCaseSensitive(root, "gate_failed");
    e->gate_failed = cJSON_IsTrue(v);
    totals = cJSON_GetObjectItemCaseSensitive(root, "totals");
    if (!cJSON_IsObject(totals) || get_count(totals, "total", &e->total) ||
        get_count(totals, "pass", &e->pass) || get_count(totals, "fail", &e->fail) ||
        get_count(totals, "error", &e->error) || get_count(totals, "skip", &e->skip))
        goto done;
    areas = cJSON_GetObjectItemCaseSensitive(root, "areas");
    if (!cJSON_IsObject(areas))
        goto done;
    cJSON_ArrayForEach(a, areas) n++;
    if (n) {
        e->areas = calloc(n, sizeof *e->areas);
        if (!e->areas) {
            rc = -1;
            goto done;
        }
    }
    cJSON_ArrayForEach(a, areas) {
        ccs_history_area *ha = &e->areas[e->area_count];

        if (!cJSON_IsObject(a) || !a->string || get_count(a, "pass", &ha->pass) ||
            get_count(a, "fail", &ha->fail) || get_count(a, "error", &ha->error) ||
            get_count(a, "skip", &ha->skip))
            goto done;
        ha->area = strdup(a->string);
        if (!ha->area) {
            rc = -1;
            goto done;
        }
        e->area_count++;
    }
    rc = 0;
done:
    if (rc != 0)
        ccs_report_history_entry_free(e);
    cJSON_Delete(root);
    return rc;
}

static int blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

int ccs_report_history_load(const char *path, size_t last_n, ccs_history *out, ccs_error *err)
{
    ccs_history h = {0};
    size_t cap = 0;
    char *line = NULL;
    size_t linecap = 0;
    FILE *f = NULL;
    int rc = CCS_OK;

    if (out)
        memset(out, 0, sizeof *out);
    if (!path || !out) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "history: no path or no output");
        goto done;
    }
    f = fopen(path, "r");
    if (!f) {
        rc = ccs_error_set(err, errno == ENOENT ? CCS_ENOTFOUND : CCS_EIO, -1,
                           "cannot read %s: %s", path, strerror(errno));
        goto done;
    }
    while (getline(&line, &linecap, f) >= 0) {
        ccs_history_entry e;
        int prc;

        if (blank(line))
            continue;
        prc = parse_line(line, &e);
        if (prc < 0) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory reading %s", path);
            goto done;
        }
        if (prc > 0) {
            h.malformed++;
            continue;
        }
        /* Keep a window of the last last_n entries. */
        if (last_n && h.count == last_n) {
            ccs_report_history_entry_free(&h.entries[0]);
            memmove(h.entries, h.entries + 1, (h.count - 1) * sizeof *h.entries);
            h.count--;
        }
        if (h.count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            ccs_history_entry *ne = realloc(h.entries, ncap * sizeof *ne);

            if (!ne) {
                ccs_report_history_entry_free(&e);
                rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory reading %s", path);
                goto done;
            }
            h.entries = ne;
            cap = ncap;
        }
        h.entries[h.count++] = e;
    }
    if (ferror(f))
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot read %s: %s", path, strerror(errno));
done:
    if (f)
        fclose(f);
    free(line);
    if (rc == CCS_OK)
        *out = h;
    else
        ccs_history_free(&h);
    return rc;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

void ccs_report_history_select(ccs_history *h, const char *target_name, const char *profile,
                               size_t keep)
{
    size_t i, n = 0, drop;

    /* Stable compaction of the matching entries to the front. */
    for (i = 0; i < h->count; i++) {
        if (same(h->entries[i].target_name, target_name) && same(h->entries[i].profile, profile))
            h->entries[n++] = h->entries[i];
        else
            ccs_report_history_entry_free(&h->entries[i]);
    }
    drop = n > keep ? n - keep : 0;
    for (i = 0; i < drop; i++)
        ccs_report_history_entry_free(&h->entries[i]);
    memmove(h->entries, h->entries + drop, (n - drop) * sizeof *h->entries);
    h->count = n - drop;
}
