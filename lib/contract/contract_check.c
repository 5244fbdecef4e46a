/* Checker: walks a cJSON value against a precompiled contract node.
 * The happy path allocates nothing: members are looked up in sorted
 * property tables (with a next-in-order guess first), the pointer is built
 * in a stack buffer, the seen-set is a stack bitmap. Violations are the
 * only allocations. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract_internal.h"

/* One step of the pointer: a member name, or an array index when key is NULL.
 * The pointer text is only built when a violation is recorded. len is the
 * key's length when it is known to need no escaping (a contract property
 * name), else PLAIN_UNKNOWN. */
struct frame {
    const char *key;
    size_t len;
    int index;
};

#define PLAIN_UNKNOWN ((size_t)-1)

#define MAX_FRAMES 128

struct ctx {
    ccs_violations *out;
    const ccs_contracts *set;
    const ccontract *items;    /* contract of list data items, NULL: from `object` */
    const ccontract *contract; /* the contract being checked (for messages) */
    const char *base;          /* caller's base pointer */
    int rc;
    size_t depth;
    struct frame frames[MAX_FRAMES];
};

/* ---- pointer frames ---- */

static void push(struct ctx *cx, const char *key)
{
    if (cx->depth < MAX_FRAMES) {
        cx->frames[cx->depth].key = key;
        cx->frames[cx->depth].len = PLAIN_UNKNOWN;
        cx->frames[cx->depth].index = 0;
    }
    cx->depth++;
}

/* A contract property's name: length and escaping known from the load. */
static void push_prop(struct ctx *cx, const cprop *p)
{
    if (cx->depth < MAX_FRAMES) {
        cx->frames[cx->depth].key = p->name;
        cx->frames[cx->depth].len = p->plain ? p->len : PLAIN_UNKNOWN;
        cx->frames[cx->depth].index = 0;
    }
    cx->depth++;
}

static void push_index(struct ctx *cx, int index)
{
    if (cx->depth < MAX_FRAMES) {
        cx->frames[cx->depth].key = NULL;
        cx->frames[cx->depth].index = index;
    }
    cx->depth++;
}

static void pop(struct ctx *cx)
{
    cx->depth--;
}

/* RFC 6901: base + "/token"... with ~ -> ~0 and / -> ~1; cut when full. */
static size_t build_pointer(const struct ctx *cx, char *buf, size_t cap)
{
    size_t i = cx->base[0] ? ccs_violations_copy(buf, cap, cx->base) : 0, f;

    for (f = 0; f < cx->depth && f < MAX_FRAMES && i + 1 < cap; f++) {
        const char *tok = cx->frames[f].key;
        char num[24];
        size_t plain;

        buf[i++] = '/';
        if (tok && cx->frames[f].len != PLAIN_UNKNOWN) { /* no scan needed */
            plain = cx->frames[f].len;
            if (i + 2 >= cap)
                plain = 0;
            else if (plain > cap - 2 - i)
                plain = cap - 2 - i;
            memcpy(buf + i, tok, plain);
            i += plain;
            continue;
        }
        if (!tok) { /* digits by hand: no formatting on this path */
            unsigned u = (unsigned)cx->frames[f].index;
            char *e = num + sizeof num - 1;

            *e = '\0';
            do
                *--e = (char)('0' + u % 10);
            while ((u /= 10) != 0);
            tok = e;
        }
        while (*tok && i + 2 < cap) {
            /* copy the run without ~ or / in one go */
            plain = strcspn(tok, "~/");
            if (plain > cap - 2 - i)
                plain = cap - 2 - i;
            memcpy(buf + i, tok, plain);
            i += plain;
            tok += plain;
            if (*tok == '~' || *tok == '/') {
                if (i + 2 >= cap)
                    break;
                buf[i++] = '~';
                buf[i++] = *tok == '~' ? '0' : '1';
                tok++;
            } else if (*tok) {
                break; /* cut: no room */
            }
        }
    }
    buf[i] = '\0';
    return i;
}

/* ---- describing values (violation path only) ---- */

static const char *json_type(const cJSON *v)
{
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsBool(v))
        return "boolean";
    if (cJSON_IsNumber(v))
        return (isfinite(v->valuedouble) && v->valuedouble == floor(v->valuedouble)) ? "integer" : "number";
    if (cJSON_IsString(v))
        return "string";
    if (cJSON_IsArray(v))
        return "array";
    if (cJSON_IsObject(v))
        return "object";
    return "invalid";
}

/* "<type> <short JSON>", e.g. `string "hosted"`, `object {"a":1,...}`;
 * returns the length written (cut to cap - 1). */
