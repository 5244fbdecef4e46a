/* Loader: the golden/contract JSON files -> precompiled nodes (sorted property
 * tables, sorted enum sets, type bit sets) so a check never searches the
 * cJSON contract trees. Names and enum strings point into those trees,
 * which the set keeps for ccs_contract_get. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/fs.h"
#include "ccs/paths.h"
#include "contract_internal.h"
#include "ccs/versions.h"

/* ---- arena: every compiled node lives here, freed at once ---- */

struct arena_block {
    arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

static void *arena_alloc(arena_block **head, size_t size)
{
    arena_block *b = *head;
    void *p;

    size = (size + 15) & ~(size_t)15;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > 65536 ? size : 65536;

        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = *head;
        b->used = 0;
        b->cap = cap;
        *head = b;
    }
    p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

/* Names and enum values are copied next to the tables that use them so a
 * check touches a few contiguous blocks, not the scattered cJSON strings. */
static const char *arena_strdup(arena_block **head, const char *src)
{
    size_t len = strlen(src) + 1;
    char *p = arena_alloc(head, len);

    if (p)
        memcpy(p, src, len);
    return p;
}

static void arena_free(arena_block *b)
{
    while (b) {
        arena_block *next = b->next;

        free(b);
        b = next;
    }
}

/* ---- compile one node ---- */

struct loader {
    arena_block **arena;
    ccs_error *err;
    const char *file;
};

static int fail(struct loader *L, const char *pointer, int code, const char *what)
{
    return ccs_error_set_at(L->err, code, pointer, "%s: %s at %s", L->file, what,
                            pointer[0] ? pointer : "(root)");
}

static int type_bit(const char *s)
{
    static const struct {
        const char *name;
        unsigned bit;
    } map[] = {
        {"string", CT_STRING}, {"integer", CT_INTEGER}, {"number", CT_NUMBER},   {"boolean", CT_BOOLEAN},
        {"object", CT_OBJECT}, {"array", CT_ARRAY},     {"any", CT_ANY},
    };
    size_t i;

    for (i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(s, map[i].name))
            return (int)map[i].bit;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_prop(const void *a, const void *b)
{
    return strcmp(((const cprop *)a)->name, ((const cprop *)b)->name);
}

static int bool_member(const cJSON *o, const char *k)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* Collect strings from `arr` (array of strings) or the values of `map`
 * (object of strings) into out[*n]. */
static int collect(struct loader *L, const cJSON *v, const char **out, size_t *n, const char *ptr)
{
    const cJSON *c;

    if (!v)
        return CCS_OK;
    if (!cJSON_IsArray(v) && !cJSON_IsObject(v))
        return fail(L, ptr, CCS_EINVAL, "enum list must be an array or object of strings");
    cJSON_ArrayForEach(c, v) {
        if (!cJSON_IsString(c))
            return fail(L, ptr, CCS_EINVAL, "enum value must be a string");
        out[*n] = arena_strdup(L->arena, c->valuestring);
        if (!out[(*n)++])
            return fail(L, ptr, CCS_ENOMEM, "out of memory");
    }
    return CCS_OK;
}

static int string_list(struct loader *L, const cJSON *v, const char ***out, size_t *n, const char *ptr)
{
    int rc;

    *n = 0;
    *out = NULL;
    if (!v)
        return CCS_OK;
    if (!cJSON_IsArray(v))
        return fail(L, ptr, CCS_EINVAL, "must be an array of strings");
    *out = arena_alloc(L->arena, (size_t)cJSON_GetArraySize(v) * sizeof **out + 1);
    if (!*out)
        return fail(L, ptr, CCS_ENOMEM, "out of memory");
    rc = collect(L, v, *out, n, ptr);
    return rc;
}

/* Every accepted value of an enum, sorted, plus the "one of" text. */
static int compile_enum(struct loader *L, const cJSON *src, cnode *n, const char *ptr)
{
    static const char *const keys[] = {"enum", "enum_renamed", "enum_sdk_extra", "enum_later"};
    const cJSON *cur = cJSON_GetObjectItemCaseSensitive(src, "enum");
    size_t total = 0, i, k, len = 0;
    char *text;
    int rc = CCS_OK;

    if (!cur)
        return CCS_OK;
    if (!cJSON_IsArray(cur) || !cur->child)
        return fail(L, ptr, CCS_EINVAL, "enum must be a non-empty array");
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, keys[i]);

        if (v)
            total += (size_t)cJSON_GetArraySize(v);
    }
    n->enums = arena_alloc(L->arena, total * sizeof *n->enums);
    if (!n->enums)
        return fail(L, ptr, CCS_ENOMEM, "out of memory");
    for (i = 0; i < sizeof keys / sizeof keys[0] && rc == CCS_OK; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, keys[i]);

