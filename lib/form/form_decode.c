/* Stripe form body -> cJSON tree, in one pass over the body.
 *
 * Grammar: pairs split on '&'; a pair is KEY['='VALUE]; KEY is ROOT followed
 * by bracket segments "[name]", "[3]" or "[]"; '[' and ']' may also be sent
 * percent-encoded (%5B/%5D, any case) and then still mean structure, as qs
 * and the SDKs treat them. '+' is a space. Every decoded key and value must
 * be UTF-8 without NUL bytes. Values stay strings.
 *
 * Choices where qs and hand-written clients disagree (each documented and
 * tested; everything else follows qs.parse):
 * - qs turns indices above arrayLimit (20) into object keys; we do not: any
 *   index up to max_index makes an array (Stripe takes 100 line items), and
 *   indices must be exactly 0..n-1 once sorted (a gap is an error, never
 *   compacted away). Only canonical decimals ("7", not "07") are indices.
 * - "[]" appends after the largest index so far, always as a new element.
 * - A repeated key keeps its last value (qs would make an array).
 * - Mixing shapes for one key (string/object/array) is CCS_ECONFLICT.
 * - Empty pairs ("a=1&&b=2", a trailing '&') are skipped; an empty key is
 *   an error; '=' inside brackets is an error (send %3D).
 * - With a schema, arrays are built only for "type":"array" nodes and for
 *   keys the schema does not know; elsewhere numeric segments are object
 *   keys and "[]" is refused.
 *
 * Speed: one pass, no quadratic lookups. Objects with up to 16 members are
 * scanned; bigger ones are indexed in one hash table keyed by (parent, name
 * or index). When a key repeats the previous key's encoded bytes for whole
 * segments (SDK bodies list line_items[0][...] pairs together), those
 * segments are copied, not decoded again, and the containers they named are
 * reused directly. An array's tail is found directly; an array is indexed
 * only once a body reaches back into it. Arrays collect elements in arrival
 * order and are sorted once at the end if indices came out of order. Nodes
 * are built and linked here, with the lengths already known, through
 * cJSON's allocator (cJSON_malloc), so cJSON_Delete frees them as usual.
 * Runs of ordinary bytes are scanned and copied 16 at a time (SSE2).
 *
 * Allocation is most of the cost of a small body, so a string value lives
 * in its node's own block, flagged cJSON_IsReference so cJSON_Delete does
 * not free it apart (keys stay separate: callers re-key and duplicate
 * nodes). The tree is an ordinary one for cJSON_Delete, _Duplicate (copies
 * are unflagged), _Print, _Compare, _Detach*, _Replace* and re-keying by
 * cJSON_AddItemToObject; only cJSON_SetValuestring refuses such a leaf
 * (returns NULL): replace the node instead, as no caller edits in place. */
#include "ccs/form.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/json.h"
#include "form_internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum { C_PLAIN = 0, C_PCT, C_PLUS, C_AMP, C_EQ, C_OPEN, C_CLOSE, C_NUL };

/* Byte classes inside a key. */
static const unsigned char key_class[256] = {
    [0] = C_NUL, ['%'] = C_PCT, ['+'] = C_PLUS, ['&'] = C_AMP,
    ['='] = C_EQ, ['['] = C_OPEN, [']'] = C_CLOSE,
};

/* Byte classes inside a value: only escapes, '+', the delimiter and NUL. */
static const unsigned char val_class[256] = {
    [0] = C_NUL, ['%'] = C_PCT, ['+'] = C_PLUS, ['&'] = C_AMP,
};