static size_t describe(const cJSON *v, char *buf, size_t cap)
{
    char *printed = NULL;
    const size_t snip = 72;
    int n;

    if (!v)
        return ccs_violations_copy(buf, cap, "(absent)");
    if (cJSON_IsNull(v))
        return ccs_violations_copy(buf, cap, "null");
    printed = cJSON_PrintUnformatted(v);
    if (!printed)
        n = snprintf(buf, cap, "%s", json_type(v));
    else if (strlen(printed) > snip)
        n = snprintf(buf, cap, "%s %.*s...", json_type(v), (int)snip, printed);
    else
        n = snprintf(buf, cap, "%s %s", json_type(v), printed);
    free(printed);
    return n < 0 ? (buf[0] = '\0', 0) : (size_t)n < cap ? (size_t)n : cap - 1;
}

/* A new record with its pointer written; *t and *n: its text and the bytes
 * used so far (the expected text goes next). NULL when the check stopped. */
static ccs_violation *start(struct ctx *cx, ccs_rule rule, ccs_level level, char **t, size_t *n)
{
    ccs_violation *x;

    if (cx->rc != CCS_OK)
        return NULL;
    if (!(x = ccs_violations_begin(cx->out, t))) {
        cx->rc = CCS_ENOMEM;
        return NULL;
    }
    x->rule = rule;
    x->level = level;
    x->pointer = *t;
    *n = build_pointer(cx, *t, CCS_VIOLATION_POINTER_MAX) + 1;
    x->expected = *t + *n;
    return x;
}

static void add(struct ctx *cx, ccs_rule rule, ccs_level level, const char *expected, const cJSON *actual,
                const char *actual_text)
{
    ccs_violation *x;
    char *t;
    size_t n;

    if (!(x = start(cx, rule, level, &t, &n)))
        return;
    n += ccs_violations_copy(t + n, CCS_VIOLATION_TEXT_MAX, expected) + 1;
    x->actual = t + n;
    if (actual_text)
        n += ccs_violations_copy(t + n, CCS_VIOLATION_TEXT_MAX, actual_text) + 1;
    else
        n += describe(actual, t + n, CCS_VIOLATION_TEXT_MAX) + 1;
    ccs_violations_end(cx->out, n);
}

/* A missing property: fixed texts, with their sizes known at compile time
 * (a session missing a dozen always-returned properties is common). */
#define ADD_MISSING(cx, level, exp_lit)                                                              \
    add_missing(cx, level, exp_lit, sizeof(exp_lit))

static inline void add_missing(struct ctx *cx, ccs_level level, const char *expected, size_t size)
{
    ccs_violation *x;
    char *t;
    size_t n;

    if (!(x = start(cx, CCS_RULE_MISSING, level, &t, &n)))
        return;
    memcpy(t + n, expected, size); /* literals well under the limit */
    n += size;
    x->actual = t + n;
    memcpy(t + n, "(absent)", sizeof "(absent)");
    ccs_violations_end(cx->out, n + sizeof "(absent)");
}

/* ---- scalar rules ---- */

static int is_integer(double d)
{
    /* int64 range (NaN fails the range test); JSON integers beyond it are
     * not Stripe amounts. The cast is defined inside the range. */
    return d > -9.2e18 && d < 9.2e18 && (double)(long long)d == d;
}

static int type_ok(unsigned types, const cJSON *v)
{
    if (types & CT_ANY)
        return 1;
    switch (v->type & 0xFF) {
    case cJSON_String:
        return (types & CT_STRING) != 0;
    case cJSON_Number:
        if ((types & CT_NUMBER) && v->valuedouble - v->valuedouble == 0)
            return 1; /* finite: inf - inf and NaN - NaN are NaN */
        return (types & CT_INTEGER) && is_integer(v->valuedouble);
    case cJSON_True:
    case cJSON_False:
        return (types & CT_BOOLEAN) != 0;
    case cJSON_Object:
        return (types & CT_OBJECT) != 0;
    case cJSON_Array:
        return (types & CT_ARRAY) != 0;
    default:
        return 0;
    }
}

static int in_sorted(const char *const *set, size_t n, const char *s)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(set[mid], s);

        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Length in code points (continuation bytes are not counted). */
