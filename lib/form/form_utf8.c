/* Strict UTF-8 validation (RFC 3629): decoded keys and values become cJSON
 * strings, which must be valid text. */
#include "form_internal.h"

size_t ccs_form_utf8_scan(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned c = s[i];
        size_t need;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            else if (c == 0xED)
                hi = 0x9F; /* UTF-16 surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            else if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            return i; /* continuation byte, C0/C1 overlong lead, F5..FF */
        }
        if (n - i <= need || s[i + 1] < lo || s[i + 1] > hi)
            return i;
        if (need >= 2 && (s[i + 2] & 0xC0) != 0x80)
            return i;
        if (need == 3 && (s[i + 3] & 0xC0) != 0x80)
            return i;
        i += need + 1;
    }
    return n;
}
