/* Member lookup for hot paths in the library and the reference server. */
#ifndef CCS_JSON_H
#define CCS_JSON_H

#include <string.h>

#include <cjson/cJSON.h>

#ifdef __cplusplus
extern "C" {
#endif

/* cJSON_GetObjectItemCaseSensitive, inline, comparing the first byte before
 * the rest: most lookups in a request or a parameter schema miss (a create
 * asks for every optional param; the create schema's root has ~70 members),
 * and a library call with a strcmp per key cost ~100 instructions each (and
 * under fuzzing every strcmp is intercepted and traced). Same result: the
 * first member with that key; NULL for a NULL object or key, and at the
 * first key-less child (an array's elements). */
static inline const cJSON *ccs_json_get(const cJSON *o, const char *k)
{
    const cJSON *c;

    if (!o || !k)
        return NULL;
    for (c = o->child; c && c->string; c = c->next)
        if (c->string[0] == k[0] && !strcmp(c->string, k))
            return c;
    return NULL;
}

#ifdef __cplusplus
}
#endif
#endif
