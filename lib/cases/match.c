/* Partial matcher for expectations in case files. */
#include "ccs/match.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum pat_kind { PAT_NONE = 0, PAT_RE, PAT_ANY, PAT_ABSENT, PAT_TYPE, PAT_INT, PAT_LEN, PAT_EQ, PAT_ELLIPSIS };

/* Classify a whole-string pattern; *arg points into s (not terminated: the
 * trailing "}}" remains, arg_len gives the length). */
static enum pat_kind classify(const char *s, const char **arg, size_t *arg_len)
{
    size_t n;
    const char *in;
    size_t in_len;

    if (!s)
        return PAT_NONE;
    n = strlen(s);
    if (n < 5 || strncmp(s, "{{", 2) || strcmp(s + n - 2, "}}"))
        return PAT_NONE;
    in = s + 2;
    in_len = n - 4;
    *arg = in;
    *arg_len = in_len;
#define IS(lit) (in_len == sizeof(lit) - 1 && !strncmp(in, lit, in_len))
#define PRE(lit) (in_len >= sizeof(lit) - 1 && !strncmp(in, lit, sizeof(lit) - 1))
    if (PRE("re:")) {
        *arg = in + 3;
        *arg_len = in_len - 3;
        return PAT_RE;
    }
    /* Other patterns never contain braces; a nested template is not one. */
    if (memchr(in, '{', in_len) || memchr(in, '}', in_len))
        return PAT_NONE;
    if (IS("any"))
        return PAT_ANY;
    if (IS("absent"))
        return PAT_ABSENT;
    if (IS("..."))
        return PAT_ELLIPSIS;
    if (PRE("type:")) {
        *arg = in + 5;
        *arg_len = in_len - 5;
        return PAT_TYPE;
    }
    if (PRE("int:")) {
        *arg = in + 4;
        *arg_len = in_len - 4;
        return PAT_INT;
    }
    if (PRE("len:")) {
        *arg = in + 4;
        *arg_len = in_len - 4;
        return PAT_LEN;
    }
    if (PRE("eq:")) {
        *arg = in + 3;
        *arg_len = in_len - 3;
        return PAT_EQ;
    }
#undef IS
#undef PRE
    return PAT_NONE;
}

int ccs_match_is_pattern(const char *s)
{
    const char *a;
    size_t n;
    enum pat_kind k = classify(s, &a, &n);

    return k != PAT_NONE && k != PAT_ELLIPSIS;
}

/* "N", ">=N", ">N", "<=N", "<N", "A..B" -> [lo, hi]. */
static int parse_range(const char *s, size_t n, long long *lo, long long *hi)
{
    char buf[64], *end, *dots;
    long long a, b;

    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    *lo = LLONG_MIN;
    *hi = LLONG_MAX;
    errno = 0;
    if (!strncmp(buf, ">=", 2) || !strncmp(buf, "<=", 2)) {
        a = strtoll(buf + 2, &end, 10);
        if (end == buf + 2 || *end || errno)
            return -1;
        if (buf[0] == '>')
            *lo = a;
        else
            *hi = a;
        return 0;
    }
    if (buf[0] == '>' || buf[0] == '<') {
        a = strtoll(buf + 1, &end, 10);
        if (end == buf + 1 || *end || errno)
            return -1;
        if (buf[0] == '>')
            *lo = a + 1;
        else
            *hi = a - 1;
        return 0;
    }
    dots = strstr(buf, "..");
    if (dots) {
        *dots = '\0';
        a = strtoll(buf, &end, 10);
        if (end == buf || *end || errno)
            return -1;
        b = strtoll(dots + 2, &end, 10);
        if (end == dots + 2 || *end || errno || b < a)
            return -1;
        *lo = a;
        *hi = b;
        return 0;
    }
    a = strtoll(buf, &end, 10);
    if (end == buf || *end || errno)
        return -1;
    *lo = *hi = a;
    return 0;
}

static const char *const type_names[] = {"string", "integer", "number", "boolean", "object", "array", "null", NULL};

static int type_known(const char *s, size_t n)
{
    size_t i;

    for (i = 0; type_names[i]; i++)
        if (strlen(type_names[i]) == n && !strncmp(type_names[i], s, n))
            return 1;
    return 0;
}

static int is_integer(const cJSON *v)
{
    return cJSON_IsNumber(v) && isfinite(v->valuedouble) && floor(v->valuedouble) == v->valuedouble;
}

