/* The violation list of a contract check: growth, counting, names. */
#include <stdlib.h>
#include <string.h>

#include "contract_internal.h"

size_t ccs_violations_copy(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;

    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
    return n;
}

ccs_violation *ccs_violations_reserve(ccs_violations *v)
{
    ccs_violation *x;

    if (v->count == v->cap) {
        /* Start roomy: a non-conforming object usually has several. */
        size_t cap = v->cap ? v->cap * 2 : 32;
        ccs_violation *grown = realloc(v->items, cap * sizeof *grown);

        if (!grown)
            return NULL;
        v->items = grown;
        v->cap = cap;
    }
    x = &v->items[v->count++];
    x->pointer[0] = x->expected[0] = x->actual[0] = '\0';
    return x;
}

size_t ccs_violations_count(const ccs_violations *v, ccs_level level)
{
    size_t i, n = 0;

    if (!v)
        return 0;
    for (i = 0; i < v->count; i++)
        if (v->items[i].level == level)
            n++;
    return n;
}

void ccs_violations_free(ccs_violations *v)
{
    if (!v)
        return;
    free(v->items);
    v->items = NULL;
    v->count = 0;
    v->cap = 0;
}

const char *ccs_contract_rule_name(ccs_rule rule)
{
    static const char *const names[] = {"missing", "type", "null", "enum", "unknown", "format"};

    if ((int)rule < 0 || (size_t)rule >= sizeof names / sizeof names[0])
        return "unknown-rule";
    return names[rule];
}

const char *ccs_contract_level_name(ccs_level level)
{
    return level == CCS_LEVEL_SHOULD ? "SHOULD" : "MUST";
}
