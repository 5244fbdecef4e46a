/* Structure-aware mutator for fuzz_server_request.
 *
 * Byte-level mutation of a server request rarely keeps a form body valid
 * far enough to reach what lies behind validation: a 246-byte metadata key,
 * a decimal with 70 leading zeros, an enum near miss on the one parameter
 * with 40 allowed values, or an expire of a session the same input made.
 * This mutator parses the input as the harness does (a sequence of requests,
 * each method, flags, length-prefixed fields and a body), edits one thing
 * with values drawn from the newest version's endpoints.json, and writes
 * the sequence back. A quarter of the calls leave the bytes to libFuzzer's
 * own mutations, which keep exploring headers, raw methods and encodings. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/params.h"
#include "fuzz_common.h"
#include "server_mutate.h"

/* Provided by libFuzzer; absent (NULL) in the replay driver. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));

const uint8_t *fuzz_server_seq_next(const uint8_t *data, size_t size)
{
    return memmem(data, size, SEQ_SEP, SEQ_SEP_LEN);
}

/* ---- randomness (seeded by libFuzzer, so a mutation replays) ---- */

typedef struct rng {
    uint64_t s;
} rng;

static size_t below(rng *r, size_t n)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return n ? (size_t)(r->s >> 11) % n : 0;
}

/* ---- growable text ---- */

typedef struct text {
    char *p;
    size_t n, cap;
} text;

static void put(text *t, const void *p, size_t n)
{
    if (t->n + n + 1 > t->cap) {
        size_t cap = (t->n + n + 1) * 2;
        char *np = realloc(t->p, cap);

        if (!np)
            abort(); /* the fuzzer is out of memory: nothing sensible to do */
        t->p = np;
        t->cap = cap;
    }
    if (n) /* p may be NULL for an empty slice */
        memcpy(t->p + t->n, p, n);
    t->n += n;
    t->p[t->n] = '\0';
}

static void puts_t(text *t, const char *s)
{
    put(t, s, strlen(s));
}

static void repeat(text *t, char c, size_t n)
{
    while (n--)
        put(t, &c, 1);
}

/* ---- one request: the harness's layout ---- */

enum { F_METHOD, F_PATH, F_QUERY, F_AUTH, F_CTYPE, F_IDEM, F_VERSION, NFIELDS };

typedef struct sreq {
    uint8_t m, flags;
    text f[NFIELDS];
    text body;
} sreq;

static int present(const sreq *q, int i)
{
    switch (i) {
    case F_METHOD: return (q->m & 7) == 7;
    case F_PATH: return 1;
    case F_QUERY: return (q->flags & 0x40) != 0;
    case F_AUTH: return (q->flags & 3) == 3;
    case F_CTYPE: return !(q->flags & 4) && (q->flags & 8);
    case F_IDEM: return (q->flags & 0x10) != 0;
    default: return (q->flags & 0x20) != 0;
    }
}

static void parse_req(const uint8_t *p, size_t n, sreq *q)
{
    fuzz_reader r = {p, n};
    int i;

    memset(q, 0, sizeof *q);
    q->m = fuzz_take_u8(&r);
    q->flags = fuzz_take_u8(&r);
    for (i = 0; i < NFIELDS; i++) {
        size_t len;
        const uint8_t *s;

        if (!present(q, i))
            continue;
        s = fuzz_take_lp(&r, 255, &len);
        put(&q->f[i], s, len);
    }
    put(&q->body, r.p, r.n);
}

static void write_req(text *out, const sreq *q)
{
    int i;

    put(out, &q->m, 1);
    put(out, &q->flags, 1);
    for (i = 0; i < NFIELDS; i++) {
        uint8_t len = (uint8_t)(q->f[i].n > 255 ? 255 : q->f[i].n);

        if (!present(q, i))
            continue;
        put(out, &len, 1);
        put(out, q->f[i].p ? q->f[i].p : "", len);
    }
    put(out, q->body.p ? q->body.p : "", q->body.n);
}

static void free_req(sreq *q)
{
    int i;

    for (i = 0; i < NFIELDS; i++)
        free(q->f[i].p);
    free(q->body.p);
}

typedef struct seq {
    sreq r[SEQ_MAX];
    size_t n;
} seq;

