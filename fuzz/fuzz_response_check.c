/* Harness: arbitrary JSON through the contract checker, the matcher and the
 * report writers.
 *
 * Input: EXPECTED NUL ACTUAL (two JSON texts split at the first NUL byte,
 * which JSON text cannot contain); without a NUL both are the same text.
 * Properties:
 *  - the checker and matcher never crash whatever the shapes;
 *  - an expectation without patterns or templates ("{{") matches itself;
 *  - a run record built from the input's strings (every verdict, HTML/XML
 *    metacharacters and invalid UTF-8 included) is written by every writer,
 *    and results.json reads back to the same record;
 *  - the results.json reader copes with whatever JSON it is given;
 *  - the checker's violations are well formed (pointer and texts within
 *    their limits);
 *  - every node of the actual value (up to MAX_POINTED) is found again by
 *    ccs_match_pointer from its RFC 6901 pointer (~0 and ~1 escapes, any
 *    depth, long keys). */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ccs/contract.h"
#include "ccs/match.h"
#include "ccs/result.h"
#include "fuzz_common.h"
#include "ccs/escape.h"
#include "ccs/fs.h"
#include "ccs/report.h"

/* Planted in every run record: no report may show it whole. */
#define SECRET_KEY "sk_test_FUZZsecret0123456789abcd"
#define SECRET_PART "FUZZsecret0123456789"

static ccs_contracts *contracts;
static char tmpdir[256];
static char results_path[300];
static char input_path[300];

static const char *const report_files[] = {"junit.xml", "summary.md", "report.html", "history.jsonl",
                                           "matrix.html", "matrix.md"};

static void remove_dir(const char *dir)
{
    char path[400];
    size_t i;

    for (i = 0; i < sizeof report_files / sizeof report_files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, report_files[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/results.json", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/input.json", dir);
    unlink(path);
    rmdir(dir);
}

/* A crash skips atexit: sweep the directories of processes that are gone. */
static void sweep_stale(const char *base)
{
    DIR *d = opendir(base);
    struct dirent *e;
    char path[400];
    long pid;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (sscanf(e->d_name, "ccs-fuzz-%ld", &pid) == 1 && pid > 0 && kill((pid_t)pid, 0) != 0 &&
            errno == ESRCH) {
            snprintf(path, sizeof path, "%s/%s", base, e->d_name);
            remove_dir(path);
        }
    }
    closedir(d);
}

