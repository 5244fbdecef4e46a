/* `ccs contract diff`: what changed for Checkout Sessions between two API
 * versions, as a sorted JSON object (format in include/ccs/contract_diff.h),
 * and its text rendering. Object contracts and endpoint parameters are
 * walked by one comparison: members by name (the union of both versions,
 * in byte order), array elements as `[]`, map values as `.*`. */
#include "ccs/contract_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/fs.h"
#include "ccs/json.h"
#include "ccs/params.h"

const char *const ccs_contract_diff_objects[CCS_CONTRACT_DIFF_NOBJECTS] = {"checkout.session", "item", "price"};

/* The Checkout Sessions operations in the order they are shown; an
 * operation a version's endpoints.json adds beyond these follows, sorted. */
static const char *const known_ops[] = {"list", "create", "retrieve", "update", "expire", "list_line_items"};
#define N_KNOWN_OPS (sizeof known_ops / sizeof known_ops[0])

/* A contract file is far below this. */
#define MAX_CONTRACT_FILE ((size_t)16 << 20)
/* A node and its anyOf branches (`created`: an object or an integer). */
#define MAX_BRANCHES 16

/* A growable list of borrowed strings (member names, enum values). */
struct names {
    const char **v;
    size_t n, cap;
    int nomem;
};