static void parse_seq(const uint8_t *p, size_t n, seq *s)
{
    s->n = 0;
    while (s->n < SEQ_MAX) {
        const uint8_t *sep = fuzz_server_seq_next(p, n);
        size_t len = sep ? (size_t)(sep - p) : n;

        parse_req(p, len, &s->r[s->n++]);
        if (!sep)
            break;
        n -= len + SEQ_SEP_LEN;
        p = sep + SEQ_SEP_LEN;
    }
}

static void write_seq(text *out, const seq *s)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        if (i)
            put(out, SEQ_SEP, SEQ_SEP_LEN);
        write_req(out, &s->r[i]);
    }
}

/* ---- routes and their parameter schemas ---- */

static cJSON *endpoints;

static const char *const ops[] = {"create", "list", "retrieve", "update", "list_line_items", "expire"};
enum { OP_CREATE, OP_LIST, OP_RETRIEVE, OP_UPDATE, OP_LINE_ITEMS, OP_EXPIRE, NOPS };

/* The operation a request reaches (by method and path), or -1. */
static int op_of(const sreq *q)
{
    static const char base[] = "/v1/checkout/sessions";
    const char *path = q->f[F_PATH].p ? q->f[F_PATH].p : "", *rest, *slash;
    int post = (q->m & 7) == 1, get = (q->m & 7) == 0;

    if (strncmp(path, base, sizeof base - 1) || (!post && !get))
        return -1;
    rest = path + sizeof base - 1;
    if (!*rest)
        return post ? OP_CREATE : OP_LIST;
    if (*rest != '/' || !rest[1])
        return -1;
    if (!(slash = strchr(rest + 1, '/')))
        return post ? OP_UPDATE : OP_RETRIEVE;
    if (!strcmp(slash, "/line_items") && get)
        return OP_LINE_ITEMS;
    return !strcmp(slash, "/expire") && post ? OP_EXPIRE : -1;
}

/* Set request q to operation op on the session "{n}" (the newest this
 * input made): method, path, form content type, good key. */
static void set_route(sreq *q, int op)
{
    static const char *const paths[] = {"/v1/checkout/sessions", "/v1/checkout/sessions",
                                        "/v1/checkout/sessions/{n}", "/v1/checkout/sessions/{n}",
                                        "/v1/checkout/sessions/{n}/line_items",
                                        "/v1/checkout/sessions/{n}/expire"};

    q->m = (op == OP_CREATE || op == OP_UPDATE || op == OP_EXPIRE) ? 1 : 0;
    q->flags = (uint8_t)((q->flags & 0x70) | 4); /* keep query/idempotency/version, good key, form */
    q->f[F_PATH].n = 0;
    puts_t(&q->f[F_PATH], paths[op]);
}

/* The form text a request's parameters live in: the query of a GET. */
static text *params_text(sreq *q, int op)
{
    if (op == OP_LIST || op == OP_RETRIEVE || op == OP_LINE_ITEMS) {
        q->flags |= 0x40;
        return &q->f[F_QUERY];
    }
    return &q->body;
}

static const cJSON *op_params(int op)
{
    return (endpoints && op >= 0) ? ccs_params_for(endpoints, ops[op]) : NULL;
}

static const cJSON *kw(const cJSON *node, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(node, name);
}

static int is_type(const cJSON *node, const char *type)
{
    const cJSON *t = kw(node, "type");

    return cJSON_IsString(t) && !strcmp(t->valuestring, type);
}

/* One alternative of an anyOf (the node itself when it has none). */
static const cJSON *alt(const cJSON *node, rng *r)
{
    const cJSON *any = kw(node, "anyOf");

    if (!cJSON_IsArray(any) || !any->child)
        return node;
    return cJSON_GetArrayItem(any, (int)below(r, (size_t)cJSON_GetArraySize(any)));
}