static void remove_tmpdir(void)
{
    remove_dir(tmpdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *base = getenv("TMPDIR");

    (void)argc;
    (void)argv;
    contracts = fuzz_load_contracts(NULL);
    /* Prefer memory-backed storage: the writers run on every input. */
    if (!base)
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    sweep_stale(base);
    snprintf(tmpdir, sizeof tmpdir, "%s/ccs-fuzz-%ld", base, (long)getpid());
    remove_dir(tmpdir);
    if (mkdir(tmpdir, 0700) != 0) {
        perror("fuzz_response_check: mkdir");
        abort();
    }
    snprintf(results_path, sizeof results_path, "%s/results.json", tmpdir);
    snprintf(input_path, sizeof input_path, "%s/input.json", tmpdir);
    atexit(remove_tmpdir);
    return 0;
}

/* A check's violations: texts terminated within their limits. */
static void check_violations(const ccs_violations *v)
{
    size_t i;

    for (i = 0; i < v->count; i++) {
        const ccs_violation *x = &v->items[i];

        FUZZ_CHECK(x->pointer && x->expected && x->actual, "violation text missing");
        FUZZ_CHECK(strlen(x->pointer) < CCS_VIOLATION_POINTER_MAX, "pointer over the limit");
        FUZZ_CHECK(strlen(x->expected) < CCS_VIOLATION_TEXT_MAX, "expected over the limit");
        FUZZ_CHECK(strlen(x->actual) < CCS_VIOLATION_TEXT_MAX, "actual over the limit");
    }
}

/* Pointers are checked for this many nodes of a value, in document order. */
#define MAX_POINTED 64
/* ccs_match_pointer keeps a segment of up to this many bytes. */
#define MAX_SEGMENT 511

typedef struct pointed {
    char *ptr;
    size_t len, cap;
    int count;
} pointed;

static void ptr_put(pointed *p, const char *s, size_t n)
{
    if (p->len + n + 1 > p->cap) {
        size_t cap = (p->len + n + 1) * 2;
        char *np = realloc(p->ptr, cap);

        FUZZ_CHECK(np != NULL, "out of memory");
        p->ptr = np;
        p->cap = cap;
    }
    memcpy(p->ptr + p->len, s, n);
    p->len += n;
    p->ptr[p->len] = '\0';
}

/* What a pointer step to member `name` of obj reaches: its first member of
 * that name (the matcher looks names up like cJSON does). */
static const cJSON *first_named(const cJSON *obj, const char *name)
{
    const cJSON *c;

    for (c = obj->child; c; c = c->next)
        if (c->string && !strcmp(c->string, name))
            return c;
    return NULL;
}

static void point_at(const cJSON *root, const cJSON *v, pointed *p)
{
    const cJSON *c;
    size_t mark = p->len;
    int i = 0;
    char num[24];

    for (c = v->child; c && p->count < MAX_POINTED; c = c->next, i++) {
        p->len = mark;
        ptr_put(p, "/", 1);
        if (cJSON_IsArray(v)) {
            ptr_put(p, num, (size_t)snprintf(num, sizeof num, "%d", i));
        } else {
            const char *k = c->string ? c->string : "";

            if (strlen(k) > MAX_SEGMENT || first_named(v, k) != c)
                continue; /* cut by the matcher, or hidden behind an earlier twin */
            for (; *k; k++)
                ptr_put(p, *k == '~' ? "~0" : *k == '/' ? "~1" : k, (*k == '~' || *k == '/') ? 2 : 1);
        }
        p->count++;
        FUZZ_CHECK(ccs_match_pointer(root, p->ptr) == c, "pointer %.300s does not find its node", p->ptr);
        point_at(root, c, p);
    }
    p->len = mark;
}

static void run_pointers(const cJSON *actual)
{
    pointed p = {0};

    ptr_put(&p, "", 0);
    FUZZ_CHECK(ccs_match_pointer(actual, "") == actual, "the empty pointer is not the root");
    point_at(actual, actual, &p);
    free(p.ptr);
}

static void run_checker(const cJSON *actual)
{
    static const char *const names[] = {"checkout.session", "item", "list", "error"};
    const char *guess = ccs_contract_guess(actual);
    size_t i;

    if (!contracts)
        return;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        ccs_violations v = {0};
        ccs_error err;

        ccs_error_clear(&err);
        ccs_contract_check(contracts, names[i], actual, "", &v, &err);
        check_violations(&v);
        ccs_violations_free(&v);
    }
    if (guess) {
        ccs_violations v = {0};

        ccs_contract_check(contracts, guess, actual, "", &v, NULL);
        check_violations(&v);
        ccs_violations_free(&v);
    }
}

static int has_template(const cJSON *v)
{
    const cJSON *c;

    if ((v->string && strstr(v->string, "{{")) ||
        (cJSON_IsString(v) && strstr(v->valuestring, "{{")))
        return 1;
    for (c = v->child; c; c = c->next)
        if (has_template(c))
            return 1;
    return 0;
}

/* The matcher looks members up by name: {"a":1,"a":2} cannot match itself. */
static int has_dup_keys(const cJSON *v)
{
    const cJSON *c, *d;

    for (c = v->child; c; c = c->next) {
        if (cJSON_IsObject(v))
            for (d = c->next; d; d = d->next)
                if (strcmp(c->string, d->string) == 0)
                    return 1;
        if (has_dup_keys(c))
            return 1;
    }
    return 0;
}

