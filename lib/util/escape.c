/* Untrusted text -> report-safe text: key redaction, UTF-8 repair, and the
 * XML/HTML and Markdown escapers built on it. */
#include "ccs/escape.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/redact.h"

/* Secret and restricted key prefixes; publishable keys are public by design. */
static const char *const secret_prefixes[] = {"sk_test_", "sk_live_", "rk_test_", "rk_live_"};
#define MIN_KEY_CHARS 8

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

static int is_key_char(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* Length of a secret-key token starting at s (prefix + key chars), 0 if none. */
static size_t key_token_len(const char *s)
{
    size_t i, n, k;

    if (s[0] != 's' && s[0] != 'r')
        return 0;
    for (i = 0; i < sizeof secret_prefixes / sizeof secret_prefixes[0]; i++) {
        n = strlen(secret_prefixes[i]);
        if (strncmp(s, secret_prefixes[i], n) != 0)
            continue;
        for (k = 0; is_key_char((unsigned char)s[n + k]); k++)
            ;
        return k >= MIN_KEY_CHARS ? n + k : 0;
    }
    return 0;
}

static int b64_value(unsigned char ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    if (ch == '+')
        return 62;
    return ch == '/' ? 63 : -1;
}

/* Does the base64 run s[0..len) decode to text holding a secret key? An
 * implementation that echoes "Authorization: Basic <base64(key:)>" would
 * otherwise leak the key past the plain-text scan. 0 no, 1 yes, -1 ENOMEM. */
static int b64_hides_key(const char *s, size_t len)
{
    unsigned char *dec = malloc(len / 4 * 3 + 4);
    size_t i, n = 0;
    unsigned acc = 0;
    int bits = 0, rc = 0;

    if (!dec)
        return -1;
    for (i = 0; i < len; i++) {
        acc = (acc << 6) | (unsigned)b64_value((unsigned char)s[i]);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            dec[n++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    dec[n] = '\0';
    for (i = 0; i < n && !rc; i++)
        rc = key_token_len((const char *)dec + i) > 0;
    free(dec);
    return rc;
}

/* Shortest base64 run worth decoding: base64 of the shortest redactable key. */
#define MIN_B64_RUN 20

/* Length of the valid UTF-8 sequence at s and its code point; 0 if invalid.
 * Ranges follow RFC 3629 (no overlongs, no surrogates, max U+10FFFF). */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    unsigned char b0 = s[0], lo = 0x80, hi = 0xBF;
    size_t len, i;
    uint32_t v;

    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        v = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        v = b0 & 0x0F;
        if (b0 == 0xE0)
            lo = 0xA0;
        else if (b0 == 0xED)
            hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        v = b0 & 0x07;
        if (b0 == 0xF0)
            lo = 0x90;
        else if (b0 == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    for (i = 1; i < len; i++) {
        unsigned char b = s[i];

        /* The NUL terminator fails this test, so we never read past it. */
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
            return 0;
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    return len;
}

/* Characters XML 1.0 forbids or that render as invisible controls. */
static int is_unwanted(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\r';
    return (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

char *ccs_escape_clean(const char *s, size_t max_bytes)
{
    const size_t tail_room = 64;
    size_t len, i = 0, o = 0, cut;
    char *out = NULL;

    if (!s)
        s = "";
    len = strlen(s);
    /* Each input byte yields at most 3 output bytes (a U+FFFD); a redacted
     * key is never longer than the key. */
    if (len > (SIZE_MAX - tail_room - 1) / 3)
        goto done;
    out = malloc(len * 3 + tail_room + 1);
    if (!out)
        goto done;
    while (i < len) {
        size_t klen = key_token_len(s + i), n;
        uint32_t cp;

        /* At the start of a base64 run: check what it decodes to. */
        if (!klen && b64_value((unsigned char)s[i]) >= 0 &&
            (i == 0 || (b64_value((unsigned char)s[i - 1]) < 0 && s[i - 1] != '='))) {
            size_t run = i;
            int hidden;

            while (run < len && b64_value((unsigned char)s[run]) >= 0)
                run++;
            if (run - i >= MIN_B64_RUN) {
                hidden = b64_hides_key(s + i, run - i);
                if (hidden < 0) {
                    free(out);
                    out = NULL;
                    goto done;
                }
                if (hidden) {
                    memcpy(out + o, "[redacted]", 10);
                    o += 10;
                    for (i = run; i < len && s[i] == '='; i++)
                        ;
                    continue;
                }
            }
        }

        if (klen) {
            char tok[160], red[64];

            /* Only prefix and last 4 chars survive, so a long token can be
             * shortened to its prefix + tail before redacting. */
            if (klen < sizeof tok) {
                memcpy(tok, s + i, klen);
                tok[klen] = '\0';
            } else {
                snprintf(tok, sizeof tok, "%.8s%s%.4s", s + i, "00000000000000000000",
                         s + i + klen - 4);
            }
            ccs_redact_key(tok, red, sizeof red);
            n = strlen(red);
            memcpy(out + o, red, n);
            o += n;
            i += klen;
            continue;
        }
        n = utf8_decode((const unsigned char *)s + i, &cp);
        if (n == 0 || is_unwanted(cp)) {
            memcpy(out + o, replacement, 3);
            o += 3;
            i += n ? n : 1;
            continue;
        }
        memcpy(out + o, s + i, n);
        o += n;
        i += n;
    }
    if (max_bytes > 0 && o > max_bytes) {
        cut = max_bytes;
        while (cut > 0 && ((unsigned char)out[cut] & 0xC0) == 0x80)
            cut--;
        o = cut + (size_t)snprintf(out + cut, tail_room, "\n[... %zu more bytes]", o - cut);
    }
    out[o] = '\0';
done:
    return out;
}

int ccs_escape_xml(FILE *out, const char *s, size_t max_bytes, int attr)
{
    char *clean = ccs_escape_clean(s, max_bytes);
    const char *p;
    int rc = -1;

    if (!clean)
        goto done;
    for (p = clean; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        case '\t': attr ? fputs("&#9;", out) : fputc('\t', out); break;
        case '\n': attr ? fputs("&#10;", out) : fputc('\n', out); break;
        /* In text a raw CR (CRLF of HTTP messages) folds into LF, which is
         * what a reader wants; in an attribute it must survive. */
        case '\r': attr ? fputs("&#13;", out) : fputc('\r', out); break;
        default: fputc(*p, out);
        }
    }
    rc = 0;
done:
    free(clean);
    return rc;
}

int ccs_escape_md_text(FILE *out, const char *s, size_t max_bytes, const char *empty)
{
    char *clean = NULL;
    const char *p;
    int rc = -1;

    if (!s || !*s) {
        if (empty)
            fputs(empty, out);
        rc = 0;
        goto done;
    }
    clean = ccs_escape_clean(s, max_bytes);
    if (!clean)
        goto done;
    for (p = clean; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        /* A line break would end a table row or a list item. */
        case '\n': case '\r': case '\t': fputc(' ', out); break;
        case '\\': case '`': case '*': case '_': case '[': case ']':
        case '|': case '#': case '!': case '~':
            fputc('\\', out);
            fputc(*p, out);
            break;
        default: fputc(*p, out);
        }
    }
    rc = 0;
done:
    free(clean);
    return rc;
}

int ccs_escape_md_block(FILE *out, const char *s, size_t max_bytes, const char *lang)
{
    char *clean = ccs_escape_clean(s, max_bytes);
    size_t run = 0, longest = 0, fence, len, i;
    const char *p;
    int rc = -1;

    if (!clean)
        goto done;
    for (p = clean; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    fence = longest < 3 ? 3 : longest + 1;
    for (i = 0; i < fence; i++)
        fputc('`', out);
    fprintf(out, "%s\n", lang ? lang : "");
    len = strlen(clean);
    fputs(clean, out);
    if (len == 0 || clean[len - 1] != '\n')
        fputc('\n', out);
    for (i = 0; i < fence; i++)
        fputc('`', out);
    fputc('\n', out);
    rc = 0;
done:
    free(clean);
    return rc;
}