        /* enum_renamed maps old -> new: the old names (keys) are accepted. */
        if (v && i == 1) {
            const cJSON *c;

            if (!cJSON_IsObject(v))
                return fail(L, ptr, CCS_EINVAL, "enum_renamed must be an object");
            cJSON_ArrayForEach(c, v) {
                n->enums[n->n_enums] = arena_strdup(L->arena, c->string);
                if (!n->enums[n->n_enums++])
                    return fail(L, ptr, CCS_ENOMEM, "out of memory");
            }
        } else {
            rc = collect(L, v, n->enums, &n->n_enums, ptr);
        }
    }
    if (rc != CCS_OK)
        return rc;
    qsort(n->enums, n->n_enums, sizeof *n->enums, cmp_str);
    /* The text names the current values only: that is what to return. */
    text = arena_alloc(L->arena, 200);
    if (!text)
        return fail(L, ptr, CCS_ENOMEM, "out of memory");
    len = (size_t)snprintf(text, 200, "one of ");
    k = 0;
    for (const cJSON *c = cur->child; c; c = c->next, k++) {
        if (!cJSON_IsString(c))
            return fail(L, ptr, CCS_EINVAL, "enum value must be a string");
        if (len + strlen(c->valuestring) + 6 >= 200) {
            snprintf(text + len, 200 - len, "...");
            break;
        }
        len += (size_t)snprintf(text + len, 200 - len, "%s%s", k ? "|" : "", c->valuestring);
    }
    n->enum_text = text;
    return CCS_OK;
}

static const char *type_text(struct loader *L, unsigned types)
{
    static const char *const names[] = {"string", "integer", "number", "boolean", "object", "array", "any"};
    char buf[96];
    size_t i, len = 0;
    char *out;

    buf[0] = '\0';
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (types & (1u << i))
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? " or " : "", names[i]);
    out = arena_alloc(L->arena, len + 1);
    if (out)
        memcpy(out, buf, len + 1);
    return out;
}

/* Flags, and removed_after: the last version that had the property (the
 * string lives as long as the set's JSON). */
static int read_flags(struct loader *L, const cJSON *src, cnode *n, char *ptr)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, "removed_after");

    n->expandable = (unsigned char)bool_member(src, "expandable");
    n->enum_bypass = (unsigned char)bool_member(src, "enum_bypass");
    n->open = (unsigned char)bool_member(src, "open");
    if (!v)
        return 0;
    if (!cJSON_IsString(v))
        return fail(L, ptr, CCS_EINVAL, "removed_after must be an API version string");
    n->removed_after = v->valuestring;
    return 0;
}

static int compile_node(struct loader *L, const cJSON *src, cnode **out, char *ptr, size_t plen, size_t pcap);

/* Append "/token" (escaped) to ptr for error messages. */
static size_t ptr_push(char *ptr, size_t len, size_t cap, const char *tok)
{
    size_t i = len;

    if (i + 1 < cap)
        ptr[i++] = '/';
    for (; *tok && i + 2 < cap; tok++) {
        if (*tok == '~' || *tok == '/') {
            ptr[i++] = '~';
            ptr[i++] = *tok == '~' ? '0' : '1';
        } else {
            ptr[i++] = *tok;
        }
    }
    ptr[i] = '\0';
    return i;
}

