/* Compact JSON writer for cJSON trees. Same output as cJSON_PrintUnformatted
 * for the values the server builds, but integral numbers are written with an
 * integer conversion instead of cJSON's printf("%1.15g") + sscanf round trip,
 * which dominated the cost of creating a session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct wbuf {
    char *s;
    size_t len, cap;
    int oom;
} wbuf;

static int grow(wbuf *b, size_t need)
{
    size_t cap;
    char *p;

    if (b->oom)
        return -1;
    if (b->len + need + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 1024;
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

static void put(wbuf *b, const char *s, size_t n)
{
    if (grow(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
}

static void put_number(wbuf *b, double d)
{
    char tmp[40];
    int n;

    if (d != d || d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
        put(b, "null", 4); /* NaN and infinities, as cJSON does */
        return;
    }
    /* integral values in the exactly representable range: plain digits */
    if (d > -9007199254740992.0 && d < 9007199254740992.0 && (double)(long long)d == d) {
        long long v = (long long)d;
        unsigned long long u = v < 0 ? (unsigned long long)(-v) : (unsigned long long)v;
        char *p = tmp + sizeof tmp;

        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v < 0)
            *--p = '-';
        put(b, p, (size_t)(tmp + sizeof tmp - p));
        return;
    }
    /* the shortest of 15 or 17 digits that reads back as the same double */
    n = snprintf(tmp, sizeof tmp, "%1.15g", d);
    if (strtod(tmp, NULL) != d)
        n = snprintf(tmp, sizeof tmp, "%1.17g", d);
    put(b, tmp, (size_t)n);
}

static void put_string(wbuf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    const unsigned char *run = p;

    put(b, "\"", 1);
    for (; *p; p++) {
        char esc[6];
        size_t n = 2;

        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        put(b, (const char *)run, (size_t)(p - run));
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
    put(b, (const char *)run, (size_t)(p - run));
    put(b, "\"", 1);
}

static void put_value(wbuf *b, const cJSON *v)
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
        put(b, "[", 1);
        for (kid = v->child; kid; kid = kid->next) {
            put_value(b, kid);
            if (kid->next)
                put(b, ",", 1);
        }
        put(b, "]", 1);
        break;
    case cJSON_Object:
        put(b, "{", 1);
        for (kid = v->child; kid; kid = kid->next) {
            put_string(b, kid->string);
            put(b, ":", 1);
            put_value(b, kid);
            if (kid->next)
                put(b, ",", 1);
        }
        put(b, "}", 1);
        break;
    default:
        put(b, "null", 4);
        break;
    }
}

char *json_print(const cJSON *v, size_t *len)
{
    wbuf b = {0};

    if (v)
        put_value(&b, v);
    if (grow(&b, 0)) {
        free(b.s);
        return NULL;
    }
    b.s[b.len] = '\0';
    if (len)
        *len = b.len;
    return b.s;
}