static int type_is(const cJSON *v, const char *t, size_t n)
{
#define T(lit) (n == sizeof(lit) - 1 && !strncmp(t, lit, n))
    if (T("string"))
        return cJSON_IsString(v);
    if (T("integer"))
        return is_integer(v);
    if (T("number"))
        return cJSON_IsNumber(v);
    if (T("boolean"))
        return cJSON_IsBool(v);
    if (T("object"))
        return cJSON_IsObject(v);
    if (T("array"))
        return cJSON_IsArray(v);
    if (T("null"))
        return cJSON_IsNull(v);
#undef T
    return 0;
}

/* "<why> in \"<pattern>\"", at ptr when given (err holds the why). */
static int regex_error(ccs_error *err, const char *ptr, const char *s)
{
    char why[sizeof err->message];

    if (!err)
        return CCS_EINVAL;
    snprintf(why, sizeof why, "%s", err->message);
    return ptr ? ccs_error_set_at(err, CCS_EINVAL, ptr, "%s in \"%s\"", why, s)
               : ccs_error_set(err, CCS_EINVAL, -1, "%s in \"%s\"", why, s);
}

int ccs_match_pattern_check(const char *s, ccs_error *err)
{
    const char *a;
    size_t n;
    long long lo, hi;
    int rc = CCS_OK;
    regex_t rx;

    switch (classify(s, &a, &n)) {
    case PAT_RE:
        if ((rc = ccs_match_regcomp(&rx, a, n, err)) == CCS_OK)
            regfree(&rx);
        else if (rc == CCS_EINVAL)
            rc = regex_error(err, NULL, s);
        break;
    case PAT_TYPE:
        if (!type_known(a, n))
            rc = ccs_error_set(err, CCS_EINVAL, -1, "unknown type in \"%s\" (string, integer, number, boolean, object, array, null)", s);
        break;
    case PAT_INT:
    case PAT_LEN:
        if (parse_range(a, n, &lo, &hi))
            rc = ccs_error_set(err, CCS_EINVAL, -1, "bad range in \"%s\" (N, >=N, >N, <=N, <N, A..B)", s);
        break;
    case PAT_EQ:
        if (n == 0)
            rc = ccs_error_set(err, CCS_EINVAL, -1, "empty {{eq:}}");
        break;
    default:
        break;
    }
    return rc;
}

static void set_text(char *dst, size_t cap, const cJSON *v)
{
    char *p;

    if (!v) {
        snprintf(dst, cap, "(absent)");
        return;
    }
    p = cJSON_PrintUnformatted(v);
    if (!p) {
        snprintf(dst, cap, "(unprintable)");
        return;
    }
    snprintf(dst, cap, "%s", p);
    if (strlen(p) >= cap && cap > 4)
        memcpy(dst + cap - 4, "...", 4);
    free(p);
}

static void fail(ccs_mismatch *out, const char *ptr, const char *expected_text, const cJSON *expected,
                 const cJSON *actual, const char *fmt, const char *detail)
{
    out->failed = 1;
    snprintf(out->pointer, sizeof out->pointer, "%s", ptr);
    if (expected_text)
        snprintf(out->expected, sizeof out->expected, "%s", expected_text);
    else
        set_text(out->expected, sizeof out->expected, expected);
    set_text(out->actual, sizeof out->actual, actual);
    snprintf(out->message, sizeof out->message, fmt, ptr[0] ? ptr : "(root)", detail ? detail : "");
}

static void ptr_push(char *buf, size_t cap, const char *seg)
{
    size_t len = strlen(buf);

    if (len + 2 >= cap)
        return;
    buf[len++] = '/';
    for (; *seg && len + 3 < cap; seg++) {
        if (*seg == '~' || *seg == '/') {
            buf[len++] = '~';
            buf[len++] = *seg == '~' ? '0' : '1';
        } else {
            buf[len++] = *seg;
        }
    }
    buf[len] = '\0';
}

static int match_rec(const cJSON *exp, const cJSON *act, char *ptr, size_t cap, const ccs_template_ctx *ctx,
                     ccs_mismatch *out, ccs_error *err);

