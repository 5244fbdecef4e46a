/* Harness (structure-aware): the input is a small program that builds a
 * nested tree of objects, arrays and strings without empty containers; the
 * tree is encoded as the SDKs do and decoded back, which must give the same
 * tree. A custom mutator edits the tree (replace, delete, duplicate, wrap,
 * mutate a leaf) and writes the program back, so mutations stay structural.
 *
 * Program: node = tag byte; tag % 3: 0 string (length byte, bytes; invalid
 * UTF-8 is repaired unless tag bit 7 is set),
 * 1 object (count byte: 1 + c % 6 members of key (length byte, bytes) + node),
 * 2 array (count byte, 1 + c % 6 nodes). The root is an object's count and
 * members. Below MAX_DEPTH every node is a string. Keys are made unambiguous
 * for the form syntax: no brackets or NUL, never starting with a digit (a
 * numeric segment means an array index), unique within their object.
 * Text that is not UTF-8 must be refused by the encoder (EINVAL); any other
 * tree must encode. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/form.h"
#include "fuzz_common.h"

#define MAX_DEPTH 5
#define MAX_KIDS 6
#define MAX_STR 48
#define MAX_KEY 16

/* Provided by libFuzzer; absent (NULL) in the replay driver, which never
 * calls the mutator. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed);

static cJSON *make_key_unique(cJSON *obj, char *key)
{
    char buf[MAX_KEY + 32 + 16];
    int n = 1;

    if (!cJSON_GetObjectItemCaseSensitive(obj, key))
        return obj;
    do
        snprintf(buf, sizeof buf, "%.*s_%d", MAX_KEY + 8, key, n++ % 100000);
    while (cJSON_GetObjectItemCaseSensitive(obj, buf));
    memcpy(key, buf, strlen(buf) + 1); /* callers' buffers hold MAX_KEY + 48 */
    return obj;
}

static void clean_key(const uint8_t *p, size_t n, char *out)
{
    size_t i, o = 0;

    if (n == 0 || (p[0] >= '0' && p[0] <= '9'))
        out[o++] = 'k';
    for (i = 0; i < n; i++) {
        char c = (char)p[i];

        out[o++] = c == '[' ? '(' : c == ']' ? ')' : c == '\0' ? '_' : c;
    }
    out[o] = '\0';
}

static cJSON *parse_node(fuzz_reader *r, int depth);

/* Invalid UTF-8 bytes become '?': most trees are sendable text. */
static void fix_utf8(char *s)
{
    size_t n = strlen(s), i = 0, k;

    while (i < n) {
        k = fuzz_utf8_len((const unsigned char *)s + i, n - i);
        if (!k) {
            s[i] = '?';
            k = 1;
        }
        i += k;
    }
}

static int parse_members(fuzz_reader *r, cJSON *obj, int depth)
{
    int i, count = 1 + fuzz_take_u8(r) % MAX_KIDS;

    for (i = 0; i < count; i++) {
        char key[MAX_KEY + 48];
        size_t klen;
        const uint8_t *kp = fuzz_take_lp(r, MAX_KEY, &klen);
        cJSON *child;

        clean_key(kp, klen, key);
        fix_utf8(key);
        make_key_unique(obj, key);
        child = parse_node(r, depth + 1);
        if (!child || !cJSON_AddItemToObject(obj, key, child)) {
            cJSON_Delete(child);
            return -1;
        }
    }
    return 0;
}

static cJSON *parse_node(fuzz_reader *r, int depth)
{
    uint8_t tag = fuzz_take_u8(r);
    int kind = (depth >= MAX_DEPTH || r->n == 0) ? 0 : tag % 3;
    cJSON *v = NULL;

    if (kind == 0) {
        size_t len;
        const uint8_t *p = fuzz_take_lp(r, MAX_STR, &len);
        char *s = fuzz_strndup_clean(p, len, '_');

        /* Tag bit 7 keeps raw bytes: the encoder must refuse what is not UTF-8. */
        if (s && !(tag & 0x80))
            fix_utf8(s);
        v = s ? cJSON_CreateString(s) : NULL;
        free(s);
    } else if (kind == 1) {
        v = cJSON_CreateObject();
        if (v && parse_members(r, v, depth) != 0) {
            cJSON_Delete(v);
            v = NULL;
        }
    } else {
        int i, count = 1 + fuzz_take_u8(r) % MAX_KIDS;

        v = cJSON_CreateArray();
        for (i = 0; v && i < count; i++) {
            cJSON *child = parse_node(r, depth + 1);

            if (!child || !cJSON_AddItemToArray(v, child)) {
                cJSON_Delete(child);
                cJSON_Delete(v);
                v = NULL;
            }
        }
    }
    return v;
}

