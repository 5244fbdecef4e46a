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

/* The parameter schema is fixed once loaded, but walking it looked up the
 * same keywords ("type", "anyOf", "enum", ...) by name in every node of every
 * request. Each node's keywords are read once at open into a table keyed by
 * the node's address. */
enum vtype { V_OTHER, V_STRING, V_INTEGER, V_NUMBER, V_BOOLEAN, V_OBJECT, V_ARRAY };

struct vnode {
    const cJSON *node;
    const cJSON *any, *en, *props, *addl, *items, *in;
    double max_len;
    unsigned char type, has_max, metadata, emptyable, required, is_obj_type;
};

struct vcache {
    size_t cap;               /* power of two */
    struct vnode *slots;
};

static size_t slot_of(const struct vcache *vc, const cJSON *node)
{
    uintptr_t h = (uintptr_t)node;

    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ULL;
    return (size_t)(h >> 20) & (vc->cap - 1);
}

static void fill(struct vnode *vn, const cJSON *node)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(node, "type");
    const cJSON *ml = cJSON_GetObjectItemCaseSensitive(node, "maxLength");
    const char *ts = cJSON_IsString(t) ? t->valuestring : "";

    memset(vn, 0, sizeof *vn);
    vn->node = node;
    vn->any = cJSON_GetObjectItemCaseSensitive(node, "anyOf");
    vn->en = cJSON_GetObjectItemCaseSensitive(node, "enum");
    vn->props = cJSON_GetObjectItemCaseSensitive(node, "properties");
    vn->addl = cJSON_GetObjectItemCaseSensitive(node, "additionalProperties");
    vn->items = cJSON_GetObjectItemCaseSensitive(node, "items");
    vn->in = cJSON_GetObjectItemCaseSensitive(node, "in");
    vn->has_max = cJSON_IsNumber(ml);
    vn->max_len = vn->has_max ? ml->valuedouble : 0;
    vn->metadata = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(node, "metadata"));
    vn->emptyable = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(node, "emptyable"));
    vn->required = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(node, "required"));
    vn->is_obj_type = !strcmp(ts, "object");
    vn->type = !strcmp(ts, "string") ? V_STRING : !strcmp(ts, "integer") ? V_INTEGER :
               !strcmp(ts, "number") ? V_NUMBER : !strcmp(ts, "boolean") ? V_BOOLEAN :
               !strcmp(ts, "object") ? V_OBJECT : !strcmp(ts, "array") ? V_ARRAY : V_OTHER;
}

/* The node's keywords: from the table, or read now (tmp) for a node that is
 * not in it. */
static const struct vnode *vget(const ccs_server *srv, const cJSON *node, struct vnode *tmp)
{
    const struct vcache *vc = srv->vcache;

    if (vc && node) {
        size_t i = slot_of(vc, node);

        for (; vc->slots[i].node; i = (i + 1) & (vc->cap - 1))
            if (vc->slots[i].node == node)
                return &vc->slots[i];
    }
    fill(tmp, node);
    return tmp;
}

static size_t count_nodes(const cJSON *v)
{
    size_t n = 1;
    const cJSON *kid;

    if (cJSON_IsObject(v) || cJSON_IsArray(v))
        for (kid = v->child; kid; kid = kid->next)
            n += count_nodes(kid);
    return n;
}

/* Every object node of the tree goes in (schema nodes and a few harmless
 * extras such as enum lists' parents): simpler than following keywords. */
static void add_nodes(struct vcache *vc, const cJSON *v)
{
    const cJSON *kid;

    if (cJSON_IsObject(v)) {
        size_t i = slot_of(vc, v);

        while (vc->slots[i].node)
            i = (i + 1) & (vc->cap - 1);
        fill(&vc->slots[i], v);
    }
    if (cJSON_IsObject(v) || cJSON_IsArray(v))
        for (kid = v->child; kid; kid = kid->next)
            add_nodes(vc, kid);
}

int validate_compile(ccs_server *srv)
{
    struct vcache *vc = calloc(1, sizeof *vc);
    size_t n = 0, i;

    for (i = 0; i < srv->n_versions; i++)
        n += count_nodes(srv->versions[i].endpoints);
    if (!vc)
        return -1;
    for (vc->cap = 64; vc->cap < 2 * n; vc->cap *= 2)
        ;
    if (!(vc->slots = calloc(vc->cap, sizeof *vc->slots))) {
        free(vc);
        return -1;
    }
    for (i = 0; i < srv->n_versions; i++)
        add_nodes(vc, srv->versions[i].endpoints);
    srv->vcache = vc;
    return 0;
}

void validate_free(ccs_server *srv)
{
    if (srv && srv->vcache) {
        free(srv->vcache->slots);
        free(srv->vcache);
        srv->vcache = NULL;
    }
}

/* Bounded copy of a then b (printf costs more than the rest of a check). */
void param_path(char *out, size_t cap, const char *a, const char *b)
{
    size_t la = strnlen(a, cap - 1), lb = strnlen(b, cap - 1 - la);

    memcpy(out, a, la);
    memcpy(out + la, b, lb);
    out[la + lb] = '\0';
}

