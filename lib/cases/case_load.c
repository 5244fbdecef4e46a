/* Case files: load golden/cases/<area>/<topic>.json and lint them. */
#include "ccs/cases.h"
#include "ccs/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ccs/match.h"
#include "ccs/runner.h"

#define MAX_CASE_FILE (16L * 1024 * 1024)

/* ---- loading ------------------------------------------------------------ */

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

static const char *str_member(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static ccs_case *set_add(ccs_case_set *set)
{
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 64;
        ccs_case *p = realloc(set->items, cap * sizeof *p);

        if (!p)
            return NULL;
        set->items = p;
        set->cap = cap;
    }
    memset(&set->items[set->count], 0, sizeof set->items[0]);
    return &set->items[set->count++];
}

static char *requirement_text(const cJSON *req)
{
    const char *text, *source;
    char *out;
    size_t n;

    if (cJSON_IsString(req))
        return strdup(req->valuestring);
    text = str_member(req, "text");
    source = str_member(req, "source");
    if (!text)
        return strdup("");
    if (!source || !*source)
        return strdup(text);
    n = strlen(text) + strlen(source) + 4;
    out = malloc(n);
    if (out)
        snprintf(out, n, "%s (%s)", text, source);
    return out;
}

static int fill_case(ccs_case *c, cJSON *json, const char *rel, const char *area, int index)
{
    const cJSON *iso, *b;

    c->json = json;
    c->index = index;
    c->id = dup_or_empty(str_member(json, "id"));
    c->area = dup_or_empty(area);
    c->file = dup_or_empty(rel);
    c->description = dup_or_empty(str_member(json, "description"));
    c->level = dup_or_empty(str_member(json, "level"));
    c->profile = dup_or_empty(str_member(json, "profile"));
    c->requirement = requirement_text(cJSON_GetObjectItemCaseSensitive(json, "requirement"));
    iso = cJSON_GetObjectItemCaseSensitive(json, "isolated");
    c->isolated = cJSON_IsTrue(iso);
    c->steps = cJSON_GetObjectItemCaseSensitive(json, "steps");
    b = cJSON_GetObjectItemCaseSensitive(json, "builtin");
    c->builtin = cJSON_IsString(b) ? b->valuestring : NULL;
    c->params = cJSON_GetObjectItemCaseSensitive(json, "params");
    if (c->builtin) {
        const ccs_builtin *bi = ccs_builtin_find(c->builtin);

        if (bi && bi->isolated)
            c->isolated = 1;
    }
    return (c->id && c->area && c->file && c->description && c->level && c->profile && c->requirement) ? CCS_OK
                                                                                                  : CCS_ENOMEM;
}

static void case_free(ccs_case *c)
{
    free(c->id);
    free(c->area);
    free(c->file);
    free(c->description);
    free(c->level);
    free(c->profile);
    free(c->requirement);
    cJSON_Delete(c->json);
}

int ccs_cases_load_file(const char *path, const char *rel, const char *area, ccs_case_set *out, ccs_error *err)
{
    char *text = NULL;
    size_t len = 0;
    cJSON *root = NULL, *cases, *item;
    const char *end = NULL;
    int rc, index = 0;

    rc = ccs_fs_read_file(path, MAX_CASE_FILE, &text, &len, err);
    if (rc)
        goto done;
    root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        long off = end ? (long)(end - text) : -1;

        rc = ccs_error_set(err, CCS_EINVAL, off, "%s: not valid JSON near byte %ld", rel, off);
        goto done;
    }
    cases = cJSON_GetObjectItemCaseSensitive(root, "cases");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(cases)) {
        rc = ccs_error_set_at(err, CCS_EINVAL, "/cases", "%s: expected {\"cases\": [...]}", rel);
        goto done;
    }
    while ((item = cJSON_DetachItemFromArray(cases, 0)) != NULL) {
        ccs_case *c = set_add(out);

        if (!c) {
            cJSON_Delete(item);
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
            goto done;
        }
        if (fill_case(c, item, rel, area, index++)) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
            goto done;
        }
    }
done:
    cJSON_Delete(root);
    free(text);
    return rc;
}

struct path_list {
    char **items;
    size_t count, cap;
};

static int list_add(struct path_list *l, const char *s)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **p = realloc(l->items, cap * sizeof *p);

        if (!p)
            return -1;
        l->items = p;
        l->cap = cap;
    }
    l->items[l->count] = strdup(s);
    return l->items[l->count] ? (int)(l->count++, 0) : -1;
}

