/* Template substitution for case files (see golden/cases/README.md). */
#include "ccs/template.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

void ccs_template_uuid(char buf[37])
{
    unsigned char b[16];
    size_t i, got = 0;

    /* getrandom never blocks after boot for 16 bytes; fall back to clock mix. */
    while (got < sizeof b) {
        ssize_t n = getrandom(b + got, sizeof b - got, 0);

        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got < sizeof b) {
        struct timespec ts;
        uint64_t x;

        clock_gettime(CLOCK_REALTIME, &ts);
        x = (uint64_t)ts.tv_nsec * 6364136223846793005ULL ^ (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)b;
        for (i = 0; i < sizeof b; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            b[i] = (unsigned char)(x >> 56);
        }
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(buf, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
             b[13], b[14], b[15]);
}

int ccs_template_has(const char *s)
{
    return s && strstr(s, "{{") != NULL;
}

/* {{uuid:NAME}}: a per-case value distinct per NAME, stable within the case. */
static void named_uuid(const char *base, const char *name, char out[37])
{
    uint64_t h = 1469598103934665603ULL;
    size_t i;
    static const char hex[] = "0123456789abcdef";

    for (i = 0; name[i]; i++)
        h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
    snprintf(out, 37, "%s", base && strlen(base) == 36 ? base : "00000000-0000-4000-8000-000000000000");
    /* The last group (12 hex digits) carries the name's hash. */
    for (i = 0; i < 12; i++)
        out[24 + i] = hex[(h >> (i * 4)) & 0xf];
}

static int parse_now(const char *expr, long long now, long long *out)
{
    const char *p = expr + 3;
    char *end;
    long long n;

    if (!*p) {
        *out = now;
        return 1;
    }
    if (*p != '+' && *p != '-')
        return 0;
    if (!isdigit((unsigned char)p[1]))
        return 0;
    errno = 0;
    n = strtoll(p + 1, &end, 10);
    if (errno || *end)
        return 0;
    *out = *p == '+' ? now + n : now - n;
    return 1;
}

static const cJSON *walk_path(const cJSON *v, char *path)
{
    char *seg = path, *dot;

    while (v && seg) {
        dot = strchr(seg, '.');
        if (dot)
            *dot = '\0';
        if (cJSON_IsArray(v)) {
            char *end;
            long idx = strtol(seg, &end, 10);

            v = (*seg && !*end && idx >= 0) ? cJSON_GetArrayItem(v, (int)idx) : NULL;
        } else if (cJSON_IsObject(v)) {
            v = cJSON_GetObjectItemCaseSensitive(v, seg);
        } else {
            v = NULL;
        }
        seg = dot ? dot + 1 : NULL;
    }
    return v;
}

int ccs_template_eval(const ccs_template_ctx *ctx, const char *expr, cJSON **out, ccs_error *err)
{
    int rc = CCS_OK;
    char *copy = NULL, *rest;
    const cJSON *v;
    long long t;

    *out = NULL;
    if (!strcmp(expr, "uuid")) {
        *out = cJSON_CreateString(ctx && ctx->uuid ? ctx->uuid : "");
    } else if (!strncmp(expr, "uuid:", 5) && expr[5]) {
        char u[37];

        named_uuid(ctx ? ctx->uuid : NULL, expr + 5, u);
        *out = cJSON_CreateString(u);
    } else if (!strcmp(expr, "fresh")) {
        char u[37];

        ccs_template_uuid(u);
        *out = cJSON_CreateString(u);
    } else if (!strcmp(expr, "run")) {
        *out = cJSON_CreateString(ctx && ctx->run_id ? ctx->run_id : "");
    } else if (!strncmp(expr, "now", 3) && (expr[3] == '\0' || expr[3] == '+' || expr[3] == '-')) {
        if (!parse_now(expr, ctx ? ctx->now : (long long)time(NULL), &t)) {
            rc = ccs_error_set(err, CCS_EINVAL, -1, "bad time template {{%s}} (use now, now+N, now-N)", expr);
            goto done;
        }
        *out = cJSON_CreateNumber((double)t);
    } else {
        const cJSON *root;
        int is_config = !strncmp(expr, "config.", 7);

        if (!*expr || strchr(expr, '{') || strchr(expr, '}')) {
            rc = ccs_error_set(err, CCS_EINVAL, -1, "bad template {{%s}}", expr);
            goto done;
        }
        copy = strdup(is_config ? expr + 7 : expr);
        if (!copy) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
            goto done;
        }
        if (is_config) {
            root = ctx ? ctx->config : NULL;
            rest = copy;
        } else {
            char *dot = strchr(copy, '.');

            if (dot)
                *dot = '\0';
            root = ctx && ctx->captures ? cJSON_GetObjectItemCaseSensitive(ctx->captures, copy) : NULL;
            if (!root) {
                rc = ccs_error_set(err, CCS_ENOTFOUND, -1, "template {{%s}}: nothing captured as '%s'", expr, copy);
                goto done;
            }
            rest = dot ? dot + 1 : NULL;
        }
        v = rest ? walk_path(root, rest) : root;
        if (!v) {
            rc = ccs_error_set(err, CCS_ENOTFOUND, -1, "template {{%s}}: no such %s", expr,
                               is_config ? "config value" : "path in the captured value");
            goto done;
        }
        *out = cJSON_Duplicate(v, 1);
    }
    if (!*out)
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
done:
    free(copy);
    return rc;
}

