/* Loads the endpoint parameter schemas the form decoder and server use. */
#include "ccs/params.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/fs.h"
#include "ccs/paths.h"
#include "ccs/versions.h"

int ccs_params_load(const char *golden_dir, cJSON **out, ccs_error *err)
{
    return ccs_params_load_version(golden_dir, NULL, out, err);
}

int ccs_params_load_version(const char *golden_dir, const char *version, cJSON **out, ccs_error *err)
{
    char dir[4096], name[CCS_VERSION_MAX];
    int rc;

    *out = NULL;
    if (!golden_dir)
        golden_dir = ccs_paths_golden();
    if ((rc = ccs_versions_resolve(golden_dir, version, name, sizeof name, err)) != CCS_OK ||
        (rc = ccs_versions_dir(golden_dir, name, dir, sizeof dir, err)) != CCS_OK)
        return rc;
    return ccs_params_load_dir(dir, out, err);
}

int ccs_params_load_dir(const char *version_dir, cJSON **out, ccs_error *err)
{
    char path[4096];
    cJSON *doc = NULL;
    int rc;

    *out = NULL;
    if ((size_t)snprintf(path, sizeof path, "%s/endpoints.json", version_dir) >= sizeof path) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "golden directory path too long");
        goto done;
    }
    if ((rc = ccs_fs_read_json(path, (size_t)16 << 20, &doc, err)) != CCS_OK)
        goto done;
    if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "endpoints"))) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "%s has no \"endpoints\" array", path);
        goto done;
    }
    *out = doc;
    doc = NULL;
done:
    cJSON_Delete(doc);
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