/* Collect relative paths of *.json files below dir/rel. */
static int walk(const char *dir, const char *rel, int depth, struct path_list *l, ccs_error *err)
{
    char path[4096], sub[2048];
    DIR *d;
    struct dirent *e;
    int rc = CCS_OK;

    if (depth > 8)
        return CCS_OK;
    snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
    d = opendir(path);
    if (!d)
        return ccs_error_set(err, CCS_EIO, -1, "%s: cannot open directory: %s", path, strerror(errno));
    while (!rc && (e = readdir(d)) != NULL) {
        struct stat st;
        size_t n = strlen(e->d_name);

        if (e->d_name[0] == '.')
            continue;
        if ((size_t)snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name) >= sizeof sub ||
            (size_t)snprintf(path, sizeof path, "%s/%.2047s", dir, sub) >= sizeof path || stat(path, &st))
            continue;
        if (S_ISDIR(st.st_mode))
            rc = walk(dir, sub, depth + 1, l, err);
        else if (S_ISREG(st.st_mode) && n > 5 && !strcmp(e->d_name + n - 5, ".json"))
            rc = list_add(l, sub) ? ccs_error_set(err, CCS_ENOMEM, -1, "out of memory") : CCS_OK;
    }
    closedir(d);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int ccs_cases_load_dir(const char *dir, ccs_case_set *out, ccs_error *err)
{
    struct path_list l = {0};
    size_t i;
    int rc;

    rc = walk(dir, "", 0, &l, err);
    if (rc)
        goto done;
    qsort(l.items, l.count, sizeof l.items[0], cmp_str);
    for (i = 0; i < l.count && !rc; i++) {
        char path[4096], area[256];
        const char *slash = strchr(l.items[i], '/');
        size_t n = slash ? (size_t)(slash - l.items[i]) : strlen(l.items[i]) - 5;

        if (n >= sizeof area)
            n = sizeof area - 1;
        memcpy(area, l.items[i], n);
        area[n] = '\0';
        snprintf(path, sizeof path, "%s/%s", dir, l.items[i]);
        rc = ccs_cases_load_file(path, l.items[i], area, out, err);
    }
done:
    for (i = 0; i < l.count; i++)
        free(l.items[i]);
    free(l.items);
    return rc;
}

void ccs_cases_free(ccs_case_set *set)
{
    size_t i;

    if (!set)
        return;
    for (i = 0; i < set->count; i++)
        case_free(&set->items[i]);
    free(set->items);
    memset(set, 0, sizeof *set);
}

const ccs_case *ccs_cases_find(const ccs_case_set *set, const char *id)
{
    size_t i;

    for (i = 0; set && id && i < set->count; i++)
        if (!strcmp(set->items[i].id, id))
            return &set->items[i];
    return NULL;
}

int ccs_cases_filter_match(const char *filter, const char *id)
{
    const char *p, *end;
    char small[256], *tok;
    int any_include = 0, included = 0, excluded = 0;

    if (!filter || !*filter)
        return 1;
    /* Walk the comma list in place: a long --filter must not be cut short. */
    for (p = filter; *p; p = *end ? end + 1 : end) {
        size_t n;

        end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        while (p < end && *p == ' ')
            p++;
        n = (size_t)(end - p);
        tok = n < sizeof small ? small : malloc(n + 1);
        if (!tok)
            return 0;
        memcpy(tok, p, n);
        tok[n] = '\0';
        if (*tok == '!') {
            if (!fnmatch(tok + 1, id, 0))
                excluded = 1;
        } else if (*tok) {
            any_include = 1;
            if (!fnmatch(tok, id, 0))
                included = 1;
        }
        if (tok != small)
            free(tok);
    }
    return !excluded && (included || !any_include);
}

/* ---- lint --------------------------------------------------------------- */

struct linter {
    ccs_lint *out;
    const ccs_case *c;
    size_t case_index;
    const ccs_contracts *contracts;
    int nomem;
    /* Capture names available to the step being checked. */
    char **caps;
    size_t ncaps, capcap;
    char ptr[512];  /* pointer of the value being checked (for ref callbacks) */
};