/* Text of a value for string substitution: strings bare, else JSON. */
static char *value_text(const cJSON *v)
{
    if (cJSON_IsString(v))
        return strdup(v->valuestring);
    if (cJSON_IsNumber(v) && v->valuedouble == (double)(long long)v->valuedouble) {
        char buf[32];

        snprintf(buf, sizeof buf, "%lld", (long long)v->valuedouble);
        return strdup(buf);
    }
    return cJSON_PrintUnformatted(v);
}

struct sbuf {
    char *p;
    size_t len, cap;
};

static int sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        char *p;

        while (cap < b->len + n + 1)
            cap *= 2;
        p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int ccs_template_string(const ccs_template_ctx *ctx, const char *in, char **out, ccs_error *err)
{
    struct sbuf b = {0};
    const char *p = in, *open, *close;
    int rc = CCS_OK;

    *out = NULL;
    if (sb_add(&b, "", 0))
        goto nomem;
    while ((open = strstr(p, "{{")) != NULL) {
        char *expr, *text;
        cJSON *v = NULL;

        close = strstr(open + 2, "}}");
        if (!close) {
            rc = ccs_error_set(err, CCS_EINVAL, open - in, "unclosed template '{{' in \"%s\"", in);
            goto fail;
        }
        if (sb_add(&b, p, (size_t)(open - p)))
            goto nomem;
        expr = strndup(open + 2, (size_t)(close - open - 2));
        if (!expr)
            goto nomem;
        if (!strncmp(expr, "eq:", 3))
            memmove(expr, expr + 3, strlen(expr + 3) + 1);
        rc = ccs_template_eval(ctx, expr, &v, err);
        free(expr);
        if (rc)
            goto fail;
        text = value_text(v);
        cJSON_Delete(v);
        if (!text || sb_add(&b, text, strlen(text))) {
            free(text);
            goto nomem;
        }
        free(text);
        p = close + 2;
    }
    if (sb_add(&b, p, strlen(p)))
        goto nomem;
    *out = b.p;
    return CCS_OK;
nomem:
    rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
fail:
    free(b.p);
    return rc;
}

/* 1 when s is exactly "{{expr}}" with no other template inside. */
static int single_template(const char *s, char **expr)
{
    size_t n = strlen(s);

    if (n < 5 || strncmp(s, "{{", 2) || strcmp(s + n - 2, "}}"))
        return 0;
    if (strstr(s + 2, "{{") || strstr(s + 2, "}}") != s + n - 2)
        return 0;
    *expr = strndup(s + 2, n - 4);
    return *expr != NULL;
}

int ccs_template_value(const ccs_template_ctx *ctx, const char *in, cJSON **out, ccs_error *err)
{
    char *expr = NULL, *text = NULL;
    int rc;

    *out = NULL;
    if (single_template(in, &expr)) {
        const char *e = !strncmp(expr, "eq:", 3) ? expr + 3 : expr;

        rc = ccs_template_eval(ctx, e, out, err);
        free(expr);
        return rc;
    }
    rc = ccs_template_string(ctx, in, &text, err);
    if (rc)
        return rc;
    *out = cJSON_CreateString(text);
    free(text);
    return *out ? CCS_OK : ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
}

