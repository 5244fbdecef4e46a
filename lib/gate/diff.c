/* Classifies each case id of two runs: regressed, fixed, new, removed,
 * still failing, unchanged. */
#include "ccs/diff.h"

#include <stdlib.h>
#include <string.h>

static const char *const class_names[CCS_DIFF_CLASS_COUNT] = {
    "regressed", "fixed", "new", "removed", "still failing", "unchanged",
};

const char *ccs_diff_class_name(ccs_diff_class c)
{
    if ((unsigned)c >= CCS_DIFF_CLASS_COUNT)
        return "unknown";
    return class_names[c];
}

static int failing(ccs_verdict v)
{
    return v == CCS_FAIL || v == CCS_ERROR;
}

static ccs_diff_class classify(const ccs_case_result *b, const ccs_case_result *c)
{
    if (!b)
        return CCS_DIFF_NEW;
    if (!c)
        return CCS_DIFF_REMOVED;
    if (b->verdict == CCS_PASS && failing(c->verdict))
        return CCS_DIFF_REGRESSED;
    if (failing(b->verdict) && c->verdict == CCS_PASS)
        return CCS_DIFF_FIXED;
    if (failing(b->verdict) && failing(c->verdict))
        return CCS_DIFF_STILL_FAILING;
    return CCS_DIFF_UNCHANGED;
}

static int by_id(const void *a, const void *b)
{
    const ccs_case_result *const *x = a, *const *y = b;

    return strcmp((*x)->id, (*y)->id);
}

/* Sorted view of a run's cases; rejects missing and duplicate ids. */
static int sorted_cases(const ccs_run_result *run, const char *which,
                        const ccs_case_result ***out, ccs_error *err)
{
    const ccs_case_result **v = NULL;
    size_t i;
    int rc = CCS_OK;

    *out = NULL;
    if (run->count == 0)
        goto done;
    v = malloc(run->count * sizeof *v);
    if (!v) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "diff: out of memory");
        goto done;
    }
    for (i = 0; i < run->count; i++) {
        if (!run->cases[i].id) {
            rc = ccs_error_set(err, CCS_EINVAL, -1, "diff: %s case %zu has no id", which, i);
            goto done;
        }
        v[i] = &run->cases[i];
    }
    qsort(v, run->count, sizeof *v, by_id);
    for (i = 1; i < run->count; i++) {
        if (!strcmp(v[i - 1]->id, v[i]->id)) {
            rc = ccs_error_set(err, CCS_EINVAL, -1, "diff: %s run lists case '%s' twice", which,
                               v[i]->id);
            goto done;
        }
    }
    *out = v;
    v = NULL;
done:
    free(v);
    return rc;
}

int ccs_diff_compute(const ccs_run_result *base, const ccs_run_result *cur, ccs_diff *out,
                     ccs_error *err)
{
    const ccs_case_result **b = NULL, **c = NULL;
    ccs_diff d;
    size_t i = 0, j = 0;
    int rc = CCS_OK;

    memset(&d, 0, sizeof d);
    if (out)
        memset(out, 0, sizeof *out);
    if (!base || !cur || !out) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "diff: baseline, current and output are required");
        goto done;
    }
    if ((rc = sorted_cases(base, "baseline", &b, err)) ||
        (rc = sorted_cases(cur, "current", &c, err)))
        goto done;
    if (base->count + cur->count > 0) {
        d.entries = calloc(base->count + cur->count, sizeof *d.entries);
        if (!d.entries) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "diff: out of memory");
            goto done;
        }
    }
    /* Merge the two sorted lists so entries come out sorted by id. */
    while (i < base->count || j < cur->count) {
        ccs_diff_entry *e = &d.entries[d.count++];
        int cmp = i == base->count ? 1 : j == cur->count ? -1 : strcmp(b[i]->id, c[j]->id);

        e->base = cmp <= 0 ? b[i++] : NULL;
        e->cur = cmp >= 0 ? c[j++] : NULL;
        e->id = e->cur ? e->cur->id : e->base->id;
        e->cls = classify(e->base, e->cur);
        /* The same rule as the run's own gate (ccs_gate_case): a SHOULD
         * case counts only in a strict run. */
        e->gating = e->cls == CCS_DIFF_REGRESSED && !e->cur->known_failure &&
                    !(e->cur->level && !strcmp(e->cur->level, "SHOULD") && !cur->strict);
        d.n[e->cls]++;
        if (e->gating)
            d.gating++;
    }
    *out = d;
    memset(&d, 0, sizeof d);
done:
    ccs_diff_free(&d);
    free(b);
    free(c);
    return rc;
}

void ccs_diff_free(ccs_diff *d)
{
    if (!d)
        return;
    free(d->entries);
    memset(d, 0, sizeof *d);
}

int ccs_diff_gate_failed(const ccs_diff *d)
{
    return d && d->gating > 0;
}