static void names_add(struct names *s, const char *x)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 32;
        const char **v = realloc(s->v, cap * sizeof *v);

        if (!v) {
            s->nomem = 1;
            return;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = x;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void names_sort_unique(struct names *s)
{
    size_t i, k = 0;

    if (!s->n)
        return;
    qsort(s->v, s->n, sizeof *s->v, cmp_str);
    for (i = 1; i < s->n; i++)
        if (strcmp(s->v[i], s->v[k]))
            s->v[++k] = s->v[i];
    s->n = k + 1;
}

static int names_has(const struct names *s, const char *x)
{
    return s->n && bsearch(&x, s->v, s->n, sizeof *s->v, cmp_str) != NULL;
}

/* ---- loading ---- */

static int load_object(const char *dir, const char *name, cJSON **out, ccs_error *err)
{
    char path[4200], *text = NULL;
    size_t len = 0;
    int rc;

    *out = NULL;
    if ((size_t)snprintf(path, sizeof path, "%s/%s.json", dir, name) >= sizeof path) {
        rc = ccs_error_set(err, CCS_ELIMIT, -1, "contract directory path too long");
        goto done;
    }
    if ((rc = ccs_fs_read_file(path, MAX_CONTRACT_FILE, &text, &len, err)) != CCS_OK)
        goto done;
    *out = cJSON_ParseWithLength(text, len);
    if (!cJSON_IsObject(ccs_json_get(*out, "properties"))) {
        cJSON_Delete(*out);
        *out = NULL;
        rc = ccs_error_set(err, CCS_EINVAL, -1, "%s is not an object contract (run scripts/gen-contract)", path);
    }
done:
    free(text);
    return rc;
}

int ccs_contract_diff_load(const char *golden_dir, const char *version, ccs_contract_diff_side *side,
                           ccs_error *err)
{
    char dir[4096];
    size_t i;
    int rc;

    memset(side, 0, sizeof *side);
    if ((rc = ccs_versions_dir(golden_dir, version, dir, sizeof dir, err)) != CCS_OK)
        goto done;
    if (strlen(version) >= sizeof side->version) {
        rc = ccs_error_set(err, CCS_ELIMIT, -1, "API version name too long: %.40s...", version);
        goto done;
    }
    memcpy(side->version, version, strlen(version) + 1);
    for (i = 0; i < CCS_CONTRACT_DIFF_NOBJECTS; i++)
        if ((rc = load_object(dir, ccs_contract_diff_objects[i], &side->objects[i], err)) != CCS_OK)
            goto done;
    rc = ccs_params_load_version(golden_dir, version, &side->endpoints, err);
done:
    if (rc != CCS_OK)
        ccs_contract_diff_release(side);
    return rc;
}

void ccs_contract_diff_release(ccs_contract_diff_side *side)
{
    size_t i;

    if (!side)
        return;
    for (i = 0; i < CCS_CONTRACT_DIFF_NOBJECTS; i++)
        cJSON_Delete(side->objects[i]);
    cJSON_Delete(side->endpoints);
    memset(side, 0, sizeof *side);
}

/* ---- the comparison ---- */

/* Where one object's or one operation's differences go. */
struct section {
    cJSON *added, *removed, *changed, *required, *optional, *enum_added, *enum_removed;
};

struct walk {
    int params; /* endpoint parameters (required) rather than object contracts (type, nullable) */
    struct section s;
    char path[1024];
    size_t len;
    int rc; /* first error: CCS_ENOMEM or CCS_ELIMIT */
};

/* The i-th of node and its anyOf branches, or NULL past the last. */
static const cJSON *branch(const cJSON *node, int i)
{
    const cJSON *b = i ? cJSON_GetArrayItem(ccs_json_get(node, "anyOf"), i - 1) : node;

    return cJSON_IsObject(b) ? b : NULL;
}

/* A member that counts: a node, not one marked removed in this version. */
static int present(const cJSON *node)
{
    return cJSON_IsObject(node) && !ccs_json_get(node, "removed_after");
}

/* The `properties` objects of node and its branches into out (at most cap). */
static size_t containers(const cJSON *node, const cJSON **out, size_t cap, struct walk *w)
{
    const cJSON *b, *p;
    size_t n = 0;
    int i;

    for (i = 0; (b = branch(node, i)) != NULL; i++) {
        if (!cJSON_IsObject(p = ccs_json_get(b, "properties")))
            continue;
        if (n == cap) {
            w->rc = CCS_ELIMIT;
            break;
        }
        out[n++] = p;
    }
    return n;
}

static const cJSON *find(const cJSON *const *c, size_t n, const char *name)
{
    const cJSON *m;
    size_t i;

    for (i = 0; i < n; i++)
        if ((m = ccs_json_get(c[i], name)) != NULL)
            return m;
    return NULL;
}

/* node's (or a branch's) `key` member when it is a node: items, a map's values. */
static const cJSON *sub(const cJSON *node, const char *key)
{
    const cJSON *b, *m;
    int i;

    for (i = 0; (b = branch(node, i)) != NULL; i++)
        if (cJSON_IsObject(m = ccs_json_get(b, key)))
            return m;
    return NULL;
}

static void put(struct walk *w, cJSON *arr, cJSON *item)
{
    if (!item) {
        w->rc = CCS_ENOMEM;
        return;
    }
    cJSON_AddItemToArray(arr, item);
}

static void put_path(struct walk *w, cJSON *arr)
{
    put(w, arr, cJSON_CreateString(w->path));
}

/* {"path", key: a} (and "to": b when b is given); a and b are consumed. */
static void put_record(struct walk *w, cJSON *arr, const char *key, cJSON *a, cJSON *b, const char *change)
{
    cJSON *r = cJSON_CreateObject();

    if (!r || !a || (change && !b) || !cJSON_AddStringToObject(r, "path", w->path) ||
        (change && !cJSON_AddStringToObject(r, "change", change))) {
        cJSON_Delete(r);
        cJSON_Delete(a);
        cJSON_Delete(b);
        w->rc = CCS_ENOMEM;
        return;
    }
    cJSON_AddItemToObject(r, key, a);
    if (b)
        cJSON_AddItemToObject(r, "to", b);
    put(w, arr, r);
}

/* Append ".name" (or "name" at the root) or a suffix such as "[]"; the old
 * length into *saved. 0 when the path would not fit. */
static int push(struct walk *w, const char *sep, const char *name, size_t *saved)
{
    size_t room = sizeof w->path - w->len;
    int n = snprintf(w->path + w->len, room, "%s%s", w->len ? sep : "", name);

    *saved = w->len;
    if (n < 0 || (size_t)n >= room) {
        w->path[w->len] = '\0';
        w->rc = CCS_ELIMIT;
        return 0;
    }
    w->len += (size_t)n;
    return 1;
}

static void pop(struct walk *w, size_t saved)
{
    w->len = saved;
    w->path[saved] = '\0';
}

/* The enum values of node and its branches (sorted, unique); 0 when none
 * of them has an enum. */
static int enum_values(const cJSON *node, struct names *out)
{
    const cJSON *b, *v;
    int i, has = 0;

    for (i = 0; (b = branch(node, i)) != NULL; i++) {
        const cJSON *e = ccs_json_get(b, "enum");

        if (!cJSON_IsArray(e))
            continue;
        has = 1;
        cJSON_ArrayForEach(v, e) {
            if (cJSON_IsString(v))
                names_add(out, v->valuestring);
        }
    }
    names_sort_unique(out);
    return has;
}

static void compare_enums(struct walk *w, const cJSON *a, const cJSON *b)
{
    struct names ea = {0}, eb = {0};
    size_t i;

    if (enum_values(a, &ea) && enum_values(b, &eb)) {
        for (i = 0; i < eb.n; i++)
            if (!names_has(&ea, eb.v[i]))
                put_record(w, w->s.enum_added, "value", cJSON_CreateString(eb.v[i]), NULL, NULL);
        for (i = 0; i < ea.n; i++)
            if (!names_has(&eb, ea.v[i]))
                put_record(w, w->s.enum_removed, "value", cJSON_CreateString(ea.v[i]), NULL, NULL);
    }
    if (ea.nomem || eb.nomem)
        w->rc = CCS_ENOMEM;
    free(ea.v);
    free(eb.v);
}

static cJSON *type_of(const cJSON *node)
{
    const cJSON *t = ccs_json_get(node, "type");

    return t ? cJSON_Duplicate(t, 1) : cJSON_CreateNull();
}

/* Object contracts: the JSON type and nullability. */
static void compare_shape(struct walk *w, const cJSON *a, const cJSON *b)
{
    const cJSON *ta = ccs_json_get(a, "type"), *tb = ccs_json_get(b, "type");
    int na = cJSON_IsTrue(ccs_json_get(a, "nullable")), nb = cJSON_IsTrue(ccs_json_get(b, "nullable"));

    if ((ta || tb) && !(ta && tb && cJSON_Compare(ta, tb, 1)))
        put_record(w, w->s.changed, "from", type_of(a), type_of(b), "type");
    if (na != nb)
        put_record(w, w->s.changed, "from", cJSON_CreateBool(na), cJSON_CreateBool(nb), "nullable");
}

/* Parameters: must now be sent, or need not be any more. */
static void compare_required(struct walk *w, const cJSON *a, const cJSON *b)
{
    int ra = cJSON_IsTrue(ccs_json_get(a, "required")), rb = cJSON_IsTrue(ccs_json_get(b, "required"));

    if (!ra && rb)
        put_path(w, w->s.required);
    else if (ra && !rb)
        put_path(w, w->s.optional);
}

static void compare_node(struct walk *w, const cJSON *a, const cJSON *b);

/* Members of two nodes, given as their property containers. */
static void compare_members(struct walk *w, const cJSON *const *ca, size_t na, const cJSON *const *cb, size_t nb)
{
    struct names keys = {0};
    const cJSON *m;
    size_t i, saved;

    for (i = 0; i < na + nb; i++) {
        const cJSON *c = i < na ? ca[i] : cb[i - na];

        cJSON_ArrayForEach(m, c) {
            if (m->string)
                names_add(&keys, m->string);
        }
    }
    if (keys.nomem)
        w->rc = CCS_ENOMEM;
    names_sort_unique(&keys);
    for (i = 0; i < keys.n && w->rc == CCS_OK; i++) {
        const cJSON *x = find(ca, na, keys.v[i]), *y = find(cb, nb, keys.v[i]);

        if ((!present(x) && !present(y)) || !push(w, ".", keys.v[i], &saved))
            continue;
        if (!present(x))
            put_path(w, w->s.added);
        else if (!present(y))
            put_path(w, w->s.removed);
        else
            compare_node(w, x, y);
        pop(w, saved);
    }
    free(keys.v);
}

/* Array elements or map values, when both versions describe them. */
static void compare_sub(struct walk *w, const cJSON *a, const cJSON *b, const char *key, const char *suffix)
{
    const cJSON *x = sub(a, key), *y = sub(b, key);
    size_t saved;

    if (!x || !y || !push(w, suffix, "", &saved))
        return;
    compare_node(w, x, y);
    pop(w, saved);
}

static void compare_node(struct walk *w, const cJSON *a, const cJSON *b)
{
    const cJSON *ca[MAX_BRANCHES], *cb[MAX_BRANCHES];
    size_t na, nb;

    if (w->rc != CCS_OK)
        return;
    if (w->params)
        compare_required(w, a, b);
    else
        compare_shape(w, a, b);
    compare_enums(w, a, b);
    na = containers(a, ca, MAX_BRANCHES, w);
    nb = containers(b, cb, MAX_BRANCHES, w);
    compare_members(w, ca, na, cb, nb);
    compare_sub(w, a, b, "items", "[]");
    compare_sub(w, a, b, w->params ? "additionalProperties" : "additional_properties", ".*");
}

/* ---- sorting: by path, then value or change ---- */

static const char *sort_key(const cJSON *item, const char *name)
{
    const cJSON *v = cJSON_IsString(item) ? item : ccs_json_get(item, name);

    return cJSON_IsString(v) ? v->valuestring : "";
}

static int cmp_items(const void *pa, const void *pb)
{
    const cJSON *a = *(const cJSON *const *)pa, *b = *(const cJSON *const *)pb;
    int c = strcmp(sort_key(a, "path"), sort_key(b, "path"));

    if (!c)
        c = strcmp(sort_key(a, "value"), sort_key(b, "value"));
    return c ? c : strcmp(sort_key(a, "change"), sort_key(b, "change"));
}

static int sort_array(cJSON *arr)
{
    int n = cJSON_GetArraySize(arr), i;
    cJSON **v;

    if (n < 2)
        return CCS_OK;
    if (!(v = malloc((size_t)n * sizeof *v)))
        return CCS_ENOMEM;
    for (i = 0; i < n; i++)
        v[i] = cJSON_DetachItemFromArray(arr, 0);
    qsort(v, (size_t)n, sizeof *v, cmp_items);
    for (i = 0; i < n; i++)
        cJSON_AddItemToArray(arr, v[i]);
    free(v);
    return CCS_OK;
}

/* The section object `name` in parent with its arrays. */
static int open_section(cJSON *parent, const char *name, int params, struct section *s)
{
    cJSON *o = cJSON_AddObjectToObject(parent, name);

    memset(s, 0, sizeof *s);
    if (!o)
        return CCS_ENOMEM;
    s->added = cJSON_AddArrayToObject(o, "added");
    s->removed = cJSON_AddArrayToObject(o, "removed");
    if (params) {
        s->required = cJSON_AddArrayToObject(o, "required");
        s->optional = cJSON_AddArrayToObject(o, "optional");
    } else {
        s->changed = cJSON_AddArrayToObject(o, "changed");
    }
    s->enum_added = cJSON_AddArrayToObject(o, "enum_added");
    s->enum_removed = cJSON_AddArrayToObject(o, "enum_removed");
    if (!s->added || !s->removed || !(params ? s->required && s->optional : s->changed != NULL) ||
        !s->enum_added || !s->enum_removed)
        return CCS_ENOMEM;
    return CCS_OK;
}

static int close_section(struct walk *w, ccs_error *err)
{
    cJSON *arrays[] = {w->s.added,    w->s.removed,    w->s.changed,     w->s.required,
                       w->s.optional, w->s.enum_added, w->s.enum_removed};
    size_t i;

    for (i = 0; i < sizeof arrays / sizeof arrays[0] && w->rc == CCS_OK; i++)
        if (arrays[i])
            w->rc = sort_array(arrays[i]);
    if (w->rc == CCS_ELIMIT)
        return ccs_error_set_at(err, CCS_ELIMIT, w->path, "contract nested too deeply to compare");
    if (w->rc != CCS_OK)
        return ccs_error_set(err, w->rc, -1, "out of memory");
    return CCS_OK;
}

/* One object contract (root properties) or one operation's parameters (a
 * name -> node object). */
static int compare_tree(cJSON *parent, const char *name, int params, const cJSON *a, const cJSON *b,
                        ccs_error *err)
{
    struct walk w;

    memset(&w, 0, sizeof w);
    w.params = params;
    if ((w.rc = open_section(parent, name, params, &w.s)) == CCS_OK) {
        if (!params) {
            a = ccs_json_get(a, "properties");
            b = ccs_json_get(b, "properties");
        }
        compare_members(&w, &a, 1, &b, 1);
    }
    return close_section(&w, err);
}

/* ---- operations ---- */

/* op's parameters in a version, or NULL when the version lacks it. */
static const cJSON *op_params(const cJSON *endpoints, const char *op)
{
    const cJSON *v;

    cJSON_ArrayForEach(v, ccs_json_get(endpoints, "operations_absent")) {
        if (cJSON_IsString(v) && !strcmp(v->valuestring, op))
            return NULL;
    }
    return ccs_params_for(endpoints, op);
}

/* The operations to compare: the known ones, then others either version
 * names, sorted. */
static void list_ops(const cJSON *ea, const cJSON *eb, struct names *ops)
{
    struct names extra = {0};
    const cJSON *e, *op;
    size_t i, k;

    for (i = 0; i < N_KNOWN_OPS; i++)
        names_add(ops, known_ops[i]);
    for (k = 0; k < 2; k++)
        cJSON_ArrayForEach(e, ccs_json_get(k ? eb : ea, "endpoints")) {
            op = ccs_json_get(e, "operation");
            for (i = 0; cJSON_IsString(op) && i < N_KNOWN_OPS && strcmp(op->valuestring, known_ops[i]); i++)
                ;
            if (cJSON_IsString(op) && i == N_KNOWN_OPS)
                names_add(&extra, op->valuestring);
        }
    names_sort_unique(&extra);
    for (i = 0; i < extra.n; i++)
        names_add(ops, extra.v[i]);
    ops->nomem |= extra.nomem;
    free(extra.v);
}

static int compare_operations(cJSON *params, const cJSON *ea, const cJSON *eb, ccs_error *err)
{
    struct names ops = {0};
    cJSON *o = cJSON_AddObjectToObject(params, "operations");
    cJSON *added = cJSON_AddArrayToObject(o, "added"), *removed = cJSON_AddArrayToObject(o, "removed");
    size_t i;
    int rc = CCS_OK;

    list_ops(ea, eb, &ops);
    if (!o || !added || !removed || ops.nomem) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    for (i = 0; i < ops.n && rc == CCS_OK; i++) {
        const cJSON *pa = op_params(ea, ops.v[i]), *pb = op_params(eb, ops.v[i]);
        cJSON *name;

        if (pa && pb) {
            rc = compare_tree(params, ops.v[i], 1, pa, pb, err);
        } else if (pa || pb) {
            if (!(name = cJSON_CreateString(ops.v[i])))
                rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
            else
                cJSON_AddItemToArray(pa ? removed : added, name);
        }
    }
    if (rc == CCS_OK && (sort_array(added) != CCS_OK || sort_array(removed) != CCS_OK))
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
done:
    free(ops.v);
    return rc;
}

/* ---- summary ---- */

static size_t count_in(const cJSON *group, const char *key)
{
    const cJSON *s;
    size_t n = 0;

    cJSON_ArrayForEach(s, group) {
        if (s->string && strcmp(s->string, "operations"))
            n += (size_t)cJSON_GetArraySize(ccs_json_get(s, key));
    }
    return n;
}

static int add_summary(cJSON *diff)
{
    const cJSON *objects = ccs_json_get(diff, "objects"), *params = ccs_json_get(diff, "parameters");
    const cJSON *ops = ccs_json_get(params, "operations");
    struct {
        const char *name;
        size_t n;
    } c[] = {
        {"properties_added", count_in(objects, "added")},
        {"properties_removed", count_in(objects, "removed")},
        {"properties_changed", count_in(objects, "changed")},
        {"property_enum_values_added", count_in(objects, "enum_added")},
        {"property_enum_values_removed", count_in(objects, "enum_removed")},
        {"parameters_added", count_in(params, "added")},
        {"parameters_removed", count_in(params, "removed")},
        {"parameters_required", count_in(params, "required")},
        {"parameters_optional", count_in(params, "optional")},
        {"parameter_enum_values_added", count_in(params, "enum_added")},
        {"parameter_enum_values_removed", count_in(params, "enum_removed")},
        {"operations_added", (size_t)cJSON_GetArraySize(ccs_json_get(ops, "added"))},
        {"operations_removed", (size_t)cJSON_GetArraySize(ccs_json_get(ops, "removed"))},
    };
    cJSON *s = cJSON_AddObjectToObject(diff, "summary");
    size_t i, total = 0;

    for (i = 0; s && i < sizeof c / sizeof c[0]; i++) {
        total += c[i].n;
        if (!cJSON_AddNumberToObject(s, c[i].name, (double)c[i].n))
            return CCS_ENOMEM;
    }
    return s && cJSON_AddNumberToObject(s, "total", (double)total) ? CCS_OK : CCS_ENOMEM;
}

size_t ccs_contract_diff_total(const cJSON *diff)
{
    const cJSON *t = ccs_json_get(ccs_json_get(diff, "summary"), "total");

    return cJSON_IsNumber(t) && t->valuedouble > 0 ? (size_t)t->valuedouble : 0;
}

int ccs_contract_diff_compare(const ccs_contract_diff_side *from, const ccs_contract_diff_side *to, cJSON **out,
                              ccs_error *err)
{
    cJSON *diff = cJSON_CreateObject(), *objects, *params;
    size_t i;
    int rc = CCS_OK;

    *out = NULL;
    if (!diff || !cJSON_AddStringToObject(diff, "from", from->version) ||
        !cJSON_AddStringToObject(diff, "to", to->version) ||
        !(objects = cJSON_AddObjectToObject(diff, "objects"))) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    for (i = 0; i < CCS_CONTRACT_DIFF_NOBJECTS && rc == CCS_OK; i++)
        rc = compare_tree(objects, ccs_contract_diff_objects[i], 0, from->objects[i], to->objects[i], err);
    if (rc != CCS_OK)
        goto done;
    if (!(params = cJSON_AddObjectToObject(diff, "parameters"))) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    if ((rc = compare_operations(params, from->endpoints, to->endpoints, err)) != CCS_OK)
        goto done;
    if ((rc = add_summary(diff)) != CCS_OK) {
        rc = ccs_error_set(err, rc, -1, "out of memory");
        goto done;
    }
    *out = diff;
    diff = NULL;
done:
    cJSON_Delete(diff);
    return rc;
}

int ccs_contract_diff_versions(const char *golden_dir, const char *from, const char *to, cJSON **out,
                               ccs_error *err)
{
    ccs_contract_diff_side a, b;
    char na[CCS_VERSION_MAX], nb[CCS_VERSION_MAX];
    cJSON *versions = NULL;
    int rc;

    *out = NULL;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    if ((rc = ccs_versions_load(golden_dir, &versions, err)) != CCS_OK)
        goto done;
    if ((rc = ccs_versions_pick(versions, from, na, sizeof na, err)) != CCS_OK ||
        (rc = ccs_versions_pick(versions, to, nb, sizeof nb, err)) != CCS_OK)
        goto done;
    if ((rc = ccs_contract_diff_load(golden_dir, na, &a, err)) != CCS_OK ||
        (rc = ccs_contract_diff_load(golden_dir, nb, &b, err)) != CCS_OK)
        goto done;
    rc = ccs_contract_diff_compare(&a, &b, out, err);
done:
    ccs_contract_diff_release(&a);
    ccs_contract_diff_release(&b);
    cJSON_Delete(versions);
    return rc;
}

/* ---- text ---- */

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = ccs_json_get(o, key);

    return cJSON_IsString(v) ? v->valuestring : "";
}

