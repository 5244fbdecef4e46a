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

/* Text storage: blocks that never move once made, so the records' pointers
 * stay valid while the list grows. */
struct ccs_violation_text {
    struct ccs_violation_text *next;
    size_t used, cap;
    char data[];
};

enum {
    TEXT_ROOM = CCS_VIOLATION_POINTER_MAX + 2 * CCS_VIOLATION_TEXT_MAX,
    TEXT_BLOCK = 8 * TEXT_ROOM /* typical records take ~100 bytes of it */
};

ccs_violation *ccs_violations_begin(ccs_violations *v, char **text)
{
    struct ccs_violation_text *b = v->text;

    if (v->count == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 32;
        ccs_violation *grown = realloc(v->items, cap * sizeof *grown);

        if (!grown)
            return NULL;
        v->items = grown;
        v->cap = cap;
    }
    if (!b || b->cap - b->used < TEXT_ROOM) {
        if (!(b = malloc(sizeof *b + TEXT_BLOCK)))
            return NULL;
        b->next = v->text;
        b->used = 0;
        b->cap = TEXT_BLOCK;
        v->text = b;
    }
    *text = b->data + b->used;
    return &v->items[v->count++];
}

void ccs_violations_end(ccs_violations *v, size_t used)
{
    v->text->used += used <= TEXT_ROOM ? used : TEXT_ROOM;
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
    while (v->text) {
        struct ccs_violation_text *next = v->text->next;

        free(v->text);
        v->text = next;
    }
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
