/* Remote fuzzer reports: findings.json (machine) and findings.md (people). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "ccs/fs.h"
#include "ccs/rfuzz.h"

static void add_str(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static int write_json(const ccs_rfuzz_report *rep, const char *path, ccs_error *err)
{
    cJSON *root = cJSON_CreateObject(), *arr, *cls;
    char *text = NULL, seed[32];
    FILE *f = NULL;
    size_t i;
    int rc = CCS_OK;

    if (!root) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)rep->seed);
    cJSON_AddStringToObject(root, "format", "ccs-fuzz-remote/1");
    add_str(root, "target", rep->target);
    cJSON_AddStringToObject(root, "seed", seed);
    cJSON_AddNumberToObject(root, "requests", (double)rep->requests);
    cJSON_AddNumberToObject(root, "duration_ms", rep->duration_ms);
    cJSON_AddBoolToObject(root, "alive_after", rep->alive_after);
    cls = cJSON_AddObjectToObject(root, "responses");
    cJSON_AddNumberToObject(cls, "transport_error", (double)rep->by_class[0]);
    for (i = 1; i < 6; i++) {
        char k[8];

        snprintf(k, sizeof k, "%zuxx", i);
        cJSON_AddNumberToObject(cls, k, (double)rep->by_class[i]);
    }
    arr = cJSON_AddArrayToObject(root, "findings");
    for (i = 0; i < rep->count; i++) {
        const ccs_rfuzz_finding *fd = &rep->findings[i];
        cJSON *o = cJSON_CreateObject();

        cJSON_AddItemToArray(arr, o);
        add_str(o, "signature", fd->signature);
        add_str(o, "oracle", fd->oracle);
        add_str(o, "endpoint", fd->endpoint);
        add_str(o, "mutation", fd->mutation);
        cJSON_AddNumberToObject(o, "status", (double)fd->status);
        add_str(o, "message", fd->message);
        cJSON_AddNumberToObject(o, "count", (double)fd->count);
        cJSON_AddNumberToObject(o, "first_request", (double)fd->first_request);
        add_str(o, "curl", fd->curl);
        add_str(o, "response", fd->response);
    }
    text = cJSON_Print(root);
    if (!text) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fputc('\n', f) < 0) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot write %s: %s", path, strerror(errno));
        goto done;
    }
done:
    if (f && fclose(f) != 0 && rc == CCS_OK)
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot write %s: %s", path, strerror(errno));
    free(text);
    cJSON_Delete(root);
    return rc;
}

/* Markdown code spans can't hold backticks safely; fence with ~~~ instead. */
static void md_block(FILE *f, const char *lang, const char *text)
{
    fprintf(f, "~~~%s\n%s\n~~~\n\n", lang, text ? text : "");
}

/* Longest curl line or response findings.md shows whole: a 100 KB payload
 * written twice made the file unreadable. The full text of every finding
 * is in finding-<n>.txt beside it. */
#define MD_MAX 2000

static void md_value(FILE *f, const char *lang, const char *text, const char *full)
{
    size_t n = strlen(text), cut = MD_MAX;

    if (n <= MD_MAX) {
        md_block(f, lang, text);
        return;
    }
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) /* not inside a UTF-8 character */
        cut--;
    fprintf(f, "~~~%s\n%.*s\n~~~\n\n(first %zu of %zu bytes; the whole text is in %s)\n\n", lang, (int)cut,
            text, cut, n, full);
}

/* finding-<n>.txt: the reproduction and the response, whole. */
static int write_full(const ccs_rfuzz_finding *fd, const char *path, ccs_error *err)
{
    FILE *f = fopen(path, "w");
    int rc = CCS_OK;

    if (!f)
        return ccs_error_set(err, CCS_EIO, -1, "cannot write %s: %s", path, strerror(errno));
    fprintf(f, "# %s %s (HTTP %ld, mutation %s)\n", fd->oracle ? fd->oracle : "",
            fd->endpoint ? fd->endpoint : "", fd->status, fd->mutation ? fd->mutation : "");
    if (fd->curl)
        fprintf(f, "\n%s\n", fd->curl);
    if (fd->response)
        fprintf(f, "\n# response\n%s\n", fd->response);
    if (ferror(f))
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot write %s", path);
    if (fclose(f) != 0 && rc == CCS_OK)
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot write %s: %s", path, strerror(errno));
    return rc;
}

static int write_md(const ccs_rfuzz_report *rep, const char *dir, const char *path, ccs_error *err)
{
    FILE *f = fopen(path, "w");
    char full[4096], name[64];
    size_t i;
    int rc = CCS_OK;

    if (!f)
        return ccs_error_set(err, CCS_EIO, -1, "cannot write %s: %s", path, strerror(errno));
    fprintf(f, "# Remote fuzzing: %s\n\n", rep->target ? rep->target : "");
    fprintf(f, "- seed: %llu\n- requests: %ld in %.1f s\n- responses: 2xx %ld, 4xx %ld, 5xx %ld, "
               "other %ld, transport errors %ld\n- alive afterwards: %s\n- findings: %zu\n\n",
            (unsigned long long)rep->seed, rep->requests, rep->duration_ms / 1e3, rep->by_class[2],
            rep->by_class[4], rep->by_class[5], rep->by_class[1] + rep->by_class[3],
            rep->by_class[0], rep->alive_after ? "yes" : "NO", rep->count);
    for (i = 0; i < rep->count; i++) {
        const ccs_rfuzz_finding *fd = &rep->findings[i];

        fprintf(f, "## %zu. %s — %s (HTTP %ld, mutation %s, %ld hits)\n\n%s\n\n", i + 1, fd->oracle,
                fd->endpoint, fd->status, fd->mutation, fd->count, fd->message ? fd->message : "");
        snprintf(name, sizeof name, "finding-%zu.txt", i + 1);
        snprintf(full, sizeof full, "%s/%s", dir, name);
        if (rc == CCS_OK)
            rc = write_full(fd, full, err);
        fprintf(f, "Whole request and response: %s\n\n", name);
        if (fd->curl)
            md_value(f, "sh", fd->curl, name);
        if (fd->response)
            md_value(f, "json", fd->response, name);
    }
    if (ferror(f) && rc == CCS_OK)
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot write %s", path);
    if (fclose(f) != 0 && rc == CCS_OK)
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot write %s: %s", path, strerror(errno));
    return rc;
}

int ccs_rfuzz_write_reports(const ccs_rfuzz_report *rep, const char *dir, ccs_error *err)
{
    char path[4096];
    int rc;

    rc = ccs_fs_mkdir_p(dir, err);
    if (rc != CCS_OK)
        return rc;
    snprintf(path, sizeof path, "%s/findings.json", dir);
    rc = write_json(rep, path, err);
    if (rc != CCS_OK)
        return rc;
    snprintf(path, sizeof path, "%s/findings.md", dir);
    return write_md(rep, dir, path, err);
}
