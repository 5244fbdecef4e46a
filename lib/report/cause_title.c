/* A cause's title for people, from its signature: where (the endpoints),
 * what (the broken expectation) and, apart, a guess at why. The guess is
 * kept separate so the writers can show it as a guess. */
#include "ccs/causes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/strbuf.h"

/* The signature's fields (at most 5), pointing into buf. */
static size_t split(const char *sig, char *buf, size_t bufsz, const char *f[5])
{
    size_t n = 0;
    char *p;

    snprintf(buf, bufsz, "%s", sig);
    for (p = buf; n < 5; n++) {
        f[n] = p;
        p = strchr(p, '|');
        if (!p)
            return n + 1;
        *p++ = '\0';
    }
    return n;
}

static const char *status_guess(const char *exp, const char *act)
{
    if (exp[0] == '2' && (!strcmp(act, "404") || !strcmp(act, "405")))
        return "route missing?";
    if (act[0] == '5')
        return "the server fails on this input?";
    if (!strcmp(exp, "404") && act[0] == '4')
        return "unknown ids answered as bad requests?";
    if ((!strcmp(exp, "401") || !strcmp(exp, "403")) && act[0] == '2')
        return "API keys not checked?";
    if (!strcmp(exp, "404") && act[0] == '2')
        return "objects not scoped to their account?";
    if (exp[0] == '4' && act[0] == '2')
        return "input not validated?";
    if (exp[0] == '2' && act[0] == '4')
        return "parameter or API version not supported?";
    if (exp[0] == '2' && act[0] == '2')
        return "another success status?";
    return NULL;
}

static const char *article(const char *word)
{
    return strchr("aeiou", word[0]) && word[0] ? "an" : "a";
}

static void value_what(ccs_strbuf *b, const char *subject, const char *how)
{
    const char *arrow = strstr(how, "->");

    if (!strcmp(how, "absent"))
        ccs_strbuf_printf(b, "%s is absent", subject);
    else if (!strcmp(how, "null"))
        ccs_strbuf_printf(b, "%s is null where a value is expected", subject);
    else if (!strcmp(how, "present"))
        ccs_strbuf_printf(b, "%s is present where it must be absent", subject);
    else if (!strcmp(how, "unknown"))
        ccs_strbuf_printf(b, "%s is not in the contract of this API version", subject);
    else if (!strcmp(how, "enum"))
        ccs_strbuf_printf(b, "%s is outside its enum", subject);
    else if (!strcmp(how, "count"))
        ccs_strbuf_printf(b, "list %s has the wrong number of elements", subject);
    else if (arrow)
        ccs_strbuf_printf(b, "%s is %s %s where %s %.*s is expected", subject, article(arrow + 2), arrow + 2,
                          article(how), (int)(arrow - how), how);
    else
        ccs_strbuf_printf(b, "%s differs from the expected value", subject);
}

static const char *value_guess(const char *subject, const char *how, const char *endpoints)
{
    if (!strcmp(how, "absent"))
        return "field not rendered?";
    if (!strcmp(how, "unknown"))
        return "a field of another API version?";
    if (strstr(how, "->"))
        return "rendered with the wrong JSON type?";
    if (!strcmp(how, "present"))
        return "field kept where it should be removed?";
    if (!strcmp(how, "count"))
        return "limit or filter ignored?";
    if (!strcmp(how, "differs") && !strcmp(subject, "/id") && endpoints &&
        !strcmp(endpoints, "GET /v1/checkout/sessions/{id}"))
        return "stateless: not the session that was created?";
    if (!strcmp(how, "differs") && strstr(subject, "amount"))
        return "amounts computed differently?";
    return NULL;
}

/* "GET /v1/x: " for one endpoint, "4 endpoints: " for several (the cause
 * lists them), nothing for none. */
static void where(ccs_strbuf *b, const char *endpoints, size_t n)
{
    if (!endpoints || !*endpoints || n == 0)
        return;
    if (n == 1)
        ccs_strbuf_put(b, endpoints, strcspn(endpoints, ","));
    else
        ccs_strbuf_printf(b, "%zu endpoints", n);
    ccs_strbuf_puts(b, ": ");
}

int ccs_cause_title(const char *signature, const char *endpoints, size_t n_endpoints, char **title,
                    char **guess)
{
    char buf[512];
    const char *f[5] = {"", "", "", "", ""}, *g = NULL;
    size_t n = split(signature ? signature : "", buf, sizeof buf, f);
    ccs_strbuf b = {0};

    *title = *guess = NULL;
    /* a missing route is the route's own cause: name it, not its siblings */
    where(&b, n == 4 && !strcmp(f[0], "status") ? f[3] : endpoints, n == 4 ? 1 : n_endpoints);
    if (!strcmp(f[0], "status") && n >= 3) {
        ccs_strbuf_printf(&b, "%s where %s expected", f[2], f[1]);
        g = status_guess(f[1], f[2]);
    } else if (!strcmp(f[0], "header") && n >= 3) {
        ccs_strbuf_printf(&b, "header %s %s", f[1],
                          !strcmp(f[2], "absent")    ? "is missing"
                          : !strcmp(f[2], "present") ? "is sent where it must be absent"
                                                     : "does not match");
        g = !strcmp(f[2], "absent") ? "header not sent?" : NULL;
    } else if (!strcmp(f[0], "value") && n >= 3) {
        value_what(&b, f[1], f[2]);
        g = value_guess(f[1], f[2], endpoints);
    } else {
        ccs_strbuf_puts(&b, n >= 2 ? f[1] : f[0]);
    }
    if (b.nomem || !b.p || (g && !(*guess = strdup(g)))) {
        free(b.p);
        return -1;
    }
    *title = b.p;
    return 0;
}