/* Hash table over the sorted props: at most half full, linear probing. */
static int build_slots(struct loader *L, cnode *n, const char *ptr)
{
    size_t size = 4, i;

    if (!n->n_props)
        return CCS_OK;
    while (size < n->n_props * 2)
        size *= 2;
    n->slots = arena_alloc(L->arena, size * sizeof *n->slots);
    if (!n->slots)
        return fail(L, ptr, CCS_ENOMEM, "out of memory");
    n->slot_mask = (uint32_t)(size - 1);
    for (i = 0; i < n->n_props; i++) {
        size_t len, at;

        n->props[i].hash = ccs_contract_hash(n->props[i].name, &len);
        n->props[i].len = (uint32_t)len;
        n->props[i].plain = strcspn(n->props[i].name, "~/") == len;
        if (n->props[i].node->presence == CP_ALWAYS || n->props[i].node->required)
            n->needed[i / 64] |= UINT64_C(1) << (i % 64);
        for (at = n->props[i].hash & n->slot_mask; n->slots[at]; at = (at + 1) & n->slot_mask)
            ;
        n->slots[at] = (uint16_t)(i + 1);
    }
    return CCS_OK;
}

static int compile_props(struct loader *L, const cJSON *props, cnode *n, char *ptr, size_t plen, size_t pcap)
{
    const cJSON *c;
    size_t count = 0, i;
    int rc = CCS_OK;

    if (!cJSON_IsObject(props))
        return fail(L, ptr, CCS_EINVAL, "properties must be an object");
    count = (size_t)cJSON_GetArraySize(props);
    if (count > CCS_CONTRACT_MAX_PROPS)
        return fail(L, ptr, CCS_ELIMIT, "too many properties in one object");
    n->props = arena_alloc(L->arena, count * sizeof *n->props + 1);
    if (!n->props)
        return fail(L, ptr, CCS_ENOMEM, "out of memory");
    /* names first, side by side; then the nodes */
    cJSON_ArrayForEach(c, props) {
        n->props[n->n_props].name = arena_strdup(L->arena, c->string);
        if (!n->props[n->n_props++].name)
            return fail(L, ptr, CCS_ENOMEM, "out of memory");
    }
    i = 0;
    cJSON_ArrayForEach(c, props) {
        size_t l1 = ptr_push(ptr, plen, pcap, "properties");
        size_t l2 = ptr_push(ptr, l1, pcap, c->string);

        rc = compile_node(L, c, &n->props[i].node, ptr, l2, pcap);
        ptr[plen] = '\0';
        if (rc != CCS_OK)
            return rc;
        i++;
    }
    qsort(n->props, n->n_props, sizeof *n->props, cmp_prop);
    for (i = 1; i < n->n_props; i++)
        if (!strcmp(n->props[i - 1].name, n->props[i].name))
            return fail(L, ptr, CCS_EINVAL, "duplicate property");
    return build_slots(L, n, ptr);
}