/* A type ("string", ["string","object"] as string|object) or a flag. */
static void put_value(ccs_strbuf *b, const cJSON *v)
{
    const cJSON *t;

    if (cJSON_IsString(v)) {
        ccs_strbuf_puts(b, v->valuestring);
    } else if (cJSON_IsBool(v)) {
        ccs_strbuf_puts(b, cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsArray(v)) {
        cJSON_ArrayForEach(t, v) {
            ccs_strbuf_printf(b, "%s%s", t == v->child ? "" : "|", cJSON_IsString(t) ? t->valuestring : "?");
        }
    } else {
        ccs_strbuf_puts(b, "(none)");
    }
}

/* One line per path of s's array `key`: "SIGN PATH[NOTE]". */
static void text_paths(ccs_strbuf *b, const cJSON *s, const char *key, char sign, const char *note)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, ccs_json_get(s, key)) {
        if (cJSON_IsString(e))
            ccs_strbuf_printf(b, "%c %s%s\n", sign, e->valuestring, note);
    }
}

/* One line per {"path", "value"} of s's array `key`. */
static void text_values(ccs_strbuf *b, const cJSON *s, const char *key, char sign)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, ccs_json_get(s, key)) {
        ccs_strbuf_printf(b, "%c %s: enum value %s\n", sign, str_of(e, "path"), str_of(e, "value"));
    }
}

