/* Shared helpers for the libFuzzer harnesses. */
#include "fuzz_common.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ccs/params.h"
#include "ccs/paths.h"

/* ASan defaults for every harness process (libFuzzer campaigns, the ctest
 * runs, replay); ASAN_OPTIONS still overrides each one. Neither narrows what
 * is detected within a run:
 * - quarantine_size_mb=16 (default 256): freed memory stays poisoned until
 *   16 MB more has been freed, many runs' worth for every harness, so a use
 *   after free inside a run (or a few runs later) is still caught; the
 *   default cycles a fresh 256 MB through the cache and page tables, RSS
 *   reaches 500 MB and page faults take a tenth of the time.
 * - malloc_context_size=10 (default 30): frames recorded per malloc and
 *   free, i.e. how deep a report's "allocated by"/"freed by" traces go (the
 *   faulting access's own stack is always complete). Fewer frames to unwind
 *   and hash on every allocation. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "quarantine_size_mb=16:malloc_context_size=10";
}

uint8_t fuzz_take_u8(fuzz_reader *r)
{
    uint8_t b = 0;

    if (r->n) {
        b = r->p[0];
        r->p++;
        r->n--;
    }
    return b;
}

uint16_t fuzz_take_u16(fuzz_reader *r)
{
    uint16_t hi = fuzz_take_u8(r);

    return (uint16_t)((hi << 8) | fuzz_take_u8(r));
}

const uint8_t *fuzz_take_lp(fuzz_reader *r, size_t max, size_t *len)
{
    const uint8_t *p;
    size_t want = max > 255 ? fuzz_take_u16(r) : fuzz_take_u8(r);

    if (want > max)
        want %= max + 1;
    if (want > r->n)
        want = r->n;
    p = r->p;
    r->p += want;
    r->n -= want;
    *len = want;
    return p;
}

char *fuzz_strndup_clean(const uint8_t *p, size_t n, char replace)
{
    char *s = malloc(n + 1);
    size_t i;

    if (!s)
        return NULL;
    for (i = 0; i < n; i++)
        s[i] = p[i] ? (char)p[i] : replace;
    s[n] = '\0';
    return s;
}

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "\n==fuzz== property violated at %s:%d: %s\n==fuzz== ", file, line, cond);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

int fuzz_known(const char *name)
{
    const char *list = getenv("CCS_FUZZ_KNOWN"), *p;
    size_t n = strlen(name);

    for (p = list; p && (p = strstr(p, name)) != NULL; p += n)
        if ((p == list || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
            return 1;
    return 0;
}

const char *fuzz_golden_dir(void)
{
    static char beside[4096];
    const char *dir = ccs_paths_golden();
    struct stat st;
    ssize_t n;
    char *slash;

    if (getenv("CCS_GOLDEN_DIR") || (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
        return dir;
    /* Packaged fuzzers (ClusterFuzzLite) ship golden/ next to the executable. */
    n = readlink("/proc/self/exe", beside, sizeof beside - 8);
    if (n <= 0)
        return dir;
    beside[n] = '\0';
    slash = strrchr(beside, '/');
    if (!slash)
        return dir;
    strcpy(slash + 1, "golden");
    return beside;
}

cJSON *fuzz_load_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long len;
    cJSON *out = NULL;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto done;
    buf = malloc((size_t)len + 1);
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
        goto done;
    out = cJSON_ParseWithLength(buf, (size_t)len);
done:
    free(buf);
    fclose(f);
    return out;
}

cJSON *fuzz_load_endpoints(const char *who)
{
    cJSON *doc = NULL;
    ccs_error err;

    /* The newest version's golden/contract/<version>/endpoints.json: the
     * contract moved into per-version directories, and reading the old
     * top-level path silently left schema mode without a schema. */
    ccs_error_clear(&err);
    if (ccs_params_load(fuzz_golden_dir(), &doc, &err) != CCS_OK && who)
        fprintf(stderr, "%s: no endpoint parameters under %s: %s\n", who, fuzz_golden_dir(), err.message);
    return doc;
}

cJSON *fuzz_load_create_schema(const char *who)
{
    cJSON *doc = fuzz_load_endpoints(who), *ep, *params = NULL;

    if (!doc)
        return NULL;
    cJSON_ArrayForEach(ep, cJSON_GetObjectItemCaseSensitive(doc, "endpoints")) {
        const cJSON *op = cJSON_GetObjectItemCaseSensitive(ep, "operation");

        if (cJSON_IsString(op) && strcmp(op->valuestring, "create") == 0) {
            params = cJSON_DetachItemFromObjectCaseSensitive(ep, "parameters");
            break;
        }
    }
    cJSON_Delete(doc);
    if (!params && who)
        fprintf(stderr, "%s: no create operation in the endpoint parameters; schema mode decodes without one\n",
                who);
    return params;
}

