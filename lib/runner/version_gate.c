/* Judging a case by the API version of the run: a case that sends a
 * parameter or an enum value which the version lacks (but another known
 * version has) is SKIP "not in API V"; a value Stripe renamed between
 * versions is sent under the version's name; every request names the version
 * in Stripe-Version. A name or value that no known version has is the
 * case's deliberate mistake (unknown-parameter and near-miss cases) and is
 * sent as it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "runner_internal.h"
#include "ccs/contract.h"
#include "ccs/params.h"
#include "ccs/versions.h"

/* The parameter node at `path` below `params` of one operation, walking
 * objects by name and arrays through items. */
static const cJSON *child(const cJSON *node, const char *name)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(node, "properties");
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(node, "items");

    if (!props && cJSON_IsObject(items))
        props = cJSON_GetObjectItemCaseSensitive(items, "properties");
    return cJSON_GetObjectItemCaseSensitive(props, name);
}

/* Walk the same path in every known version: does any of them have it? */
typedef struct gate {
    const ccs_api *api;
    const cJSON *here;              /* node in the run's version */
    const cJSON *others[64];        /* the same node in each known version */
    size_t n;
    char *why;
    size_t cap;
} gate;

static int skip(gate *g, const char *path, const char *value)
{
    if (value)
        snprintf(g->why, g->cap, "not in API %s: %s=%s", g->api->version, path, value);
    else
        snprintf(g->why, g->cap, "not in API %s: parameter %s", g->api->version, path);
    return 1;
}

static int any_has_enum(const gate *g, const char *value)
{
    size_t i;

    for (i = 0; i < g->n; i++)
        if (g->others[i] && ccs_versions_in_enum(g->others[i], value) == 1)
            return 1;
    return 0;
}

static int walk(gate *g, const cJSON *value, const char *path);

/* The top level of a form is the operation's parameter map itself. */
static const cJSON *lookup(const cJSON *node, const char *name, int top)
{
    return top ? cJSON_GetObjectItemCaseSensitive(node, name) : child(node, name);
}

/* Member m of an object the case sends: a name V lacks but another version
 * has is SKIP; a name no version has is the case's own (sent as it is). */
static int walk_member(gate *g, const cJSON *m, const char *path, int top)
{
    gate sub = *g;
    char p[256];
    size_t i;
    int known = 0;

    snprintf(p, sizeof p, "%s%s%s", path, *path ? "." : "", m->string);
    sub.here = lookup(g->here, m->string, top);
    for (i = 0; i < g->n; i++) {
        sub.others[i] = g->others[i] ? lookup(g->others[i], m->string, top) : NULL;
        known |= sub.others[i] != NULL;
    }
    if (!sub.here)
        return known ? skip(g, p, NULL) : 0;
    return walk(&sub, m, p);
}

static int walk(gate *g, const cJSON *value, const char *path)
{
    const cJSON *m;

    if (cJSON_GetObjectItemCaseSensitive(g->here, "additionalProperties"))
        return 0; /* a map (metadata): any key */
    if (cJSON_IsObject(value)) {
        cJSON_ArrayForEach(m, value)
            if (walk_member(g, m, path, 0))
                return 1;
        return 0;
    }
    if (cJSON_IsArray(value)) {
        cJSON_ArrayForEach(m, value)
            if (walk(g, m, path))
                return 1;
        return 0;
    }
    if (cJSON_IsString(value) && !strstr(value->valuestring, "{{") &&
        ccs_versions_in_enum(g->here, value->valuestring) == 0 && any_has_enum(g, value->valuestring) &&
        !ccs_versions_rename(g->api->versions, path, g->here, value->valuestring))
        return skip(g, path, value->valuestring);
    return 0;
}

static int gate_tree(const ccs_api *api, const char *op, const cJSON *tree, char *why, size_t cap)
{
    gate g;
    const cJSON *m;
    size_t i;

    memset(&g, 0, sizeof g);
    g.api = api;
    g.why = why;
    g.cap = cap;
    g.here = ccs_params_for(api->endpoints, op);
    for (i = 0; i < api->n_all && i < sizeof g.others / sizeof g.others[0]; i++)
        g.others[i] = ccs_params_for(api->all[i], op);
    g.n = i;
    if (!g.here) {
        for (i = 0; i < g.n; i++)
            if (g.others[i]) {
                snprintf(why, cap, "not in API %s: operation %s", api->version, op);
                return 1;
            }
        return 0;
    }
    cJSON_ArrayForEach(m, tree)
        if (walk_member(&g, m, "", 1))
            return 1;
    return 0;
}

/* A step that expects a session property V does not return (client_secret
 * before 2023, ui_mode before embedded Checkout) cannot be judged at V. */
