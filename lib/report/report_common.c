/* Shared plumbing of the report writers: atomic output files, per-area
 * counts, first lines and timestamps. */
#include "report_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ccs/escape.h"

int ccs_report_out_open(ccs_report_out *o, const char *path, ccs_error *err)
{
    size_t n;
    int rc = CCS_OK;

    memset(o, 0, sizeof *o);
    o->path = path;
    if (!path || !*path) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "report path is empty");
        goto done;
    }
    n = strlen(path);
    o->tmp = malloc(n + 5);
    if (!o->tmp) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    memcpy(o->tmp, path, n);
    memcpy(o->tmp + n, ".tmp", 5);
    o->f = fopen(o->tmp, "w");
    if (!o->f) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot write %s: %s", path, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
    }
done:
    return rc;
}

int ccs_report_out_close(ccs_report_out *o, int ok, ccs_error *err)
{
    int rc = CCS_OK, werr = 0, saved = 0;

    if (!o->f)
        goto done;
    if (fflush(o->f) != 0 || ferror(o->f)) {
        werr = 1;
        saved = errno;
    }
    if (fclose(o->f) != 0 && !werr) {
        werr = 1;
        saved = errno;
    }
    o->f = NULL;
    if (!ok) {
        remove(o->tmp);
        goto done;
    }
    if (werr) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot write %s: %s", o->path,
                           saved ? strerror(saved) : "write error");
        remove(o->tmp);
        goto done;
    }
    if (rename(o->tmp, o->path) != 0) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot write %s: %s", o->path, strerror(errno));
        remove(o->tmp);
    }
done:
    free(o->tmp);
    o->tmp = NULL;
    return rc;
}

const char *ccs_report_area_name(const ccs_case_result *c)
{
    return (c->area && *c->area) ? c->area : "(none)";
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const ccs_report_area *)a)->name, ((const ccs_report_area *)b)->name);
}

int ccs_report_areas(const ccs_run_result *run, ccs_report_area **out, size_t *n,
                     ccs_error *err)
{
    ccs_report_area *areas = NULL;
    size_t count = 0, i, j;
    int rc = CCS_OK;

    *out = NULL;
    *n = 0;
    if (!run || run->count == 0)
        goto done;
    areas = calloc(run->count, sizeof *areas);  /* at most one area per case */
    if (!areas) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    for (i = 0; i < run->count; i++) {
        const ccs_case_result *c = &run->cases[i];
        const char *name = ccs_report_area_name(c);
        ccs_report_area *a = NULL;

        /* Linear search: runs have hundreds of cases and a dozen areas. */
        for (j = 0; j < count; j++) {
            if (!strcmp(areas[j].name, name)) {
                a = &areas[j];
                break;
            }
        }
        if (!a) {
            a = &areas[count++];
            a->name = name;
        }
        switch (c->verdict) {
        case CCS_PASS: a->pass++; break;
        case CCS_FAIL: a->fail++; break;
        case CCS_ERROR: a->error++; break;
        default: a->skip++; break;
        }
        if (c->known_failure)
            a->known++;
        a->total++;
        if (isfinite(c->duration_ms) && c->duration_ms > 0)
            a->ms += c->duration_ms;
    }
    qsort(areas, count, sizeof *areas, by_name);
    *out = areas;
    *n = count;
done:
    return rc;
}

char *ccs_report_first_line(const char *s, size_t max)
{
    /* Clean first: cutting raw text could leave a partial key that no longer
     * looks like one. */
    char *out = ccs_escape_clean(s, 0);
    size_t n;

    if (!out)
        return NULL;
    n = strcspn(out, "\r\n");
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80)
            n--;
    }
    out[n] = '\0';
    return out;
}

void ccs_report_iso_time(double t, char *buf, size_t bufsz)
{
    struct tm tm;
    time_t secs;

    /* Between 1970 and 9999: anything else is a corrupt record. */
    if (!isfinite(t) || t < 0 || t > 253402300799.0) {
        snprintf(buf, bufsz, "unknown");
        return;
    }
    secs = (time_t)t;
    if (!gmtime_r(&secs, &tm) || strftime(buf, bufsz, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, bufsz, "unknown");
}
