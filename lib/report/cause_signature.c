/* The signature of one failing case: what kind of expectation broke, what it
 * was about and how expected and actual differ, with numbers and ids
 * normalised away so that the same defect seen by many cases reads the same.
 * It works on the record alone (message, pointer, expected, actual, the
 * request line), so it also groups results.json files of earlier runs. */
#include "ccs/causes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/strbuf.h"

#define SUBJECT_MAX 160

void ccs_cause_endpoint(const char *line, char *out, size_t outsz)
{
    const char *sp, *path, *end, *seg;
    ccs_strbuf b = {0};

    out[0] = '\0';
    if (!line || !(sp = strchr(line, ' ')) || sp == line || sp[1] != '/')
        return;
    path = sp + 1;
    end = path + strcspn(path, "? \n");
    ccs_strbuf_put(&b, line, (size_t)(sp - line) + 1);
    /* the segment after /sessions/ is a session id (or a bad one): {id} */
    seg = strstr(path, "/sessions/");
    if (seg && seg < end && seg[10] != '/' && seg + 10 < end) {
        const char *next = seg + 10 + strcspn(seg + 10, "/? \n");

        ccs_strbuf_put(&b, path, (size_t)(seg + 10 - path));
        ccs_strbuf_puts(&b, "{id}");
        ccs_strbuf_put(&b, next, next < end ? (size_t)(end - next) : 0);
    } else {
        ccs_strbuf_put(&b, path, (size_t)(end - path));
    }
    if (!b.nomem && b.p)
        snprintf(out, outsz, "%s", b.p);
    free(b.p);
}

/* Class of an expected or actual text as the runner writes them: a JSON
 * value, a matcher template, "(absent)", or a contract's "string \"x\"". */
static const char *value_class(const char *s)
{
    static const char *const types[] = {"string", "number", "boolean", "object", "array", "null"};
    char word[16];
    size_t i, n;

    if (!s || !*s)
        return "none";
    if (!strcmp(s, "(absent)"))
        return "absent";
    if (*s == '"' || !strncmp(s, "{{re:", 5))
        return "string";
    if (!strncmp(s, "{{len:", 6) || *s == '[')
        return "array";
    if (!strncmp(s, "{{type:", 7))
        s += 7;
    else if (*s == '{' && s[1] != '{')
        return "object";
    if (*s == '-' || isdigit((unsigned char)*s))
        return "number";
    if (!strncmp(s, "true", 4) || !strncmp(s, "false", 5))
        return "boolean";
    if (!strncmp(s, "an ", 3))
        s += 3;
    else if (!strncmp(s, "a ", 2))
        s += 2;
    n = strcspn(s, " }\"");
    if (n >= sizeof word)
        return "text";
    memcpy(word, s, n);
    word[n] = '\0';
    if (!strcmp(word, "integer"))
        return "number";
    for (i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(word, types[i]))
            return types[i];
    return "text";
}

/* /data/3/line_items/data/0/amount_total -> /amount_total: list wrappers
 * and positions say where a value sat, not what is wrong with it. */
static void norm_pointer(const char *p, char *out, size_t outsz)
{
    size_t o = 0;

    while (*p && o + 1 < outsz) {
        const char *seg = p + 1, *end = seg + strcspn(seg, "/");
        size_t n = (size_t)(end - seg);
        int digits = n > 0 && strspn(seg, "0123456789") == n;

        if (*p == '/' && (digits || (n == 4 && !strncmp(seg, "data", 4)) ||
                          (n == 10 && !strncmp(seg, "line_items", 10) && *end == '/'))) {
            p = end;
            continue;
        }
        if (n + 1 >= outsz - o)
            break;
        memcpy(out + o, p, n + 1);
        o += n + 1;
        p = end;
    }
    out[o] = '\0';
}

