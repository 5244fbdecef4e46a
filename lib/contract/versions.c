/* Known API versions (golden/contract/versions.json) and their directories. */
#include "ccs/versions.h"

#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/fs.h"
#include "ccs/params.h"
#include "ccs/paths.h"

static int load_path(const char *path, cJSON **out, ccs_error *err)
{
    int rc = ccs_fs_read_json(path, (size_t)1 << 20, out, err);

    if (rc == CCS_OK && !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(*out, "versions"))) {
        cJSON_Delete(*out);
        *out = NULL;
        rc = ccs_error_set(err, CCS_EINVAL, -1, "%s is not a versions list (run scripts/gen-contract)", path);
    }
    return rc;
}

int ccs_versions_load(const char *golden_dir, cJSON **out, ccs_error *err)
{
    char path[4096];

    *out = NULL;
    if (!golden_dir)
        golden_dir = ccs_paths_golden();
    if ((size_t)snprintf(path, sizeof path, "%s/contract/versions.json", golden_dir) >= sizeof path)
        return ccs_error_set(err, CCS_ELIMIT, -1, "golden directory path too long");
    return load_path(path, out, err);
}

const cJSON *ccs_versions_list(const cJSON *versions)
{
    return cJSON_GetObjectItemCaseSensitive(versions, "versions");
}

static int copy_name(const char *name, char *out, size_t cap, ccs_error *err)
{
    if (strlen(name) >= cap)
        return ccs_error_set(err, CCS_ELIMIT, -1, "API version name too long: %.40s...", name);
    memcpy(out, name, strlen(name) + 1);
    return CCS_OK;
}

int ccs_versions_pick(const cJSON *versions, const char *want, char *out, size_t cap, ccs_error *err)
{
    const cJSON *v, *latest = cJSON_GetObjectItemCaseSensitive(versions, "latest");
    char known[1024];
    size_t used = 0;

    if (!want || !*want || !strcmp(want, "latest")) {
        if (!cJSON_IsString(latest))
            return ccs_error_set(err, CCS_ENOTFOUND, -1, "no API version is known (golden/contract/versions.json)");
        return copy_name(latest->valuestring, out, cap, err);
    }
    known[0] = '\0';
    cJSON_ArrayForEach(v, ccs_versions_list(versions)) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(v, "api_version");

        if (!cJSON_IsString(name))
            continue;
        if (!strcmp(name->valuestring, want))
            return copy_name(want, out, cap, err);
        if (used < sizeof known)
            used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", used ? ", " : "",
                                     name->valuestring);
    }
    return ccs_error_set(err, CCS_ENOTFOUND, -1, "unknown API version \"%.80s\"; known: %s, latest", want, known);
}

int ccs_versions_resolve(const char *golden_dir, const char *want, char *out, size_t cap, ccs_error *err)
{
    cJSON *doc = NULL;
    int rc;

    if ((rc = ccs_versions_load(golden_dir, &doc, err)) == CCS_OK)
        rc = ccs_versions_pick(doc, want, out, cap, err);
    cJSON_Delete(doc);
    return rc;
}

int ccs_versions_dir(const char *golden_dir, const char *version, char *out, size_t cap, ccs_error *err)
{
    if (!golden_dir)
        golden_dir = ccs_paths_golden();
    /* A version name is a directory name: nothing that walks out of contract/. */
    if (!version || !*version || strchr(version, '/') || version[0] == '.')
        return ccs_error_set(err, CCS_EINVAL, -1, "not an API version name: \"%.80s\"", version ? version : "");
    if ((size_t)snprintf(out, cap, "%s/contract/%s", golden_dir, version) >= cap)
        return ccs_error_set(err, CCS_ELIMIT, -1, "golden directory path too long");
    return CCS_OK;
}

const cJSON *ccs_versions_renamed(const cJSON *versions, const char *param)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(versions, "renamed"), param);

    return cJSON_IsObject(r) ? r : NULL;
}

int ccs_versions_in_enum(const cJSON *node, const char *value)
{
    const cJSON *e, *items = cJSON_GetObjectItemCaseSensitive(node, "items");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(node, "enum");

    if (!list && cJSON_IsObject(items))
        list = cJSON_GetObjectItemCaseSensitive(items, "enum");
    if (!cJSON_IsArray(list))
        return -1;
    cJSON_ArrayForEach(e, list)
        if (cJSON_IsString(e) && !strcmp(e->valuestring, value))
            return 1;
    return 0;
}

const char *ccs_versions_rename(const cJSON *versions, const char *param, const cJSON *node, const char *value)
{
    const cJSON *map = ccs_versions_renamed(versions, param), *e;

    if (!map || !value || ccs_versions_in_enum(node, value) != 0)
        return NULL;
    cJSON_ArrayForEach(e, map) {
        if (!cJSON_IsString(e))
            continue;
        if (!strcmp(e->string, value) && ccs_versions_in_enum(node, e->valuestring) == 1)
            return e->valuestring; /* older name -> newer */
        if (!strcmp(e->valuestring, value) && ccs_versions_in_enum(node, e->string) == 1)
            return e->string; /* newer name -> older */
    }
    return NULL;
}

