/* Known-failures file: parse, match by glob, honour expiry dates. */
#include "ccs/known_failures.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ccs/fs.h"

#define MAX_FILE_BYTES ((size_t)16 << 20)

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Strict YYYY-MM-DD with a real calendar day. */
static int valid_date(const char *s, size_t n)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, i;

    if (n != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return 0;
    y = atoi(s);
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1970 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= days[m - 1] + (m == 2 && leap(y));
}

/* Characters a case id or a glob over ids may contain. */
static int pattern_char(int ch)
{
    return isalnum(ch) || strchr("._-:/*?[]!", ch) != NULL;
}

static int add_entry(ccs_known_failures *kf, size_t *cap, ccs_known_failure *e)
{
    if (kf->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        ccs_known_failure *p = realloc(kf->entries, ncap * sizeof *p);

        if (!p)
            return -1;
        kf->entries = p;
        *cap = ncap;
    }
    kf->entries[kf->count++] = *e;
    return 0;
}

static char *dup_range(const char *s, size_t n)
{
    char *p = malloc(n + 1);

    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* One line (without its newline). Fills e; a blank/comment line leaves
 * e->pattern NULL. */
static int parse_line(const char *s, size_t n, int lineno, const char *name,
                      ccs_known_failure *e, ccs_error *err)
{
    size_t i = 0, start;
    int rc = CCS_OK;

    memset(e, 0, sizeof *e);
    e->line = lineno;
    while (n > 0 && (s[n - 1] == '\r' || isspace((unsigned char)s[n - 1])))
        n--;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    if (i == n || s[i] == '#')
        goto done;
    start = i;
    while (i < n && !isspace((unsigned char)s[i]) && s[i] != '#') {
        if (!pattern_char((unsigned char)s[i])) {
            rc = ccs_error_set(err, CCS_EINVAL, lineno,
                               "%s:%d: character '%c' is not allowed in a case id or glob", name,
                               lineno, isprint((unsigned char)s[i]) ? s[i] : '?');
            goto done;
        }
        i++;
    }
    e->pattern = dup_range(s + start, i - start);
    if (!e->pattern) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "%s: out of memory", name);
        goto done;
    }
    for (;;) {
        size_t tok;

        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (i == n)
            break;
        if (s[i] == '#') {
            i++;
            while (i < n && isspace((unsigned char)s[i]))
                i++;
            if (i < n && !(e->reason = dup_range(s + i, n - i)))
                rc = ccs_error_set(err, CCS_ENOMEM, -1, "%s: out of memory", name);
            break;
        }
        tok = i;
        while (i < n && !isspace((unsigned char)s[i]))
            i++;
        if (i - tok > 8 && !strncmp(s + tok, "expires=", 8)) {
            if (e->expires[0]) {
                rc = ccs_error_set(err, CCS_EINVAL, lineno, "%s:%d: expires= given twice", name,
                                   lineno);
                break;
            }
            if (!valid_date(s + tok + 8, i - tok - 8)) {
                rc = ccs_error_set(err, CCS_EINVAL, lineno,
                                   "%s:%d: invalid date '%.*s' (want expires=YYYY-MM-DD)", name,
                                   lineno, (int)(i - tok - 8 > 40 ? 40 : i - tok - 8),
                                   s + tok + 8);
                break;
            }
            memcpy(e->expires, s + tok + 8, 10);
            e->expires[10] = '\0';
        } else {
            rc = ccs_error_set(err, CCS_EINVAL, lineno,
                               "%s:%d: unexpected '%.*s' (want: CASE_ID_OR_GLOB "
                               "[expires=YYYY-MM-DD] [# reason])",
                               name, lineno, (int)(i - tok > 40 ? 40 : i - tok), s + tok);
            break;
        }
    }
done:
    if (rc != CCS_OK) {
        free(e->pattern);
        free(e->reason);
        e->pattern = e->reason = NULL;
    }
    return rc;
}