/* base + "[i]", or the bare number when base is "" */
void param_index(char *out, size_t cap, const char *base, long long i)
{
    char num[24], *q = num + sizeof num;
    unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
    int bracket = base[0] != '\0';

    *--q = '\0';
    if (bracket)
        *--q = ']';
    do {
        *--q = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (i < 0)
        *--q = '-';
    if (bracket)
        *--q = '[';
    param_path(out, cap, base, q);
}

static void child_path(char *out, size_t cap, const char *base, const char *name)
{
    size_t lb;

    if (!base[0]) {
        param_path(out, cap, name, "");
        return;
    }
    param_path(out, cap, base, "[");
    lb = strlen(out);
    param_path(out + lb, cap - lb, name, "]");
}

static int bad_empty(srv_err *e, const char *path)
{
    return err_param(e, "parameter_invalid_empty", path,
                     "You passed an empty string for '%s'. We assume empty values are an attempt to unset "
                     "a parameter; however '%s' cannot be unset. You should remove '%s' from your request "
                     "or supply a non-empty value.", path, path, path);
}

static int check_enum(const ccs_server *srv, const cJSON *en, const char *s, const char *path, srv_err *e)
{
    const cJSON *v;
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

static int walk_object(const ccs_server *srv, const struct vnode *vn, const cJSON *v, const char *path,
                       srv_err *e)
{
    const cJSON *props = vn->props, *addl = vn->addl;
    const cJSON *kid, *p;
    struct vnode tmp;
    char sub[256];

    if (!cJSON_IsObject(v))
        return err_param(e, "parameter_invalid_string", path,
                         "Invalid object: '%s' must be a hash of parameters (e.g. %s[key]=value)", path, path);
    cJSON_ArrayForEach(kid, v) {
        child_path(sub, sizeof sub, path, kid->string);
        p = props ? ccs_json_get(props, kid->string) : NULL;
        if (p) {
            if (walk(srv, p, kid, sub, 0, e))
                return -1;
        } else if (cJSON_IsObject(addl)) {
            if (walk(srv, addl, kid, sub, vn->metadata, e))
                return -1;
        } else if (props) {
            return err_param(e, "parameter_unknown", sub, "Received unknown parameter: %s", sub);
        }
    }
    cJSON_ArrayForEach(p, props) {
        if (vget(srv, p, &tmp)->required && !ccs_json_get(v, p->string)) {
            child_path(sub, sizeof sub, path, p->string);
            return err_param(e, "parameter_missing", sub, "Missing required param: %s.", sub);
        }
    }
    return 0;
}

static int walk(const ccs_server *srv, const cJSON *node, const cJSON *v, const char *path,
                int metadata_value, srv_err *e)
{
    struct vnode tmp, tmp2;
    const struct vnode *vn = vget(srv, node, &tmp);

    if (cJSON_IsArray(vn->any)) {
        const cJSON *alt, *pick = NULL;

        /* choose the alternative by shape: a hash goes to the object form */
        cJSON_ArrayForEach(alt, vn->any) {
            int is_obj = vget(srv, alt, &tmp2)->is_obj_type;

            if (is_obj == cJSON_IsObject(v))
                pick = alt;
        }
        if (!pick)
            pick = cJSON_GetArrayItem(vn->any, 0);
        return pick ? walk(srv, pick, v, path, metadata_value, e) : 0;
    }
    if (cJSON_IsString(v) && !v->valuestring[0]) {
        if (metadata_value || vn->emptyable)
            return 0;
        return bad_empty(e, path);
    }
    switch (vn->type) {
    case V_STRING:
        if (!cJSON_IsString(v))
            return err_param(e, "parameter_invalid_string", path, "Invalid string: '%s' must be a string", path);
        if (check_enum(srv, vn->en, v->valuestring, path, e))
            return -1;
        if (vn->has_max && strlen(v->valuestring) > (size_t)vn->max_len)
            return err_param(e, "parameter_invalid_string", path,
                             "Invalid string: %.24s...; must be at most %d characters", v->valuestring,
                             (int)vn->max_len);
        return 0;
    case V_INTEGER: {
        long long n;

        if (!cJSON_IsString(v) || parse_int64(v->valuestring, &n))
            return err_param(e, "parameter_invalid_integer", path, "Invalid integer: %.60s",
                             cJSON_IsString(v) ? v->valuestring : "(not a value)");
        return 0;
    }
    case V_NUMBER: {
        char *end = NULL;

        if (cJSON_IsString(v))
            strtod(v->valuestring, &end);
        if (!cJSON_IsString(v) || !end || *end || end == v->valuestring)
            return err_param(e, "parameter_invalid_string", path, "Invalid decimal: %.60s",
                             cJSON_IsString(v) ? v->valuestring : "(not a value)");
        return 0;
    }
    case V_BOOLEAN: {
        int b;

        if (parse_bool(v, &b))
            return err_param(e, "parameter_invalid_string", path, "Invalid boolean: %.60s",
                             cJSON_IsString(v) ? v->valuestring : "(not a value)");
        return 0;
    }
    case V_OBJECT:
        return walk_object(srv, vn, v, path, e);
    case V_ARRAY: {
        const cJSON *el;
        char sub[256];
        int i = 0;

        if (!cJSON_IsArray(v))
            return err_param(e, "parameter_invalid_string", path,
                             "Invalid array: '%s' must be a list (e.g. %s[0]=value)", path, path);
        cJSON_ArrayForEach(el, v) {
            param_index(sub, sizeof sub, path, i++);
            if (vn->items && walk(srv, vn->items, el, sub, 0, e))
                return -1;
        }
        return 0;
    }
    default:
        return 0;
    }
}

int validate_params(const ccs_server *srv, const cJSON *schema, cJSON *params, srv_err *e)
{
    cJSON *kid = params ? params->child : NULL, *next;
    const cJSON *node, *in;

    struct vnode tmp;

    for (; kid; kid = next) {
        next = kid->next;
        node = schema ? ccs_json_get(schema, kid->string) : NULL;
        in = node ? vget(srv, node, &tmp)->in : NULL;
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