/* Hex digit value + 1; 0 means "not a hex digit". */
static const unsigned char hex1[256] = {
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7,
    ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13,
    ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12, ['C'] = 13,
    ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

enum { SK_NONE = 0, SK_OBJECT, SK_ARRAY, SK_OTHER };

/* A parameter schema node, resolved once per container. SK_NONE means "no
 * schema here": the key is unknown and is decoded by the generic rules. */
typedef struct schem {
    int kind;
    const cJSON *props, *addl, *items;
} schem;

typedef struct seg {
    size_t off;  /* body offset of the segment: key start or its '[' */
    size_t src;  /* body offset of its first content byte */
    char *text;  /* decoded, NUL-terminated (in scratch) */
    size_t len;
    int append;  /* "[]" */
    int is_index; /* canonical decimal: "0" or no leading zero */
    int big;      /* index too large for a long */
    long index;
} seg;

typedef struct slot {
    const cJSON *parent;
    cJSON *child; /* NULL: empty slot */
    long index;   /* array index, -1 for an object member (name in child->string) */
    uint64_t h;
} slot;

typedef struct arrent {
    long index;
    cJSON *child;
    size_t off;
} arrent;

/* Side data of one array; its position (+1) sits in the array's unused
 * valueint while decoding and is reset to 0 before returning. */
typedef struct arrinfo {
    cJSON *arr;
    long count; /* elements so far */
    long next;  /* index "[]" appends at: largest index + 1 */
    int ordered; /* elements are exactly 0..count-1 in list order */
    int hashed;  /* every element is in the hash table */
    arrent *ents;
    size_t n, cap;
} arrinfo;

typedef struct level {
    cJSON *node;
    schem sc;
} level;

typedef struct dec {
    const unsigned char *b;
    size_t len;
    ccs_form_limits lim;
    ccs_error *err;
    char *scratch[2]; /* alternate per pair so the previous key stays readable */
    size_t scratch_cap[2];
    char *stack_scratch[2]; /* the caller's buffers, enough for nearly every pair */
    seg *segs[2];
    size_t nseg[2];
    size_t segcap;
    seg *stack_segs[2]; /* the caller's first arrays (not freed) */
    level *stack_cache;
    level *cache;   /* containers named by the previous key's segments */
    size_t ncache;
    size_t shared;  /* leading segments copied from the previous key */
    slot *slots;
    size_t cap, used;
    arrinfo *arrs;
    size_t narr, arrcap;
    arrinfo *stack_arrs; /* the caller's first block */
    cJSON *root;
    schem rootsc;
} dec;

/* Key path "a[b][0]" of segs[0..upto] into err->pointer (what Stripe calls
 * the param). */
static void set_path(dec *d, const seg *segs, size_t nseg, size_t upto)
{
    size_t i, o = 0, cap = sizeof d->err->pointer;
    char *p = d->err->pointer;

    for (i = 0; i < nseg && i <= upto && o + 1 < cap; i++) {
        int n = snprintf(p + o, cap - o, i ? "[%s]" : "%s", segs[i].append ? "" : segs[i].text);

        if (n < 0)
            break;
        o += (size_t)n;
    }
    if (o >= cap)
        p[cap - 1] = '\0';
}

static int fail(dec *d, int code, size_t off, const seg *segs, size_t nseg, size_t upto,
                const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static int fail(dec *d, int code, size_t off, const seg *segs, size_t nseg, size_t upto,
                const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (!d->err)
        return code;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ccs_error_set(d->err, code, (long)off, "%s", msg);
    if (segs)
        set_path(d, segs, nseg, upto);
    return code;
}

/* Body offset of the k-th decoded byte of a segment or value starting at src
 * (escapes there are already known to be well formed). */
static size_t src_offset(const dec *d, size_t src, size_t k)
{
    while (k--)
        src += d->b[src] == '%' ? 3 : 1;
    return src;
}

static int check_text(dec *d, const char *text, size_t len, size_t src, unsigned hi,
                      const char *what)
{
    size_t bad;

    if (!(hi & 0x80))
        return CCS_OK;
    bad = ccs_form_utf8_scan((const unsigned char *)text, len);
    if (bad == len)
        return CCS_OK;
    return fail(d, CCS_EINVAL, src_offset(d, src, bad), NULL, 0, 0,
                "invalid UTF-8 in %s", what);
}

/* realloc for arrays that may still be the caller's stack arrays. */
static void *grow(void *p, const void *stack, size_t old, size_t n)
{
    void *q;

    if (p != stack)
        return realloc(p, n);
    if ((q = malloc(n)))
        memcpy(q, p, old);
    return q;
}

static int grow_segs(dec *d)
{
    size_t cap = d->segcap * 2;
    seg *a = grow(d->segs[0], d->stack_segs[0], d->segcap * sizeof *a, cap * sizeof *a);
    seg *b;
    level *c;

    if (!a)
        return CCS_ENOMEM;
    d->segs[0] = a;
    if (!(b = grow(d->segs[1], d->stack_segs[1], d->segcap * sizeof *b, cap * sizeof *b)))
        return CCS_ENOMEM;
    d->segs[1] = b;
    if (!(c = grow(d->cache, d->stack_cache, d->segcap * sizeof *c, cap * sizeof *c)))
        return CCS_ENOMEM;
    d->cache = c;
    d->segcap = cap;
    return CCS_OK;
}

static void finish_seg(seg *s, char *end)
{
    size_t i;

    s->len = (size_t)(end - s->text);
    *end = '\0';
    s->big = 0;
    s->index = 0;
    if ((unsigned char)s->text[0] - '0' > 9) { /* names: the common case */
        s->is_index = 0;
        return;
    }
    s->is_index = s->len == 1 || s->text[0] != '0';
    for (i = 0; i < s->len && s->is_index; i++) {
        unsigned dg = (unsigned char)s->text[i] - '0';

        if (dg > 9)
            s->is_index = 0;
        else if (s->index > (LONG_MAX - 9) / 10)
            s->big = 1;
        else
            s->index = s->index * 10 + (long)dg;
    }
}

/* Slack after a pair's room in scratch: a run is copied 16 bytes at a time
 * and may write up to 15 bytes past its end. */
#define RUN_SLACK 16

#if defined(__SSE2__)
/* Length of the run of bytes at p[0..16) before the first byte that is one
 * of the listed specials or >= 0x80 (16 when there is none). Runs of
 * ordinary bytes are most of a body; a byte at a time they cost most of
 * the decode. */
static inline unsigned run16(const unsigned char *p, int key)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('%')),
                                          _mm_cmpeq_epi8(v, _mm_set1_epi8('+'))),
                             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
                                          _mm_cmpeq_epi8(v, _mm_setzero_si128())));
    unsigned bits;

    if (key)
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('=')),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('[')),
                                                      _mm_cmpeq_epi8(v, _mm_set1_epi8(']')))));
    bits = (unsigned)_mm_movemask_epi8(m) | (unsigned)_mm_movemask_epi8(v);
    return bits ? (unsigned)__builtin_ctz(bits) : 16;
}

/* Copy the run of ordinary ASCII bytes at b[*ppos..] to *po, 16 bytes at a
 * time while 16 bytes remain in the body (the caller's scratch has
 * RUN_SLACK bytes of room past the pair); the scalar loop does the rest. */
static inline void copy_runs(const unsigned char *b, size_t len, size_t *ppos, char **po, int key)
{
    size_t pos = *ppos;
    char *o = *po;

    while (len - pos >= 16) {
        unsigned n = run16(b + pos, key);

        _mm_storeu_si128((__m128i *)(void *)o, _mm_loadu_si128((const __m128i *)(const void *)(b + pos)));
        pos += n;
        o += n;
        if (n < 16)
            break;
    }
    *ppos = pos;
    *po = o;
}
#else
static inline void copy_runs(const unsigned char *b, size_t len, size_t *ppos, char **po, int key)
{
    (void)b, (void)len, (void)ppos, (void)po, (void)key;
}
#endif

/* How many leading segments (root + at least one bracket segment, never
 * the previous key's last) the key at *ppos repeats byte for byte from the
 * previous key, up to the first "[]"; those are copied into segs[cur] and *po, *pkeylen gets
 * their share of the key length and *ppos moves just past the last one's
 * ']'. Decoding is a function of the bytes read so far, so equal bytes up
 * to a segment's ']' mean an equal segment that passed the same checks. */