static int compile_node(struct loader *L, const cJSON *src, cnode **out, char *ptr, size_t plen, size_t pcap)
{
    cnode *n;
    const cJSON *v;
    int rc;

    if (!cJSON_IsObject(src))
        return fail(L, ptr, CCS_EINVAL, "a contract node must be an object");
    n = arena_alloc(L->arena, sizeof *n);
    if (!n)
        return fail(L, ptr, CCS_ENOMEM, "out of memory");
    *out = n;
    n->max_length = -1;

    v = cJSON_GetObjectItemCaseSensitive(src, "type");
    if (cJSON_IsString(v)) {
        n->types = (unsigned)type_bit(v->valuestring);
    } else if (cJSON_IsArray(v)) {
        const cJSON *c;

        cJSON_ArrayForEach(c, v) {
            int bit = cJSON_IsString(c) ? type_bit(c->valuestring) : 0;

            if (!bit)
                return fail(L, ptr, CCS_EINVAL, "unknown type in type list");
            n->types |= (unsigned)bit;
        }
    }
    if (!n->types)
        return fail(L, ptr, CCS_EINVAL, "missing or unknown \"type\"");
    /* An integer is also a number: "number" accepts both. */
    n->type_text = type_text(L, n->types);
    if (!n->type_text)
        return fail(L, ptr, CCS_ENOMEM, "out of memory");

    n->nullable = (unsigned char)bool_member(src, "nullable");
    n->required = (unsigned char)cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(src, "required"));
    v = cJSON_GetObjectItemCaseSensitive(src, "presence");
    if (!v || (cJSON_IsString(v) && !strcmp(v->valuestring, "always")))
        n->presence = CP_ALWAYS;
    else if (cJSON_IsString(v) && !strcmp(v->valuestring, "optional"))
        n->presence = CP_OPTIONAL;
    else if (cJSON_IsString(v) && !strcmp(v->valuestring, "includable"))
        n->presence = CP_INCLUDABLE;
    else
        return fail(L, ptr, CCS_EINVAL, "presence must be always, optional or includable");
    if (read_flags(L, src, n, ptr))
        return CCS_EINVAL;

    v = cJSON_GetObjectItemCaseSensitive(src, "max_length");
    if (v) {
        if (!cJSON_IsNumber(v) || v->valuedouble < 0)
            return fail(L, ptr, CCS_EINVAL, "max_length must be a non-negative number");
        n->max_length = (long)v->valuedouble;
    }
    v = cJSON_GetObjectItemCaseSensitive(src, "format");
    if (v) {
        if (!cJSON_IsString(v))
            return fail(L, ptr, CCS_EINVAL, "format must be a string");
        if (!strcmp(v->valuestring, "unix-time"))
            n->format = CF_UNIX_TIME;
        else if (!strcmp(v->valuestring, "currency"))
            n->format = CF_CURRENCY;
        else if (!strcmp(v->valuestring, "decimal"))
            n->format = CF_DECIMAL;
        /* other formats are documentation only */
    }
    rc = compile_enum(L, src, n, ptr);
    if (rc == CCS_OK)
        rc = string_list(L, cJSON_GetObjectItemCaseSensitive(src, "expand_types"), &n->expand_types, &n->n_expand,
                         ptr);
    if (rc == CCS_OK)
        rc = string_list(L, cJSON_GetObjectItemCaseSensitive(src, "id_prefix"), &n->prefixes, &n->n_prefixes, ptr);
    if (rc != CCS_OK)
        return rc;
    if (n->expand_types)
        qsort(n->expand_types, n->n_expand, sizeof *n->expand_types, cmp_str);

    v = cJSON_GetObjectItemCaseSensitive(src, "ref");
    if (v) {
        if (!cJSON_IsString(v) || !v->valuestring[0])
            return fail(L, ptr, CCS_EINVAL, "ref must be a contract name");
        if (!strcmp(v->valuestring, "*"))
            n->ref_any = 1;
        else
            n->ref_name = v->valuestring;
    }
    v = cJSON_GetObjectItemCaseSensitive(src, "list_of");
    if (v) {
        if (!cJSON_IsString(v) || !n->ref_name || strcmp(n->ref_name, "list"))
            return fail(L, ptr, CCS_EINVAL, "list_of needs ref \"list\" and a contract name");
        n->list_of = v->valuestring;
    }

    v = cJSON_GetObjectItemCaseSensitive(src, "properties");
    if (v) {
        rc = compile_props(L, v, n, ptr, plen, pcap);
        if (rc != CCS_OK)
            return rc;
    }
    v = cJSON_GetObjectItemCaseSensitive(src, "items");
    if (v) {
        size_t l = ptr_push(ptr, plen, pcap, "items");

        rc = compile_node(L, v, &n->items, ptr, l, pcap);
        ptr[plen] = '\0';
        if (rc != CCS_OK)
            return rc;
    }
    v = cJSON_GetObjectItemCaseSensitive(src, "additional_properties");
    if (v) {
        size_t l = ptr_push(ptr, plen, pcap, "additional_properties");

        rc = compile_node(L, v, &n->addl, ptr, l, pcap);
        ptr[plen] = '\0';
        if (rc != CCS_OK)
            return rc;
    }
    return CCS_OK;
}