static void problem(struct linter *L, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(struct linter *L, const char *pointer, const char *fmt, ...)
{
    char msg[768], *text;
    size_t n;
    va_list ap;
    ccs_lint *o = L->out;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    n = strlen(L->c->file) + strlen(L->c->id) + strlen(pointer) + strlen(msg) + 32;
    text = malloc(n);
    if (!text) {
        L->nomem = 1;
        return;
    }
    snprintf(text, n, "%s: %s: /cases/%d%s: %s", L->c->file, L->c->id[0] ? L->c->id : "(no id)", L->c->index,
             pointer, msg);
    if (o->count == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 16;
        ccs_lint_problem *p = realloc(o->items, cap * sizeof *p);

        if (!p) {
            free(text);
            L->nomem = 1;
            return;
        }
        o->items = p;
        o->cap = cap;
    }
    o->items[o->count].case_index = L->case_index;
    o->items[o->count].text = text;
    o->count++;
}

static int key_allowed(const char *key, const char *const *allowed)
{
    size_t i;

    /* "_comment", "_note": free-form annotations. */
    if (key[0] == '_')
        return 1;
    for (i = 0; allowed[i]; i++)
        if (!strcmp(key, allowed[i]))
            return 1;
    return 0;
}

static void check_keys(struct linter *L, const cJSON *o, const char *ptr, const char *const *allowed)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, o)
        if (!key_allowed(c->string, allowed))
            problem(L, ptr, "unknown key \"%s\"", c->string);
}

static int has_cap(struct linter *L, const char *name)
{
    size_t i;

    for (i = 0; i < L->ncaps; i++)
        if (!strcmp(L->caps[i], name))
            return 1;
    return 0;
}

static void add_cap(struct linter *L, const char *name)
{
    if (has_cap(L, name))
        return;
    if (L->ncaps == L->capcap) {
        size_t cap = L->capcap ? L->capcap * 2 : 8;
        char **p = realloc(L->caps, cap * sizeof *p);

        if (!p) {
            L->nomem = 1;
            return;
        }
        L->caps = p;
        L->capcap = cap;
    }
    L->caps[L->ncaps] = strdup(name);
    if (L->caps[L->ncaps])
        L->ncaps++;
    else
        L->nomem = 1;
}

static int ref_cb(void *ud, const char *name)
{
    struct linter *L = ud;

    if (!has_cap(L, name))
        problem(L, L->ptr, "template uses \"%s\", which no earlier step captured", name);
    return 0;
}

static const char *const config_names[] = {"api_key", "alt_api_key", "price_id", NULL};

/* Every string in v: capture refs exist, config names known, patterns valid
 * (when patterns_ok), no patterns in requests. */
static void check_strings(struct linter *L, const cJSON *v, char *ptr, size_t cap, int patterns_ok)
{
    const cJSON *c;
    size_t mark = strlen(ptr);
    int i = 0;

    if (cJSON_IsString(v)) {
        const char *s = v->valuestring, *p;
        ccs_error e;

        snprintf(L->ptr, sizeof L->ptr, "%s", ptr);
        if (ccs_match_is_pattern(s) && strncmp(s, "{{eq:", 5)) {
            if (!patterns_ok)
                problem(L, ptr, "pattern \"%s\" is only allowed in expectations", s);
            else if (ccs_match_pattern_check(s, &e))
                problem(L, ptr, "%s", e.message);
            return;
        }
        if (!strcmp(s, "{{...}}") && !patterns_ok)
            problem(L, ptr, "\"{{...}}\" is only allowed in expectations");
        ccs_template_refs(s, ref_cb, L);
        for (p = strstr(s, "{{config."); p; p = strstr(p + 1, "{{config.")) {
            const char *name = p + 9, *end = strstr(name, "}}");
            size_t k;
            int known = 0;

            if (!end)
                break;
            for (k = 0; config_names[k]; k++)
                if ((size_t)(end - name) == strlen(config_names[k]) && !strncmp(name, config_names[k], end - name))
                    known = 1;
            if (!known)
                problem(L, ptr, "unknown config value in \"%s\" (api_key, alt_api_key, price_id)", s);
        }
        if (strstr(s, "{{") && !strstr(strstr(s, "{{"), "}}"))
            problem(L, ptr, "unclosed template in \"%s\"", s);
        return;
    }
    cJSON_ArrayForEach(c, v) {
        char seg[64];
        size_t len = strlen(ptr);

        if (v->type & cJSON_Object)
            snprintf(ptr + len, cap - len, "/%s", c->string);
        else {
            snprintf(seg, sizeof seg, "/%d", i);
            snprintf(ptr + len, cap - len, "%s", seg);
        }
        i++;
        check_strings(L, c, ptr, cap, patterns_ok);
        ptr[mark] = '\0';
    }
}