static size_t utf8_len(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int is_currency(const char *s)
{
    return s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z' && s[2] >= 'a' && s[2] <= 'z' && !s[3];
}

/* Decimal string: -?digits(.digits)? */
static int is_decimal(const char *s)
{
    int digits = 0;

    if (*s == '-')
        s++;
    while (*s >= '0' && *s <= '9')
        s++, digits++;
    if (!digits)
        return 0;
    if (*s == '.') {
        digits = 0;
        for (s++; *s >= '0' && *s <= '9'; s++)
            digits++;
        if (!digits)
            return 0;
    }
    return *s == '\0';
}

static void check_string(struct ctx *cx, const cnode *n, const cJSON *v)
{
    const char *s = v->valuestring;

    if (n->n_enums && !in_sorted(n->enums, n->n_enums, s))
        add(cx, CCS_RULE_ENUM, n->enum_bypass ? CCS_LEVEL_SHOULD : CCS_LEVEL_MUST, n->enum_text, v, NULL);
    /* code points <= bytes: count them only when the bytes exceed the limit */
    if (n->max_length >= 0 && strlen(s) > (size_t)n->max_length && utf8_len(s) > (size_t)n->max_length) {
        char exp[64], act[64];

        snprintf(exp, sizeof exp, "at most %ld characters", n->max_length);
        snprintf(act, sizeof act, "%zu characters", utf8_len(s));
        add(cx, CCS_RULE_FORMAT, CCS_LEVEL_MUST, exp, v, act);
    }
    if (n->format == CF_CURRENCY && !is_currency(s))
        add(cx, CCS_RULE_FORMAT, CCS_LEVEL_MUST, "three-letter lowercase ISO currency code", v, NULL);
    else if (n->format == CF_DECIMAL && !is_decimal(s))
        add(cx, CCS_RULE_FORMAT, CCS_LEVEL_MUST, "decimal string", v, NULL);
    if (n->n_prefixes) {
        size_t i;
        int ok = 0;

        for (i = 0; i < n->n_prefixes && !ok; i++)
            ok = !strncmp(s, n->prefixes[i], strlen(n->prefixes[i]));
        if (!ok) {
            char exp[128];
            size_t len = (size_t)snprintf(exp, sizeof exp, "id starting with ");

            for (i = 0; i < n->n_prefixes && len < sizeof exp; i++)
                len += (size_t)snprintf(exp + len, sizeof exp - len, "%s%s", i ? " or " : "", n->prefixes[i]);
            /* Prefixes are Stripe's naming convention, not a spec rule. */
            add(cx, CCS_RULE_FORMAT, CCS_LEVEL_SHOULD, exp, v, NULL);
        }
    }
}

/* ---- objects ---- */

static void check_node(struct ctx *cx, const cnode *n, const cJSON *v);

/* A property this version removed (a named major's breaking change):
 * returning it is speaking an older version, so it is a MUST. */
static void report_removed(struct ctx *cx, const cprop *p, const cJSON *m)
{
    char exp[192];
    size_t len;

    len = ccs_violations_copy(exp, sizeof exp, "no such property in API ");
    len += ccs_violations_copy(exp + len, sizeof exp - len,
                               cx->contract->api_version[0] ? cx->contract->api_version : "unversioned");
    len += ccs_violations_copy(exp + len, sizeof exp - len, " (removed after ");
    len += ccs_violations_copy(exp + len, sizeof exp - len, p->node->removed_after);
    ccs_violations_copy(exp + len, sizeof exp - len, ")");
    push_prop(cx, p);
    add(cx, CCS_RULE_UNKNOWN, CCS_LEVEL_MUST, exp, m, NULL);
    pop(cx);
}

static long find_prop(const cnode *n, const char *key)
{
    size_t len, at;
    uint32_t h;

    if (!n->slots)
        return -1;
    h = ccs_contract_hash(key, &len);
    for (at = h & n->slot_mask; n->slots[at]; at = (at + 1) & n->slot_mask) {
        const cprop *p = &n->props[n->slots[at] - 1];

        if (p->hash == h && p->len == len && !memcmp(p->name, key, len))
            return (long)(n->slots[at] - 1);
    }
    return -1;
}

/* Out of line: its bitmap and message buffers would otherwise make every
 * check_node call (half of them for plain strings and numbers) set up a
 * large frame. */
__attribute__((noinline)) static void check_members(struct ctx *cx, const cnode *n, const cJSON *v)
{
    uint64_t seen[CCS_CONTRACT_MAX_PROPS / 64] = {0};
    size_t w, guess = 0;
    const cJSON *m;

    for (m = v->child; m; m = m->next) {
        const char *key = m->string ? m->string : "";
        long idx;

        /* Stripe writes members in name order, as props are sorted: try the
         * two props after the last match (one may be absent) before hashing
         * the key. */
        if (guess < n->n_props && n->props[guess].name[0] == key[0] &&
            !strcmp(n->props[guess].name, key))
            idx = (long)guess;
        else if (guess + 1 < n->n_props && n->props[guess + 1].name[0] == key[0] &&
                 !strcmp(n->props[guess + 1].name, key))
            idx = (long)guess + 1;
        else
            idx = find_prop(n, key);
        if (idx >= 0)
            guess = (size_t)idx + 1;

        if (idx < 0) {
            if (n->addl) {
                push(cx, key);
                check_node(cx, n->addl, m);
                pop(cx);
            } else if (!n->open) {
                char exp[160];
                size_t len;

                /* "no such property in NAME (API VERSION)", copied, not formatted */
                push(cx, key);
                len = ccs_violations_copy(exp, sizeof exp, "no such property in ");
                len += ccs_violations_copy(exp + len, sizeof exp - len, cx->contract->name);
                len += ccs_violations_copy(exp + len, sizeof exp - len, " (API ");
                len += ccs_violations_copy(exp + len, sizeof exp - len,
                                           cx->contract->api_version[0] ? cx->contract->api_version
                                                                        : "unversioned");
                ccs_violations_copy(exp + len, sizeof exp - len, ")");
                add(cx, CCS_RULE_UNKNOWN, CCS_LEVEL_SHOULD, exp, m, NULL);
                pop(cx);
            }
            continue;
        }
        if (n->props[idx].node->removed_after) {
            report_removed(cx, &n->props[idx], m);
            continue;
        }
        if (seen[idx / 64] & (UINT64_C(1) << (idx % 64))) {
            /* Parsers disagree on which copy wins (first, last, error), so
             * a repeated member makes the value ambiguous: MUST. */
            push_prop(cx, &n->props[idx]);
            add(cx, CCS_RULE_FORMAT, CCS_LEVEL_MUST, "a member name used once in its object", m, NULL);
            pop(cx);
            continue;
        }
        seen[idx / 64] |= UINT64_C(1) << (idx % 64);
        /* null where null is allowed (half the members of a typical session)
         * needs no call */
        if ((m->type & 0xFF) == cJSON_NULL &&
            (n->props[idx].node->nullable || (n->props[idx].node->types & CT_ANY)))
            continue;
        push_prop(cx, &n->props[idx]);
        check_node(cx, n->props[idx].node, m);
        pop(cx);
    }
    /* Missing = needed and not seen, a word at a time: no walk over every
     * property (and its unpredictable branches) when all are present. */
    for (w = 0; w * 64 < n->n_props; w++) {
        uint64_t miss = n->needed[w] & ~seen[w];

        while (miss) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(miss);
            const cnode *p = n->props[i].node;

            miss &= miss - 1;
            push_prop(cx, &n->props[i]);
            if (p->required)
                ADD_MISSING(cx, CCS_LEVEL_MUST, "present (required)");
            else
                ADD_MISSING(cx, CCS_LEVEL_SHOULD, "present (always returned)");
            pop(cx);
        }
    }
}