static size_t copy_shared(dec *d, int cur, size_t *ppos, char **po, size_t *pkeylen)
{
    const seg *p = d->segs[!cur];
    seg *segs = d->segs[cur];
    size_t np = d->nseg[!cur], ps, lim, c = 0, k = 0, i, keylen = 0, pos = *ppos;
    const unsigned char *b = d->b;
    char *o = *po;

    if (np < 3)
        return 0;
    ps = p[0].off;
    lim = p[np - 1].off - ps;
    if (lim > d->len - pos)
        lim = d->len - pos;
    while (c + 8 <= lim) { /* a word at a time: keys share long prefixes */
        uint64_t x, y;

        memcpy(&x, b + ps + c, 8);
        memcpy(&y, b + pos + c, 8);
        if (x != y)
            break;
        c += 8;
    }
    while (c < lim && b[ps + c] == b[pos + c])
        c++;
    /* "[]" is a new element each time, never a shared one. */
    for (i = 1; i + 1 < np && p[i + 1].off - ps <= c && !p[i].append; i++)
        k = i + 1;
    if (!k)
        return 0;
    memcpy(o, p[0].text, (size_t)(p[k - 1].text + p[k - 1].len + 1 - p[0].text));
    for (i = 0; i < k; i++) {
        segs[i] = p[i];
        segs[i].text = o + (p[i].text - p[0].text);
        segs[i].off += pos - ps;
        segs[i].src += pos - ps;
        keylen += p[i].len + (i ? 2 : 0);
    }
    *po = segs[k - 1].text + segs[k - 1].len + 1;
    *pkeylen = keylen;
    *ppos = pos + (p[k].off - ps);
    return k;
}

/* The key byte or escape at pos: its value *pc, class *pcls and width *pw
 * (3 for %XX; %5B and %5D are brackets). The end of the input reads as
 * '&'. Fails on a bad escape or a NUL. */
static inline int key_char(dec *d, size_t pos, unsigned *pc, unsigned *pcls, size_t *pw)
{
    const unsigned char *b = d->b;
    size_t len = d->len, w = 1;
    unsigned c, cls;

    if (pos == len) {
        cls = C_AMP;
        c = '&';
    } else {
        c = b[pos];
        cls = key_class[c];
    }
    if (cls == C_PCT && len - pos >= 3 && b[pos + 1] == '5' &&
        ((b[pos + 2] | 0x20) == 'b' || (b[pos + 2] | 0x20) == 'd')) {
        /* %5B / %5D: how SDKs send every bracket */
        c = (b[pos + 2] | 0x20) == 'b' ? '[' : ']';
        cls = c == '[' ? C_OPEN : C_CLOSE;
        w = 3;
    } else if (cls == C_PCT) {
        unsigned h1, h2;

        if (len - pos < 3 || !(h1 = hex1[b[pos + 1]]) || !(h2 = hex1[b[pos + 2]]))
            return fail(d, CCS_EINVAL, pos, NULL, 0, 0,
                        "bad percent escape (want %%XX with two hex digits)");
        c = ((h1 - 1) << 4) | (h2 - 1);
        w = 3;
        cls = c == '[' ? C_OPEN : c == ']' ? C_CLOSE : c == 0 ? C_NUL : C_PLAIN;
    } else if (cls == C_PLUS) {
        c = ' ';
        cls = C_PLAIN;
    }
    if (cls == C_NUL)
        return fail(d, CCS_EINVAL, pos, NULL, 0, 0, "NUL byte in key");
    *pc = c;
    *pcls = cls;
    *pw = w;
    return CCS_OK;
}

/* Inside brackets, a byte of class cls that is not plain text at pos: only
 * ']' is allowed, and it ends segs[nseg] (text up to o, high bits hi). */
static inline int close_bracket(dec *d, seg *segs, size_t nseg, unsigned cls, size_t pos, char *o, unsigned hi,
                                size_t *keylen)
{
    seg *s = &segs[nseg];
    int rc;

    if (cls == C_AMP)
        return fail(d, CCS_EINVAL, s->off, segs, nseg, nseg, "unclosed '[' in key");
    if (cls == C_EQ)
        return fail(d, CCS_EINVAL, pos, segs, nseg, nseg, "'=' inside brackets (send it as %%3D)");
    if (cls == C_OPEN)
        return fail(d, CCS_EINVAL, pos, segs, nseg, nseg, "'[' inside brackets");
    /* C_CLOSE */
    finish_seg(s, o);
    s->append = s->len == 0;
    if ((rc = check_text(d, s->text, s->len, s->src, hi, "key")) != CCS_OK)
        return rc;
    *keylen += s->len + 2;
    return CCS_OK;
}

/* The root name (segs[0], text up to o) ends at a '[', '=' or '&'. */
static inline int finish_root(dec *d, seg *segs, size_t start, char *o, unsigned hi, size_t *keylen)
{
    int rc;

    finish_seg(&segs[0], o);
    if (segs[0].len == 0)
        return fail(d, CCS_EINVAL, start, NULL, 0, 0, "empty key");
    if ((rc = check_text(d, segs[0].text, segs[0].len, segs[0].src, hi, "key")) != CCS_OK)
        return rc;
    *keylen += segs[0].len;
    return CCS_OK;
}

/* A '[' of width w at pos opens segment nseg of segs[cur] (grown when
 * full: *psegs follows), its text at o; fails beyond max_depth. */
static inline int open_bracket(dec *d, int cur, seg **psegs, size_t nseg, size_t pos, size_t w, char *o)
{
    seg *segs = *psegs;

    if (nseg > (size_t)(d->lim.max_depth < 0 ? 0 : d->lim.max_depth))
        return fail(d, CCS_ELIMIT, pos, segs, nseg, nseg - 1, "key nests deeper than %d brackets",
                    d->lim.max_depth);
    if (nseg + 1 >= d->segcap) {
        if (grow_segs(d) != CCS_OK)
            return fail(d, CCS_ENOMEM, pos, NULL, 0, 0, "out of memory");
        *psegs = segs = d->segs[cur];
    }
    memset(&segs[nseg], 0, sizeof segs[nseg]);
    segs[nseg].off = pos;
    segs[nseg].src = pos + w;
    segs[nseg].text = o;
    return CCS_OK;
}

/* Parse the key at *ppos into segs[cur]; stops at '=', '&' or the end. A
 * state machine over key_char: the root name, then '[' segment ']' pairs. */