/* ---- refs between contracts ---- */

const ccontract *ccs_contract_find(const ccs_contracts *set, const char *name, size_t len)
{
    size_t lo = 0, hi;

    if (!set || !name)
        return NULL;
    hi = set->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(set->items[mid].name, name, len);

        if (c == 0 && set->items[mid].name[len] != '\0')
            c = 1;
        if (c == 0)
            return &set->items[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int resolve(const ccs_contracts *set, cnode *n, const char *cname, ccs_error *err)
{
    size_t i;
    int rc = CCS_OK;

    if (n->ref_name) {
        n->ref = ccs_contract_find(set, n->ref_name, strlen(n->ref_name));
        if (!n->ref)
            return ccs_error_set(err, CCS_ENOTFOUND, -1, "contract %s refers to unknown contract \"%s\"", cname,
                                 n->ref_name);
    }
    if (n->list_of) {
        n->list_item = ccs_contract_find(set, n->list_of, strlen(n->list_of));
        if (!n->list_item)
            return ccs_error_set(err, CCS_ENOTFOUND, -1, "contract %s lists unknown contract \"%s\"", cname,
                                 n->list_of);
    }
    for (i = 0; i < n->n_props && rc == CCS_OK; i++)
        rc = resolve(set, n->props[i].node, cname, err);
    if (rc == CCS_OK && n->items)
        rc = resolve(set, n->items, cname, err);
    if (rc == CCS_OK && n->addl)
        rc = resolve(set, n->addl, cname, err);
    return rc;
}

/* ---- files ---- */

/* Generated contracts are ~100 KB; anything far larger is not one. */
#define MAX_CONTRACT_FILE ((size_t)16 << 20)

static int cmp_contract(const void *a, const void *b)
{
    return strcmp(((const ccontract *)a)->name, ((const ccontract *)b)->name);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);

    return a >= b && !strcmp(s + a - b, suffix);
}

/* Load one file; non-contract JSON files (no "name" + "properties", such as
 * endpoints.json) are skipped and *added stays 0. */
static int load_file(ccs_contracts *set, const char *path, size_t *cap, ccs_error *err)
{
    char *text = NULL;
    cJSON *json = NULL;
    const cJSON *name;
    char ptr[512] = "";
    struct loader L = {&set->arena, err, path};
    int rc;

    rc = ccs_fs_read_file(path, MAX_CONTRACT_FILE, &text, NULL, err);
    if (rc != CCS_OK)
        goto done;
    json = cJSON_Parse(text);
    if (!json) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "%s: invalid JSON", path);
        goto done;
    }
    name = cJSON_GetObjectItemCaseSensitive(json, "name");
    if (!cJSON_IsString(name) || !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(json, "properties")))
        goto done;
    if (set->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        ccontract *grown = realloc(set->items, ncap * sizeof *grown);

        if (!grown) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
            goto done;
        }
        set->items = grown;
        *cap = ncap;
    }
    set->items[set->count].name = name->valuestring;
    set->items[set->count].json = json;
    {
        const cJSON *ver = cJSON_GetObjectItemCaseSensitive(json, "api_version");

        set->items[set->count].api_version = cJSON_IsString(ver) ? ver->valuestring : "";
    }
    set->items[set->count].root = NULL;
    set->count++;
    json = NULL; /* owned by the set now */
    rc = compile_node(&L, set->items[set->count - 1].json, &set->items[set->count - 1].root, ptr, 0, sizeof ptr);
done:
    cJSON_Delete(json);
    free(text);
    return rc;
}

