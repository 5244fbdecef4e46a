/* Stripe form codec: application/x-www-form-urlencoded with bracket nesting
 * (line_items[0][price_data][currency]=usd) <-> cJSON trees. */
#ifndef CCS_FORM_H
#define CCS_FORM_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "ccs/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ccs_form_limits {
    size_t max_body;     /* bytes of encoded body */
    size_t max_pairs;    /* key=value pairs */
    int max_depth;       /* bracket segments after the root key */
    long max_index;      /* largest numeric array index accepted */
    size_t max_key_len;  /* bytes of one decoded key (whole bracketed key) */
} ccs_form_limits;

/* Defaults: 1 MiB body, 10000 pairs, depth 32, index 9999, key 1024. */
void ccs_form_limits_default(ccs_form_limits *lim);

/* Decode body[0..len) into a new cJSON object (*out, caller frees with
 * cJSON_Delete). schema may be NULL (numeric indices then make arrays, as qs
 * does) or an endpoint's parameter map: a cJSON object name -> parameter node
 * as in golden/contract/endpoints.json ("type", "properties", "items",
 * "additionalProperties"); arrays are then built only where the schema says
 * "array". lim may be NULL for defaults. On error *out is NULL and err holds
 * the reason and the byte offset into body. A string leaf keeps its text in
 * the node's own allocation (flagged cJSON_IsReference), so
 * cJSON_SetValuestring refuses it: replace the node, or cJSON_Duplicate the
 * tree first (copies are ordinary nodes). Well-known parameter names
 * ("mode", "line_items", ...) are static text flagged cJSON_StringIsConst;
 * cJSON_Delete, cJSON_Duplicate and re-keying handle that as usual. */
int ccs_form_decode(const char *body, size_t len, const cJSON *schema,
                    const ccs_form_limits *lim, cJSON **out, ccs_error *err);

/* Encode an object tree (objects, arrays, strings; numbers and booleans are
 * written as their JSON text) as qs.stringify does with arrayFormat
 * "indices", keys in tree order (brackets as %5B/%5D; stripe-node 22.4.0
 * writes the same pairs with literal brackets, see ccs_form_literal_brackets,
 * and decoders take both). *out is malloc'd and NUL-terminated, *out_len
 * excludes the NUL (out_len may be NULL). */
int ccs_form_encode(const cJSON *tree, char **out, size_t *out_len, ccs_error *err);

/* Rewrite an encoded body as stripe-node 22.4.0 sends it: every %5B/%5D
 * (keys and values alike) becomes a literal bracket, in place; returns the
 * new length (the text stays NUL-terminated when it shrinks). Only for
 * bodies from ccs_form_encode, where a '%' of the data is always %25. */
size_t ccs_form_literal_brackets(char *body, size_t len);

#ifdef __cplusplus
}
#endif
#endif