static void run_matcher(const cJSON *expected, const cJSON *actual, int same_text)
{
    ccs_template_ctx ctx;
    cJSON *captures = cJSON_CreateObject(), *config = cJSON_CreateObject();
    ccs_mismatch mm;
    ccs_error err;
    int rc;

    if (!captures || !config)
        goto done;
    cJSON_AddItemToObject(captures, "s", cJSON_Duplicate(actual, 1));
    cJSON_AddStringToObject(config, "api_key", "sk_test_fuzzfuzzfuzz1234");
    cJSON_AddStringToObject(config, "price_id", "price_fuzz");
    memset(&ctx, 0, sizeof ctx);
    ctx.captures = captures;
    ctx.config = config;
    ctx.run_id = "20260101T000000Z";
    ctx.uuid = "00000000-0000-4000-8000-000000000000";
    ctx.now = 1767225600;

    ccs_error_clear(&err);
    rc = ccs_match_json(expected, actual, "", &ctx, &mm, &err);
    FUZZ_CHECK(memchr(mm.pointer, '\0', sizeof mm.pointer) && memchr(mm.message, '\0', sizeof mm.message),
               "mismatch text not terminated");
    ccs_match_json(expected, NULL, "/base", NULL, &mm, &err);
    if (same_text && !has_template(expected) && !has_dup_keys(expected) && fuzz_json_finite(expected)) {
        ccs_error_clear(&err);
        rc = ccs_match_json(expected, actual, "", &ctx, &mm, &err);
        FUZZ_CHECK(rc == CCS_OK && !mm.failed, "a value does not match itself at %s: %s (%s)",
                   mm.pointer, mm.message, err.message);
    }
    if (cJSON_IsString(actual)) {
        ccs_match_string(expected, actual->valuestring, "Header", &ctx, &mm, &err);
        ccs_match_pointer(expected, actual->valuestring);
        ccs_match_is_pattern(actual->valuestring);
        ccs_match_pattern_check(actual->valuestring, &err);
    }
    if (cJSON_IsString(expected))
        ccs_match_pointer(actual, expected->valuestring);
done:
    cJSON_Delete(captures);
    cJSON_Delete(config);
}

/* String leaves of the input, in order, to fill the run record with. */
typedef struct strs {
    const char *s[16];
    int n;
} strs;

static void collect_strings(const cJSON *v, strs *out)
{
    const cJSON *c;

    if (out->n < 16 && v->string)
        out->s[out->n++] = v->string;
    if (out->n < 16 && cJSON_IsString(v))
        out->s[out->n++] = v->valuestring;
    for (c = v->child; c && out->n < 16; c = c->next)
        collect_strings(c, out);
}

static char *pick(const strs *s, int i)
{
    /* Some members stay NULL: absent strings must be handled too. */
    if (s->n == 0 || i % 7 == 6)
        return NULL;
    return strdup(s->s[i % s->n]);
}

/* Report text: valid UTF-8, no control characters but TAB/LF/CR (XML 1.0
 * forbids them; a browser or CI parser would reject the file). */
static void check_text(const char *what, const unsigned char *p, size_t n)
{
    size_t i = 0, k;

    while (i < n) {
        k = fuzz_utf8_len(p + i, n - i);
        FUZZ_CHECK(k > 0, "%s: invalid UTF-8 at byte %zu", what, i);
        FUZZ_CHECK(k > 1 || p[i] >= 0x20 || p[i] == '\t' || p[i] == '\n' || p[i] == '\r',
                   "%s: control byte 0x%02x at %zu", what, p[i], i);
        i += k;
    }
}

static size_t count_substr(const char *hay, size_t n, const char *needle)
{
    size_t c = 0, m = strlen(needle);
    const char *p = hay, *end = hay + n;

    while (p < end && (p = memmem(p, (size_t)(end - p), needle, m)) != NULL) {
        c++;
        p += m;
    }
    return c;
}

/* Set per input: the input itself holds the secret's hidden part, so a
 * report may show it (as input text, not as the planted key). */
static int input_has_secret;

