/* Compact JSON writer: prints cJSON trees (same output as
 * cJSON_PrintUnformatted for the values the server builds, but integral
 * numbers are written with an integer conversion instead of cJSON's
 * printf("%1.15g") + sscanf round trip), and streams objects without a tree
 * (jw_*), which is how a created session is rendered: building and freeing
 * a tree of ~150 nodes cost more than the rest of the request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int grow(jw *b, size_t need)
{
    size_t cap;
    char *p;

    if (b->oom)
        return -1;
    if (b->len + need + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 4096;
    while (cap < b->len + need + 1)
        cap *= 2;
    if (!(p = realloc(b->s, cap))) {
        b->oom = 1;
        return -1;
    }
    b->s = p;
    b->cap = cap;
    return 0;
}

static inline void put(jw *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap && grow(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
}

static inline void put_char(jw *b, char c)
{
    if (b->len + 2 > b->cap && grow(b, 1))
        return;
    b->s[b->len++] = c;
}

static void put_int(jw *b, long long v)
{
    char tmp[24];
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    char *p = tmp + sizeof tmp;

    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    put(b, p, (size_t)(tmp + sizeof tmp - p));
}

static void put_number(jw *b, double d)
{
    char tmp[40];
    int n;

    if (d != d || d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
        put(b, "null", 4); /* NaN and infinities, as cJSON does */
        return;
    }
    /* integral values in the exactly representable range: plain digits */
    if (d > -9007199254740992.0 && d < 9007199254740992.0 && (double)(long long)d == d) {
        put_int(b, (long long)d);
        return;
    }
    /* the shortest of 15 or 17 digits that reads back as the same double */
    n = snprintf(tmp, sizeof tmp, "%1.15g", d);
    if (strtod(tmp, NULL) != d)
        n = snprintf(tmp, sizeof tmp, "%1.17g", d);
    put(b, tmp, (size_t)n);
}

/* 1 for the bytes a JSON string must escape: controls, '"' and '\\' */
static const unsigned char escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

static void put_string(jw *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    const unsigned char *run = p;

    put_char(b, '"');
    for (;; p++) {
        char esc[6];
        size_t n = 2;

        while (!escape[*p]) /* escape[0] is set: stops at the end too */
            p++;
        put(b, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        run = p + 1;
        esc[0] = '\\';
        switch (*p) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[*p >> 4];
            esc[5] = hex[*p & 15];
            n = 6;
        }
        put(b, esc, n);
    }
    put_char(b, '"');
}

static void put_value(jw *b, const cJSON *v)
{
    const cJSON *kid;

    switch (v->type & 0xff) {
    case cJSON_False:
        put(b, "false", 5);
        break;
    case cJSON_True:
        put(b, "true", 4);
        break;
    case cJSON_NULL:
        put(b, "null", 4);
        break;
    case cJSON_Number:
        put_number(b, v->valuedouble);
        break;
    case cJSON_String:
        put_string(b, v->valuestring);
        break;
    case cJSON_Raw:
        if (v->valuestring)
            put(b, v->valuestring, strlen(v->valuestring));
        else
            put(b, "null", 4);
        break;
    case cJSON_Array:
        put_char(b, '[');
        for (kid = v->child; kid; kid = kid->next) {
            put_value(b, kid);
            if (kid->next)
                put_char(b, ',');
        }
        put_char(b, ']');
        break;
    case cJSON_Object:
        put_char(b, '{');
        for (kid = v->child; kid; kid = kid->next) {
            put_string(b, kid->string);
            put_char(b, ':');
            put_value(b, kid);
            if (kid->next)
                put_char(b, ',');
        }
        put_char(b, '}');
        break;
    default:
        put(b, "null", 4);
        break;
    }
}

/* A value follows a key (':'), an opening bracket, or needs a comma. */
static void sep(jw *b)
{
    if (b->len) {
        char last = b->s[b->len - 1];

        if (last != ':' && last != '{' && last != '[')
            put_char(b, ',');
    }
}

void jw_key(jw *b, const char *k)
{
    sep(b);
    put_string(b, k);
    put_char(b, ':');
}

/* one capacity check and one copy: a session has ~150 of these keys */
void jw_key_lit(jw *b, const char *k, size_t n)
{
    char *d;

    if (b->len + n + 5 > b->cap && grow(b, n + 4))
        return;
    d = b->s + b->len;
    if (b->len && d[-1] != ':' && d[-1] != '{' && d[-1] != '[')
        *d++ = ',';
    *d++ = '"';
    memcpy(d, k, n);
    d += n;
    *d++ = '"';
    *d++ = ':';
    b->len = (size_t)(d - b->s);
}

void jw_open(jw *b, char bracket)
{
    sep(b);
    put_char(b, bracket);
}

void jw_close(jw *b, char bracket)
{
    put_char(b, bracket);
}

void jw_null(jw *b)
{
    char *d;

    if (b->len + 6 > b->cap && grow(b, 5))
        return;
    d = b->s + b->len;
    if (b->len && d[-1] != ':' && d[-1] != '{' && d[-1] != '[')
        *d++ = ',';
    memcpy(d, "null", 4);
    b->len = (size_t)(d + 4 - b->s);
}

void jw_bool(jw *b, int v)
{
    sep(b);
    if (v)
        put(b, "true", 4);
    else
        put(b, "false", 5);
}

void jw_int(jw *b, long long v)
{
    sep(b);
    put_int(b, v);
}

void jw_num(jw *b, double v)
{
    sep(b);
    put_number(b, v);
}

void jw_str(jw *b, const char *s)
{
    sep(b);
    if (s)
        put_string(b, s);
    else
        put(b, "null", 4);
}

void jw_value(jw *b, const cJSON *v)
{
    sep(b);
    if (v)
        put_value(b, v);
    else
        put(b, "null", 4);
}

char *jw_finish(jw *b, size_t *len)
{
    char *s;

    if (grow(b, 0)) {
        free(b->s);
        memset(b, 0, sizeof *b);
        return NULL;
    }
    b->s[b->len] = '\0';
    if (len)
        *len = b->len;
    s = b->s;
    memset(b, 0, sizeof *b);
    return s;
}

char *json_print(const cJSON *v, size_t *len)
{
    jw b = {0};

    if (v)
        put_value(&b, v);
    return jw_finish(&b, len);
}