static int gate_expected(const ccs_runner_config *cfg, const char *op, const cJSON *step, char *why, size_t cap)
{
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(step, "expect");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(expect, "status");
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(expect, "body");
    const cJSON *props, *m;

    if (!cJSON_IsObject(body) || !cJSON_IsNumber(status) || status->valueint != 200 || !cfg->contracts ||
        (strcmp(op, "create") && strcmp(op, "retrieve") && strcmp(op, "update") && strcmp(op, "expire")))
        return 0;
    props = cJSON_GetObjectItemCaseSensitive(ccs_contract_get(cfg->contracts, "checkout.session"), "properties");
    if (!props)
        return 0;
    cJSON_ArrayForEach(m, body) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(props, m->string);

        if (cJSON_IsString(m) && !strcmp(m->valuestring, "{{absent}}"))
            continue;
        if (!p || cJSON_GetObjectItemCaseSensitive(p, "removed_after")) {
            snprintf(why, cap, "not in API %s: property %s", cfg->api->version, m->string);
            return 1;
        }
    }
    return 0;
}

/* A case's own since/until (behaviour that changed between versions): API
 * version names order by their leading date. */
int ccs_runner_version_range(const ccs_runner_config *cfg, const cJSON *c, char *why, size_t cap)
{
    const cJSON *since = cJSON_GetObjectItemCaseSensitive(c, "since");
    const cJSON *until = cJSON_GetObjectItemCaseSensitive(c, "until");
    const char *v = cfg->api ? cfg->api->version : NULL;

    if (v && cJSON_IsString(since) && strcmp(v, since->valuestring) < 0) {
        snprintf(why, cap, "not in API %s: the case holds since %s", v, since->valuestring);
        return 1;
    }
    if (v && cJSON_IsString(until) && strcmp(v, until->valuestring) > 0) {
        snprintf(why, cap, "not in API %s: the case holds until %s", v, until->valuestring);
        return 1;
    }
    return 0;
}

int ccs_runner_version_gate(const ccs_runner_config *cfg, const cJSON *steps, char *why, size_t cap)
{
    const cJSON *step;

    if (!cfg->api)
        return 0;
    cJSON_ArrayForEach(step, steps) {
        const cJSON *req = cJSON_GetObjectItemCaseSensitive(step, "request");
        const cJSON *method = cJSON_GetObjectItemCaseSensitive(req, "method");
        const cJSON *path = cJSON_GetObjectItemCaseSensitive(req, "path");
        const char *op = ccs_versions_operation(cJSON_IsString(method) ? method->valuestring : "GET",
                                                cJSON_IsString(path) ? path->valuestring : "");
        const cJSON *tree = cJSON_GetObjectItemCaseSensitive(req, "form");

        if (!op)
            continue;
        if (!tree)
            tree = cJSON_GetObjectItemCaseSensitive(req, "query");
        if (gate_tree(cfg->api, op, cJSON_IsObject(tree) ? tree : NULL, why, cap) ||
            gate_expected(cfg, op, step, why, cap))
            return 1;
    }
    return 0;
}

int ccs_runner_version_gate_request(const ccs_runner_config *cfg, const char *method, const char *path,
                                    const cJSON *form, const cJSON *query, char *why, size_t cap)
{
    const char *op = cfg->api ? ccs_versions_operation(method, path) : NULL;
    const cJSON *tree = form ? form : query;

    if (!op)
        return 0;
    return gate_tree(cfg->api, op, cJSON_IsObject(tree) ? tree : NULL, why, cap);
}

/* Top-level enum values renamed between versions are sent under V's name. */
void ccs_runner_version_rename(const ccs_runner_config *cfg, const char *method, const char *path, cJSON *form)
{
    const char *op = cfg->api ? ccs_versions_operation(method, path) : NULL;

    if (op)
        ccs_versions_rename_form(cfg->api->versions, ccs_params_for(cfg->api->endpoints, op), form);
}

/* The step's headers plus Stripe-Version: V unless the case sets its own. */
char **ccs_runner_version_headers(const ccs_runner_config *cfg, const char *const *h)
{
    size_t n = 0, i;
    int has = 0;
    char **out;

    for (; h && h[n]; n++)
        has |= !strncasecmp(h[n], "Stripe-Version:", 15);
    out = calloc(n + 2, sizeof *out);
    if (!out)
        return NULL;
    for (i = 0; i < n; i++)
        if (!(out[i] = strdup(h[i])))
            goto fail;
    if (cfg->api && !has) {
        size_t len = strlen(cfg->api->version) + 17;

        if (!(out[n] = malloc(len)))
            goto fail;
        snprintf(out[n], len, "Stripe-Version: %s", cfg->api->version);
    }
    return out;
fail:
    for (i = 0; i <= n; i++)
        free(out[i]);
    free(out);
    return NULL;
}