ccs_contracts *fuzz_load_contracts(const char *who)
{
    char dir[4096];
    ccs_contracts *set = NULL;
    ccs_error err;

    snprintf(dir, sizeof dir, "%s/contract", fuzz_golden_dir());
    ccs_error_clear(&err);
    if (ccs_contract_load_dir(dir, &set, &err) != CCS_OK) {
        if (who)
            fprintf(stderr, "%s: contracts not loaded from %s: %s\n", who, dir, err.message);
        return NULL;
    }
    return set;
}

void fuzz_form_input_read(const uint8_t *data, size_t size, fuzz_form_input *in)
{
    memset(in, 0, sizeof *in);
    in->body = (const char *)data;
    in->len = size;
    if (size >= 2) {
        in->mode = data[0];
        in->nth = data[1];
        in->body += 2;
        in->len -= 2;
    }
    if (in->mode & 8) { /* else lim stays unused: defaults apply (NULL limits) */
        ccs_form_limits_default(&in->lim);
        in->lim.max_body = 256;
        in->lim.max_pairs = 8;
        in->lim.max_depth = 3;
        in->lim.max_index = 9;
        in->lim.max_key_len = 24;
    }
}

cJSON *fuzz_json_parse_exact(const uint8_t *data, size_t size)
{
    char *buf = malloc(size ? size : 1);
    cJSON *tree;

    if (!buf)
        return NULL;
    if (size)
        memcpy(buf, data, size);
    tree = cJSON_ParseWithLength(buf, size); /* the tree keeps no pointer into buf */
    free(buf);
    return tree;
}

int fuzz_json_equal(const cJSON *a, const cJSON *b)
{
    const cJSON *x, *y;

    if (!a || !b)
        return a == b;
    if ((a->type & 0xFF) != (b->type & 0xFF))
        return 0;
    switch (a->type & 0xFF) {
    case cJSON_False:
    case cJSON_True:
    case cJSON_NULL:
        return 1;
    case cJSON_Number:
        /* Printed with up to 17 significant digits: equal after one print. */
        return a->valuedouble == b->valuedouble ||
               fabs(a->valuedouble - b->valuedouble) <=
                   fabs(a->valuedouble) * 1e-15;
    case cJSON_String:
    case cJSON_Raw:
        if (!a->valuestring || !b->valuestring)
            return a->valuestring == b->valuestring;
        return strcmp(a->valuestring, b->valuestring) == 0;
    case cJSON_Array:
    case cJSON_Object:
        for (x = a->child, y = b->child; x && y; x = x->next, y = y->next) {
            if ((a->type & 0xFF) == cJSON_Object &&
                (!x->string || !y->string || strcmp(x->string, y->string) != 0))
                return 0;
            if (!fuzz_json_equal(x, y))
                return 0;
        }
        return x == NULL && y == NULL;
    default:
        return 0;
    }
}

int fuzz_json_finite(const cJSON *v)
{
    const cJSON *c;

    if (cJSON_IsNumber(v))
        return isfinite(v->valuedouble);
    for (c = v ? v->child : NULL; c; c = c->next)
        if (!fuzz_json_finite(c))
            return 0;
    return 1;
}

/* Length of a valid UTF-8 sequence at p (0 when invalid), as RFC 3629. */
size_t fuzz_utf8_len(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t len, i;
    unsigned cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

int fuzz_json_utf8(const cJSON *v)
{
    const cJSON *c;
    const char *s[2] = {v->string, cJSON_IsString(v) ? v->valuestring : NULL};
    int i;

    for (i = 0; i < 2; i++) {
        size_t n = s[i] ? strlen(s[i]) : 0, k, j = 0;

        while (j < n) {
            k = fuzz_utf8_len((const unsigned char *)s[i] + j, n - j);
            if (!k)
                return 0;
            j += k;
        }
    }
    for (c = v->child; c; c = c->next)
        if (!fuzz_json_utf8(c))
            return 0;
    return 1;
}

/* Allocation failure injection. */
static unsigned fail_at;
static unsigned alloc_count;
static int fail_sticky;
static int fail_fired;

static void *failing_malloc(size_t n)
{
    alloc_count++;
    if (fail_at && (alloc_count == fail_at || (fail_sticky && alloc_count > fail_at))) {
        fail_fired = 1;
        return NULL;
    }
    return malloc(n);
}

void fuzz_alloc_fail_install(unsigned n, int sticky)
{
    cJSON_Hooks hooks = {failing_malloc, free};

    fail_at = n;
    fail_sticky = sticky;
    alloc_count = 0;
    fail_fired = 0;
    cJSON_InitHooks(&hooks);
}

void fuzz_alloc_restore(void)
{
    fail_at = 0;
    cJSON_InitHooks(NULL);
}

int fuzz_alloc_failed(void)
{
    return fail_fired;
}
