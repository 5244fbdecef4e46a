/* cJSON tree -> Stripe form body, byte for byte as qs.stringify with
 * arrayFormat "indices" and its defaults writes it (stripe-node 22.4.0 sends
 * the same pairs with the brackets left literal; servers take both): pairs in tree
 * order joined by '&'; the whole key is percent-encoded, so structural
 * brackets go out as %5B/%5D; RFC 3986 unreserved bytes (A-Z a-z 0-9 - . _ ~)
 * stay, every other UTF-8 byte becomes %XX (uppercase), space included.
 * Empty arrays and objects produce no pair (qs drops them), null produces
 * "key=", numbers are written as JavaScript's String(n) writes them. */
#include "ccs/form.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form_internal.h"

/* Deeper trees are refused rather than risking the C stack. */
#define MAX_TREE_DEPTH 1000

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

typedef struct enc {
    buf out;
    buf key; /* encoded key of the node being written */
    ccs_error *err;
} enc;

static const unsigned char unreserved[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1, ['~'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

static int reserve(buf *b, size_t more)
{
    size_t cap;
    char *np;

    if (b->cap - b->n > more)
        return CCS_OK;
    cap = b->cap ? b->cap : 256;
    while (cap - b->n <= more)
        cap *= 2;
    if (!(np = realloc(b->p, cap)))
        return CCS_ENOMEM;
    b->p = np;
    b->cap = cap;
    return CCS_OK;
}

static int put(buf *b, const char *s, size_t n)
{
    if (reserve(b, n) != CCS_OK)
        return CCS_ENOMEM;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    return CCS_OK;
}

static int put_encoded(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;
    char *o;

    if (reserve(b, 3 * n) != CCS_OK)
        return CCS_ENOMEM;
    o = b->p + b->n;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (unreserved[c]) {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    b->n = (size_t)(o - b->p);
    return CCS_OK;
}

/* JavaScript's Number.prototype.toString(10): shortest digits that read
 * back to the same double; positional for 1e-7 < |v| < 1e21, else
 * exponent form "1.5e+21". */
static void js_number(double v, char *out, size_t cap)
{
    char tmp[48], digits[24];
    int p, k = 0, e, n, i;
    const char *s;
    char *o = out;

    if (v == 0) { /* also -0, which JS prints as "0" */
        snprintf(out, cap, "0");
        return;
    }
    for (p = 1; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    s = tmp;
    if (*s == '-') {
        *o++ = '-';
        s++;
    }
    for (; *s && *s != 'e'; s++)
        if (*s != '.')
            digits[k++] = *s;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    e = atoi(s + 1);
    n = e + 1; /* position of the decimal point relative to the digits */
    if (k <= n && n <= 21) {
        for (i = 0; i < k; i++)
            *o++ = digits[i];
        for (i = k; i < n; i++)
            *o++ = '0';
    } else if (0 < n && n <= 21) {
        for (i = 0; i < n; i++)
            *o++ = digits[i];
        *o++ = '.';
        for (; i < k; i++)
            *o++ = digits[i];
    } else if (-6 < n && n <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (i = 0; i < -n; i++)
            *o++ = '0';
        for (i = 0; i < k; i++)
            *o++ = digits[i];
    } else {
        *o++ = digits[0];
        if (k > 1) {
            *o++ = '.';
            for (i = 1; i < k; i++)
                *o++ = digits[i];
        }
        o += snprintf(o, cap - (size_t)(o - out), "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
    }
    *o = '\0';
}

static int fail(enc *e, int code, const char *why)
{
    ccs_error_set(e->err, code, -1, "%s", why);
    if (e->err) {
        size_t n = e->key.n < sizeof e->err->pointer - 1 ? e->key.n : sizeof e->err->pointer - 1;

        memcpy(e->err->pointer, e->key.p ? e->key.p : "", n);
        e->err->pointer[n] = '\0';
    }
    return code;
}

static int leaf(enc *e, const char *text, size_t n)
{
    if (e->out.n && put(&e->out, "&", 1) != CCS_OK)
        return CCS_ENOMEM;
    if (put(&e->out, e->key.p, e->key.n) != CCS_OK || put(&e->out, "=", 1) != CCS_OK ||
        put_encoded(&e->out, text, n) != CCS_OK)
        return CCS_ENOMEM;
    return CCS_OK;
}

static int node(enc *e, const cJSON *v, int depth)
{
    const cJSON *c;
    char num[64];
    size_t mark = e->key.n, len;
    long i = 0;
    int rc = CCS_OK;

    if (depth > MAX_TREE_DEPTH)
        return fail(e, CCS_ELIMIT, "tree nests too deep to encode");
    switch (v->type & 0xFF) {
    case cJSON_String:
        if (!v->valuestring)
            return fail(e, CCS_EINVAL, "string without text");
        len = strlen(v->valuestring);
        if (ccs_form_utf8_scan((const unsigned char *)v->valuestring, len) != len)
            return fail(e, CCS_EINVAL, "string value is not valid UTF-8");
        rc = leaf(e, v->valuestring, len);
        break;
    case cJSON_Number:
        if (!isfinite(v->valuedouble))
            return fail(e, CCS_EINVAL, "number is not finite");
        js_number(v->valuedouble, num, sizeof num);
        rc = leaf(e, num, strlen(num));
        break;
    case cJSON_True:
        rc = leaf(e, "true", 4);
        break;
    case cJSON_False:
        rc = leaf(e, "false", 5);
        break;
    case cJSON_NULL: /* qs without skipNulls/strictNullHandling: "key=" */
        rc = leaf(e, "", 0);
        break;
    case cJSON_Array:
        cJSON_ArrayForEach(c, v) {
            int n = snprintf(num, sizeof num, "%%5B%ld%%5D", i++);

            if (put(&e->key, num, (size_t)n) != CCS_OK)
                return fail(e, CCS_ENOMEM, "out of memory");
            if ((rc = node(e, c, depth + 1)) != CCS_OK)
                return rc;
            e->key.n = mark;
        }
        break;
    case cJSON_Object:
        cJSON_ArrayForEach(c, v) {
            if (!c->string)
                return fail(e, CCS_EINVAL, "object member without a name");
            len = strlen(c->string);
            if (ccs_form_utf8_scan((const unsigned char *)c->string, len) != len)
                return fail(e, CCS_EINVAL, "object key is not valid UTF-8");
            if ((depth && put(&e->key, "%5B", 3) != CCS_OK) ||
                put_encoded(&e->key, c->string, len) != CCS_OK ||
                (depth && put(&e->key, "%5D", 3) != CCS_OK))
                return fail(e, CCS_ENOMEM, "out of memory");
            if ((rc = node(e, c, depth + 1)) != CCS_OK)
                return rc;
            e->key.n = mark;
        }
        break;
    default:
        return fail(e, CCS_EINVAL, "raw or invalid cJSON node cannot be encoded");
    }
    if (rc == CCS_ENOMEM)
        return fail(e, CCS_ENOMEM, "out of memory");
    return rc;
}

int ccs_form_encode(const cJSON *tree, char **out, size_t *out_len, ccs_error *err)
{
    enc e;
    int rc;

    memset(&e, 0, sizeof e);
    e.err = err;
    *out = NULL;
    if (out_len)
        *out_len = 0;
    ccs_error_clear(err);
    if (!cJSON_IsObject(tree)) {
        rc = fail(&e, CCS_EINVAL, "the tree to encode must be an object");
        goto done;
    }
    if ((rc = node(&e, tree, 0)) != CCS_OK)
        goto done;
    if (reserve(&e.out, 1) != CCS_OK) {
        rc = fail(&e, CCS_ENOMEM, "out of memory");
        goto done;
    }
    e.out.p[e.out.n] = '\0';
    *out = e.out.p;
    if (out_len)
        *out_len = e.out.n;
    e.out.p = NULL;
done:
    free(e.out.p);
    free(e.key.p);
    return rc;
}

size_t ccs_form_literal_brackets(char *body, size_t len)
{
    size_t i = 0, o = 0;

    while (i < len) {
        /* Our encoder writes '%' itself as %25, so "%5B" is always a bracket. */
        if (body[i] == '%' && len - i >= 3 && body[i + 1] == '5' &&
            (body[i + 2] == 'B' || body[i + 2] == 'D')) {
            body[o++] = body[i + 2] == 'B' ? '[' : ']';
            i += 3;
        } else {
            body[o++] = body[i++];
        }
    }
    if (o < len)
        body[o] = '\0';
    return o;
}