static int parse_key(dec *d, int cur, size_t *ppos, char **pout)
{
    enum { ROOT, IN, AFTER } state = ROOT;
    const unsigned char *b = d->b;
    size_t pos = *ppos, len = d->len, start = pos, keylen = 0;
    char *o = *pout;
    seg *segs;
    size_t nseg = 0;
    unsigned hi = 0;
    int rc;

    segs = d->segs[cur];
    d->shared = nseg = copy_shared(d, cur, &pos, &o, &keylen);
    if (nseg) {
        state = AFTER;
    } else {
        memset(&segs[0], 0, sizeof segs[0]);
        segs[0].off = segs[0].src = pos;
        segs[0].text = o;
    }
    for (;;) {
        unsigned c = 0, cls = C_AMP;
        size_t w = 1;

        if (state != AFTER) { /* fast path: runs of ordinary bytes */
            copy_runs(b, len, &pos, &o, 1);
            while (pos < len && key_class[b[pos]] == C_PLAIN) {
                c = b[pos++];
                *o++ = (char)c;
                hi |= c;
            }
        }
        if ((rc = key_char(d, pos, &c, &cls, &w)) != CCS_OK)
            return rc;
        if (state == AFTER && cls != C_OPEN && cls != C_EQ && cls != C_AMP)
            return fail(d, CCS_EINVAL, pos, segs, nseg, nseg,
                        "unexpected text after ']' (a key continues only with '[', '=' or '&')");
        if (cls == C_PLAIN) {
            *o++ = (char)c;
            hi |= c;
            pos += w;
            continue;
        }
        if (state == IN) {
            if ((rc = close_bracket(d, segs, nseg, cls, pos, o, hi, &keylen)) != CCS_OK)
                return rc;
            o++;
            nseg++;
            pos += w;
            state = AFTER;
            continue;
        }
        if (cls == C_CLOSE)
            return fail(d, CCS_EINVAL, pos, segs, nseg, nseg, "unexpected ']' in key");
        if (state == ROOT) {
            if ((rc = finish_root(d, segs, start, o, hi, &keylen)) != CCS_OK)
                return rc;
            o++;
            nseg = 1;
        }
        if (cls == C_AMP || cls == C_EQ)
            break;
        /* C_OPEN: a new bracket segment */
        if ((rc = open_bracket(d, cur, &segs, nseg, pos, w, o)) != CCS_OK)
            return rc;
        hi = 0;
        pos += w;
        state = IN;
    }
    if (keylen > d->lim.max_key_len)
        return fail(d, CCS_ELIMIT, start, segs, nseg, nseg - 1,
                    "key is %zu bytes, longer than the limit of %zu", keylen, d->lim.max_key_len);
    d->nseg[cur] = nseg;
    *ppos = pos;
    *pout = o;
    return CCS_OK;
}

/* Decode the value starting at *ppos (just after '=') up to '&' or the end. */
static int parse_value(dec *d, size_t *ppos, char *o, size_t *vlen)
{
    const unsigned char *b = d->b;
    size_t pos = *ppos, len = d->len, src = pos;
    char *start = o;
    unsigned hi = 0;

    while (pos < len) {
        unsigned c, h1, h2;

        copy_runs(b, len, &pos, &o, 0);
        if (pos == len)
            break;
        c = b[pos];
        if (val_class[c] == C_PLAIN) { /* fast path: runs of ordinary bytes */
            do {
                *o++ = (char)c;
                hi |= c;
            } while (++pos < len && val_class[c = b[pos]] == C_PLAIN);
            continue;
        }
        switch (val_class[c]) {
        case C_PLAIN:
            *o++ = (char)c;
            hi |= c;
            pos++;
            continue;
        case C_PLUS:
            *o++ = ' ';
            pos++;
            continue;
        case C_PCT:
            if (len - pos < 3 || !(h1 = hex1[b[pos + 1]]) || !(h2 = hex1[b[pos + 2]]))
                return fail(d, CCS_EINVAL, pos, NULL, 0, 0,
                            "bad percent escape (want %%XX with two hex digits)");
            c = ((h1 - 1) << 4) | (h2 - 1);
            if (c == 0)
                return fail(d, CCS_EINVAL, pos, NULL, 0, 0, "NUL byte in value");
            *o++ = (char)c;
            hi |= c;
            pos += 3;
            continue;
        case C_NUL:
            return fail(d, CCS_EINVAL, pos, NULL, 0, 0, "NUL byte in value");
        default: /* C_AMP */
            break;
        }
        break;
    }
    *o = '\0';
    *vlen = (size_t)(o - start);
    *ppos = pos;
    return check_text(d, start, *vlen, src, hi, "value");
}

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static uint64_t hash_key(const cJSON *parent, const char *k, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 0x100000001b3ULL;
    return mix(h ^ ((uint64_t)(uintptr_t)parent * 0x9e3779b97f4a7c15ULL));
}

static uint64_t hash_index(const cJSON *parent, long index)
{
    return mix(((uint64_t)index + 0x7f4a7c15ULL) * 0x9e3779b97f4a7c15ULL ^ (uint64_t)(uintptr_t)parent);
}

static cJSON *lookup(const dec *d, const cJSON *parent, long index, const char *k, size_t n,
                     uint64_t h)
{
    size_t mask = d->cap - 1, i = (size_t)h & mask;

    if (!d->cap)
        return NULL;
    for (; d->slots[i].child; i = (i + 1) & mask) {
        const slot *s = &d->slots[i];

        if (s->h != h || s->parent != parent || s->index != index)
            continue;
        if (index >= 0 || (strncmp(s->child->string, k, n) == 0 && s->child->string[n] == '\0'))
            return s->child;
    }
    return NULL;
}