int ccs_known_failures_parse(const char *text, size_t len, const char *name,
                             ccs_known_failures *out, ccs_error *err)
{
    ccs_known_failures kf = {0};
    ccs_known_failure e;
    size_t pos = 0, cap = 0;
    int lineno = 0, rc = CCS_OK;

    if (out)
        memset(out, 0, sizeof *out);
    name = name ? name : "known failures";
    if (!out || (!text && len)) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "%s: nothing to parse", name);
        goto done;
    }
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

        lineno++;
        if (memchr(text + pos, '\0', n)) {
            rc = ccs_error_set(err, CCS_EINVAL, lineno, "%s:%d: NUL byte in line", name, lineno);
            goto done;
        }
        if ((rc = parse_line(text + pos, n, lineno, name, &e, err)))
            goto done;
        if (e.pattern && add_entry(&kf, &cap, &e)) {
            free(e.pattern);
            free(e.reason);
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "%s: out of memory", name);
            goto done;
        }
        pos += n + (nl ? 1 : 0);
    }
    *out = kf;
    memset(&kf, 0, sizeof kf);
done:
    ccs_known_failures_free(&kf);
    return rc;
}

int ccs_known_failures_load(const char *path, ccs_known_failures *out, ccs_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = CCS_OK;

    if (out)
        memset(out, 0, sizeof *out);
    if (!path) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "known failures: no file given");
        goto done;
    }
    rc = ccs_fs_read_file(path, MAX_FILE_BYTES, &buf, &len, err);
    if (rc != CCS_OK)
        goto done;
    rc = ccs_known_failures_parse(buf, len, path, out, err);
done:
    free(buf);
    return rc;
}

void ccs_known_failures_free(ccs_known_failures *kf)
{
    size_t i;

    if (!kf)
        return;
    for (i = 0; i < kf->count; i++) {
        free(kf->entries[i].pattern);
        free(kf->entries[i].reason);
    }
    free(kf->entries);
    memset(kf, 0, sizeof *kf);
}

ccs_kf_match ccs_known_failures_match(const ccs_known_failures *kf, const char *id,
                                      const char *today, const ccs_known_failure **entry)
{
    const ccs_known_failure *expired = NULL;
    ccs_kf_match m = CCS_KF_NOT_LISTED;
    char now[16];
    size_t i;

    if (entry)
        *entry = NULL;
    if (!kf || !id)
        goto done;
    if (!today) {
        time_t t = time(NULL);
        struct tm tm;

        gmtime_r(&t, &tm);
        strftime(now, sizeof now, "%Y-%m-%d", &tm);
        today = now;
    }
    for (i = 0; i < kf->count; i++) {
        const ccs_known_failure *e = &kf->entries[i];

        if (fnmatch(e->pattern, id, 0) != 0)
            continue;
        /* ISO dates compare as strings; the expiry day itself still counts. */
        if (e->expires[0] && strcmp(today, e->expires) > 0) {
            if (!expired)
                expired = e;
            continue;
        }
        m = CCS_KF_LISTED;
        if (entry)
            *entry = e;
        goto done;
    }
    if (expired) {
        m = CCS_KF_EXPIRED;
        if (entry)
            *entry = expired;
    }
done:
    return m;
}

long ccs_known_failures_apply(const ccs_known_failures *kf, ccs_run_result *run,
                              const char *today, ccs_error *err)
{
    const ccs_known_failure *e;
    long expired = 0;
    size_t i;

    if (!run)
        return 0;
    for (i = 0; i < run->count; i++) {
        ccs_case_result *c = &run->cases[i];
        ccs_kf_match m = ccs_known_failures_match(kf, c->id, today, &e);
        char *msg;
        size_t n;

        c->known_failure = m == CCS_KF_LISTED;
        if (m != CCS_KF_EXPIRED || (c->verdict != CCS_FAIL && c->verdict != CCS_ERROR))
            continue;
        expired++;
        n = strlen(c->message ? c->message : "") + 80;
        msg = malloc(n);
        if (!msg) {
            ccs_error_set(err, CCS_ENOMEM, -1, "known failures: out of memory");
            return -1;
        }
        snprintf(msg, n, "[known failure expired %s, line %d] %s", e->expires, e->line,
                 c->message ? c->message : "");
        free(c->message);
        c->message = msg;
    }
    return expired;
}
