/* Grouping a run's failures by cause (see ccs/causes.h): one pass over the
 * FAIL/ERROR cases computing signatures, then ids, endpoints and titles,
 * then largest first. */
#include "ccs/causes.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ccs/strbuf.h"

#define EP_MAX 256

/* FNV-1a: short ids that stay put while the signature does. */
static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

static void free_cause(ccs_cause *c)
{
    free(c->signature);
    free(c->title);
    free(c->guess);
    free(c->endpoints);
    free(c->cases);
}

void ccs_causes_free(ccs_causes *c)
{
    size_t i;

    if (!c)
        return;
    for (i = 0; i < c->count; i++)
        free_cause(&c->items[i]);
    free(c->items);
    free(c->of_case);
    memset(c, 0, sizeof *c);
}

size_t ccs_causes_cases(const ccs_causes *c)
{
    size_t i, n = 0;

    for (i = 0; c && i < c->count; i++)
        n += c->items[i].count;
    return n;
}

const ccs_cause *ccs_causes_of_case(const ccs_causes *c, size_t i)
{
    if (!c || !c->of_case || i >= c->n_cases || c->of_case[i] == CCS_CAUSE_NONE)
        return NULL;
    return &c->items[c->of_case[i]];
}

/* The cause with signature sig, appended when new; NULL on ENOMEM. sig is
 * taken over either way. */
static ccs_cause *find_or_add(ccs_causes *out, size_t *cap, char *sig, size_t nmax)
{
    ccs_cause *c;
    size_t i;

    for (i = 0; i < out->count; i++)
        if (!strcmp(out->items[i].signature, sig)) {
            free(sig);
            return &out->items[i];
        }
    if (out->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;

        c = realloc(out->items, ncap * sizeof *c);
        if (!c) {
            free(sig);
            return NULL;
        }
        out->items = c;
        *cap = ncap;
    }
    c = &out->items[out->count];
    memset(c, 0, sizeof *c);
    c->signature = sig;
    c->cases = malloc(nmax * sizeof *c->cases);
    if (!c->cases) {
        free(sig);
        return NULL;
    }
    out->count++;
    snprintf(c->id, sizeof c->id, "c%08x", (unsigned)hash(sig));
    return c;
}

/* Add ep to the ", "-joined list unless it is there. */
static int add_endpoint(ccs_cause *c, const char *ep)
{
    ccs_strbuf b = {0};
    const char *p;
    size_t n = strlen(ep);

    if (!*ep)
        return 0;
    for (p = c->endpoints; p && *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] ? 2 : 0))
        if (strcspn(p, ",") == n && !strncmp(p, ep, n))
            return 0;
    ccs_strbuf_printf(&b, "%s%s%s", c->endpoints ? c->endpoints : "", c->endpoints ? ", " : "", ep);
    if (b.nomem) {
        free(b.p);
        return -1;
    }
    free(c->endpoints);
    c->endpoints = b.p;
    return 0;
}

static int add_case(ccs_causes *out, size_t *cap, const ccs_run_result *run, size_t i)
{
    const ccs_case_result *r = &run->cases[i];
    char ep[EP_MAX];
    char *sig = ccs_cause_signature(r, ep, sizeof ep);
    ccs_cause *c = sig ? find_or_add(out, cap, sig, run->count) : NULL;

    if (!c || add_endpoint(c, ep))
        return -1;
    out->of_case[i] = (size_t)(c - out->items);
    c->cases[c->count++] = i;
    if (r->verdict == CCS_ERROR)
        c->error++;
    else
        c->fail++;
    /* a case without a level is held to MUST (ccs_result_gate_failed) */
    if (r->level && !strcasecmp(r->level, "SHOULD"))
        c->should++;
    else
        c->must++;
    return 0;
}

static int by_count(const void *a, const void *b)
{
    const ccs_cause *x = a, *y = b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->signature, y->signature);
}

static size_t count_endpoints(const char *eps)
{
    size_t n = 0;

    for (; eps && *eps; n++)
        eps = strchr(eps, ',') ? strchr(eps, ',') + 2 : eps + strlen(eps);
    return n;
}

/* Sort largest first, then point of_case at the new positions. */
static void order(ccs_causes *out)
{
    size_t i, k;

    if (out->count > 1) /* qsort wants items even for none */
        qsort(out->items, out->count, sizeof *out->items, by_count);
    for (i = 0; i < out->count; i++)
        for (k = 0; k < out->items[i].count; k++)
            out->of_case[out->items[i].cases[k]] = i;
}

int ccs_causes_build(const ccs_run_result *run, ccs_causes *out, ccs_error *err)
{
    size_t cap = 0, i;

    memset(out, 0, sizeof *out);
    if (!run || run->count == 0)
        return CCS_OK;
    out->n_cases = run->count;
    out->of_case = malloc(run->count * sizeof *out->of_case);
    if (!out->of_case)
        goto nomem;
    for (i = 0; i < run->count; i++) {
        out->of_case[i] = CCS_CAUSE_NONE;
        if (run->cases[i].verdict != CCS_FAIL && run->cases[i].verdict != CCS_ERROR)
            continue;
        if (add_case(out, &cap, run, i))
            goto nomem;
    }
    for (i = 0; i < out->count; i++) {
        ccs_cause *c = &out->items[i];

        if (ccs_cause_title(c->signature, c->endpoints, count_endpoints(c->endpoints), &c->title, &c->guess))
            goto nomem;
    }
    order(out);
    return CCS_OK;
nomem:
    ccs_causes_free(out);
    return ccs_error_set(err, CCS_ENOMEM, -1, "out of memory grouping failures by cause");
}
