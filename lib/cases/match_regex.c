/* Regular expressions from case files, compiled only when their compiled
 * size stays bounded. glibc's regcomp expands every repetition by copying
 * the repeated tree ("a+" is "aa*", "x{3}" is "xxx"), so stacked ("a++"),
 * nested ("(a+)+") or large bounded repetitions grow exponentially: a
 * 90-byte pattern was found to take longer than 10 s and gigabytes. A case
 * author gets a clear error instead of a hung run. */
#include "ccs/match.h"

#include <stdlib.h>
#include <string.h>

#define MAX_RE_BYTES 512
#define MAX_BOUND 100
#define MAX_GROUPS 32

/* Why re[0..n) is refused, or NULL. */
static const char *risk(const char *re, size_t n)
{
    int quant[MAX_GROUPS + 1] = {0}; /* per open group: holds a repetition */
    int depth = 0, prev_quant = 0, prev_group_quant = 0;
    size_t i = 0;

    if (n > MAX_RE_BYTES)
        return "longer than 512 bytes";
    while (i < n) {
        char c = re[i];
        int atom_group_quant = 0, is_quant = 0;

        if (c == '\\') {
            i += i + 1 < n ? 2 : 1;
        } else if (c == '[') { /* bracket expression: its bytes are literal */
            i++;
            if (i < n && re[i] == '^')
                i++;
            if (i < n && re[i] == ']')
                i++;
            while (i < n && re[i] != ']') {
                if (re[i] == '[' && i + 1 < n && (re[i + 1] == ':' || re[i + 1] == '.' || re[i + 1] == '=')) {
                    char close = re[i + 1];

                    i += 2;
                    while (i + 1 < n && !(re[i] == close && re[i + 1] == ']'))
                        i++;
                    i += 2;
                } else {
                    i++;
                }
            }
            i++;
        } else if (c == '(') {
            if (depth == MAX_GROUPS)
                return "groups nested deeper than 32";
            quant[++depth] = 0;
            i++;
            prev_quant = 0;
            prev_group_quant = 0;
            continue;
        } else if (c == ')') {
            atom_group_quant = depth > 0 && quant[depth];
            if (depth > 0) {
                depth--;
                quant[depth] |= atom_group_quant;
            }
            i++;
            prev_quant = 0;
            prev_group_quant = atom_group_quant;
            continue;
        } else if (c == '*' || c == '+' || c == '?' || c == '{') {
            is_quant = 1;
            if (c == '{') {
                unsigned long lo = 0, hi = 0;
                char *end;

                lo = strtoul(re + i + 1, &end, 10);
                hi = lo;
                if (end < re + n && *end == ',') {
                    const char *h = end + 1;

                    hi = strtoul(h, &end, 10);
                    if (end == h)
                        hi = lo; /* "{n,}": unbounded, costs like "{n}" plus a star */
                }
                if (lo > MAX_BOUND || hi > MAX_BOUND)
                    return "a repetition bound above 100";
                i = (size_t)(end - re) + (end < re + n && *end == '}');
            } else {
                i++;
            }
        } else {
            i++;
        }
        if (is_quant) {
            if (prev_quant)
                return "stacked repetitions (such as \"a++\")";
            if (prev_group_quant)
                return "nested repetitions (such as \"(a+)+\")";
            quant[depth] = 1;
        }
        prev_quant = is_quant;
        prev_group_quant = 0;
    }
    return NULL;
}

int ccs_match_regcomp(regex_t *rx, const char *re, size_t len, ccs_error *err)
{
    const char *why = risk(re, len);
    char *z = NULL;
    int rc = CCS_OK;

    if (why) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "regular expression refused: %s", why);
        goto done;
    }
    if (!(z = strndup(re, len))) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    if (regcomp(rx, z, REG_EXTENDED | REG_NOSUB))
        rc = ccs_error_set(err, CCS_EINVAL, -1, "invalid regular expression");
done:
    free(z);
    return rc;
}
