/* The per-case run record: building it, counting it and deciding the gate. */
#include "ccs/result.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const verdict_names[] = {"PASS", "FAIL", "ERROR", "SKIP"};

const char *ccs_verdict_name(ccs_verdict v)
{
    if ((unsigned)v >= sizeof verdict_names / sizeof verdict_names[0])
        return "UNKNOWN";
    return verdict_names[v];
}

int ccs_verdict_parse(const char *s, ccs_verdict *out)
{
    size_t i;

    if (!s)
        return CCS_EINVAL;
    for (i = 0; i < sizeof verdict_names / sizeof verdict_names[0]; i++) {
        if (!strcmp(s, verdict_names[i])) {
            if (out)
                *out = (ccs_verdict)i;
            return CCS_OK;
        }
    }
    return CCS_EINVAL;
}

ccs_case_result *ccs_result_add(ccs_run_result *run)
{
    ccs_case_result *c;

    if (!run)
        return NULL;
    if (run->count == run->cap) {
        size_t cap = run->cap ? run->cap * 2 : 16;

        c = realloc(run->cases, cap * sizeof *c);
        if (!c)
            return NULL;
        run->cases = c;
        run->cap = cap;
    }
    c = &run->cases[run->count++];
    memset(c, 0, sizeof *c);
    return c;
}

static void free_case(ccs_case_result *c)
{
    free(c->id);
    free(c->area);
    free(c->description);
    free(c->level);
    free(c->profile);
    free(c->requirement);
    free(c->message);
    free(c->pointer);
    free(c->expected);
    free(c->actual);
    free(c->curl);
    free(c->request);
    free(c->response);
    free(c->endpoint);
}

void ccs_result_free(ccs_run_result *run)
{
    size_t i;

    if (!run)
        return;
    for (i = 0; i < run->count; i++)
        free_case(&run->cases[i]);
    free(run->cases);
    free(run->run_id);
    free(run->target);
    free(run->target_name);
    free(run->profile);
    free(run->api_version);
    memset(run, 0, sizeof *run);
}

size_t ccs_result_count(const ccs_run_result *run, ccs_verdict v)
{
    size_t i, n = 0;

    if (!run)
        return 0;
    for (i = 0; i < run->count; i++)
        if (run->cases[i].verdict == v)
            n++;
    return n;
}

int ccs_result_gate_failed(const ccs_run_result *run)
{
    size_t i;

    if (!run)
        return 0;
    for (i = 0; i < run->count; i++) {
        const ccs_case_result *c = &run->cases[i];
        /* A case without a level is held to MUST: never weaker by accident. */
        int should = c->level && !strcasecmp(c->level, "SHOULD");

        if (c->verdict != CCS_FAIL && c->verdict != CCS_ERROR)
            continue;
        if (c->known_failure)
            continue;
        if (!should || run->strict)
            return 1;
    }
    return 0;
}