/* One section's lines under `title`; nothing when it has no changes. */
static void text_section(ccs_strbuf *b, const char *title, const cJSON *s)
{
    const cJSON *e;
    int n = 0;

    cJSON_ArrayForEach(e, s) {
        n += cJSON_GetArraySize(e);
    }
    if (!n)
        return;
    ccs_strbuf_printf(b, "\n%s\n", title);
    text_paths(b, s, "added", '+', "");
    text_paths(b, s, "removed", '-', "");
    cJSON_ArrayForEach(e, ccs_json_get(s, "changed")) {
        ccs_strbuf_printf(b, "~ %s: %s ", str_of(e, "path"), str_of(e, "change"));
        put_value(b, ccs_json_get(e, "from"));
        ccs_strbuf_puts(b, " -> ");
        put_value(b, ccs_json_get(e, "to"));
        ccs_strbuf_puts(b, "\n");
    }
    text_paths(b, s, "required", '~', ": now required");
    text_paths(b, s, "optional", '~', ": no longer required");
    text_values(b, s, "enum_added", '+');
    text_values(b, s, "enum_removed", '-');
}

static size_t n_of(const cJSON *summary, const char *key)
{
    const cJSON *v = ccs_json_get(summary, key);

    return cJSON_IsNumber(v) && v->valuedouble > 0 ? (size_t)v->valuedouble : 0;
}

