/* API key authentication: Basic (key as user) or Bearer. Every sk_test_ key
 * is its own account; the account id is a hash, so the key is never stored. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static int b64val(int ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    if (ch == '+' || ch == '-')
        return 62;
    if (ch == '/' || ch == '_')
        return 63;
    return -1;
}

/* Decodes base64 into out (cap bytes incl. NUL); -1 on bad input. */
static int b64decode(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    unsigned acc = 0;
    int bits = 0, v;

    for (; *in && *in != '='; in++) {
        if ((v = b64val((unsigned char)*in)) < 0)
            return -1;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n + 1 >= cap)
                return -1;
            out[n++] = (char)((acc >> bits) & 0xff);
        }
    }
    for (; *in == '='; in++)
        ;
    if (*in)
        return -1;
    out[n] = '\0';
    return (int)n;
}

/* "sk_test_****abcd": enough to recognise a key, never the whole of it. */
static void redact(const char *key, char *out, size_t cap)
{
    size_t n = strlen(key);
    const char *tail = n > 4 ? key + n - 4 : "";

    if (!strncmp(key, "sk_test_", 8))
        snprintf(out, cap, "sk_test_****%s", tail);
    else if (!strncmp(key, "sk_live_", 8))
        snprintf(out, cap, "sk_live_****%s", tail);
    else if (!strncmp(key, "pk_", 3))
        snprintf(out, cap, "pk_****%s", tail);
    else
        snprintf(out, cap, "****%s", tail);
    for (char *p = out; *p; p++)
        if (!isprint((unsigned char)*p) || *p == '\'')
            *p = '?';
}

static int key_chars_ok(const char *k)
{
    for (; *k; k++)
        if (!isalnum((unsigned char)*k) && *k != '_')
            return 0;
    return 1;
}

static int unauthorized(req_ctx *c, srv_err *e, const char *fmt, const char *arg)
{
    err_set(e, 401, "invalid_request_error", "", "", fmt, arg);
    if (!FAULT(c->srv, F_NO_WWW_AUTHENTICATE))
        resp_header(c->resp, "WWW-Authenticate", "Basic realm=\"Stripe\"");
    return -1;
}

/* "acct_" + 16 lowercase hex digits (as "acct_%016llx", without printf on
 * every request) */
static void account_name(char out[24], uint64_t h)
{
    static const char hex[] = "0123456789abcdef";
    int i;

    memcpy(out, "acct_", 5);
    for (i = 15; i >= 0; i--, h >>= 4)
        out[5 + i] = hex[h & 15];
    out[21] = '\0';
}

int auth_check(req_ctx *c, srv_err *e)
{
    const char *h = c->req->authorization;
    char key[512], shown[64];
    int rc = -1;

    key[0] = '\0';
    if (!h || !*h)
        return unauthorized(c, e, "You did not provide an API key. You need to provide your API key in the "
                            "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                            "YOUR_SECRET_KEY')%s.", "");
    while (*h == ' ')
        h++;
    if (!strncasecmp(h, "Bearer ", 7)) {
        h += 7;
        while (*h == ' ')
            h++;
        if (strlen(h) >= sizeof key)
            goto bad;
        memcpy(key, h, strlen(h) + 1); /* fits: checked above */
        /* trailing spaces are not part of the key */
        for (size_t n = strlen(key); n && key[n - 1] == ' '; n--)
            key[n - 1] = '\0';
    } else if (!strncasecmp(h, "Basic ", 6)) {
        char *colon;

        h += 6;
        while (*h == ' ')
            h++;
        int n = b64decode(h, key, sizeof key);

        /* an embedded NUL would let two different keys look alike */
        if (n < 0 || (size_t)n != strlen(key))
            goto bad;
        if ((colon = strchr(key, ':')))
            *colon = '\0';
    } else {
        goto bad;
    }
    if (!key[0])
        return unauthorized(c, e, "You did not provide an API key. You need to provide your API key in the "
                            "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                            "YOUR_SECRET_KEY')%s.", "");
    if (FAULT(c->srv, F_AUTH_ACCEPT_ANY))
        goto accept;
    if (!strncmp(key, "pk_", 3)) {
        redact(key, shown, sizeof shown);
        return unauthorized(c, e, "This API call cannot be made with a publishable API key (%s). "
                            "Please use a secret API key.", shown);
    }
    if (strncmp(key, "sk_test_", 8) || strlen(key) < 9 || !key_chars_ok(key)) {
        redact(key, shown, sizeof shown);
        return unauthorized(c, e, "Invalid API Key provided: %s", shown);
    }
accept:
    if (FAULT(c->srv, F_AUTH_NO_ISOLATION))
        snprintf(c->account, sizeof c->account, "acct_shared");
    else
        account_name(c->account, ids_hash(key, strlen(key), 0x5eed));
    rc = 0;
    memset(key, 0, sizeof key);
    return rc;
bad:
    return unauthorized(c, e, "Invalid Authorization header%s: use 'Bearer <key>' or HTTP Basic with the API key as "
                        "the user name.", "");
}