/* Digits -> '#', ids (word_ + 6 or more characters) -> <id>, '|' -> '/'. */
static void norm_text(const char *s, char *out, size_t outsz)
{
    size_t o = 0;

    while (*s && o + 6 < outsz) {
        const char *u = s;

        while (islower((unsigned char)*u))
            u++;
        if (u > s && *u == '_' && strspn(u + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") >= 6) {
            memcpy(out + o, "<id>", 4);
            o += 4;
            s = u + 1 + strspn(u + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
            continue;
        }
        if (u > s) {
            size_t n = (size_t)(u - s) < outsz - o - 6 ? (size_t)(u - s) : outsz - o - 6;

            memcpy(out + o, s, n);
            o += n;
            s += n;
            continue;
        }
        if (isdigit((unsigned char)*s)) {
            out[o++] = '#';
            s += strspn(s, "0123456789");
            continue;
        }
        out[o++] = *s == '|' || *s == '\n' ? '/' : *s;
        s++;
    }
    out[o] = '\0';
}

/* "expected HTTP status 404, got 400", "expected HTTP [401,403], got 200",
 * "expected HTTP status \"4xx\", got 200": expected's first status and the
 * actual one. 0 when msg is not a status failure. */
static int parse_status(const char *msg, char exp[4], char act[8])
{
    const char *p = strstr(msg, "expected HTTP "), *g;

    if (!p)
        return 0;
    p += 14;
    if (!strncmp(p, "status ", 7))
        p += 7;
    p += strspn(p, "\"[");
    g = strstr(p, ", got ");
    if (!g || strspn(p, "0123456789x") < 3 || !isdigit((unsigned char)g[6]))
        return 0;
    memcpy(exp, p, 3);
    exp[3] = '\0';
    snprintf(act, 8, "%.*s", (int)strspn(g + 6, "0123456789") > 6 ? 6 : (int)strspn(g + 6, "0123456789"), g + 6);
    return 1;
}

static int route_missing(const char *exp, const char *act)
{
    return exp[0] == '2' && (!strcmp(act, "404") || !strcmp(act, "405"));
}

/* Header name of a header expectation ("header Request-Id: missing"), or of
 * a check whose pointer names a header; 0 when neither. */
static int header_name(const ccs_case_result *c, const char *msg, char *out, size_t outsz)
{
    const char *p = strstr(msg, "header ");
    size_t n, i;

    if (p) {
        p += 7;
        n = strcspn(p, ": ");
    } else if (c->pointer && *c->pointer && *c->pointer != '/') {
        p = c->pointer;
        n = strlen(p);
    } else {
        return 0;
    }
    if (n == 0 || n >= outsz)
        return 0;
    for (i = 0; i < n; i++)
        out[i] = p[i];
    out[n] = '\0';
    return 1;
}

/* How a value failed: absent, null, present (where it must not be), a
 * contract rule (unknown, enum), count (list length), a type change
 * ("number->string") or differs. */
static void value_how(const ccs_case_result *c, const char *msg, char *out, size_t outsz)
{
    const char *ec = value_class(c->expected), *ac = value_class(c->actual);
    const char *rule = strstr(msg, ": MUST ") ? strstr(msg, ": MUST ") + 7
                       : strstr(msg, ": SHOULD ") ? strstr(msg, ": SHOULD ") + 9 : NULL;

    if (rule && (!strncmp(rule, "unknown ", 8) || !strncmp(rule, "enum ", 5)))
        snprintf(out, outsz, "%.*s", (int)strcspn(rule, " "), rule);
    else if (strstr(msg, "must be absent"))
        snprintf(out, outsz, "present");
    else if (!strcmp(ac, "absent") || strstr(msg, ": missing") || strstr(msg, "no such path"))
        snprintf(out, outsz, "absent");
    else if (!strcmp(ac, "null") && strcmp(ec, "null"))
        snprintf(out, outsz, "null");
    else if (strstr(msg, "length") || strstr(msg, "page size") || strstr(msg, "larger than"))
        snprintf(out, outsz, "count");
    else if (!strcmp(ec, ac) || !strcmp(ec, "text") || !strcmp(ac, "text") || !strcmp(ec, "none"))
        snprintf(out, outsz, "differs");
    else
        snprintf(out, outsz, "%s->%s", ec, ac);
}

/* The field a failed template capture wanted ("template {{s.created}}: no
 * such path"): the earlier response lacked it, so it is that field's cause. */
static int capture_field(const char *msg, char *out, size_t outsz)
{
    const char *t = strstr(msg, "template {{"), *end, *last;

    if (!t || !strstr(msg, "no such path"))
        return 0;
    t += 11;
    end = strstr(t, "}}");
    if (!end)
        return 0;
    for (last = end; last > t && last[-1] != '.'; last--)
        ;
    if (last == end || (size_t)(end - last) + 2 > outsz)
        return 0;
    snprintf(out, outsz, "/%.*s", (int)(end - last), last);
    return 1;
}

char *ccs_cause_signature(const ccs_case_result *c, char *ep, size_t epsz)
{
    const char *msg = c->message ? c->message : "";
    char line[600], exp[4], act[8], subject[SUBJECT_MAX], how[48], text[SUBJECT_MAX];
    ccs_strbuf b = {0};

    snprintf(line, sizeof line, "%.*s", (int)strcspn(c->request ? c->request : "", "\n"),
             c->request ? c->request : "");
    ccs_cause_endpoint(line, ep, epsz);
    if (parse_status(msg, exp, act)) {
        ccs_strbuf_printf(&b, "status|%s|%s", exp, act);
        if (route_missing(exp, act))
            ccs_strbuf_printf(&b, "|%s", ep);
    } else if (header_name(c, msg, subject, sizeof subject)) {
        ccs_strbuf_printf(&b, "header|%s|%s", subject,
                          strstr(msg, "must be absent") ? "present"
                          : strstr(msg, "missing") || !strcmp(value_class(c->actual), "absent") ? "absent"
                                                                                                : "differs");
    } else if (capture_field(msg, subject, sizeof subject)) {
        ccs_strbuf_printf(&b, "value|%s|absent", subject);
    } else if (c->pointer && *c->pointer == '/') {
        norm_pointer(c->pointer, subject, sizeof subject);
        value_how(c, msg, how, sizeof how);
        ccs_strbuf_printf(&b, "value|%s|%s", *subject ? subject : "/", how);
    } else {
        /* "step 2 (list): ..." names the step, not the defect */
        const char *p = !strncmp(msg, "step ", 5) && strstr(msg, "): ") ? strstr(msg, "): ") + 3 : msg;

        norm_text(p, text, sizeof text);
        ccs_strbuf_printf(&b, "check|%s", text);
    }
    if (b.nomem) {
        free(b.p);
        return NULL;
    }
    return b.p ? b.p : strdup("");
}
