/* Generic parameter validation against the endpoint's parameter schema from
 * golden/contract/endpoints.json: unknown names, types, enums, lengths and
 * required nested fields, reported with Stripe's bracketed `param` paths. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int parse_int64(const char *s, long long *out)
{
    char *end;
    long long v;

    if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end || end == s || (s[0] == '-' && !s[1]))
        return -1;
    *out = v;
    return 0;
}

int parse_bool(const cJSON *v, int *out)
{
    if (cJSON_IsBool(v)) {
        *out = cJSON_IsTrue(v);
        return 0;
    }
    if (!cJSON_IsString(v))
        return -1;
    if (!strcmp(v->valuestring, "true")) {
        *out = 1;
        return 0;
    }
    if (!strcmp(v->valuestring, "false")) {
        *out = 0;
        return 0;
    }
    return -1;
}

static const char *type_of(const cJSON *node)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(node, "type");

    return cJSON_IsString(t) ? t->valuestring : "";
}

static int flag(const cJSON *node, const char *name)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(node, name));
}

static void child_path(char *out, size_t cap, const char *base, const char *name)
{
    if (!base[0])
        snprintf(out, cap, "%s", name);
    else
        snprintf(out, cap, "%s[%s]", base, name);
}

static int bad_empty(srv_err *e, const char *path)
{
    return err_param(e, "parameter_invalid_empty", path,
                     "You passed an empty string for '%s'. We assume empty values are an attempt to unset "
                     "a parameter; however '%s' cannot be unset. You should remove '%s' from your request "
                     "or supply a non-empty value.", path, path, path);
}

static int check_enum(const ccs_server *srv, const cJSON *node, const char *s, const char *path, srv_err *e)
{
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(node, "enum"), *v;
    char list[400];
    size_t n = 0;
    int count, i = 0;

    if (!cJSON_IsArray(en) || FAULT(srv, F_ENUM_NOT_VALIDATED))
        return 0;
    cJSON_ArrayForEach(v, en)
        if (cJSON_IsString(v) && !strcmp(v->valuestring, s))
            return 0;
    count = cJSON_GetArraySize(en);
    list[0] = '\0';
    cJSON_ArrayForEach(v, en) {
        if (!cJSON_IsString(v) || n >= sizeof list - 40)
            continue;
        n += (size_t)snprintf(list + n, sizeof list - n, "%s%s%s", i ? ", " : "",
                              (i == count - 1 && count > 1) ? "or " : "", v->valuestring);
        i++;
    }
    return err_param(e, "parameter_invalid_string", path, "Invalid %s: must be one of %s", path, list);
}

static int walk(const ccs_server *srv, const cJSON *node, const cJSON *v, const char *path,
                int metadata_value, srv_err *e);

static int walk_object(const ccs_server *srv, const cJSON *node, const cJSON *v, const char *path, srv_err *e)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(node, "properties");
    const cJSON *addl = cJSON_GetObjectItemCaseSensitive(node, "additionalProperties");
    const cJSON *kid, *p;
    char sub[256];

    if (!cJSON_IsObject(v))
        return err_param(e, "parameter_invalid_string", path,
                         "Invalid object: '%s' must be a hash of parameters (e.g. %s[key]=value)", path, path);
    cJSON_ArrayForEach(kid, v) {
        child_path(sub, sizeof sub, path, kid->string);
        p = props ? cJSON_GetObjectItemCaseSensitive(props, kid->string) : NULL;
        if (p) {
            if (walk(srv, p, kid, sub, 0, e))
                return -1;
        } else if (cJSON_IsObject(addl)) {
            if (walk(srv, addl, kid, sub, flag(node, "metadata"), e))
                return -1;
        } else if (props) {
            return err_param(e, "parameter_unknown", sub, "Received unknown parameter: %s", sub);
        }
    }
    cJSON_ArrayForEach(p, props) {
        if (flag(p, "required") && !cJSON_GetObjectItemCaseSensitive(v, p->string)) {
            child_path(sub, sizeof sub, path, p->string);
            return err_param(e, "parameter_missing", sub, "Missing required param: %s.", sub);
        }
    }
    return 0;
}

static int walk(const ccs_server *srv, const cJSON *node, const cJSON *v, const char *path,
                int metadata_value, srv_err *e)
{
    const cJSON *any = cJSON_GetObjectItemCaseSensitive(node, "anyOf");
    const char *t;

    if (cJSON_IsArray(any)) {
        const cJSON *alt, *pick = NULL;

        /* choose the alternative by shape: a hash goes to the object form */
        cJSON_ArrayForEach(alt, any) {
            int is_obj = !strcmp(type_of(alt), "object");

            if (is_obj == cJSON_IsObject(v))
                pick = alt;
        }
        if (!pick)
            pick = cJSON_GetArrayItem(any, 0);
        return pick ? walk(srv, pick, v, path, metadata_value, e) : 0;
    }
    t = type_of(node);
    if (cJSON_IsString(v) && !v->valuestring[0]) {
        if (metadata_value || flag(node, "emptyable"))
            return 0;
        return bad_empty(e, path);
    }
    if (!strcmp(t, "string")) {
        const cJSON *ml = cJSON_GetObjectItemCaseSensitive(node, "maxLength");

        if (!cJSON_IsString(v))
            return err_param(e, "parameter_invalid_string", path, "Invalid string: '%s' must be a string", path);
        if (check_enum(srv, node, v->valuestring, path, e))
            return -1;
        if (cJSON_IsNumber(ml) && strlen(v->valuestring) > (size_t)ml->valuedouble)
            return err_param(e, "parameter_invalid_string", path,
                             "Invalid string: %.24s...; must be at most %d characters", v->valuestring,
                             (int)ml->valuedouble);
        return 0;
    }
    if (!strcmp(t, "integer")) {
        long long n;

        if (!cJSON_IsString(v) || parse_int64(v->valuestring, &n))
            return err_param(e, "parameter_invalid_integer", path, "Invalid integer: %.60s",
                             cJSON_IsString(v) ? v->valuestring : "(not a value)");
        return 0;
    }
    if (!strcmp(t, "number")) {
        char *end = NULL;

        if (cJSON_IsString(v))
            strtod(v->valuestring, &end);
        if (!cJSON_IsString(v) || !end || *end || end == v->valuestring)
            return err_param(e, "parameter_invalid_string", path, "Invalid decimal: %.60s",
                             cJSON_IsString(v) ? v->valuestring : "(not a value)");
        return 0;
    }
    if (!strcmp(t, "boolean")) {
        int b;

        if (parse_bool(v, &b))
            return err_param(e, "parameter_invalid_string", path, "Invalid boolean: %.60s",
                             cJSON_IsString(v) ? v->valuestring : "(not a value)");
        return 0;
    }
    if (!strcmp(t, "object"))
        return walk_object(srv, node, v, path, e);
    if (!strcmp(t, "array")) {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(node, "items"), *el;
        char sub[256];
        int i = 0;

        if (!cJSON_IsArray(v))
            return err_param(e, "parameter_invalid_string", path,
                             "Invalid array: '%s' must be a list (e.g. %s[0]=value)", path, path);
        cJSON_ArrayForEach(el, v) {
            snprintf(sub, sizeof sub, "%s[%d]", path, i++);
            if (items && walk(srv, items, el, sub, 0, e))
                return -1;
        }
        return 0;
    }
    return 0;
}