static int hash_put(dec *d, const cJSON *parent, long index, cJSON *child, uint64_t h)
{
    size_t i, mask;

    if ((d->used + 1) * 10 > d->cap * 7) {
        size_t ncap = d->cap ? d->cap * 2 : 256, j;
        slot *ns = calloc(ncap, sizeof *ns);

        if (!ns)
            return CCS_ENOMEM;
        for (j = 0; j < d->cap; j++) {
            if (!d->slots[j].child)
                continue;
            for (i = (size_t)d->slots[j].h & (ncap - 1); ns[i].child; i = (i + 1) & (ncap - 1))
                ;
            ns[i] = d->slots[j];
        }
        free(d->slots);
        d->slots = ns;
        d->cap = ncap;
    }
    mask = d->cap - 1;
    for (i = (size_t)h & mask; d->slots[i].child; i = (i + 1) & mask)
        ;
    d->slots[i].parent = parent;
    d->slots[i].child = child;
    d->slots[i].index = index;
    d->slots[i].h = h;
    d->used++;
    return CCS_OK;
}

/* A zeroed node from cJSON's allocator, as cJSON_Create* makes it. */
static cJSON *new_node(int type)
{
    cJSON *n = cJSON_malloc(sizeof *n);

    if (n) {
        memset(n, 0, sizeof *n);
        n->type = type;
    }
    return n;
}

/* Copy of text[0..n) for a node (freed by cJSON_Delete). */
static char *dup_text(const char *text, size_t n)
{
    char *c = cJSON_malloc(n + 1);

    if (c)
        memcpy(c, text, n + 1);
    return c;
}

/* A string leaf whose text lives in the node's own allocation: one malloc
 * and one free instead of two. cJSON_IsReference is what tells cJSON_Delete
 * not to free valuestring separately (a leaf has no child for the flag to
 * affect); cJSON_Duplicate clears the flag and copies the text, so copies are
 * ordinary nodes. The key stays a separate allocation: a node may be
 * re-keyed or duplicated by callers, and both assume string is its own. */
static cJSON *new_string(const char *val, size_t n)
{
    cJSON *c = cJSON_malloc(sizeof *c + n + 1);

    if (c) {
        memset(c, 0, sizeof *c);
        c->type = cJSON_String | cJSON_IsReference;
        c->valuestring = (char *)(c + 1);
        memcpy(c->valuestring, val, n + 1);
    }
    return c;
}

/* A repeated key's new value (the last one wins). cJSON_SetValuestring
 * refuses nodes flagged cJSON_IsReference, so this replaces the text here:
 * in place when it fits, else as a separate copy that cJSON_Delete frees. */
static int set_string(cJSON *c, const char *val, size_t n)
{
    char *copy;

    if (n <= strlen(c->valuestring)) {
        memcpy(c->valuestring, val, n + 1);
        return CCS_OK;
    }
    if (!(copy = dup_text(val, n)))
        return CCS_ENOMEM;
    if (c->type & cJSON_IsReference)
        c->type &= ~cJSON_IsReference;
    else
        cJSON_free(c->valuestring);
    c->valuestring = copy;
    return CCS_OK;
}

/* Append child to parent's list (cJSON keeps the tail in child->prev). */
static void link_child(cJSON *parent, cJSON *child)
{
    cJSON *head = parent->child;

    if (!head) {
        parent->child = child;
        child->prev = child;
    } else {
        head->prev->next = child;
        child->prev = head->prev;
        head->prev = child;
    }
}

static cJSON *new_array(dec *d)
{
    cJSON *a;
    arrinfo *ai;

    if (d->narr == d->arrcap) {
        size_t cap = d->arrcap ? d->arrcap * 2 : 16;
        arrinfo *na;

        if (cap > INT_MAX ||
            !(na = grow(d->arrs, d->stack_arrs, d->arrcap * sizeof *na, cap * sizeof *na)))
            return NULL;
        d->arrs = na;
        d->arrcap = cap;
    }
    if (!(a = new_node(cJSON_Array)))
        return NULL;
    ai = &d->arrs[d->narr];
    memset(ai, 0, sizeof *ai);
    ai->arr = a;
    ai->ordered = 1;
    a->valueint = (int)++d->narr;
    return a;
}

static int push_ent(arrinfo *ai, long index, cJSON *child, size_t off)
{
    if (ai->n == ai->cap) {
        size_t cap = ai->cap ? ai->cap * 2 : 16;
        arrent *ne = realloc(ai->ents, cap * sizeof *ne);

        if (!ne)
            return CCS_ENOMEM;
        ai->ents = ne;
        ai->cap = cap;
    }
    ai->ents[ai->n].index = index;
    ai->ents[ai->n].child = child;
    ai->ents[ai->n].off = off;
    ai->n++;
    return CCS_OK;
}

/* Objects with up to SMALL members are scanned; bigger ones are indexed in
 * the hash table (all their members, from the moment they grow past SMALL).
 * Typical objects have a handful of members, so most lookups never hash. */
#define SMALL 16

/* Put every element of an array in the hash table, once: only bodies that
 * reach back into a long array pay for it. */
static int hash_array(dec *d, cJSON *arr, arrinfo *ai)
{
    uint64_t h;
    size_t j;
    long i = 0;
    const cJSON *c;

    if (ai->ordered) {
        for (c = arr->child; c; c = c->next, i++) {
            h = hash_index(arr, i);
            if (hash_put(d, arr, i, (cJSON *)c, h) != CCS_OK)
                return CCS_ENOMEM;
        }
    } else {
        for (j = 0; j < ai->n; j++) {
            h = hash_index(arr, ai->ents[j].index);
            if (hash_put(d, arr, ai->ents[j].index, ai->ents[j].child, h) != CCS_OK)
                return CCS_ENOMEM;
        }
    }
    ai->hashed = 1;
    return CCS_OK;
}

/* The child of parent named by s (index >= 0: an array element), or NULL
 * in *out. *small_n: an object's member count while it is small, else -1. */