static void check_report(const char *name, size_t testcases)
{
    char path[400];
    size_t len = 0;
    char *text = NULL;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    ccs_fs_read_file(path, (size_t)64 << 20, &text, &len, NULL);
    FUZZ_CHECK(text != NULL, "%s was not written", name);
    if (strcmp(name, "history.jsonl") != 0)
        check_text(name, (const unsigned char *)text, len);
    FUZZ_CHECK(input_has_secret || !memmem(text, len, SECRET_PART, strlen(SECRET_PART)),
               "%s shows the API key", name);
    if (testcases != (size_t)-1)
        FUZZ_CHECK(count_substr(text, len, "<testcase ") == testcases, "%s: %zu testcases, want %zu",
                   name, count_substr(text, len, "<testcase "), testcases);
    free(text);
}

static void write_reports(const ccs_run_result *run)
{
    char path[400];
    ccs_history hist;
    ccs_error err;
    int rc;

#define REPORT_PATH(name) (snprintf(path, sizeof path, "%s/%s", tmpdir, name), path)
    ccs_error_clear(&err);
    rc = ccs_report_write_junit(run, REPORT_PATH("junit.xml"), &err);
    FUZZ_CHECK(rc == CCS_OK, "junit: %s", err.message);
    check_report("junit.xml", run->count);
    rc = ccs_report_write_markdown(run, REPORT_PATH("summary.md"), &err);
    FUZZ_CHECK(rc == CCS_OK, "markdown: %s", err.message);
    check_report("summary.md", (size_t)-1);
    /* A fresh history of this run alone: the file must load back. */
    unlink(REPORT_PATH("history.jsonl"));
    rc = ccs_report_history_append(run, path, &err);
    FUZZ_CHECK(rc == CCS_OK, "history append: %s", err.message);
    check_report("history.jsonl", (size_t)-1);
    memset(&hist, 0, sizeof hist);
    rc = ccs_report_history_load(REPORT_PATH("history.jsonl"), 0, &hist, &err);
    FUZZ_CHECK(rc == CCS_OK && hist.count == 1 && hist.malformed == 0,
               "history does not load back: rc %d, %zu entries, %zu malformed: %s", rc, hist.count,
               hist.malformed, err.message);
    rc = ccs_report_write_html(run, &hist, REPORT_PATH("report.html"), &err);
    FUZZ_CHECK(rc == CCS_OK, "html: %s", err.message);
    check_report("report.html", (size_t)-1);
    ccs_history_free(&hist);
#ifdef CCS_FUZZ_HAVE_MATRIX
    rc = ccs_report_write_matrix_html(run, 1, REPORT_PATH("matrix.html"), &err);
    FUZZ_CHECK(rc == CCS_OK, "matrix html: %s", err.message);
    check_report("matrix.html", (size_t)-1);
    rc = ccs_report_write_matrix_markdown(run, 1, REPORT_PATH("matrix.md"), &err);
    FUZZ_CHECK(rc == CCS_OK, "matrix markdown: %s", err.message);
    check_report("matrix.md", (size_t)-1);
#endif
#undef REPORT_PATH
}

/* ccs_escape_clean on raw input bytes: valid UTF-8 out, keys redacted. */
static void run_escape(const uint8_t *data, size_t size)
{
    char *s = fuzz_strndup_clean(data, size, ' '), *clean;
    size_t max = size ? data[0] : 0;

    if (!s)
        return;
    clean = ccs_escape_clean(s, max);
    FUZZ_CHECK(clean != NULL, "escape_clean failed");
    check_text("ccs_escape_clean", (const unsigned char *)clean, strlen(clean));
    free(clean);
    free(s);
}

static int str_eq(const char *a, const char *b)
{
    return (!a || !b) ? a == b : strcmp(a, b) == 0;
}