static int status_ok(const cJSON *s)
{
    if (cJSON_IsNumber(s))
        return s->valuedouble >= 100 && s->valuedouble <= 599 && s->valuedouble == (int)s->valuedouble;
    if (cJSON_IsString(s))
        return strlen(s->valuestring) == 3 && s->valuestring[0] >= '1' && s->valuestring[0] <= '5' &&
               !strcmp(s->valuestring + 1, "xx");
    return 0;
}

static void check_contract_name(struct linter *L, const cJSON *v, const char *ptr)
{
    if (!v)
        return;
    if (!cJSON_IsString(v) || !v->valuestring[0]) {
        problem(L, ptr, "must be a contract name string");
        return;
    }
    if (L->contracts && !ccs_contract_get(L->contracts, v->valuestring))
        problem(L, ptr, "no contract \"%s\" in golden/contract", v->valuestring);
}

static void check_string_list(struct linter *L, const cJSON *v, const char *ptr)
{
    const cJSON *c;

    if (!v)
        return;
    if (!cJSON_IsArray(v)) {
        problem(L, ptr, "must be an array of strings");
        return;
    }
    cJSON_ArrayForEach(c, v)
        if (!cJSON_IsString(c)) {
            problem(L, ptr, "must be an array of strings");
            return;
        }
}

static int capture_name_ok(const char *s)
{
    static const char *const reserved[] = {"config", "uuid", "fresh", "now", "run", "re", "any", "absent",
                                           "type", "int", "len", "eq", NULL};
    size_t i;

    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return 0;
    for (i = 1; s[i]; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '_'))
            return 0;
    for (i = 0; reserved[i]; i++)
        if (!strcmp(s, reserved[i]))
            return 0;
    return 1;
}