/* The schema of the form key "a[b][0][c]" in params, or NULL. */
static const cJSON *spec_for(const cJSON *params, const char *key, rng *r)
{
    char name[256];
    size_t n = strcspn(key, "[");
    const cJSON *node;
    const char *p = key + n;

    if (n >= sizeof name)
        return NULL;
    memcpy(name, key, n);
    name[n] = '\0';
    node = alt(kw(params, name), r);
    while (node && *p == '[') {
        const char *end = strchr(p, ']');

        if (!end || (size_t)(end - p - 1) >= sizeof name)
            return NULL;
        memcpy(name, p + 1, (size_t)(end - p - 1));
        name[end - p - 1] = '\0';
        if (is_type(node, "array"))
            node = kw(node, "items");
        else if (kw(kw(node, "properties"), name))
            node = kw(kw(node, "properties"), name);
        else
            node = kw(node, "additionalProperties");
        node = node ? alt(node, r) : NULL;
        p = end + 1;
    }
    return node;
}

/* ---- values drawn from a parameter's schema ---- */

static void any_of(text *v, rng *r, const char *const *list, size_t n)
{
    puts_t(v, list[below(r, n)]);
}
#define ANY_OF(v, r, ...)                                                                          \
    do {                                                                                           \
        static const char *const list_[] = {__VA_ARGS__};                                          \
        any_of(v, r, list_, sizeof list_ / sizeof list_[0]);                                       \
    } while (0)

static void integer_value(text *v, rng *r)
{
    if (below(r, 4) == 0) {
        repeat(v, (char)('1' + below(r, 9)), 1 + below(r, 24));
        return;
    }
    ANY_OF(v, r, "0", "1", "-1", "2", "100", "101", "10000", "99999999", "100000000", "999999999999",
           "1000000000000", "2147483647", "2147483648", "4294967296", "9223372036854775807",
           "9223372036854775808", "-9223372036854775808", "1700000000", "4102444800", "01", "1.0");
}

/* A decimal: limits of 8 whole and 12 fraction digits, and long but
 * valid spellings (leading zeros). */
static void decimal_value(text *v, rng *r)
{
    switch (below(r, 3)) {
    case 0:
        repeat(v, '0', 1 + below(r, 120));
        ANY_OF(v, r, "1", "1.5", ".5", "99999999.999999999999");
        break;
    case 1:
        ANY_OF(v, r, "0", "1.5", "0.000000000001", "0.0000000000001", "99999999", "99999999.999999999999",
               "100000000", "1.", ".", "-1", "1e3");
        break;
    default:
        integer_value(v, r);
        puts_t(v, ".");
        repeat(v, (char)('0' + below(r, 10)), 1 + below(r, 14));
    }
}

static void string_value(text *v, const cJSON *spec, rng *r)
{
    const cJSON *en = kw(spec, "enum"), *max = kw(spec, "maxLength"), *fmt = kw(spec, "format");
    size_t n;

    if (cJSON_IsArray(en) && en->child && below(r, 5)) {
        const cJSON *e = cJSON_GetArrayItem(en, (int)below(r, (size_t)cJSON_GetArraySize(en)));

        if (cJSON_IsString(e))
            puts_t(v, e->valuestring);
        if (below(r, 3) == 0) /* a near miss */
            ANY_OF(v, r, "x", "_", "s", "0");
        return;
    }
    if (cJSON_IsString(fmt) && !strcmp(fmt->valuestring, "currency")) {
        ANY_OF(v, r, "usd", "eur", "jpy", "gbp", "US", "usdx", "USD", "u");
        return;
    }
    if (cJSON_IsString(fmt) && !strcmp(fmt->valuestring, "decimal")) {
        decimal_value(v, r);
        return;
    }
    n = cJSON_IsNumber(max) ? (size_t)max->valuedouble : 0;
    if (n && n <= 600 && below(r, 2)) { /* at the limit, or one past it */
        repeat(v, 'a', n + below(r, 2));
        return;
    }
    switch (below(r, 4)) {
    case 0: puts_t(v, "x"); break;
    case 1: repeat(v, (char)('a' + below(r, 26)), 1 + below(r, 300)); break;
    case 2: ANY_OF(v, r, "https://example.com/ok", "cus_123", "price_1", "a+b", "%C3%A9", "%00", "%5C"); break;
    default: integer_value(v, r);
    }
}