static void run_reports(const cJSON *expected, const cJSON *actual, const uint8_t *data, size_t size)
{
    ccs_run_result run, back;
    strs s = {{0}, 0};
    ccs_error err;
    size_t i, ncases = 1 + (size % 4);
    int k = 0, rc;

    memset(&run, 0, sizeof run);
    memset(&back, 0, sizeof back);
    collect_strings(expected, &s);
    collect_strings(actual, &s);
    run.run_id = pick(&s, k++);
    if (!run.run_id || !*run.run_id) { /* every run has an id */
        free(run.run_id);
        run.run_id = strdup("20260101T000000Z");
    }
    run.target = pick(&s, k++);
    run.target_name = pick(&s, k++);
    run.profile = pick(&s, k++);
    run.strict = size & 1;
    run.started_at = 1767225600.5;
    run.duration_ms = (double)size / 3.0;
    for (i = 0; i < ncases; i++) {
        ccs_case_result *c = ccs_result_add(&run);

        if (!c)
            goto done;
        c->id = pick(&s, k++);
        if (!c->id || !*c->id) { /* every recorded case has an id */
            free(c->id);
            c->id = strdup("case.fallback");
        }
        c->area = pick(&s, k++);
        c->description = pick(&s, k++);
        c->level = pick(&s, k++);
        c->profile = pick(&s, k++);
        c->requirement = pick(&s, k++);
        c->verdict = (ccs_verdict)((size ? data[i % size] : 0) % 4);
        c->known_failure = (int)(i & 1);
        c->duration_ms = (double)i * 1.25;
        c->message = pick(&s, k++);
        c->pointer = pick(&s, k++);
        c->expected = pick(&s, k++);
        c->actual = pick(&s, k++);
        c->curl = i == 0 ? strdup("curl -u " SECRET_KEY ": http://127.0.0.1/") : pick(&s, k++);
        c->request = pick(&s, k++);
        c->response = pick(&s, k++);
    }
    ccs_result_gate_failed(&run);

    ccs_error_clear(&err);
    rc = ccs_result_write_json(&run, results_path, &err);
    FUZZ_CHECK(rc == CCS_OK, "results.json write failed: %s", err.message);
    rc = ccs_result_read_json(results_path, &back, &err);
    FUZZ_CHECK(rc == CCS_OK, "results.json does not read back: %s", err.message);
    FUZZ_CHECK(back.count == run.count, "read back %zu cases, wrote %zu", back.count, run.count);
    FUZZ_CHECK(str_eq(back.run_id, run.run_id) && str_eq(back.target, run.target) &&
                   back.strict == run.strict,
               "run fields changed through results.json");
    for (i = 0; i < run.count; i++) {
        const ccs_case_result *a = &run.cases[i], *b = &back.cases[i];

        FUZZ_CHECK(a->verdict == b->verdict && a->known_failure == b->known_failure &&
                       str_eq(a->id, b->id) && str_eq(a->message, b->message) &&
                       str_eq(a->expected, b->expected) && str_eq(a->response, b->response) &&
                       a->duration_ms == b->duration_ms,
                   "case %zu changed through results.json", i);
    }
    write_reports(&run);
done:
    ccs_result_free(&back);
    ccs_result_free(&run);
}

/* The reader on the input itself (what `ccs diff` does with a stranger's file). */
static void run_reader(const char *text, size_t len)
{
    FILE *f = fopen(input_path, "wb");
    ccs_run_result run;
    ccs_error err;

    if (!f)
        return;
    fwrite(text, 1, len, f);
    fclose(f);
    ccs_error_clear(&err);
    if (ccs_result_read_json(input_path, &run, &err) == CCS_OK) {
        ccs_result_gate_failed(&run);
        ccs_result_count(&run, CCS_FAIL);
    }
    ccs_result_free(&run);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t elen = nul ? (size_t)(nul - data) : size;
    const char *atext = nul ? (const char *)nul + 1 : (const char *)data;
    size_t alen = nul ? size - elen - 1 : size;
    cJSON *expected = cJSON_ParseWithLength((const char *)data, elen);
    cJSON *actual = cJSON_ParseWithLength(atext, alen);

    input_has_secret = memmem(data, size, SECRET_PART, strlen(SECRET_PART)) != NULL;
    run_escape(data, size);
    if (actual) {
        run_checker(actual);
        run_pointers(actual);
        if (alen < 64 || memmem(atext, alen, "\"cases\"", 7))
            run_reader(atext, alen);
    }
    if (expected && actual) {
        run_matcher(expected, actual, nul == NULL);
        run_reports(expected, actual, data, size);
    }
    cJSON_Delete(expected);
    cJSON_Delete(actual);
    return 0;
}