static int find_child(dec *d, cJSON *parent, const seg *s, long index, long *small_n,
                      cJSON **out)
{
    cJSON *c;
    long k = 0;
    arrinfo *ai;

    *small_n = -1;
    *out = NULL;
    if (index < 0) {
        for (c = parent->child; c && k < SMALL; c = c->next, k++) {
            if (c->string[0] == s->text[0] && !strncmp(c->string, s->text, s->len) &&
                c->string[s->len] == '\0') {
                *out = c;
                return CCS_OK;
            }
        }
        if (!c)
            *small_n = k;
        else
            *out = lookup(d, parent, -1, s->text, s->len, hash_key(parent, s->text, s->len));
        return CCS_OK;
    }
    ai = &d->arrs[parent->valueint - 1];
    if (s->append || index >= ai->next)
        return CCS_OK;
    if (ai->ordered) {
        if (index == ai->count - 1) {
            *out = parent->child->prev; /* the tail */
            return CCS_OK;
        }
        if (ai->count <= SMALL) {
            for (c = parent->child; index--; c = c->next)
                ;
            *out = c;
            return CCS_OK;
        }
    } else if (ai->n <= SMALL) {
        size_t j;

        for (j = 0; j < ai->n; j++)
            if (ai->ents[j].index == index)
                *out = ai->ents[j].child;
        return CCS_OK;
    }
    if (!ai->hashed && hash_array(d, parent, ai) != CCS_OK)
        return CCS_ENOMEM;
    *out = lookup(d, parent, index, NULL, 0, hash_index(parent, index));
    return CCS_OK;
}

/* The parameter names SDK bodies repeat (Checkout Session create, update and
 * list, and their line items): such a key points at this static text,
 * flagged cJSON_StringIsConst, instead of a copy of its own. cJSON_Delete
 * then leaves it alone and cJSON_Duplicate copies the pointer, which stays
 * valid because the text is static. NULL for any other name. */
static const char *known_key(const char *s, size_t n)
{
#define K(lit)                                                                                     \
    do {                                                                                           \
        if (!memcmp(s, lit, sizeof lit - 1))                                                       \
            return lit;                                                                            \
    } while (0)
    switch (n) {
    case 2: K("id"); break;
    case 4: K("mode"); K("name"); break;
    case 5: K("price"); K("limit"); break;
    case 6: K("expand"); K("locale"); K("status"); break;
    case 7: K("enabled"); K("ui_mode"); K("maximum"); K("minimum"); break;
    case 8: K("quantity"); K("currency"); K("metadata"); K("customer"); K("interval"); break;
    case 9: K("recurring"); break;
    case 10: K("line_items"); K("price_data"); K("cancel_url"); K("return_url"); K("expires_at"); break;
    case 11: K("success_url"); K("unit_amount"); K("description"); break;
    case 12: K("product_data"); K("tax_behavior"); break;
    case 13: K("custom_fields"); K("ending_before"); break;
    case 14: K("customer_email"); K("starting_after"); break;
    case 16: K("shipping_options"); break;
    case 19: K("client_reference_id"); K("adjustable_quantity"); break;
    case 20: K("payment_method_types"); break;
    case 21: K("allow_promotion_codes"); break;
    default: break;
    }
    return NULL;
#undef K
}

/* Link child under parent (takes ownership even on failure). small_n comes
 * from find_child. */
static int attach(dec *d, cJSON *parent, const seg *s, long index, long small_n, cJSON *child)
{
    arrinfo *ai;

    if (!child)
        return CCS_ENOMEM;
    if (index < 0) {
        const char *k = known_key(s->text, s->len);

        if (k) {
            child->string = (char *)k;
            child->type |= cJSON_StringIsConst;
        } else if (!(child->string = dup_text(s->text, s->len))) {
            cJSON_Delete(child);
            return CCS_ENOMEM;
        }
        link_child(parent, child);
        if (small_n == SMALL) { /* just outgrew the scan: index every member */
            cJSON *c;

            for (c = parent->child; c; c = c->next)
                if (hash_put(d, parent, -1, c, hash_key(parent, c->string, strlen(c->string))) !=
                    CCS_OK)
                    return CCS_ENOMEM;
        } else if (small_n < 0) {
            return hash_put(d, parent, -1, child, hash_key(parent, s->text, s->len));
        }
        return CCS_OK;
    }
    ai = &d->arrs[parent->valueint - 1];
    if (ai->ordered && index != ai->count) {
        /* First out-of-order index: remember the in-order prefix once. */
        const cJSON *c;
        long i = 0;

        cJSON_ArrayForEach(c, parent) {
            if (push_ent(ai, i++, (cJSON *)c, 0) != CCS_OK) {
                cJSON_Delete(child);
                return CCS_ENOMEM;
            }
        }
        ai->ordered = 0;
    }
    if (!ai->ordered && push_ent(ai, index, child, s->off) != CCS_OK) {
        cJSON_Delete(child);
        return CCS_ENOMEM;
    }
    link_child(parent, child);
    ai->count++;
    if (index + 1 > ai->next)
        ai->next = index + 1;
    if (ai->hashed)
        return hash_put(d, parent, index, child, hash_index(parent, index));
    return CCS_OK;
}

/* The keywords resolve() reads, found in one pass over a schema node. */
typedef struct keywords {
    const cJSON *any, *type, *props, *addl, *items;
} keywords;

static void read_keywords(const cJSON *n, keywords *kw)
{
    const cJSON *c;

    memset(kw, 0, sizeof *kw);
    for (c = n->child; c; c = c->next) {
        const char *k = c->string;
        const cJSON **slot = NULL;

        if (!k)
            continue;
        switch (k[0]) {
        case 'a':
            slot = !strcmp(k, "anyOf") ? &kw->any : !strcmp(k, "additionalProperties") ? &kw->addl : NULL;
            break;
        case 't':
            slot = !strcmp(k, "type") ? &kw->type : NULL;
            break;
        case 'p':
            slot = !strcmp(k, "properties") ? &kw->props : NULL;
            break;
        case 'i':
            slot = !strcmp(k, "items") ? &kw->items : NULL;
            break;
        default:
            break;
        }
        if (slot && !*slot)
            *slot = c;
    }
}