/* An expanded foreign object: only `id` and `object` are checked. */
static void check_expanded(struct ctx *cx, const cnode *n, const cJSON *v)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(v, "id");
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(v, "object");

    push(cx, "id");
    if (!id)
        add(cx, CCS_RULE_MISSING, CCS_LEVEL_MUST, "present (expanded object)", NULL, "(absent)");
    else if (!cJSON_IsString(id))
        add(cx, CCS_RULE_TYPE, CCS_LEVEL_MUST, "string", id, NULL);
    pop(cx);
    push(cx, "object");
    if (!obj) {
        add(cx, CCS_RULE_MISSING, CCS_LEVEL_MUST, "present (expanded object)", NULL, "(absent)");
    } else if (!cJSON_IsString(obj)) {
        add(cx, CCS_RULE_TYPE, CCS_LEVEL_MUST, "string", obj, NULL);
    } else if (n->n_expand && !in_sorted(n->expand_types, n->n_expand, obj->valuestring)) {
        char exp[200];
        size_t i, len = (size_t)snprintf(exp, sizeof exp, "one of ");

        for (i = 0; i < n->n_expand && len < sizeof exp; i++)
            len += (size_t)snprintf(exp + len, sizeof exp - len, "%s%s", i ? "|" : "", n->expand_types[i]);
        add(cx, CCS_RULE_ENUM, CCS_LEVEL_MUST, exp, obj, NULL);
    }
    pop(cx);
}

static void check_contract(struct ctx *cx, const ccontract *c, const ccontract *items, const cJSON *v)
{
    const ccontract *saved_items = cx->items, *saved_contract = cx->contract;

    cx->items = items;
    cx->contract = c;
    check_node(cx, c->root, v);
    cx->items = saved_items;
    cx->contract = saved_contract;
}