void ccs_contract_free(ccs_contracts *set)
{
    size_t i;

    if (!set)
        return;
    for (i = 0; i < set->count; i++)
        cJSON_Delete(set->items[i].json);
    free(set->items);
    arena_free(set->arena);
    free(set);
}

int ccs_contract_load_dir(const char *given, ccs_contracts **out, ccs_error *err)
{
    ccs_contracts *set = NULL;
    DIR *d = NULL;
    struct dirent *e;
    size_t cap = 0, i;
    char dir[4096];
    int rc = CCS_OK;

    if (!out)
        return ccs_error_set(err, CCS_EINVAL, -1, "no output for the contract set");
    *out = NULL;
    if (!given || !*given)
        return ccs_error_set(err, CCS_EINVAL, -1, "no contract directory given");
    if ((rc = ccs_versions_default_dir(given, dir, sizeof dir, err)) != CCS_OK)
        return rc;
    set = calloc(1, sizeof *set);
    if (!set)
        return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    d = opendir(dir);
    if (!d) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot open contract directory %s: %s", dir, strerror(errno));
        goto done;
    }
    while (rc == CCS_OK && (e = readdir(d)) != NULL) {
        char path[4096];

        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".json"))
            continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) {
            rc = ccs_error_set(err, CCS_ELIMIT, -1, "path too long: %s/%s", dir, e->d_name);
            break;
        }
        rc = load_file(set, path, &cap, err);
    }
    if (rc != CCS_OK)
        goto done;
    if (set->count == 0) {
        rc = ccs_error_set(err, CCS_ENOTFOUND, -1, "no contract files in %s", dir);
        goto done;
    }
    qsort(set->items, set->count, sizeof *set->items, cmp_contract);
    for (i = 1; i < set->count; i++)
        if (!strcmp(set->items[i - 1].name, set->items[i].name)) {
            rc = ccs_error_set(err, CCS_ECONFLICT, -1, "two contracts named \"%s\" in %s", set->items[i].name, dir);
            goto done;
        }
    for (i = 0; i < set->count && rc == CCS_OK; i++)
        rc = resolve(set, set->items[i].root, set->items[i].name, err);
    if (rc != CCS_OK)
        goto done;
    *out = set;
    set = NULL;
done:
    if (d)
        closedir(d);
    ccs_contract_free(set);
    return rc;
}

int ccs_contract_load_version(const char *golden_dir, const char *version, ccs_contracts **out, ccs_error *err)
{
    char dir[4096], name[CCS_VERSION_MAX];
    int rc;

    *out = NULL;
    if ((rc = ccs_versions_resolve(golden_dir, version, name, sizeof name, err)) != CCS_OK)
        return rc;
    if ((rc = ccs_versions_dir(golden_dir, name, dir, sizeof dir, err)) != CCS_OK)
        return rc;
    return ccs_contract_load_dir(dir, out, err);
}

int ccs_contract_load_default(ccs_contracts **out, ccs_error *err)
{
    char dir[4096];

    if (snprintf(dir, sizeof dir, "%s/contract", ccs_paths_golden()) >= (int)sizeof dir)
        return ccs_error_set(err, CCS_ELIMIT, -1, "golden directory path too long");
    return ccs_contract_load_dir(dir, out, err);
}

/* "list<item>" names the list contract whose data items are `item`. */
const cJSON *ccs_contract_get(const ccs_contracts *set, const char *name)
{
    const ccontract *c;
    const char *lt;

    if (!set || !name)
        return NULL;
    lt = strchr(name, '<');
    if (lt) {
        size_t len = strlen(name);

        if (len < 3 || name[len - 1] != '>' ||
            !ccs_contract_find(set, lt + 1, (size_t)(name + len - 1 - (lt + 1))))
            return NULL;
        c = ccs_contract_find(set, name, (size_t)(lt - name));
        return c && !strcmp(c->name, "list") ? c->json : NULL;
    }
    c = ccs_contract_find(set, name, strlen(name));
    return c ? c->json : NULL;
}