/* A value for the leaf spec (an empty one now and then: Stripe's "unset"). */
static void value_for(text *v, const cJSON *spec, rng *r)
{
    if (!spec || below(r, 12) == 0) {
        if (below(r, 2))
            return; /* "" */
        spec = NULL;
    }
    if (is_type(spec, "integer") || is_type(spec, "number"))
        integer_value(v, r);
    else if (is_type(spec, "boolean"))
        ANY_OF(v, r, "true", "false", "1", "yes", "TRUE");
    else if (spec)
        string_value(v, spec, r);
    else
        ANY_OF(v, r, "x", "1", "true", "{n}", "{s}");
}

/* A metadata-style key: short, at the 40-byte limit, past it, or long
 * enough to fill a 256-byte parameter path. */
static void map_key(text *k, rng *r)
{
    static const size_t lens[] = {1, 5, 40, 41, 200, 240, 245, 246, 247, 250, 255};
    size_t n = lens[below(r, sizeof lens / sizeof lens[0])];

    repeat(k, (char)('a' + below(r, 26)), n);
}

/* A new parameter of the operation: a random walk down its schema to a
 * leaf, as "key=value". */
static void new_pair(text *out, const cJSON *params, rng *r)
{
    const cJSON *node = params ? params->child : NULL;
    size_t depth, count = (size_t)cJSON_GetArraySize(params);
    char num[24];

    if (!count)
        return;
    node = cJSON_GetArrayItem(params, (int)below(r, count));
    puts_t(out, node->string);
    for (depth = 0; depth < 6 && node; depth++) {
        const cJSON *props, *addl;

        node = alt(node, r);
        props = kw(node, "properties");
        addl = kw(node, "additionalProperties");
        if (is_type(node, "array")) {
            snprintf(num, sizeof num, "[%zu]", below(r, 4) ? below(r, 3) : below(r, 120));
            puts_t(out, below(r, 8) ? num : "[]");
            node = kw(node, "items");
        } else if (cJSON_IsObject(props) && props->child && (!addl || below(r, 2))) {
            node = cJSON_GetArrayItem(props, (int)below(r, (size_t)cJSON_GetArraySize(props)));
            puts_t(out, "[");
            puts_t(out, node->string);
            puts_t(out, "]");
        } else if (cJSON_IsObject(addl)) {
            puts_t(out, "[");
            map_key(out, r);
            puts_t(out, "]");
            node = addl;
        } else {
            break;
        }
    }
    puts_t(out, "=");
    value_for(out, node, r);
}

/* ---- editing the pairs of a form text ---- */

#define MAX_PAIRS 64

typedef struct pairs {
    text item[MAX_PAIRS]; /* "key=value" each */
    size_t n;
} pairs;

static void split_pairs(const text *t, pairs *ps)
{
    const char *p = t->p ? t->p : "", *end = p + t->n;

    ps->n = 0;
    while (p < end && ps->n < MAX_PAIRS) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        size_t len = amp ? (size_t)(amp - p) : (size_t)(end - p);

        memset(&ps->item[ps->n], 0, sizeof ps->item[ps->n]);
        put(&ps->item[ps->n++], p, len);
        p += len + 1;
    }
}

static void join_pairs(text *t, pairs *ps)
{
    size_t i;

    t->n = 0;
    put(t, "", 0);
    for (i = 0; i < ps->n; i++) {
        if (i)
            put(t, "&", 1);
        put(t, ps->item[i].p, ps->item[i].n);
        free(ps->item[i].p);
    }
}

/* Replace the value of pair i with one its key's schema allows or nearly does. */
static void revalue(pairs *ps, size_t i, const cJSON *params, rng *r)
{
    text *it = &ps->item[i];
    char *eq = memchr(it->p, '=', it->n);
    size_t klen = eq ? (size_t)(eq - it->p) : it->n;
    char *key = strndup(it->p, klen);

    if (!key)
        abort();
    it->n = klen;
    put(it, "=", 1);
    value_for(it, spec_for(params, key, r), r);
    free(key);
}

/* Replace the byte content of pair i's value with a libFuzzer mutation. */
static void mutate_value(pairs *ps, size_t i)
{
    text *it = &ps->item[i];
    char *eq = memchr(it->p, '=', it->n);
    size_t at = eq ? (size_t)(eq - it->p) + 1 : it->n, n = it->n - at, room = n + 64;
    uint8_t *buf;

    if (!LLVMFuzzerMutate || !(buf = malloc(room)))
        return;
    memcpy(buf, it->p + at, n);
    n = LLVMFuzzerMutate(buf, n, room);
    it->n = at;
    put(it, buf, n);
    free(buf);
}