/* A string expectation: pattern, template, or literal. */
static int match_string_exp(const cJSON *exp, const cJSON *act, char *ptr, const ccs_template_ctx *ctx,
                            ccs_mismatch *out, ccs_error *err)
{
    const char *s = exp->valuestring, *a;
    size_t n;
    long long lo, hi;
    int rc = CCS_OK;
    cJSON *val = NULL;
    regex_t rx;

    switch (classify(s, &a, &n)) {
    case PAT_ABSENT:
        if (act)
            fail(out, ptr, "(absent)", NULL, act, "%s: must be absent%s", NULL);
        return CCS_OK;
    case PAT_ANY:
        if (!act)
            fail(out, ptr, s, NULL, act, "%s: missing%s", NULL);
        return CCS_OK;
    case PAT_ELLIPSIS:
        return ccs_error_set_at(err, CCS_EINVAL, ptr, "\"{{...}}\" is only allowed as the last array element");
    case PAT_TYPE:
        if (!type_known(a, n))
            return ccs_error_set_at(err, CCS_EINVAL, ptr, "unknown type in \"%s\"", s);
        if (!act || !type_is(act, a, n))
            fail(out, ptr, s, NULL, act, act ? "%s: wrong type%s" : "%s: missing%s", NULL);
        return CCS_OK;
    case PAT_INT:
        if (parse_range(a, n, &lo, &hi))
            return ccs_error_set_at(err, CCS_EINVAL, ptr, "bad range in \"%s\"", s);
        if (!act || !is_integer(act) || act->valuedouble < (double)lo || act->valuedouble > (double)hi)
            fail(out, ptr, s, NULL, act,
                 !act ? "%s: missing%s" : !is_integer(act) ? "%s: not an integer%s" : "%s: integer out of range%s",
                 NULL);
        return CCS_OK;
    case PAT_LEN: {
        long long len;

        if (parse_range(a, n, &lo, &hi))
            return ccs_error_set_at(err, CCS_EINVAL, ptr, "bad range in \"%s\"", s);
        if (!act || !(cJSON_IsArray(act) || cJSON_IsString(act) || cJSON_IsObject(act))) {
            fail(out, ptr, s, NULL, act, act ? "%s: has no length (not an array or string)%s" : "%s: missing%s",
                 NULL);
            return CCS_OK;
        }
        len = cJSON_IsString(act) ? (long long)strlen(act->valuestring) : cJSON_GetArraySize(act);
        if (len < lo || len > hi) {
            char d[64];

            snprintf(d, sizeof d, " (length %lld)", len);
            fail(out, ptr, s, NULL, act, "%s: wrong length%s", d);
        }
        return CCS_OK;
    }
    case PAT_RE:
        if ((rc = ccs_match_regcomp(&rx, a, n, err)) != CCS_OK)
            return rc == CCS_EINVAL ? regex_error(err, ptr, s) : rc;
        if (!act || !cJSON_IsString(act) || regexec(&rx, act->valuestring, 0, NULL, 0))
            fail(out, ptr, s, NULL, act,
                 !act ? "%s: missing%s" : !cJSON_IsString(act) ? "%s: not a string%s" : "%s: does not match%s", NULL);
        regfree(&rx);
        return CCS_OK;
    case PAT_EQ: {
        char *e = strndup(a, n);

        if (!e)
            return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        rc = ccs_template_eval(ctx, e, &val, err);
        free(e);
        break;
    }
    case PAT_NONE:
        if (ccs_template_has(s))
            rc = ccs_template_value(ctx, s, &val, err);
        else
            val = cJSON_CreateString(s);
        if (!rc && !val)
            return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        break;
    }
    if (rc) {
        if (err && !err->pointer[0])
            snprintf(err->pointer, sizeof err->pointer, "%s", ptr);
        return rc;
    }
    if (!act || !cJSON_Compare(val, act, 1))
        fail(out, ptr, NULL, val, act, act ? "%s: not equal%s" : "%s: missing%s", NULL);
    cJSON_Delete(val);
    return CCS_OK;
}

static int match_rec(const cJSON *exp, const cJSON *act, char *ptr, size_t cap, const ccs_template_ctx *ctx,
                     ccs_mismatch *out, ccs_error *err)
{
    const cJSON *c;
    size_t mark;
    int rc = CCS_OK, en, an, i, prefix = 0;

    if (cJSON_IsString(exp))
        return match_string_exp(exp, act, ptr, ctx, out, err);
    if (!act) {
        fail(out, ptr, NULL, exp, act, "%s: missing%s", NULL);
        return CCS_OK;
    }
    if (cJSON_IsObject(exp)) {
        if (!cJSON_IsObject(act)) {
            fail(out, ptr, NULL, exp, act, "%s: expected an object%s", NULL);
            return CCS_OK;
        }
        mark = strlen(ptr);
        cJSON_ArrayForEach(c, exp) {
            ptr_push(ptr, cap, c->string);
            rc = match_rec(c, cJSON_GetObjectItemCaseSensitive(act, c->string), ptr, cap, ctx, out, err);
            ptr[mark] = '\0';
            if (rc || out->failed)
                return rc;
        }
        return CCS_OK;
    }
    if (cJSON_IsArray(exp)) {
        const cJSON *last;

        if (!cJSON_IsArray(act)) {
            fail(out, ptr, NULL, exp, act, "%s: expected an array%s", NULL);
            return CCS_OK;
        }
        en = cJSON_GetArraySize(exp);
        an = cJSON_GetArraySize(act);
        last = en > 0 ? cJSON_GetArrayItem(exp, en - 1) : NULL;
        if (last && cJSON_IsString(last) && !strcmp(last->valuestring, "{{...}}")) {
            prefix = 1;
            en--;
        }
        if (prefix ? an < en : an != en) {
            char d[96];

            snprintf(d, sizeof d, " (expected %s%d elements, got %d)", prefix ? "at least " : "", en, an);
            fail(out, ptr, NULL, exp, act, "%s: wrong array length%s", d);
            return CCS_OK;
        }
        mark = strlen(ptr);
        for (i = 0; i < en; i++) {
            char idx[24];

            snprintf(idx, sizeof idx, "%d", i);
            ptr_push(ptr, cap, idx);
            rc = match_rec(cJSON_GetArrayItem(exp, i), cJSON_GetArrayItem(act, i), ptr, cap, ctx, out, err);
            ptr[mark] = '\0';
            if (rc || out->failed)
                return rc;
        }
        return CCS_OK;
    }
    /* number, bool, null: exact equality (cJSON_Compare checks the type). */
    if (!cJSON_Compare(exp, act, 1))
        fail(out, ptr, NULL, exp, act, "%s: not equal%s", NULL);
    return CCS_OK;
}