static void pointer_append(char *buf, size_t cap, const char *seg)
{
    size_t len = strlen(buf);

    if (len + 1 >= cap)
        return;
    buf[len++] = '/';
    for (; *seg && len + 2 < cap; seg++) {
        if (*seg == '~' || *seg == '/') {
            buf[len++] = '~';
            buf[len++] = *seg == '~' ? '0' : '1';
        } else {
            buf[len++] = *seg;
        }
    }
    buf[len] = '\0';
}

static int tree_rec(const ccs_template_ctx *ctx, const cJSON *in, cJSON **out, char *ptr, size_t cap,
                    ccs_error *err)
{
    const cJSON *c;
    cJSON *copy = NULL;
    int rc = CCS_OK;
    size_t mark = strlen(ptr);
    int i = 0;

    *out = NULL;
    if (cJSON_IsString(in)) {
        if (!ccs_template_has(in->valuestring)) {
            *out = cJSON_CreateString(in->valuestring);
        } else {
            rc = ccs_template_value(ctx, in->valuestring, out, err);
            if (rc) {
                if (err)
                    snprintf(err->pointer, sizeof err->pointer, "%s", ptr);
                return rc;
            }
        }
        return *out ? CCS_OK : ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    }
    if (!cJSON_IsObject(in) && !cJSON_IsArray(in)) {
        *out = cJSON_Duplicate(in, 0);
        return *out ? CCS_OK : ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    }
    copy = cJSON_IsObject(in) ? cJSON_CreateObject() : cJSON_CreateArray();
    if (!copy)
        return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
    cJSON_ArrayForEach(c, in) {
        cJSON *sub = NULL;
        char idx[24];

        if (cJSON_IsObject(in)) {
            pointer_append(ptr, cap, c->string);
        } else {
            snprintf(idx, sizeof idx, "%d", i);
            pointer_append(ptr, cap, idx);
        }
        i++;
        rc = tree_rec(ctx, c, &sub, ptr, cap, err);
        ptr[mark] = '\0';
        if (rc)
            goto fail;
        if (cJSON_IsObject(in))
            cJSON_AddItemToObject(copy, c->string, sub);
        else
            cJSON_AddItemToArray(copy, sub);
    }
    *out = copy;
    return CCS_OK;
fail:
    cJSON_Delete(copy);
    return rc;
}

int ccs_template_tree(const ccs_template_ctx *ctx, const cJSON *tree, cJSON **out, ccs_error *err)
{
    char ptr[512] = "";

    return tree_rec(ctx, tree, out, ptr, sizeof ptr, err);
}

static int is_builtin_expr(const char *e, size_t n)
{
    static const char *const fixed[] = {"uuid", "fresh", "run", "any", "absent", "...", NULL};
    static const char *const prefixes[] = {"uuid:", "config.", "re:", "type:", "int:", "len:", NULL};
    size_t i;

    for (i = 0; fixed[i]; i++)
        if (strlen(fixed[i]) == n && !strncmp(e, fixed[i], n))
            return 1;
    for (i = 0; prefixes[i]; i++)
        if (n >= strlen(prefixes[i]) && !strncmp(e, prefixes[i], strlen(prefixes[i])))
            return 1;
    if (n >= 3 && !strncmp(e, "now", 3) && (n == 3 || e[3] == '+' || e[3] == '-'))
        return 1;
    return 0;
}

int ccs_template_refs(const char *s, ccs_template_ref_fn fn, void *ud)
{
    const char *p = s, *open, *close;
    int rc = 0;

    if (!s)
        return 0;
    /* A whole-string regex may contain braces: never look inside it. */
    if (!strncmp(s, "{{re:", 5))
        return 0;
    while (!rc && (open = strstr(p, "{{")) != NULL) {
        const char *e = open + 2;
        size_t n;
        char name[128];

        close = strstr(e, "}}");
        if (!close)
            break;
        n = (size_t)(close - e);
        if (n >= 3 && !strncmp(e, "eq:", 3)) {
            e += 3;
            n -= 3;
        }
        if (!is_builtin_expr(e, n)) {
            size_t k = 0;

            while (k < n && e[k] != '.' && k + 1 < sizeof name) {
                name[k] = e[k];
                k++;
            }
            name[k] = '\0';
            rc = fn(ud, name);
        }
        p = close + 2;
    }
    return rc;
}