static void text_summary(ccs_strbuf *b, const cJSON *s)
{
    ccs_strbuf_printf(b,
                      "\nsummary: properties +%zu -%zu ~%zu; parameters +%zu -%zu ~%zu; "
                      "enum values +%zu -%zu (properties) +%zu -%zu (parameters); operations +%zu -%zu; "
                      "%zu difference%s\n",
                      n_of(s, "properties_added"), n_of(s, "properties_removed"), n_of(s, "properties_changed"),
                      n_of(s, "parameters_added"), n_of(s, "parameters_removed"),
                      n_of(s, "parameters_required") + n_of(s, "parameters_optional"),
                      n_of(s, "property_enum_values_added"), n_of(s, "property_enum_values_removed"),
                      n_of(s, "parameter_enum_values_added"), n_of(s, "parameter_enum_values_removed"),
                      n_of(s, "operations_added"), n_of(s, "operations_removed"), n_of(s, "total"),
                      n_of(s, "total") == 1 ? "" : "s");
}

int ccs_contract_diff_text(const cJSON *diff, ccs_strbuf *out, ccs_error *err)
{
    const cJSON *params = ccs_json_get(diff, "parameters"), *s;
    char title[256];

    ccs_strbuf_printf(out, "Checkout Sessions: API %s -> %s\n", str_of(diff, "from"), str_of(diff, "to"));
    cJSON_ArrayForEach(s, ccs_json_get(diff, "objects")) {
        snprintf(title, sizeof title, "%.200s properties", s->string);
        text_section(out, title, s);
    }
    text_section(out, "operations", ccs_json_get(params, "operations"));
    cJSON_ArrayForEach(s, params) {
        if (!strcmp(s->string, "operations"))
            continue;
        snprintf(title, sizeof title, "%.200s parameters", s->string);
        text_section(out, title, s);
    }
    if (!ccs_contract_diff_total(diff))
        ccs_strbuf_puts(out, "\nno differences\n");
    text_summary(out, ccs_json_get(diff, "summary"));
    if (out->nomem)
        return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    return CCS_OK;
}
