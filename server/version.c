/* The API versions the reference server speaks: every version golden/contract
 * knows. A request's Stripe-Version (else the account default, `ccs serve
 * --api-version`) selects the parameters it is validated against and the
 * shape its response is rendered in. Sessions are rendered natively in
 * SRV_API_VERSION; for another version the body is projected onto that
 * version's contract: members it lacks are dropped, members it always
 * returns are added as null, renamed enum values take its name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ccs/fs.h"
#include "ccs/params.h"
#include "ccs/versions.h"

static cJSON *read_json(const char *golden, const char *version, const char *name, ccs_error *err)
{
    char path[4096];
    cJSON *doc = NULL;

    if ((size_t)snprintf(path, sizeof path, "%s/contract/%s/%s.json", golden, version, name) >= sizeof path) {
        ccs_error_set(err, CCS_ELIMIT, -1, "golden directory path too long");
        return NULL;
    }
    ccs_fs_read_json(path, (size_t)16 << 20, &doc, err);
    return doc;
}

static int load_one(srv_version *v, const char *golden, const char *name, ccs_error *err)
{
    static const char *const ops[SRV_OPS] = {"create", "update", "list", "retrieve", "expire", "list_line_items"};
    char dir[4096];
    int rc, i;

    snprintf(v->name, sizeof v->name, "%s", name);
    if ((rc = ccs_versions_dir(golden, name, dir, sizeof dir, err)) != CCS_OK ||
        (rc = ccs_params_load_dir(dir, &v->endpoints, err)) != CCS_OK)
        return rc;
    for (i = 0; i < SRV_OPS; i++)
        v->p[i] = ccs_params_for(v->endpoints, ops[i]);
    if (!(v->session = read_json(golden, name, "checkout.session", err)) ||
        !(v->item = read_json(golden, name, "item", err)) || !(v->price = read_json(golden, name, "price", err)))
        return err->code ? err->code : CCS_EIO;
    return CCS_OK;
}

int versions_open(ccs_server *srv, const char *golden, const char *account_default, ccs_error *err)
{
    const cJSON *e;
    size_t n, i = 0;
    int rc;

    if ((rc = ccs_versions_load(golden, &srv->versions_doc, err)) != CCS_OK)
        return rc;
    n = (size_t)cJSON_GetArraySize(ccs_versions_list(srv->versions_doc));
    if (!(srv->versions = calloc(n ? n : 1, sizeof *srv->versions)))
        return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    cJSON_ArrayForEach(e, ccs_versions_list(srv->versions_doc)) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "api_version");

        if (!cJSON_IsString(name) || i >= n)
            continue;
        if ((rc = load_one(&srv->versions[i], golden, name->valuestring, err)) != CCS_OK)
            return rc;
        srv->n_versions = ++i;
    }
    srv->native = versions_find(srv, SRV_API_VERSION);
    if (!srv->native)
        return ccs_error_set(err, CCS_ENOTFOUND, -1, "golden/contract lacks the server's own API version %s",
                             SRV_API_VERSION);
    srv->account_default = srv->native;
    if (account_default && *account_default) {
        char name[CCS_VERSION_MAX];

        if ((rc = ccs_versions_pick(srv->versions_doc, account_default, name, sizeof name, err)) != CCS_OK)
            return rc;
        srv->account_default = versions_find(srv, name);
    }
    return CCS_OK;
}

void versions_close(ccs_server *srv)
{
    size_t i;

    for (i = 0; srv->versions && i < srv->n_versions; i++) {
        cJSON_Delete(srv->versions[i].endpoints);
        cJSON_Delete(srv->versions[i].session);
        cJSON_Delete(srv->versions[i].item);
        cJSON_Delete(srv->versions[i].price);
    }
    free(srv->versions);
    cJSON_Delete(srv->versions_doc);
}

const srv_version *versions_find(const ccs_server *srv, const char *name)
{
    size_t i;

    for (i = 0; name && i < srv->n_versions; i++)
        if (!strcmp(srv->versions[i].name, name))
            return &srv->versions[i];
    return NULL;
}

/* ---- projection ------------------------------------------------------------ */

/* Replace member v of parent by the name ver's node knows (by key, with a
 * new node: the replacement takes the member's name with it). */
static void rename_value(const ccs_server *srv, cJSON *parent, const char *key, const cJSON *node, cJSON *v)
{
    const char *to = cJSON_IsString(v) ? ccs_versions_rename(srv->versions_doc, key, node, v->valuestring) : NULL;
    cJSON *s = to ? cJSON_CreateString(to) : NULL;

    if (s && !cJSON_ReplaceItemInObjectCaseSensitive(parent, key, s))
        cJSON_Delete(s);
}