/* A list data element: the caller's item contract, else its own `object`. */
static void check_list_item(struct ctx *cx, const cJSON *v)
{
    const ccontract *c = cx->items;

    if (!c) {
        const cJSON *obj = cJSON_GetObjectItemCaseSensitive(v, "object");

        if (!cJSON_IsString(obj))
            return;
        c = ccs_contract_find(cx->set, obj->valuestring, strlen(obj->valuestring));
        /* lists of lists are not a Stripe shape; stop rather than recurse */
        if (!c || !strcmp(c->name, "list"))
            return;
    }
    check_contract(cx, c, NULL, v);
}

static void check_node(struct ctx *cx, const cnode *n, const cJSON *v)
{
    if (cx->rc != CCS_OK || (n->types & CT_ANY))
        return;
    if ((v->type & 0xFF) == cJSON_NULL) {
        if (!n->nullable) {
            char exp[128];

            snprintf(exp, sizeof exp, "%s (not null)", n->type_text);
            add(cx, CCS_RULE_NULL, CCS_LEVEL_MUST, exp, v, "null");
        }
        return;
    }
    if (!type_ok(n->types, v)) {
        add(cx, CCS_RULE_TYPE, CCS_LEVEL_MUST, n->type_text, v, NULL);
        return;
    }
    switch (v->type & 0xFF) {
    case cJSON_String:
        check_string(cx, n, v);
        break;
    case cJSON_Number:
        if (n->format == CF_UNIX_TIME && v->valuedouble < 0)
            add(cx, CCS_RULE_FORMAT, CCS_LEVEL_MUST, "unix time (seconds, >= 0)", v, NULL);
        break;
    case cJSON_Object:
        if (n->expandable)
            check_expanded(cx, n, v);
        else if (n->ref)
            check_contract(cx, n->ref, n->list_item, v);
        else if (n->ref_any)
            check_list_item(cx, v);
        else if (n->n_props || n->addl || !n->open)
            check_members(cx, n, v);
        break;
    case cJSON_Array:
        if (n->items) {
            const cJSON *e;
            int i = 0;

            for (e = v->child; e && cx->rc == CCS_OK; e = e->next, i++) {
                push_index(cx, i);

                check_node(cx, n->items, e);
                pop(cx);
            }
        }
        break;
    default:
        break;
    }
}

/* ---- public ---- */

int ccs_contract_check(const ccs_contracts *set, const char *name, const cJSON *value, const char *base_pointer,
                       ccs_violations *out, ccs_error *err)
{
    struct ctx cx;
    const ccontract *c, *items = NULL;
    const char *lt;
    size_t len;

    if (!set || !name || !value || !out)
        return ccs_error_set(err, CCS_EINVAL, -1, "contract check needs a set, a name, a value and an output");
    lt = strchr(name, '<');
    len = lt ? (size_t)(lt - name) : strlen(name);
    if (lt) {
        size_t total = strlen(name);

        if (total < len + 3 || name[total - 1] != '>')
            return ccs_error_set(err, CCS_EINVAL, -1, "bad contract name \"%s\" (want list<NAME>)", name);
        items = ccs_contract_find(set, lt + 1, total - len - 2);
        if (!items)
            return ccs_error_set(err, CCS_ENOTFOUND, -1, "no contract named \"%.*s\"", (int)(total - len - 2),
                                 lt + 1);
    }
    c = ccs_contract_find(set, name, len);
    if (!c)
        return ccs_error_set(err, CCS_ENOTFOUND, -1, "no contract named \"%s\"", name);
    if (items && strcmp(c->name, "list"))
        return ccs_error_set(err, CCS_EINVAL, -1, "\"%s\": only list takes an item contract", name);
    cx.out = out;
    cx.set = set;
    cx.items = NULL;
    cx.contract = NULL;
    cx.rc = CCS_OK;
    cx.base = base_pointer ? base_pointer : "";
    cx.depth = 0;
    check_contract(&cx, c, items, value);
    if (cx.rc != CCS_OK)
        return ccs_error_set(err, cx.rc, -1, "out of memory recording violations");
    return CCS_OK;
}

const char *ccs_contract_guess(const cJSON *value)
{
    const cJSON *obj;

    if (!cJSON_IsObject(value))
        return NULL;
    obj = cJSON_GetObjectItemCaseSensitive(value, "object");
    if (cJSON_IsString(obj) && obj->valuestring[0])
        return obj->valuestring;
    if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(value, "error")))
        return "error";
    return NULL;
}
