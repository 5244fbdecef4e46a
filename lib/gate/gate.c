/* The CI gate of one run and its GitHub annotations (see ccs/gate.h). */
#include "ccs/gate.h"

#include <stdlib.h>
#include <string.h>

#include "ccs/escape.h"

#define ANNOTATION_MAX_BYTES 2000

static int is_failure(const ccs_case_result *c)
{
    return c->verdict == CCS_FAIL || c->verdict == CCS_ERROR;
}

static const ccs_diff_entry *find_entry(const ccs_diff *d, const char *id)
{
    size_t lo = 0, hi = d->count;

    /* Entries are sorted by id (ccs_diff_compute). */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(d->entries[mid].id, id);

        if (cmp == 0)
            return &d->entries[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static ccs_gate_class verdict(ccs_gate_class cls, char *why, size_t cap, const char *text)
{
    if (why && cap)
        snprintf(why, cap, "%s", text);
    return cls;
}

ccs_gate_class ccs_gate_case(const ccs_gate *g, const ccs_case_result *c, char *why, size_t cap)
{
    const ccs_known_failure *kfe = NULL;
    const ccs_diff_entry *e;

    if (why && cap)
        why[0] = '\0';
    if (!g || !c || !c->id || !is_failure(c))
        return CCS_GATE_PASSES;
    if (g->kf && ccs_known_failures_match(g->kf, c->id, g->today, &kfe) == CCS_KF_EXPIRED) {
        if (why && cap)
            snprintf(why, cap, "known failure expired %s (line %d)", kfe ? kfe->expires : "?", kfe ? kfe->line : 0);
        return CCS_GATE_FAILS;
    }
    if (c->known_failure)
        return verdict(CCS_GATE_EXCUSED, why, cap, "known failure");
    if (c->level && !strcmp(c->level, "SHOULD") && !(g->run && g->run->strict))
        return verdict(CCS_GATE_EXCUSED, why, cap, "SHOULD case; counts with --strict");
    if (!g->diff)
        return verdict(CCS_GATE_FAILS, why, cap, "failing");
    e = find_entry(g->diff, c->id);
    if (!e || !e->base)
        return verdict(CCS_GATE_EXCUSED, why, cap, "new case, not in the baseline");
    switch (e->cls) {
    case CCS_DIFF_REGRESSED:
        return verdict(CCS_GATE_FAILS, why, cap, "regressed: PASS in the baseline");
    case CCS_DIFF_STILL_FAILING:
        return verdict(CCS_GATE_EXCUSED, why, cap, "still failing: failing in the baseline too");
    default:
        /* SKIP in the baseline: never judged there, like a new case. */
        return verdict(CCS_GATE_EXCUSED, why, cap, "not judged in the baseline");
    }
}

size_t ccs_gate_count(const ccs_gate *g)
{
    size_t i, n = 0;

    for (i = 0; g && g->run && i < g->run->count; i++)
        if (ccs_gate_case(g, &g->run->cases[i], NULL, 0) == CCS_GATE_FAILS)
            n++;
    return n;
}

/* Workflow-command escaping: data needs %, CR, LF; properties also ':' ','. */
static void put_escaped(FILE *out, const char *s, int property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': fputs(property ? "%3A" : ":", out); break;
        case ',': fputs(property ? "%2C" : ",", out); break;
        default: fputc(*s, out);
        }
    }
}

static int annotate_one(FILE *out, const char *kind, const char *label, const ccs_case_result *c, const char *why)
{
    size_t n = (label ? strlen(label) : 0) + strlen(c->id) + 3;
    char *raw = malloc(n), *title = NULL, *msg = NULL;
    int rc = -1;

    if (!raw)
        goto done;
    snprintf(raw, n, "%s%s%s", label ? label : "", label ? ": " : "", c->id);
    title = ccs_escape_clean(raw, 0);
    msg = ccs_escape_clean(c->message ? c->message : "", ANNOTATION_MAX_BYTES);
    if (!title || !msg)
        goto done;
    fprintf(out, "::%s title=", kind);
    put_escaped(out, title, 1);
    fprintf(out, "::%s (%s): ", ccs_verdict_name(c->verdict), why);
    put_escaped(out, msg, 0);
    fputc('\n', out);
    rc = 0;
done:
    free(raw);
    free(title);
    free(msg);
    return rc;
}

int ccs_gate_annotate_github(const ccs_gate *g, const char *label, size_t max_lines, FILE *out, ccs_error *err)
{
    size_t i, lines = 0, rest = 0;
    int pass, rc = CCS_OK;
    char why[160];

    if (!g || !g->run || !out)
        return ccs_error_set(err, CCS_EINVAL, -1, "annotate: no run or no output");
    /* Gating failures first: CI front ends show only the first few. */
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < g->run->count; i++) {
            const ccs_case_result *c = &g->run->cases[i];
            ccs_gate_class cls = ccs_gate_case(g, c, why, sizeof why);

            if (cls != (pass == 0 ? CCS_GATE_FAILS : CCS_GATE_EXCUSED))
                continue;
            if (max_lines && lines >= max_lines) {
                rest++;
                continue;
            }
            if (annotate_one(out, cls == CCS_GATE_FAILS ? "error" : "warning", label, c, why)) {
                rc = ccs_error_set(err, CCS_ENOMEM, -1, "annotate: out of memory");
                goto done;
            }
            lines++;
        }
    }
    if (rest) {
        fputs("::notice title=", out);
        put_escaped(out, label ? label : "ccs run", 1);
        fprintf(out, "::%zu more failing cases are not annotated; see the uploaded reports\n", rest);
    }
    if (fflush(out) != 0)
        rc = ccs_error_set(err, CCS_EIO, -1, "annotate: write failed");
done:
    return rc;
}