static void shape(const ccs_server *srv, const srv_version *ver, cJSON *parent, cJSON *v, const cJSON *node,
                  const char *key);

static const cJSON *contract_named(const srv_version *ver, const char *name)
{
    if (!name)
        return NULL;
    if (!strcmp(name, "checkout.session"))
        return ver->session;
    if (!strcmp(name, "item"))
        return ver->item;
    if (!strcmp(name, "price"))
        return ver->price;
    return NULL;
}

static void shape_object(const ccs_server *srv, const srv_version *ver, cJSON *v, const cJSON *props)
{
    cJSON *m = v->child, *next;
    const cJSON *p;

    for (; m; m = next) {
        const cJSON *pn = cJSON_GetObjectItemCaseSensitive(props, m->string);

        next = m->next;
        if (!pn || cJSON_GetObjectItemCaseSensitive(pn, "removed_after"))
            cJSON_Delete(cJSON_DetachItemViaPointer(v, m));
        else if (!cJSON_IsNull(m))
            shape(srv, ver, v, m, pn, m->string);
    }
    cJSON_ArrayForEach(p, props) {
        const cJSON *pres = cJSON_GetObjectItemCaseSensitive(p, "presence");

        if (cJSON_IsString(pres) && !strcmp(pres->valuestring, "always") &&
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "nullable")) &&
            !cJSON_GetObjectItemCaseSensitive(v, p->string))
            cJSON_AddNullToObject(v, p->string);
    }
}

static void shape(const ccs_server *srv, const srv_version *ver, cJSON *parent, cJSON *v, const cJSON *node,
                  const char *key)
{
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(node, "ref");
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(node, "properties");
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(node, "items");
    cJSON *e;

    if (cJSON_IsString(ref) && !strcmp(ref->valuestring, "list") && cJSON_IsObject(v)) {
        const cJSON *of = cJSON_GetObjectItemCaseSensitive(node, "list_of");
        const cJSON *c = contract_named(ver, cJSON_IsString(of) ? of->valuestring : NULL);

        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(v, "data"))
            if (c && cJSON_IsObject(e))
                shape(srv, ver, NULL, e, c, NULL);
        return;
    }
    if (cJSON_IsString(ref)) {
        const cJSON *c = contract_named(ver, ref->valuestring);

        if (c && cJSON_IsObject(v))
            shape(srv, ver, NULL, v, c, NULL);
        return;
    }
    if (cJSON_IsObject(v) && cJSON_IsObject(props) && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(node, "open")))
        shape_object(srv, ver, v, props);
    else if (cJSON_IsArray(v) && cJSON_IsObject(items))
        cJSON_ArrayForEach(e, v)
            shape(srv, ver, NULL, e, items, key);
    else if (key && parent)
        rename_value(srv, parent, key, node, v);
}

/* A 200 body in the native shape -> the same body in ver's shape. */
int versions_project(const ccs_server *srv, const srv_version *ver, ccs_server_response *resp)
{
    cJSON *doc, *e;
    const cJSON *object;
    char *text;

    if (!ver || ver == srv->native || resp->status != 200 || !resp->body)
        return 0;
    if (!(doc = cJSON_ParseWithLength(resp->body, resp->body_len)))
        return -1;
    object = cJSON_GetObjectItemCaseSensitive(doc, "object");
    if (cJSON_IsString(object) && !strcmp(object->valuestring, "list")) {
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "data")) {
            const cJSON *eo = cJSON_GetObjectItemCaseSensitive(e, "object");
            const cJSON *c = contract_named(ver, cJSON_IsString(eo) ? eo->valuestring : NULL);

            if (c)
                shape(srv, ver, NULL, e, c, NULL);
        }
    } else if (cJSON_IsString(object) && contract_named(ver, object->valuestring)) {
        shape(srv, ver, NULL, doc, contract_named(ver, object->valuestring), NULL);
    }
    text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    if (!text)
        return -1;
    free(resp->body);
    resp->body = text;
    resp->body_len = strlen(text);
    return 0;
}

/* After validation against ver's parameters: renamed values of the request's
 * top level take the server's own names, so the rest of the server speaks one
 * version (ui_mode embedded -> embedded_page before dahlia). */
void versions_translate_in(const ccs_server *srv, const srv_version *ver, cJSON *params, int op)
{
    if (ver && ver != srv->native)
        ccs_versions_rename_form(srv->versions_doc, srv->native->p[op], params);
}