int validate_params(const ccs_server *srv, const cJSON *schema, cJSON *params, srv_err *e)
{
    cJSON *kid = params ? params->child : NULL, *next;
    const cJSON *node, *in;

    for (; kid; kid = next) {
        next = kid->next;
        node = schema ? cJSON_GetObjectItemCaseSensitive(schema, kid->string) : NULL;
        in = node ? cJSON_GetObjectItemCaseSensitive(node, "in") : NULL;
        if (!node || (cJSON_IsString(in) && !strcmp(in->valuestring, "path"))) {
            if (FAULT(srv, F_UNKNOWN_PARAM_ACCEPTED)) {
                cJSON_Delete(cJSON_DetachItemViaPointer(params, kid));
                continue;
            }
            return err_param(e, "parameter_unknown", kid->string, "Received unknown parameter: %s",
                             kid->string);
        }
        if (walk(srv, node, kid, kid->string, 0, e))
            return -1;
    }
    return 0;
}

int validate_metadata(const cJSON *md, const char *param, int allow_unset, srv_err *e)
{
    const cJSON *kv;
    char sub[256];
    int n = 0;

    if (!md)
        return 0;
    if (cJSON_IsString(md) && !md->valuestring[0] && allow_unset)
        return 0;
    if (!cJSON_IsObject(md))
        return err_param(e, "parameter_invalid_string", param,
                         "Invalid hash: %s must be a set of key-value pairs", param);
    cJSON_ArrayForEach(kv, md) {
        snprintf(sub, sizeof sub, "%s[%.200s]", param, kv->string);
        if (!cJSON_IsString(kv))
            return err_param(e, "parameter_invalid_string", sub, "Metadata values must be strings (%s).", sub);
        if (!kv->string[0])
            return err_param(e, "parameter_invalid_empty", param, "Metadata keys cannot be empty.");
        if (strlen(kv->string) > 40)
            return err_param(e, "parameter_invalid_string", sub,
                             "Metadata keys can have up to 40 characters. The key `%.60s...` is too long.",
                             kv->string);
        if (strpbrk(kv->string, "[]"))
            return err_param(e, "parameter_invalid_string", sub,
                             "Metadata keys cannot contain the characters '[' or ']'.");
        if (strlen(kv->valuestring) > 500)
            return err_param(e, "parameter_invalid_string", sub,
                             "Metadata values can have up to 500 characters, but you passed in a value that is "
                             "%zu characters.", strlen(kv->valuestring));
        if (kv->valuestring[0])
            n++;
    }
    if (n > 50)
        return err_param(e, "parameter_invalid_string", param,
                         "You can specify up to 50 keys, with key names up to 40 characters long and values "
                         "up to 500 characters long; you passed %d keys.", n);
    return 0;
}

int validate_expand(const cJSON *expand, const char *const *allowed, srv_err *e)
{
    const cJSON *x;
    int i = 0;
    char sub[64];

    if (!expand)
        return 0;
    if (cJSON_IsString(expand) && !expand->valuestring[0])
        return 0;
    if (!cJSON_IsArray(expand))
        return err_param(e, "parameter_invalid_string", "expand", "Invalid array: expand must be a list");
    cJSON_ArrayForEach(x, expand) {
        const char *const *a;
        int ok = 0;

        snprintf(sub, sizeof sub, "expand[%d]", i++);
        if (!cJSON_IsString(x))
            return err_param(e, "parameter_invalid_string", sub, "Invalid string in %s", sub);
        for (a = allowed; *a; a++)
            if (!strcmp(*a, x->valuestring))
                ok = 1;
        if (!ok)
            return err_param(e, "parameter_invalid_string", sub, "This property cannot be expanded (%.200s).",
                             x->valuestring);
    }
    return 0;
}
