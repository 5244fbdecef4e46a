/* Loads the endpoint parameter schemas the form decoder and server use. */
#include "ccs/params.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/paths.h"

static int read_file(const char *path, char **buf, size_t *len, ccs_error *err)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t cap = 0, n = 0;
    int rc = CCS_OK;

    *buf = NULL;
    if (!f) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot open %s: %s", path, strerror(errno));
        goto done;
    }
    for (;;) {
        size_t got;

        if (cap - n < 4096) {
            char *grown = realloc(data, cap ? cap * 2 : 65536);

            if (!grown) {
                rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory reading %s", path);
                goto done;
            }
            data = grown;
            cap = cap ? cap * 2 : 65536;
        }
        got = fread(data + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot read %s", path);
        goto done;
    }
    data[n] = '\0';
    *buf = data;
    *len = n;
    data = NULL;
done:
    if (f)
        fclose(f);
    free(data);
    return rc;
}

int ccs_params_load(const char *golden_dir, cJSON **out, ccs_error *err)
{
    char path[4096];
    char *buf = NULL;
    size_t len = 0;
    const char *end = NULL;
    cJSON *doc = NULL;
    int rc;

    *out = NULL;
    if (!golden_dir)
        golden_dir = ccs_paths_golden();
    if ((size_t)snprintf(path, sizeof path, "%s/contract/endpoints.json", golden_dir) >= sizeof path) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "golden directory path too long");
        goto done;
    }
    if ((rc = read_file(path, &buf, &len, err)) != CCS_OK)
        goto done;
    doc = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    if (!doc) {
        rc = ccs_error_set(err, CCS_EINVAL, end ? (long)(end - buf) : -1,
                           "%s is not valid JSON", path);
        goto done;
    }
    if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "endpoints"))) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "%s has no \"endpoints\" array", path);
        goto done;
    }
    *out = doc;
    doc = NULL;
done:
    cJSON_Delete(doc);
    free(buf);
    return rc;
}

const cJSON *ccs_params_for(const cJSON *endpoints, const char *operation)
{
    const cJSON *e;

    if (!endpoints || !operation)
        return NULL;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(endpoints, "endpoints")) {
        const cJSON *op = cJSON_GetObjectItemCaseSensitive(e, "operation");

        if (cJSON_IsString(op) && !strcmp(op->valuestring, operation)) {
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "parameters");

            return cJSON_IsObject(p) ? p : NULL;
        }
    }
    return NULL;
}