static void resolve(const cJSON *n, schem *out)
{
    keywords kw;

    memset(out, 0, sizeof *out);
    if (!n || (n->type & 0xFF) != cJSON_Object)
        return;
    read_keywords(n, &kw);
    if (cJSON_IsArray(kw.any) && kw.any->child) {
        /* Several shapes accepted (e.g. `created`: integer or range object):
         * nesting can only mean the object one, else the array one. */
        const cJSON *alt, *pick = NULL, *arr = NULL;

        cJSON_ArrayForEach(alt, kw.any) {
            const cJSON *at = cJSON_IsObject(alt) ? ccs_json_get(alt, "type") : NULL;

            if (cJSON_IsString(at) && !strcmp(at->valuestring, "object") && !pick)
                pick = alt;
            else if (cJSON_IsString(at) && !strcmp(at->valuestring, "array") && !arr)
                arr = alt;
        }
        n = pick ? pick : arr ? arr : kw.any->child;
        if (!cJSON_IsObject(n))
            return;
        read_keywords(n, &kw);
    }
    if (!cJSON_IsString(kw.type))
        return;
    if (!strcmp(kw.type->valuestring, "object")) {
        out->kind = SK_OBJECT;
        out->props = cJSON_IsObject(kw.props) ? kw.props : NULL;
        out->addl = cJSON_IsObject(kw.addl) ? kw.addl : NULL;
    } else if (!strcmp(kw.type->valuestring, "array")) {
        out->kind = SK_ARRAY;
        out->items = kw.items;
    } else {
        out->kind = SK_OTHER;
    }
}

static const cJSON *child_schema(const schem *ps, const seg *s)
{
    const cJSON *n = NULL;

    if (ps->kind == SK_OBJECT) {
        if (ps->props)
            n = ccs_json_get(ps->props, s->text);
        if (!n)
            n = ps->addl;
    } else if (ps->kind == SK_ARRAY) {
        n = ps->items;
    }
    return n;
}

/* Does a container whose next segment is `n` have to be an array (1), an
 * object (0), or is n impossible here (-1)? Without a schema node, and where
 * the schema says "array", numeric segments and "[]" make arrays, as in qs.
 * Where the schema names anything else, only objects are built (metadata[0]
 * is the key "0"), so "[]", which has no key, is refused: this keeps
 * decode(encode(t)) == t for every decoded t under the same schema. */
static int want_array(const schem *cs, const seg *n)
{
    if (cs->kind == SK_NONE || cs->kind == SK_ARRAY)
        return n->append || n->is_index;
    return n->append ? -1 : 0;
}

static int refuse_append(dec *d, const seg *segs, size_t nseg, size_t i, const schem *cs)
{
    return fail(d, CCS_ECONFLICT, segs[i + 1].off, segs, nseg, i + 1,
                "'[]' appends to an array, but the parameter schema makes this %s",
                cs->kind == SK_OBJECT ? "an object" : "a single value");
}

#define IS_ARRAY(n) (((n)->type & 0xFF) == cJSON_Array)
#define IS_STRING(n) (((n)->type & 0xFF) == cJSON_String)

static const char *kind_name(const cJSON *n)
{
    return IS_ARRAY(n) ? "an array" : cJSON_IsObject(n) ? "an object" : "a string";
}

static int same_seg(const seg *a, const seg *b)
{
    return !a->append && !b->append && a->len == b->len && !memcmp(a->text, b->text, a->len);
}

static int insert(dec *d, int cur, const char *val, size_t vlen)
{
    seg *segs = d->segs[cur], *prev = d->segs[!cur];
    size_t nseg = d->nseg[cur], nprev = d->nseg[!cur], i;
    cJSON *parent = d->root;
    schem ps = d->rootsc;
    int matching = 1, rc;

    for (i = 0; i < nseg; i++) {
        const seg *s = &segs[i];
        int last = i + 1 == nseg;
        cJSON *child = NULL;
        schem cs;

        if (!last && matching && i < d->ncache && i < nprev &&
            (i < d->shared || same_seg(&prev[i], s))) {
            child = d->cache[i].node;
            cs = d->cache[i].sc;
        } else {
            long index = -1, small_n;

            matching = 0;
            if (d->ncache > i)
                d->ncache = i;
            if (IS_ARRAY(parent)) {
                index = s->append ? d->arrs[parent->valueint - 1].next : s->index;
                if (s->big || index > d->lim.max_index)
                    return fail(d, CCS_ELIMIT, s->off, segs, nseg, i,
                                "array index %s is above the limit of %ld",
                                s->append ? "(after [])" : s->text, d->lim.max_index);
            }
            if (find_child(d, parent, s, index, &small_n, &child) != CCS_OK)
                return fail(d, CCS_ENOMEM, s->off, NULL, 0, 0, "out of memory");
            if (last) {
                if (child && !IS_STRING(child))
                    return fail(d, CCS_ECONFLICT, s->off, segs, nseg, i,
                                "type conflict: an earlier pair made this key %s, this pair "
                                "gives it a string",
                                kind_name(child));
                if (child) {
                    if (set_string(child, val, vlen) != CCS_OK)
                        return fail(d, CCS_ENOMEM, s->off, NULL, 0, 0, "out of memory");
                } else if ((rc = attach(d, parent, s, index, small_n, new_string(val, vlen))) != CCS_OK) {
                    return fail(d, rc, s->off, NULL, 0, 0, "out of memory");
                }
                return CCS_OK;
            }
            resolve(child_schema(&ps, s), &cs);
            if (!child) {
                int wa = want_array(&cs, &segs[i + 1]);

                if (wa < 0)
                    return refuse_append(d, segs, nseg, i, &cs);
                child = wa ? new_array(d) : new_node(cJSON_Object);
                if ((rc = attach(d, parent, s, index, small_n, child)) != CCS_OK)
                    return fail(d, rc, s->off, NULL, 0, 0, "out of memory");
            }
        }
        if (IS_STRING(child))
            return fail(d, CCS_ECONFLICT, s->off, segs, nseg, i,
                        "type conflict: an earlier pair made this key a string, this pair "
                        "nests under it");
        if (want_array(&cs, &segs[i + 1]) < 0)
            return refuse_append(d, segs, nseg, i, &cs);
        if (want_array(&cs, &segs[i + 1]) != IS_ARRAY(child))
            return fail(d, CCS_ECONFLICT, segs[i + 1].off, segs, nseg, i + 1,
                        "type conflict: an earlier pair made the parent %s, this pair uses it "
                        "as %s",
                        kind_name(child), IS_ARRAY(child) ? "an object" : "an array");
        d->cache[i].node = child;
        d->cache[i].sc = cs;
        if (d->ncache <= i)
            d->ncache = i + 1;
        parent = child;
        ps = cs;
    }
    return CCS_OK;
}