void ccs_versions_rename_form(const cJSON *versions, const cJSON *params, cJSON *form)
{
    cJSON *m, *next, *s;

    if (!params || !cJSON_IsObject(form))
        return;
    for (m = form->child; m; m = next) {
        const char *to = cJSON_IsString(m) ? ccs_versions_rename(versions, m->string,
                                                                  cJSON_GetObjectItemCaseSensitive(params, m->string),
                                                                  m->valuestring)
                                           : NULL;

        next = m->next;
        s = to ? cJSON_CreateString(to) : NULL;
        if (s && !cJSON_ReplaceItemInObjectCaseSensitive(form, m->string, s))
            cJSON_Delete(s);
    }
}

int ccs_versions_default_dir(const char *contract_dir, char *out, size_t cap, ccs_error *err)
{
    char path[4096], name[CCS_VERSION_MAX];
    struct stat st;
    cJSON *doc = NULL;
    int rc;

    if ((size_t)snprintf(path, sizeof path, "%s/versions.json", contract_dir) >= sizeof path)
        return ccs_error_set(err, CCS_ELIMIT, -1, "contract directory path too long");
    if (stat(path, &st) != 0) {
        if ((size_t)snprintf(out, cap, "%s", contract_dir) >= cap)
            return ccs_error_set(err, CCS_ELIMIT, -1, "contract directory path too long");
        return CCS_OK;
    }
    if ((rc = load_path(path, &doc, err)) != CCS_OK)
        return rc;
    rc = ccs_versions_pick(doc, "latest", name, sizeof name, err);
    cJSON_Delete(doc);
    if (rc != CCS_OK)
        return rc;
    if ((size_t)snprintf(out, cap, "%s/%s", contract_dir, name) >= cap)
        return ccs_error_set(err, CCS_ELIMIT, -1, "contract directory path too long");
    return CCS_OK;
}

static int open_all(ccs_api *api, const char *golden_dir, ccs_error *err)
{
    const cJSON *v;
    size_t n = (size_t)cJSON_GetArraySize(ccs_versions_list(api->versions)), i = 0;
    int rc = CCS_OK;

    api->all = calloc(n ? n : 1, sizeof *api->all);
    if (!api->all)
        return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    cJSON_ArrayForEach(v, ccs_versions_list(api->versions)) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(v, "api_version");
        char dir[4096];

        if (!cJSON_IsString(name) || i >= n)
            continue;
        if ((rc = ccs_versions_dir(golden_dir, name->valuestring, dir, sizeof dir, err)) != CCS_OK ||
            (rc = ccs_params_load_dir(dir, &api->all[i], err)) != CCS_OK)
            return rc;
        if (!strcmp(name->valuestring, api->version))
            api->endpoints = api->all[i];
        api->n_all = ++i; /* what close frees, also after a failure here */
    }
    if (!api->endpoints)
        return ccs_error_set(err, CCS_ENOTFOUND, -1, "no endpoints for API %s", api->version);
    return CCS_OK;
}

int ccs_versions_open(const char *golden_dir, const char *want, ccs_api **out, ccs_error *err)
{
    ccs_api *api = calloc(1, sizeof *api);
    int rc;

    *out = NULL;
    if (!api)
        return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    if ((rc = ccs_versions_load(golden_dir, &api->versions, err)) != CCS_OK)
        goto done;
    if ((rc = ccs_versions_pick(api->versions, want, api->version, sizeof api->version, err)) != CCS_OK)
        goto done;
    if ((rc = open_all(api, golden_dir, err)) != CCS_OK)
        goto done;
    *out = api;
    api = NULL;
done:
    ccs_versions_close(api);
    return rc;
}

void ccs_versions_close(ccs_api *api)
{
    size_t i;

    if (!api)
        return;
    for (i = 0; i < api->n_all; i++)
        cJSON_Delete(api->all[i]);
    free(api->all);
    cJSON_Delete(api->versions);
    free(api);
}

/* Path segments after /v1/checkout/sessions: 0 list/create, 1 retrieve/update,
 * 2 expire or line_items. */
const char *ccs_versions_operation(const char *method, const char *path)
{
    static const char base[] = "/v1/checkout/sessions";
    const char *rest, *slash;
    int post;

    if (!method || !path || strncmp(path, base, sizeof base - 1))
        return NULL;
    post = !strcmp(method, "POST");
    rest = path + sizeof base - 1;
    if (*rest == '\0' || *rest == '?')
        return post ? "create" : "list";
    if (*rest != '/' || rest[1] == '\0')
        return NULL;
    slash = strchr(rest + 1, '/');
    if (!slash)
        return strchr(rest, '?') ? NULL : (post ? "update" : "retrieve");
    if (!strcmp(slash, "/expire"))
        return post ? "expire" : NULL;
    if (!strcmp(slash, "/line_items"))
        return post ? NULL : "list_line_items";
    return NULL;
}
