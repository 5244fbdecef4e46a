/* Report writers against a hostile run: every output must be well formed,
 * escaped, complete, and free of the full API key. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "ccs/report.h"
#include "ccs/result.h"

#define KEY "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
#define KEY_TAIL "4eC39HqLyjWDarjtT1zdp7dc"
#define HOSTILE "<script>alert(1)</script> ]]> \"q\" 'a' & \x01 \xff " KEY

static char dir_[64];

static void make_dir(void)
{
    snprintf(dir_, sizeof dir_, "/tmp/ccs-report-XXXXXX");
    cr_assert_not_null(mkdtemp(dir_));
}

static void remove_dir(void)
{
    char cmd[256];

    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", dir_, dir_);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(report, .init = make_dir, .fini = remove_dir);

static const char *in_dir(const char *name)
{
    static char path[8][256];
    static int slot;
    char *p = path[slot++ % 8];

    snprintf(p, 256, "%s/%s", dir_, name);
    return p;
}

static char *slurp(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    cr_assert_not_null(f, "open %s", path);
    cr_assert_eq(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    cr_assert_geq(n, 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len_out)
        *len_out = (size_t)n;
    return buf;
}

static size_t count_str(const char *hay, const char *needle)
{
    size_t n = 0;
    const char *p = hay;

    while ((p = strstr(p, needle))) {
        n++;
        p += strlen(needle);
    }
    return n;
}

/* ---- the hostile run ---------------------------------------------------- */

static ccs_case_result *add(ccs_run_result *run, const char *area, const char *id,
                            ccs_verdict v)
{
    ccs_case_result *c = ccs_result_add(run);

    cr_assert_not_null(c);
    c->area = area ? strdup(area) : NULL;
    c->id = strdup(id);
    c->level = strdup("MUST");
    c->profile = strdup("core");
    c->description = strdup("a case");
    c->requirement = strdup("\"mode\" is one of payment, setup, subscription (API reference)");
    c->verdict = v;
    c->duration_ms = 12.5;
    return c;
}

static void fill_failure(ccs_case_result *c, const char *message)
{
    c->message = strdup(message);
    c->pointer = strdup("/line_items/0/price|`x`");
    c->expected = strdup("\"payment\" | ```fenced``` " KEY);
    c->actual = strdup(HOSTILE "\nsecond line");
    c->curl = strdup("curl -u " KEY ": http://127.0.0.1:1/v1/checkout/sessions -d 'mode=x'");
    c->request = strdup("POST /v1/checkout/sessions HTTP/1.1\r\nAuthorization: Bearer " KEY
                        "\r\n\r\nmode=%3Cscript%3E");
    c->response = strdup("HTTP/1.1 400\r\n\r\n{\"error\":\"<script>alert('x')</script>\x01\xff\"}");
}

static void build_run(ccs_run_result *run, const char *run_id, int fails)
{
    ccs_case_result *c;

    memset(run, 0, sizeof *run);
    run->run_id = strdup(run_id);
    run->target = strdup("http://127.0.0.1:1");
    run->target_name = strdup("reference");
    run->profile = strdup("core");
    run->started_at = 1795000000.0;
    run->duration_ms = 1234;
    add(run, "create", "create.ok", CCS_PASS);
    add(run, "create", "create.ok2", CCS_PASS);
    c = add(run, "create", "create.mode.invalid", fails ? CCS_FAIL : CCS_PASS);
    if (fails)
        fill_failure(c, "status 200, expected 400 " HOSTILE "\nline two of the message");
    c = add(run, "errors", "errors.network", CCS_ERROR);
    c->message = strdup("connection refused");
    c = add(run, "errors", "errors.known", CCS_FAIL);
    c->known_failure = 1;
    fill_failure(c, "known broken");
    c = add(run, "pagination", "pagination.filters", CCS_SKIP);
    c->message = strdup("unsupported feature: list filters");
    c = add(run, "a<b>&\"area\x01", "hostile]]><id>&\xff", CCS_FAIL);
    fill_failure(c, KEY " at start");
    add(run, NULL, "no.area", CCS_PASS);
}

/* ---- a minimal XML 1.0 checker ---------------------------------------- */

typedef struct xnode {
    char name[64];
    char *attr_names[16];
    char *attr_values[16];
    int nattr;
    char *text;
    struct xnode *kids[64];
    int nkids;
} xnode;