static int by_index(const void *a, const void *b)
{
    long x = ((const arrent *)a)->index, y = ((const arrent *)b)->index;

    return (x > y) - (x < y);
}

/* Order out-of-order arrays by index and reject gaps. */
static int finish_arrays(dec *d)
{
    size_t k, i;

    for (k = 0; k < d->narr; k++) {
        arrinfo *ai = &d->arrs[k];

        ai->arr->valueint = 0;
        if (ai->ordered || ai->n == 0)
            continue;
        qsort(ai->ents, ai->n, sizeof *ai->ents, by_index);
        for (i = 0; i < ai->n; i++) {
            if (ai->ents[i].index != (long)i)
                return fail(d, CCS_EINVAL, ai->ents[i].off, NULL, 0, 0,
                            "array index %ld given but index %zu is missing (indices must "
                            "be 0..n-1)",
                            ai->ents[i].index, i);
        }
        for (i = 0; i < ai->n; i++) {
            cJSON *c = ai->ents[i].child;

            c->prev = ai->ents[i ? i - 1 : ai->n - 1].child;
            c->next = i + 1 < ai->n ? ai->ents[i + 1].child : NULL;
        }
        ai->arr->child = ai->ents[0].child;
    }
    return CCS_OK;
}

static int run(dec *d)
{
    size_t pos = 0, pairs = 0;
    int cur = 0, rc;

    while (pos < d->len) {
        char *o;
        size_t vlen = 0, start = pos;
        const unsigned char *amp;
        size_t plen;

        if (d->b[pos] == '&') { /* empty pair ("a=1&&b=2", trailing '&') */
            pos++;
            continue;
        }
        /* A pair decodes to at most its own length + 2 NULs. When all the
         * rest of the body fits, the pair's end need not be found. */
        plen = d->len - pos;
        if (plen + 2 + RUN_SLACK > d->scratch_cap[cur]) {
            amp = memchr(d->b + pos, '&', d->len - pos);
            plen = (amp ? (size_t)(amp - d->b) : d->len) - pos;
        }
        if (plen + 2 + RUN_SLACK > d->scratch_cap[cur]) {
            char *grown = d->scratch[cur] == d->stack_scratch[cur] ? NULL : d->scratch[cur];

            if (!(grown = realloc(grown, plen + 2 + RUN_SLACK)))
                return fail(d, CCS_ENOMEM, start, NULL, 0, 0, "out of memory");
            d->scratch[cur] = grown;
            d->scratch_cap[cur] = plen + 2 + RUN_SLACK;
        }
        o = d->scratch[cur];
        if (++pairs > d->lim.max_pairs)
            return fail(d, CCS_ELIMIT, start, NULL, 0, 0, "more than %zu key=value pairs",
                        d->lim.max_pairs);
        if ((rc = parse_key(d, cur, &pos, &o)) != CCS_OK)
            return rc;
        if (pos < d->len && d->b[pos] == '=') {
            pos++;
            if ((rc = parse_value(d, &pos, o, &vlen)) != CCS_OK)
                return rc;
        } else {
            *o = '\0'; /* "a&b=1": a key alone has the value "" */
        }
        if ((rc = insert(d, cur, o, vlen)) != CCS_OK)
            return rc;
        pos++; /* the '&' (or one past the end) */
        cur = !cur;
    }
    return finish_arrays(d);
}

int ccs_form_decode(const char *body, size_t len, const cJSON *schema,
                    const ccs_form_limits *lim, cJSON **out, ccs_error *err)
{
    dec d;
    int rc = CCS_OK;
    size_t k;
    /* First buffers on the stack: most bodies need no other temporary
     * allocation, and small ones are common (query strings, updates). */
    char scratch[2][1024];
    seg segs[2][16];
    level cache[16];
    arrinfo arrs[4];

    memset(&d, 0, sizeof d);
    *out = NULL;
    ccs_error_clear(err);
    d.b = (const unsigned char *)body;
    d.len = len;
    d.err = err;
    if (lim)
        d.lim = *lim;
    else
        ccs_form_limits_default(&d.lim);
    if (!body && len) {
        rc = fail(&d, CCS_EINVAL, 0, NULL, 0, 0, "no body");
        goto done;
    }
    if (len > d.lim.max_body) {
        rc = fail(&d, CCS_ELIMIT, d.lim.max_body, NULL, 0, 0,
                  "body is %zu bytes, larger than the limit of %zu", len, d.lim.max_body);
        goto done;
    }
    for (k = 0; k < 2; k++) {
        d.scratch[k] = d.stack_scratch[k] = scratch[k];
        d.scratch_cap[k] = sizeof scratch[k];
        d.segs[k] = d.stack_segs[k] = segs[k];
    }
    d.cache = d.stack_cache = cache;
    d.arrs = d.stack_arrs = arrs;
    d.arrcap = sizeof arrs / sizeof arrs[0];
    d.segcap = sizeof cache / sizeof cache[0];
    d.root = new_node(cJSON_Object);
    if (!d.root) {
        rc = fail(&d, CCS_ENOMEM, 0, NULL, 0, 0, "out of memory");
        goto done;
    }
    if (cJSON_IsObject(schema)) {
        d.rootsc.kind = SK_OBJECT;
        d.rootsc.props = schema;
    }
    if ((rc = run(&d)) != CCS_OK)
        goto done;
    *out = d.root;
    d.root = NULL;
done:
    cJSON_Delete(d.root);
    for (k = 0; k < d.narr; k++)
        free(d.arrs[k].ents);
    if (d.arrs != d.stack_arrs)
        free(d.arrs);
    free(d.slots);
    if (d.cache != d.stack_cache)
        free(d.cache);
    for (k = 0; k < 2; k++) {
        if (d.segs[k] != d.stack_segs[k])
            free(d.segs[k]);
        if (d.scratch[k] != d.stack_scratch[k])
            free(d.scratch[k]);
    }
    return rc;
}
