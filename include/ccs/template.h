/* Template substitution for case files: {{capture.path}}, {{config.NAME}},
 * {{uuid}}, {{uuid:NAME}}, {{fresh}}, {{now}}, {{now+N}}, {{now-N}}, {{run}}. */
#ifndef CCS_TEMPLATE_H
#define CCS_TEMPLATE_H

#include <cjson/cJSON.h>

#include "ccs/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ccs_template_ctx {
    const cJSON *captures;  /* object: capture name -> captured JSON (may be NULL) */
    const cJSON *config;    /* object: api_key, alt_api_key, price_id, ... (may be NULL) */
    const char *run_id;     /* {{run}} */
    const char *uuid;       /* {{uuid}}: one value per case (36 chars) */
    long long now;          /* {{now}}: unix seconds at case start */
} ccs_template_ctx;

/* A fresh random UUID v4 into buf (>= 37 bytes). */
void ccs_template_uuid(char buf[37]);

/* Resolve one expression (the text between the braces, e.g. "s.id",
 * "config.api_key", "now+60") to a new JSON value. CCS_ENOTFOUND when a
 * capture or path does not exist, CCS_EINVAL for bad syntax. */
int ccs_template_eval(const ccs_template_ctx *ctx, const char *expr, cJSON **out, ccs_error *err);

/* Substitute every {{...}} in `in`; values are written as text (strings bare,
 * other JSON as its compact JSON). *out is malloc'd. */
int ccs_template_string(const ccs_template_ctx *ctx, const char *in, char **out, ccs_error *err);

/* Like ccs_template_string, but a string that is exactly one template keeps
 * the JSON type of the value ("{{s.amount_total}}" -> 2198). */
int ccs_template_value(const ccs_template_ctx *ctx, const char *in, cJSON **out, ccs_error *err);

/* Deep copy of tree with ccs_template_value applied to every string leaf
 * (object keys are not substituted). err->pointer names the failing leaf. */
int ccs_template_tree(const ccs_template_ctx *ctx, const cJSON *tree, cJSON **out, ccs_error *err);

/* 1 when s contains "{{" (cheap test before substituting). */
int ccs_template_has(const char *s);

/* Call fn for every capture name referenced by templates in s ("s" for
 * "{{s.id}}" or "{{eq:s.id}}"); config/uuid/now/run/patterns are skipped. */
typedef int (*ccs_template_ref_fn)(void *ud, const char *name);
int ccs_template_refs(const char *s, ccs_template_ref_fn fn, void *ud);

#ifdef __cplusplus
}
#endif
#endif