static cJSON *parse_program(const uint8_t *data, size_t size)
{
    fuzz_reader r = {data, size};
    cJSON *root = cJSON_CreateObject();

    if (root && parse_members(&r, root, 0) != 0) {
        cJSON_Delete(root);
        root = NULL;
    }
    return root;
}

/* Writer for the program format (inverse of parse_* for trees it accepts). */
typedef struct out_buf {
    uint8_t *p;
    size_t n, max;
} out_buf;

static void put(out_buf *o, const void *p, size_t n)
{
    if (o->n + n <= o->max)
        memcpy(o->p + o->n, p, n);
    o->n += n; /* past max means "did not fit" */
}

static void put_u8(out_buf *o, uint8_t b)
{
    put(o, &b, 1);
}

static void put_lp(out_buf *o, const char *s, size_t max)
{
    size_t n = strlen(s);

    if (n > max)
        n = max;
    put_u8(o, (uint8_t)n);
    put(o, s, n);
}

static void write_node(out_buf *o, const cJSON *v);

static int count_kids(const cJSON *v)
{
    int n = 0;
    const cJSON *c;

    for (c = v->child; c; c = c->next)
        n++;
    return n > MAX_KIDS ? MAX_KIDS : n;
}

static void write_members(out_buf *o, const cJSON *obj)
{
    int i, n = count_kids(obj);
    const cJSON *c = obj->child;

    put_u8(o, (uint8_t)(n - 1));
    for (i = 0; i < n; i++, c = c->next) {
        put_lp(o, c->string, MAX_KEY);
        write_node(o, c);
    }
}

static void write_node(out_buf *o, const cJSON *v)
{
    if (cJSON_IsObject(v) && v->child) {
        put_u8(o, 1);
        write_members(o, v);
    } else if (cJSON_IsArray(v) && v->child) {
        int i, n = count_kids(v);
        const cJSON *c = v->child;

        put_u8(o, 2);
        put_u8(o, (uint8_t)(n - 1));
        for (i = 0; i < n; i++, c = c->next)
            write_node(o, c);
    } else {
        put_u8(o, 0);
        put_lp(o, cJSON_IsString(v) ? v->valuestring : "", MAX_STR);
    }
}

/* Tiny PRNG so the mutator is a pure function of seed. */
static unsigned next_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

static void collect(cJSON *v, cJSON **nodes, int *n, int max)
{
    cJSON *c;

    if (*n < max)
        nodes[(*n)++] = v;
    for (c = v->child; c; c = c->next)
        collect(c, nodes, n, max);
}

static cJSON *random_subtree(unsigned *s)
{
    uint8_t buf[64];
    size_t i;
    fuzz_reader r = {buf, sizeof buf};

    for (i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)next_rand(s);
    return parse_node(&r, MAX_DEPTH - 2);
}

/* Put fresh where node is; an object member keeps node's key. */
static int replace_node(cJSON *parent, cJSON *node, cJSON *fresh)
{
    int ok = cJSON_IsObject(parent) ? cJSON_ReplaceItemInObjectCaseSensitive(parent, node->string, fresh)
                                    : cJSON_ReplaceItemViaPointer(parent, node, fresh);

    if (!ok)
        cJSON_Delete(fresh);
    return ok ? 0 : -1;
}