typedef struct {
    const char *p;
    const char *err;
} xparser;

/* UTF-8 and XML Char production over the whole document. */
static const char *xml_chars_ok(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned c = s[i], cp, n, k;

        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return "control character";
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
        else return "invalid UTF-8 lead byte";
        if (i + n > len)
            return "truncated UTF-8";
        for (k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return "invalid UTF-8 continuation";
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF)
            return "overlong UTF-8";
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
            return "character not allowed in XML";
        i += n;
    }
    return NULL;
}

/* Decode character data up to `stop` (a char); checks entities. */
static char *xml_decode(xparser *x, char stop)
{
    size_t cap = 64, n = 0;
    char *out = malloc(cap);

    while (*x->p && *x->p != stop) {
        char ch = *x->p;

        if (n + 8 >= cap)
            out = realloc(out, cap *= 2);
        if (ch == '<') {
            x->err = "raw '<' in text or attribute";
            break;
        }
        if (stop == '<' && !strncmp(x->p, "]]>", 3)) {
            x->err = "']]>' in text";
            break;
        }
        if (ch == '&') {
            const char *semi = strchr(x->p, ';');
            static const char *const ents[][2] = {
                {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"}};
            size_t e, elen = semi ? (size_t)(semi - x->p) + 1 : 0;
            int found = 0;

            for (e = 0; e < 5 && semi; e++) {
                if (elen == strlen(ents[e][0]) && !strncmp(x->p, ents[e][0], elen)) {
                    out[n++] = ents[e][1][0];
                    found = 1;
                }
            }
            if (!found && semi && x->p[1] == '#') {
                long v = strtol(x->p + 2, NULL, 10);

                if (v == 9 || v == 10 || v == 13 || v == 39)
                    out[n++] = (char)v, found = 1;
            }
            if (!found) {
                x->err = "bad entity";
                break;
            }
            x->p += elen;
            continue;
        }
        out[n++] = ch;
        x->p++;
    }
    out[n] = '\0';
    return out;
}

static void skip_ws(xparser *x)
{
    while (*x->p == ' ' || *x->p == '\n' || *x->p == '\t' || *x->p == '\r')
        x->p++;
}

static void xfree(xnode *n)
{
    int i;

    if (!n)
        return;
    for (i = 0; i < n->nattr; i++) {
        free(n->attr_names[i]);
        free(n->attr_values[i]);
    }
    for (i = 0; i < n->nkids; i++)
        xfree(n->kids[i]);
    free(n->text);
    free(n);
}

static xnode *xparse_elem(xparser *x);

static xnode *xparse_content(xparser *x, xnode *n)
{
    size_t tlen = 0;

    n->text = calloc(1, 1);
    while (!x->err) {
        if (*x->p == '\0') {
            x->err = "unterminated element";
            break;
        }
        if (!strncmp(x->p, "</", 2)) {
            size_t len = strlen(n->name);

            x->p += 2;
            if (strncmp(x->p, n->name, len) != 0 || x->p[len] != '>') {
                x->err = "mismatched end tag";
                break;
            }
            x->p += len + 1;
            return n;
        }
        if (*x->p == '<') {
            xnode *k = xparse_elem(x);

            if (!k)
                break;
            if (n->nkids == 64) {
                x->err = "too many children for the checker";
                xfree(k);
                break;
            }
            n->kids[n->nkids++] = k;
            continue;
        }
        {
            char *t = xml_decode(x, '<');
            size_t l = strlen(t);

            n->text = realloc(n->text, tlen + l + 1);
            memcpy(n->text + tlen, t, l + 1);
            tlen += l;
            free(t);
        }
    }
    return NULL;
}

static xnode *xparse_elem(xparser *x)
{
    xnode *n = calloc(1, sizeof *n);
    size_t len;

    if (*x->p != '<') {
        x->err = "expected '<'";
        goto fail;
    }
    x->p++;
    len = strcspn(x->p, " \t\n/>");
    if (len == 0 || len >= sizeof n->name) {
        x->err = "bad element name";
        goto fail;
    }
    memcpy(n->name, x->p, len);
    x->p += len;
    for (;;) {
        skip_ws(x);
        if (!strncmp(x->p, "/>", 2)) {
            x->p += 2;
            return n;
        }
        if (*x->p == '>') {
            x->p++;
            if (xparse_content(x, n))
                return n;
            goto fail;
        }
        len = strcspn(x->p, "= \t\n/>");
        if (len == 0 || x->p[len] != '=' || x->p[len + 1] != '"' || n->nattr == 16) {
            x->err = "bad attribute";
            goto fail;
        }
        n->attr_names[n->nattr] = strndup(x->p, len);
        x->p += len + 2;
        n->attr_values[n->nattr++] = xml_decode(x, '"');
        if (x->err || *x->p != '"') {
            x->err = x->err ? x->err : "unterminated attribute";
            goto fail;
        }
        x->p++;
    }
fail:
    xfree(n);
    return NULL;
}

static xnode *xml_parse(const char *doc, size_t len)
{
    xparser x = {doc, NULL};
    const char *bad = xml_chars_ok((const unsigned char *)doc, len);
    xnode *root;

    cr_assert_null(bad, "junit.xml: %s", bad);
    cr_assert_eq(strncmp(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38), 0);
    x.p = doc + 38;
    skip_ws(&x);
    root = xparse_elem(&x);
    cr_assert_not_null(root, "junit.xml not well formed: %s near: %.60s", x.err, x.p);
    skip_ws(&x);
    cr_assert_eq(*x.p, '\0', "junk after root element");
    return root;
}

static const char *xattr(const xnode *n, const char *name)
{
    int i;

    for (i = 0; i < n->nattr; i++)
        if (!strcmp(n->attr_names[i], name))
            return n->attr_values[i];
    return NULL;
}

static const xnode *xkid(const xnode *n, const char *name)
{
    int i;

    for (i = 0; i < n->nkids; i++)
        if (!strcmp(n->kids[i]->name, name))
            return n->kids[i];
    return NULL;
}

static const xnode *find_case(const xnode *root, const char *id, int *seen)
{
    const xnode *found = NULL;
    int i, j;

    *seen = 0;
    for (i = 0; i < root->nkids; i++)
        for (j = 0; j < root->kids[i]->nkids; j++) {
            const xnode *tc = root->kids[i]->kids[j];

            if (!strcmp(tc->name, "testcase") && !strcmp(xattr(tc, "name"), id)) {
                found = tc;
                (*seen)++;
            }
        }
    return found;
}

/* ---- tests --------------------------------------------------------------- */

Test(report, checker_rejects_bad_xml)
{
    xparser x = {"<a><b></a>", NULL};
    xnode *n = xparse_elem(&x);

    cr_expect_null(n);
    cr_expect_not_null(x.err);
    x = (xparser){"<a x=\"1<\"/>", NULL};
    n = xparse_elem(&x);
    cr_expect_null(n);
    x = (xparser){"<a>]]></a>", NULL};
    cr_expect_null(xparse_elem(&x));
    x = (xparser){"<a>&bogus;</a>", NULL};
    cr_expect_null(xparse_elem(&x));
    cr_expect_not_null(xml_chars_ok((const unsigned char *)"\x01", 1));
    cr_expect_not_null(xml_chars_ok((const unsigned char *)"\xff", 1));
}

Test(report, junit_well_formed_with_counts_and_message_first)
{
    ccs_run_result run;
    ccs_error err;
    char *doc;
    size_t len;
    xnode *root;
    const xnode *tc, *el;
    int seen, i, cases = 0;

    build_run(&run, "run-1", 1);
    cr_assert_eq(ccs_report_write_junit(&run, in_dir("junit.xml"), &err), CCS_OK, "%s",
                 err.message);
    doc = slurp(in_dir("junit.xml"), &len);
    root = xml_parse(doc, len);
    cr_assert_str_eq(root->name, "testsuites");
    /* 8 cases: 3 failures (create.mode.invalid, hostile), 1 error,
     * 2 skipped (the skip and the known failure). */
    cr_expect_str_eq(xattr(root, "tests"), "8");
    cr_expect_str_eq(xattr(root, "failures"), "2");
    cr_expect_str_eq(xattr(root, "errors"), "1");
    cr_expect_str_eq(xattr(root, "skipped"), "2");
    cr_expect_str_eq(xattr(root, "time"), "0.100");
    /* One suite per area: (none), a<b>..., create, errors, pagination. */
    cr_expect_eq(root->nkids, 5);
    for (i = 0; i < root->nkids; i++) {
        cr_expect_str_eq(root->kids[i]->name, "testsuite");
        cases += root->kids[i]->nkids - 1;  /* minus <properties> */
    }
    cr_expect_eq(cases, 8);
    for (i = 0; i < (int)run.count; i++) {
        find_case(root, run.cases[i].id[0] == 'h' ? "hostile]]><id>&\xef\xbf\xbd" : run.cases[i].id,
                  &seen);
        cr_expect_eq(seen, 1, "case %s appears %d times", run.cases[i].id, seen);
    }

    tc = find_case(root, "create.mode.invalid", &seen);
    cr_assert_not_null(tc);
    cr_expect_str_eq(xattr(tc, "classname"), "ccs.create");
    cr_expect_str_eq(xattr(tc, "time"), "0.013");
    el = xkid(tc, "failure");
    cr_assert_not_null(el);
    /* The message attribute is the first line; the text starts with the message. */
    cr_expect_eq(strncmp(xattr(el, "message"), "status 200, expected 400 <script>", 33), 0,
                 "message=%s", xattr(el, "message"));
    cr_expect_null(strchr(xattr(el, "message"), '\n'));
    cr_expect_eq(strncmp(el->text, "status 200, expected 400 <script>alert(1)</script> ]]> \"q\"",
                         58), 0, "text=%.80s", el->text);
    cr_expect_not_null(strstr(el->text, "\nRequirement: \"mode\" is one of"));
    cr_expect_not_null(strstr(el->text, "\nPointer: /line_items/0/price"));
    cr_expect_not_null(strstr(el->text, "\nExpected: \"payment\""));
    cr_expect_not_null(strstr(el->text, "\nActual: <script>"));
    cr_expect_not_null(strstr(el->text, "\nReproduce: curl -u sk_test_\xe2\x80\xa6p7dc:"));
    cr_expect(strstr(el->text, "Requirement") < strstr(el->text, "Pointer") &&
              strstr(el->text, "Pointer") < strstr(el->text, "Expected") &&
              strstr(el->text, "Expected") < strstr(el->text, "Actual") &&
              strstr(el->text, "Actual") < strstr(el->text, "Reproduce"));
    cr_expect_not_null(xkid(tc, "system-out"));
    cr_expect_not_null(strstr(xkid(tc, "system-out")->text, "Response:\nHTTP/1.1 400"));

    tc = find_case(root, "errors.network", &seen);
    cr_expect_str_eq(xattr(xkid(tc, "error"), "message"), "connection refused");
    tc = find_case(root, "errors.known", &seen);
    cr_assert_not_null(xkid(tc, "skipped"));
    cr_expect_str_eq(xattr(xkid(tc, "skipped"), "message"), "known failure: known broken");
    tc = find_case(root, "pagination.filters", &seen);
    cr_expect_str_eq(xattr(xkid(tc, "skipped"), "message"), "unsupported feature: list filters");
    tc = find_case(root, "create.ok", &seen);
    cr_expect_eq(tc->nkids, 0);
    tc = find_case(root, "no.area", &seen);
    cr_expect_str_eq(xattr(tc, "classname"), "ccs.(none)");

    cr_expect_null(strstr(doc, KEY_TAIL));
    cr_expect_null(strstr(doc, "<script>"));
    xfree(root);
    free(doc);
    ccs_result_free(&run);
}

Test(report, markdown_has_header_table_and_failures)
{
    ccs_run_result run;
    ccs_error err;
    char *md;

    build_run(&run, "run-md", 1);
    cr_assert_eq(ccs_report_write_markdown(&run, in_dir("summary.md"), &err), CCS_OK, "%s",
                 err.message);
    md = slurp(in_dir("summary.md"), NULL);
    cr_expect_not_null(strstr(md, "# Conformance report: reference\n"));
    cr_expect_not_null(strstr(md, "| Run | run-md |"));
    cr_expect_not_null(strstr(md, "| Profile | core |"));
    cr_expect_not_null(strstr(md, "| Gate | **FAILED** |"));
    cr_expect_not_null(strstr(md, "| Cases | 8: 3 passed, 3 failed, 1 errors, 1 skipped (1 known failures) |"));
    cr_expect_not_null(strstr(md, "| Area | Pass | Fail | Error | Skip | Known failures | Total |"));
    cr_expect_not_null(strstr(md, "| create | 2 | 1 | 0 | 0 | 0 | 3 |"));
    cr_expect_not_null(strstr(md, "| errors | 0 | 1 | 1 | 0 | 1 | 2 |"));
    cr_expect_not_null(strstr(md, "| pagination | 0 | 0 | 0 | 1 | 0 | 1 |"));
    /* A hostile area name cannot break the table row. */
    cr_expect_not_null(strstr(md, "| a&lt;b&gt;&amp;\"area\xef\xbf\xbd | 0 | 1 |"));
    cr_expect_not_null(strstr(md, "## Failures (4)"));
    cr_expect_not_null(strstr(md, "### 1. FAIL create.mode.invalid (MUST)"));
    cr_expect_not_null(strstr(md, "### 2. ERROR errors.network (MUST)"));
    cr_expect_not_null(strstr(md, "errors.known (MUST) \xe2\x80\x94 known failure"));
    cr_expect_not_null(strstr(md, "**Requirement:** \"mode\" is one of"));
    cr_expect_not_null(strstr(md, "**Pointer:** /line\\_items/0/price\\|\\`x\\`"));
    /* Fences outlast the ``` in the expected value. */
    cr_expect_not_null(strstr(md, "**Expected:**\n\n````text\n\"payment\" | ```fenced```"));
    cr_expect_not_null(strstr(md, "**Reproduce:**\n\n```sh\ncurl -u sk_test_\xe2\x80\xa6p7dc:"));
    cr_expect_not_null(strstr(md, "## Skipped (1)"));
    cr_expect_not_null(strstr(md, "| pagination.filters | unsupported feature: list filters |"));
    /* Outside code blocks, HTML is neutralised. */
    cr_expect_not_null(strstr(md, "**Message:** status 200, expected 400 &lt;script&gt;"));
    cr_expect_null(strstr(md, KEY_TAIL));
    cr_expect_null(strstr(md, "\xff"));
    cr_expect_null(strchr(md, '\x01'));
    free(md);
    ccs_result_free(&run);
}

/* <script> only ever appears inside the data, so any raw one is a leak. */
Test(report, html_escaped_and_self_contained)
{
    ccs_run_result run;
    ccs_error err;
    char *html;

    build_run(&run, "run-html", 1);
    cr_assert_eq(ccs_report_write_html(&run, NULL, in_dir("report.html"), &err), CCS_OK, "%s",
                 err.message);
    html = slurp(in_dir("report.html"), NULL);
    cr_expect_eq(strncmp(html, "<!DOCTYPE html>", 15), 0);
    cr_expect_null(strstr(html, "<script"));
    cr_expect_null(strstr(html, "<link"));
    cr_expect_null(strstr(html, "src="));
    cr_expect_null(strstr(html, "http://127.0.0.1:1\""));
    cr_expect_not_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    cr_expect_not_null(strstr(html, "<style>"));
    cr_expect_eq(count_str(html, "<details class=\"failure\" id=\"f-"), 4);
    cr_expect_not_null(strstr(html, "<h4>Expected</h4>"));
    cr_expect_not_null(strstr(html, "<summary>Response</summary>"));
    cr_expect_not_null(strstr(html, "<summary>Request</summary>"));
    cr_expect_not_null(strstr(html, "Authorization: Bearer sk_test_\xe2\x80\xa6p7dc"));
    cr_expect_not_null(strstr(html, "<td>create</td><td class=\"n\">2</td>"));
    cr_expect_null(strstr(html, "<svg"));  /* no history given */
    cr_expect_null(strstr(html, KEY_TAIL));
    cr_expect_null(strstr(html, "\xff"));
    cr_expect_eq(count_str(html, "<details"), count_str(html, "</details>"));
    free(html);
    ccs_result_free(&run);
}

Test(report, write_all_history_and_no_key_anywhere)
{
    ccs_run_result run;
    ccs_run_result back = {0};
    ccs_history hist;
    ccs_error err;
    const char *files[] = {"out/a/results.json", "out/a/junit.xml", "out/a/summary.md",
                           "out/a/report.html", "history.jsonl"};
    char runid[32], *html, *text;
    size_t i;
    FILE *f;

    /* Three earlier runs, one for another target, and a torn line. */
    for (i = 0; i < 3; i++) {
        snprintf(runid, sizeof runid, "run-%zu", i);
        build_run(&run, runid, (int)(i % 2));
        if (i == 1) {
            free(run.target_name);
            run.target_name = strdup("other");
        }
        cr_assert_eq(ccs_report_history_append(&run, in_dir("history.jsonl"), &err), CCS_OK,
                     "%s", err.message);
        ccs_result_free(&run);
    }
    f = fopen(in_dir("history.jsonl"), "a");
    fputs("{\"run_id\": \"torn\", \"totals\": {\"pa", f);
    fclose(f);

    build_run(&run, "run-final", 1);
    cr_assert_eq(ccs_report_write_all(&run, in_dir("out/a"), in_dir("history.jsonl"), &err),
                 CCS_OK, "%s", err.message);

    /* Load: 4 good lines + 1 torn one (the append started a new line). */
    cr_assert_eq(ccs_report_history_load(in_dir("history.jsonl"), 0, &hist, &err), CCS_OK);
    cr_expect_eq(hist.count, 4);
    cr_expect_eq(hist.malformed, 1);
    cr_expect_str_eq(hist.entries[3].run_id, "run-final");
    cr_expect_eq(hist.entries[3].total, 8);
    cr_expect_eq(hist.entries[3].pass, 3);
    cr_expect_eq(hist.entries[3].fail, 3);
    cr_expect_eq(hist.entries[3].error, 1);
    cr_expect_eq(hist.entries[3].skip, 1);
    cr_expect_eq(hist.entries[3].gate_failed, 1);
    cr_expect_eq(hist.entries[3].area_count, 5);
    cr_expect_str_eq(hist.entries[0].run_id, "run-0");
    ccs_history_free(&hist);
    cr_assert_eq(ccs_report_history_load(in_dir("history.jsonl"), 2, &hist, &err), CCS_OK);
    cr_expect_eq(hist.count, 2);
    cr_expect_str_eq(hist.entries[0].run_id, "run-2");
    cr_expect_str_eq(hist.entries[1].run_id, "run-final");
    ccs_history_free(&hist);

    /* The chart has this target's 3 runs, not the other target's. */
    html = slurp(in_dir("out/a/report.html"), NULL);
    cr_expect_not_null(strstr(html, "<svg"));
    cr_expect_not_null(strstr(html, "History (last 3 runs)"));
    cr_expect_eq(count_str(html, "<g><title>"), 3);
    cr_expect_not_null(strstr(html, "<title>run-final: 3 pass, 3 fail, 1 error, 1 skip</title>"));
    cr_expect_null(strstr(html, "<title>run-1:"));
    cr_expect_not_null(strstr(html, "1 malformed history lines were skipped"));
    free(html);

    /* results.json parses and is complete. */
    cr_assert_eq(ccs_result_read_json(in_dir("out/a/results.json"), &back, &err), CCS_OK, "%s",
                 err.message);
    cr_expect_eq(back.count, run.count);
    cr_expect_str_eq(back.run_id, "run-final");
    cr_expect_eq(back.cases[2].verdict, CCS_FAIL);
    ccs_result_free(&back);

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        text = slurp(in_dir(files[i]), NULL);
        cr_expect_null(strstr(text, KEY_TAIL), "%s contains the key", files[i]);
        cr_expect_null(strstr(text, "\xff"), "%s contains invalid UTF-8", files[i]);
        free(text);
    }
    ccs_result_free(&run);
}

Test(report, history_load_skips_malformed_lines)
{
    ccs_history hist;
    ccs_error err;
    FILE *f = fopen(in_dir("h.jsonl"), "w");

    cr_assert_not_null(f);
    fputs("not json\n\n"
          "{\"run_id\":\"a\",\"started_at\":1,\"totals\":{\"total\":1,\"pass\":1,\"fail\":0,"
          "\"error\":0,\"skip\":0},\"areas\":{\"x\":{\"pass\":1,\"fail\":0,\"error\":0,\"skip\":0}}}\n"
          "{\"run_id\":\"neg\",\"started_at\":1,\"totals\":{\"total\":-1,\"pass\":1,\"fail\":0,"
          "\"error\":0,\"skip\":0},\"areas\":{}}\n"
          "{\"run_id\":\"noareas\",\"started_at\":1,\"totals\":{\"total\":1,\"pass\":1,\"fail\":0,"
          "\"error\":0,\"skip\":0}}\n"
          "[1,2]\n"
          "{\"run_id\":\"b\",\"started_at\":2,\"totals\":{\"total\":0,\"pass\":0,\"fail\":0,"
          "\"error\":0,\"skip\":0},\"areas\":{}}",
          f);
    fclose(f);
    cr_assert_eq(ccs_report_history_load(in_dir("h.jsonl"), 0, &hist, &err), CCS_OK);
    cr_expect_eq(hist.count, 2);
    cr_expect_eq(hist.malformed, 4);
    cr_expect_str_eq(hist.entries[0].run_id, "a");
    cr_expect_str_eq(hist.entries[0].areas[0].area, "x");
    cr_expect_str_eq(hist.entries[1].run_id, "b");
    ccs_history_free(&hist);
    cr_expect_eq(ccs_report_history_load(in_dir("missing.jsonl"), 0, &hist, &err),
                 CCS_ENOTFOUND);
    cr_expect_not_null(strstr(err.message, "missing.jsonl"));
    cr_expect_eq(hist.count, 0);
}

Test(report, write_all_unwritable_dir_is_a_clear_error)
{
    ccs_run_result run;
    ccs_error err;
    char path[256];
    FILE *f;

    build_run(&run, "run-err", 0);
    /* A parent that is a regular file. */
    f = fopen(in_dir("file"), "w");
    fclose(f);
    snprintf(path, sizeof path, "%s/file/sub", dir_);
    cr_expect_eq(ccs_report_write_all(&run, path, NULL, &err), CCS_EIO);
    cr_expect_not_null(strstr(err.message, "cannot create directory"), "%s", err.message);
    cr_expect_not_null(strstr(err.message, "/file"), "%s", err.message);

    /* A read-only directory (root ignores permissions, so only check when
     * the directory really is unwritable). */
    mkdir(in_dir("ro"), 0500);
    snprintf(path, sizeof path, "%s/ro/run", dir_);
    if (access(in_dir("ro"), W_OK) != 0) {
        cr_expect_eq(ccs_report_write_all(&run, path, NULL, &err), CCS_EIO);
        cr_expect_not_null(strstr(err.message, "ro/run"), "%s", err.message);
    }
    /* Unwritable even for root: sysfs refuses new directories. */
    if (access("/sys", F_OK) == 0) {
        cr_expect_eq(ccs_report_write_all(&run, "/sys/ccs-report-test/run", NULL, &err),
                     CCS_EIO);
        cr_expect_not_null(strstr(err.message, "cannot create directory /sys/ccs-report-test"),
                           "%s", err.message);
    }
    /* A single report into a missing directory names the file. */
    snprintf(path, sizeof path, "%s/nope/junit.xml", dir_);
    cr_expect_eq(ccs_report_write_junit(&run, path, &err), CCS_EIO);
    cr_expect_not_null(strstr(err.message, "nope/junit.xml"), "%s", err.message);
    cr_expect_eq(ccs_report_write_html(&run, NULL, path, &err), CCS_EIO);
    cr_expect_eq(ccs_report_write_markdown(&run, path, &err), CCS_EIO);
    cr_expect_eq(ccs_report_write_all(NULL, path, NULL, &err), CCS_EINVAL);
    ccs_result_free(&run);
}

Test(report, failed_write_keeps_previous_file)
{
    ccs_run_result run;
    ccs_error err;
    char *before, *after;

    build_run(&run, "run-keep", 0);
    cr_assert_eq(ccs_report_write_markdown(&run, in_dir("keep.md"), &err), CCS_OK);
    before = slurp(in_dir("keep.md"), NULL);
    /* The temporary file cannot be created: a directory is in the way. */
    cr_assert_eq(mkdir(in_dir("keep.md.tmp"), 0700), 0);
    cr_expect_eq(ccs_report_write_markdown(&run, in_dir("keep.md"), &err), CCS_EIO);
    after = slurp(in_dir("keep.md"), NULL);
    cr_expect_str_eq(before, after);
    free(before);
    free(after);
    ccs_result_free(&run);
}

Test(report, empty_run)
{
    ccs_run_result run = {0};
    ccs_error err;
    char *doc;
    size_t len;
    xnode *root;

    cr_assert_eq(ccs_report_write_all(&run, in_dir("empty"), NULL, &err), CCS_OK, "%s",
                 err.message);
    doc = slurp(in_dir("empty/junit.xml"), &len);
    root = xml_parse(doc, len);
    cr_expect_str_eq(xattr(root, "tests"), "0");
    cr_expect_eq(root->nkids, 0);
    xfree(root);
    free(doc);
}