/* One edit of the parameters of request q. */
static void edit_params(sreq *q, rng *r)
{
    int op = op_of(q);
    const cJSON *params = op_params(op);
    text *t = params_text(q, op < 0 ? OP_CREATE : op);
    pairs ps;
    size_t i;

    split_pairs(t, &ps);
    i = below(r, ps.n);
    switch (ps.n ? below(r, 10) : 0) {
    case 0: case 1: case 2: /* a new parameter */
        if (ps.n < MAX_PAIRS) {
            memset(&ps.item[ps.n], 0, sizeof ps.item[ps.n]);
            new_pair(&ps.item[ps.n++], params, r);
        }
        break;
    case 3: case 4: case 5: case 6:
        revalue(&ps, i, params, r);
        break;
    case 7: /* drop one */
        free(ps.item[i].p);
        ps.item[i] = ps.item[--ps.n];
        break;
    case 8: /* the same key twice, the copy revalued */
        if (ps.n < MAX_PAIRS) {
            memset(&ps.item[ps.n], 0, sizeof ps.item[ps.n]);
            put(&ps.item[ps.n], ps.item[i].p, ps.item[i].n);
            revalue(&ps, ps.n++, params, r);
        }
        break;
    default:
        mutate_value(&ps, i);
    }
    join_pairs(t, &ps);
}

/* One edit of the sequence: a request's parameters, route or headers, or
 * a request added, copied or dropped. */
static void edit_seq(seq *s, rng *r)
{
    size_t k = below(r, s->n);
    sreq *q = &s->r[k];

    switch (below(r, 12)) {
    case 0: /* another operation, on the newest session */
        set_route(q, (int)below(r, NOPS));
        break;
    case 1: case 2: /* a follow-up request on the newest session */
        if (s->n < SEQ_MAX) {
            q = &s->r[s->n++];
            memset(q, 0, sizeof *q);
            set_route(q, 1 + (int)below(r, NOPS - 1));
            if (below(r, 2))
                edit_params(q, r);
        }
        break;
    case 3: /* the same request again (an expire twice, an update replayed) */
        if (s->n < SEQ_MAX) {
            sreq *c = &s->r[s->n++];
            int i;

            memset(c, 0, sizeof *c);
            c->m = q->m;
            c->flags = q->flags;
            for (i = 0; i < NFIELDS; i++)
                put(&c->f[i], q->f[i].p ? q->f[i].p : "", q->f[i].n);
            put(&c->body, q->body.p ? q->body.p : "", q->body.n);
        }
        break;
    case 4: /* drop a request */
        if (s->n > 1) {
            free_req(q);
            memmove(q, q + 1, (s->n - k - 1) * sizeof *q);
            s->n--;
        }
        break;
    case 5: /* a Stripe-Version header naming a known version */
        q->flags |= 0x20;
        q->f[F_VERSION].n = 0;
        ANY_OF(&q->f[F_VERSION], r, "2022-11-15", "2024-06-20", "2025-03-31.basil", "2026-10-28.endive",
               "latest", "2099-01-01");
        break;
    default:
        edit_params(q, r);
    }
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed)
{
    static int loaded;
    rng r = {((uint64_t)seed << 1) | 1};
    seq s;
    text out = {0};
    size_t i, result = 0;

    if (!loaded) {
        loaded = 1;
        endpoints = fuzz_load_endpoints("fuzz_server_request (mutator)");
    }
    if (below(&r, 4) == 0 && LLVMFuzzerMutate)
        return LLVMFuzzerMutate(data, size, max_size);
    parse_seq(data, size, &s);
    edit_seq(&s, &r);
    write_seq(&out, &s);
    if (out.n <= max_size) {
        memcpy(data, out.p, out.n);
        result = out.n;
    } else if (LLVMFuzzerMutate) {
        result = LLVMFuzzerMutate(data, size, max_size);
    }
    for (i = 0; i < s.n; i++)
        free_req(&s.r[i]);
    free(out.p);
    return result ? result : size;
}