/* Structural edit of one node; returns 0 when the tree changed. */
static int mutate_tree(cJSON *root, unsigned *s)
{
    cJSON *nodes[512], *node, *parent = NULL, *fresh;
    int n = 0, i, op;

    collect(root, nodes, &n, 512);
    if (n < 2)
        return -1;
    node = nodes[1 + next_rand(s) % (unsigned)(n - 1)];
    for (i = 0; i < n && !parent; i++)
        for (cJSON *c = nodes[i]->child; c; c = c->next)
            if (c == node) {
                parent = nodes[i];
                break;
            }
    if (!parent)
        return -1;
    op = (int)(next_rand(s) % 5);
    switch (op) {
    case 0: /* replace with a fresh subtree */
        fresh = random_subtree(s);
        if (!fresh)
            return -1;
        return replace_node(parent, node, fresh);
    case 1: /* delete, keeping containers non-empty */
        if (!node->prev || (parent->child == node && !node->next))
            return -1;
        cJSON_Delete(cJSON_DetachItemViaPointer(parent, node));
        return 0;
    case 2: /* duplicate into the parent (arrays) or under a new key */
        fresh = cJSON_Duplicate(node, 1);
        if (!fresh)
            return -1;
        if (cJSON_IsArray(parent))
            return cJSON_AddItemToArray(parent, fresh) ? 0 : (cJSON_Delete(fresh), -1);
        {
            char key[MAX_KEY + 48];

            snprintf(key, sizeof key, "%.8s", node->string);
            make_key_unique(parent, key);
            return cJSON_AddItemToObject(parent, key, fresh) ? 0 : (cJSON_Delete(fresh), -1);
        }
    case 3: /* wrap in an array or object */
        fresh = next_rand(s) & 1 ? cJSON_CreateArray() : cJSON_CreateObject();
        if (!fresh)
            return -1;
        {
            cJSON *copy = cJSON_Duplicate(node, 1);

            if (!copy)
                return cJSON_Delete(fresh), -1;
            if (cJSON_IsArray(fresh))
                cJSON_AddItemToArray(fresh, copy);
            else
                cJSON_AddItemToObject(fresh, "w", copy);
        }
        return replace_node(parent, node, fresh);
    default: /* mutate a leaf's bytes */
        if (!cJSON_IsString(node) || !LLVMFuzzerMutate)
            return -1;
        {
            uint8_t buf[MAX_STR + 1];
            size_t len = strlen(node->valuestring);
            char *s2;

            if (len > MAX_STR)
                len = MAX_STR;
            memcpy(buf, node->valuestring, len);
            len = LLVMFuzzerMutate(buf, len, MAX_STR);
            s2 = fuzz_strndup_clean(buf, len, '_');
            fresh = s2 ? cJSON_CreateString(s2) : NULL;
            free(s2);
            if (!fresh)
                return -1;
            return replace_node(parent, node, fresh);
        }
    }
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed)
{
    unsigned s = seed;
    cJSON *root;
    out_buf o = {data, 0, max_size};
    size_t result = 0;

    if (next_rand(&s) % 3 == 0 || !(root = parse_program(data, size)))
        return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, max_size) : size;
    if (mutate_tree(root, &s) == 0) {
        /* Write to a scratch buffer first: data must stay intact on overflow. */
        uint8_t *tmp = malloc(max_size);

        if (tmp) {
            o.p = tmp;
            write_members(&o, root);
            if (o.n <= max_size) {
                memcpy(data, tmp, o.n);
                result = o.n;
            }
            free(tmp);
        }
    }
    cJSON_Delete(root);
    if (result == 0 && LLVMFuzzerMutate)
        result = LLVMFuzzerMutate(data, size, max_size);
    return result ? result : size;
}

/* The SDK form is plain ASCII: brackets, '=', '&' and %XX escapes. */
static void check_encoding(const char *enc, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)enc[i];

        FUZZ_CHECK(c > 0x20 && c < 0x7f, "raw byte 0x%02x at %zu in %s", c, i, enc);
        if (c == '%')
            FUZZ_CHECK(i + 2 < len && isxdigit((unsigned char)enc[i + 1]) &&
                           isxdigit((unsigned char)enc[i + 2]),
                       "bad escape at %zu in %s", i, enc);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *tree = parse_program(data, size), *back = NULL;
    char *enc = NULL;
    size_t enc_len = 0;
    ccs_error err;
    int rc;

    if (!tree)
        return 0;
    ccs_error_clear(&err);
    rc = ccs_form_encode(tree, &enc, &enc_len, &err);
    /* The encoder refuses text that is not UTF-8 (no SDK can send it). */
    if (rc == CCS_EINVAL && !fuzz_json_utf8(tree))
        goto done;
    FUZZ_CHECK(rc == CCS_OK, "encode failed: %d %s", rc, err.message);
    FUZZ_CHECK(enc && strlen(enc) == enc_len, "encode length mismatch");
    check_encoding(enc, enc_len);
    ccs_error_clear(&err);
    rc = ccs_form_decode(enc, enc_len, NULL, NULL, &back, &err);
    if (rc != CCS_OK || !fuzz_json_equal(tree, back)) {
        char *a = cJSON_PrintUnformatted(tree), *b = back ? cJSON_PrintUnformatted(back) : NULL;

        fuzz_fail(__FILE__, __LINE__, "decode(encode(t)) == t",
                  "rc %d (%s at %ld)\n  tree:    %s\n  encoded: %s\n  decoded: %s", rc,
                  err.message, err.offset, a ? a : "?", enc, b ? b : "(none)");
    }
done:
    cJSON_Delete(back);
    cJSON_Delete(tree);
    free(enc);
    return 0;
}