int ccs_match_json(const cJSON *expected, const cJSON *actual, const char *base, const ccs_template_ctx *ctx,
                   ccs_mismatch *out, ccs_error *err)
{
    char ptr[512];

    memset(out, 0, sizeof *out);
    snprintf(ptr, sizeof ptr, "%s", base ? base : "");
    if (!expected)
        return ccs_error_set(err, CCS_EINVAL, -1, "no expectation");
    return match_rec(expected, actual, ptr, sizeof ptr, ctx, out, err);
}

int ccs_match_string(const cJSON *expected, const char *actual, const char *where, const ccs_template_ctx *ctx,
                     ccs_mismatch *out, ccs_error *err)
{
    cJSON *act = NULL, *exp = NULL;
    const char *a;
    size_t n;
    int rc;

    memset(out, 0, sizeof *out);
    if (actual) {
        act = cJSON_CreateString(actual);
        if (!act)
            return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    }
    if (cJSON_IsString(expected) && actual) {
        enum pat_kind k = classify(expected->valuestring, &a, &n);

        /* Header values are text: {{int:..}} and {{type:integer}} parse it. */
        if (k == PAT_INT || (k == PAT_TYPE && n == 7 && !strncmp(a, "integer", 7))) {
            char *end;
            double d;

            errno = 0;
            d = strtod(actual, &end);
            if (*actual && !*end && !errno) {
                cJSON_Delete(act);
                act = cJSON_CreateNumber(d);
            }
        }
    } else if (expected && !cJSON_IsString(expected) && !cJSON_IsNull(expected)) {
        /* A JSON number/bool is compared as its text. */
        char *t = cJSON_PrintUnformatted(expected);

        exp = t ? cJSON_CreateString(t) : NULL;
        free(t);
        if (!exp) {
            cJSON_Delete(act);
            return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        }
        expected = exp;
    }
    rc = ccs_match_json(expected, act, "", ctx, out, err);
    if (out->failed) {
        snprintf(out->pointer, sizeof out->pointer, "%s", where ? where : "");
        /* Rewrite "(root)" in the message with the header name. */
        if (!strncmp(out->message, "(root)", 6)) {
            char tmp[512];

            snprintf(tmp, sizeof tmp, "%s%s", where ? where : "value", out->message + 6);
            snprintf(out->message, sizeof out->message, "%s", tmp);
        }
    }
    cJSON_Delete(act);
    cJSON_Delete(exp);
    return rc;
}

const cJSON *ccs_match_pointer(const cJSON *root, const char *pointer)
{
    const cJSON *v = root;
    const char *p = pointer;
    char seg[512];

    if (!pointer || !*pointer)
        return root;
    if (*p != '/')
        return NULL;
    while (v && *p == '/') {
        size_t k = 0;

        p++;
        while (*p && *p != '/' && k + 1 < sizeof seg) {
            if (*p == '~' && (p[1] == '0' || p[1] == '1')) {
                seg[k++] = p[1] == '0' ? '~' : '/';
                p += 2;
            } else {
                seg[k++] = *p++;
            }
        }
        seg[k] = '\0';
        if (cJSON_IsArray(v)) {
            char *end;
            long idx = strtol(seg, &end, 10);

            v = (k && !*end && idx >= 0 && (seg[0] != '0' || k == 1)) ? cJSON_GetArrayItem(v, (int)idx) : NULL;
        } else if (cJSON_IsObject(v)) {
            v = cJSON_GetObjectItemCaseSensitive(v, seg);
        } else {
            v = NULL;
        }
    }
    return v;
}