static void lint_step(struct linter *L, const cJSON *step, int si)
{
    static const char *const step_keys[] = {"name", "request", "repeat", "expect", "capture", NULL};
    static const char *const req_keys[] = {"method", "path", "form", "raw_body", "query", "headers", "auth",
                                           "authorization", "api_key", "idempotency_key", NULL};
    static const char *const exp_keys[] = {"status", "contract", "contract_items", "body", "body_absent",
                                           "headers", "headers_absent", NULL};
    char base[64], ptr[512];
    const cJSON *req, *exp, *v, *c, *cap;
    const char *m, *auth;

    snprintf(base, sizeof base, "/steps/%d", si);
    if (!cJSON_IsObject(step)) {
        problem(L, base, "a step must be an object");
        return;
    }
    check_keys(L, step, base, step_keys);
    v = cJSON_GetObjectItemCaseSensitive(step, "name");
    if (v && !cJSON_IsString(v))
        problem(L, base, "name must be a string");
    req = cJSON_GetObjectItemCaseSensitive(step, "request");
    snprintf(ptr, sizeof ptr, "%s/request", base);
    if (!cJSON_IsObject(req)) {
        problem(L, ptr, "a step needs a request object");
    } else {
        check_keys(L, req, ptr, req_keys);
        m = str_member(req, "method");
        if (!m || (strcmp(m, "GET") && strcmp(m, "POST") && strcmp(m, "DELETE") && strcmp(m, "PUT") &&
                   strcmp(m, "PATCH") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS")))
            problem(L, ptr, "method must be GET, POST, DELETE, PUT, PATCH, HEAD or OPTIONS");
        v = cJSON_GetObjectItemCaseSensitive(req, "path");
        if (!cJSON_IsString(v) || v->valuestring[0] != '/')
            problem(L, ptr, "path must be a string starting with '/'");
        v = cJSON_GetObjectItemCaseSensitive(req, "form");
        if (v && !cJSON_IsObject(v))
            problem(L, ptr, "form must be an object");
        if (v && cJSON_GetObjectItemCaseSensitive(req, "raw_body"))
            problem(L, ptr, "form and raw_body exclude each other");
        v = cJSON_GetObjectItemCaseSensitive(req, "raw_body");
        if (v && !cJSON_IsString(v))
            problem(L, ptr, "raw_body must be a string");
        v = cJSON_GetObjectItemCaseSensitive(req, "query");
        if (v && !cJSON_IsObject(v))
            problem(L, ptr, "query must be an object");
        v = cJSON_GetObjectItemCaseSensitive(req, "headers");
        if (v) {
            if (!cJSON_IsObject(v))
                problem(L, ptr, "headers must be an object of strings");
            else
                cJSON_ArrayForEach(c, v) if (!cJSON_IsString(c))
                    problem(L, ptr, "header \"%s\" must be a string", c->string);
        }
        auth = str_member(req, "auth");
        if (cJSON_GetObjectItemCaseSensitive(req, "auth") &&
            (!auth || (strcmp(auth, "basic") && strcmp(auth, "bearer") && strcmp(auth, "none") && strcmp(auth, "raw"))))
            problem(L, ptr, "auth must be basic, bearer, none or raw");
        if (auth && !strcmp(auth, "raw") && !str_member(req, "authorization"))
            problem(L, ptr, "auth \"raw\" needs \"authorization\"");
        v = cJSON_GetObjectItemCaseSensitive(req, "authorization");
        if (v && !cJSON_IsString(v))
            problem(L, ptr, "authorization must be a string");
        v = cJSON_GetObjectItemCaseSensitive(req, "api_key");
        if (v && !cJSON_IsString(v))
            problem(L, ptr, "api_key must be a string");
        v = cJSON_GetObjectItemCaseSensitive(req, "idempotency_key");
        if (v && !cJSON_IsString(v))
            problem(L, ptr, "idempotency_key must be a string");
        check_strings(L, req, ptr, sizeof ptr, 0);
    }
    v = cJSON_GetObjectItemCaseSensitive(step, "repeat");
    if (v && (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > 1000 ||
              v->valuedouble != (int)v->valuedouble))
        problem(L, base, "repeat must be an integer 1..1000");
    exp = cJSON_GetObjectItemCaseSensitive(step, "expect");
    snprintf(ptr, sizeof ptr, "%s/expect", base);
    if (exp && !cJSON_IsObject(exp)) {
        problem(L, ptr, "expect must be an object");
    } else if (exp) {
        check_keys(L, exp, ptr, exp_keys);
        v = cJSON_GetObjectItemCaseSensitive(exp, "status");
        if (v) {
            int ok = status_ok(v);

            if (cJSON_IsArray(v)) {
                ok = cJSON_GetArraySize(v) > 0;
                cJSON_ArrayForEach(c, v) ok = ok && status_ok(c);
            }
            if (!ok)
                problem(L, ptr, "status must be an HTTP status, \"4xx\", or a non-empty array of those");
        }
        check_contract_name(L, cJSON_GetObjectItemCaseSensitive(exp, "contract"), ptr);
        check_contract_name(L, cJSON_GetObjectItemCaseSensitive(exp, "contract_items"), ptr);
        check_string_list(L, cJSON_GetObjectItemCaseSensitive(exp, "body_absent"), ptr);
        check_string_list(L, cJSON_GetObjectItemCaseSensitive(exp, "headers_absent"), ptr);
        v = cJSON_GetObjectItemCaseSensitive(exp, "headers");
        if (v && !cJSON_IsObject(v))
            problem(L, ptr, "headers must be an object");
        check_strings(L, exp, ptr, sizeof ptr, 1);
    }
    cap = cJSON_GetObjectItemCaseSensitive(step, "capture");
    snprintf(ptr, sizeof ptr, "%s/capture", base);
    if (cap && !cJSON_IsObject(cap)) {
        problem(L, ptr, "capture must be an object name -> JSON pointer");
    } else if (cap) {
        cJSON_ArrayForEach(c, cap) {
            if (!capture_name_ok(c->string))
                problem(L, ptr, "bad capture name \"%s\" ([A-Za-z_][A-Za-z0-9_]*, not reserved)", c->string);
            if (!cJSON_IsString(c) || (c->valuestring[0] && c->valuestring[0] != '/'))
                problem(L, ptr, "capture \"%s\" must be a JSON pointer (\"\" or \"/...\")", c->string);
        }
        /* Captures become visible to later steps only. */
        cJSON_ArrayForEach(c, cap) add_cap(L, c->string);
    }
}

static int id_ok(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-'))
            return 0;
    return 1;
}

/* since/until: an API version name ("2025-03-31.basil"): a date, then an
 * optional .name; which versions exist is the runner's business. */
static void check_version(struct linter *L, const cJSON *j, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    int i, ok = strlen(s) >= 10 && strlen(s) < 64;

    if (!v)
        return;
    for (i = 0; ok && i < 10; i++)
        ok = (i == 4 || i == 7) ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9');
    ok = ok && (s[10] == '\0' || s[10] == '.');
    if (!ok)
        problem(L, key[0] == 's' ? "/since" : "/until", "%s must be an API version such as 2025-03-31.basil", key);
}

static void lint_case(struct linter *L, const ccs_case_set *set, size_t idx)
{
    static const char *const case_keys[] = {"id", "description", "level", "profile", "requirement", "features",
                                            "steps", "builtin", "params", "isolated", "since", "until", NULL};
    const ccs_case *c = &set->items[idx];
    const cJSON *j = c->json, *v, *s;
    size_t k;
    int i = 0;

    if (!cJSON_IsObject(j)) {
        problem(L, "", "a case must be an object");
        return;
    }
    check_keys(L, j, "", case_keys);
    if (!id_ok(c->id))
        problem(L, "/id", "id must be a non-empty string of [a-z0-9_.-]");
    for (k = 0; k < idx && c->id[0]; k++)
        if (!strcmp(set->items[k].id, c->id)) {
            problem(L, "/id", "duplicate id (also in %s, case %d)", set->items[k].file, set->items[k].index);
            break;
        }
    if (!c->description[0])
        problem(L, "/description", "description must be a non-empty string");
    if (strcmp(c->level, "MUST") && strcmp(c->level, "SHOULD"))
        problem(L, "/level", "level must be \"MUST\" or \"SHOULD\"");
    if (strcmp(c->profile, "core") && strcmp(c->profile, "full"))
        problem(L, "/profile", "profile must be \"core\" or \"full\"");
    v = cJSON_GetObjectItemCaseSensitive(j, "requirement");
    if (!(cJSON_IsString(v) && v->valuestring[0]) && !(cJSON_IsObject(v) && str_member(v, "text")))
        problem(L, "/requirement", "requirement must be {\"text\": ..., \"source\": ...} or a string");
    check_string_list(L, cJSON_GetObjectItemCaseSensitive(j, "features"), "/features");
    check_version(L, j, "since");
    check_version(L, j, "until");
    v = cJSON_GetObjectItemCaseSensitive(j, "isolated");
    if (v && !cJSON_IsBool(v))
        problem(L, "/isolated", "isolated must be true or false");
    v = cJSON_GetObjectItemCaseSensitive(j, "builtin");
    if (v && c->steps)
        problem(L, "", "a case has either steps or builtin, not both");
    else if (!v && !c->steps)
        problem(L, "", "a case needs steps or builtin");
    if (v) {
        const ccs_builtin *b = cJSON_IsString(v) ? ccs_builtin_find(v->valuestring) : NULL;

        if (!b) {
            problem(L, "/builtin", "unknown builtin \"%s\"", cJSON_IsString(v) ? v->valuestring : "?");
        } else {
            const cJSON *p = c->params;
            ccs_error e;

            ccs_error_clear(&e);
            if (p && !cJSON_IsObject(p))
                problem(L, "/params", "params must be an object");
            else if (b->validate && b->validate(p, &e))
                problem(L, e.pointer[0] ? e.pointer : "/params", "%s", e.message);
        }
    } else if (c->params) {
        problem(L, "/params", "params without builtin");
    }
    if (c->steps) {
        if (!cJSON_IsArray(c->steps) || cJSON_GetArraySize(c->steps) == 0)
            problem(L, "/steps", "steps must be a non-empty array");
        else
            cJSON_ArrayForEach(s, c->steps) lint_step(L, s, i++);
    }
}

int ccs_cases_lint(const ccs_case_set *set, const ccs_contracts *contracts, ccs_lint *out, ccs_error *err)
{
    struct linter L = {0};
    size_t i, k;

    L.out = out;
    L.contracts = contracts;
    for (i = 0; i < set->count && !L.nomem; i++) {
        L.c = &set->items[i];
        L.case_index = i;
        lint_case(&L, set, i);
        for (k = 0; k < L.ncaps; k++)
            free(L.caps[k]);
        L.ncaps = 0;
    }
    free(L.caps);
    return L.nomem ? ccs_error_set(err, CCS_ENOMEM, -1, "out of memory") : CCS_OK;
}

const char *ccs_lint_for_case(const ccs_lint *lint, size_t case_index)
{
    size_t i;

    for (i = 0; lint && i < lint->count; i++)
        if (lint->items[i].case_index == case_index)
            return lint->items[i].text;
    return NULL;
}

void ccs_lint_free(ccs_lint *lint)
{
    size_t i;

    if (!lint)
        return;
    for (i = 0; i < lint->count; i++)
        free(lint->items[i].text);
    free(lint->items);
    memset(lint, 0, sizeof *lint);
}
