/* Builtin checks (lib/runner/checks/checks_*.c) and their helpers. */
#ifndef CCS_CHECKS_H
#define CCS_CHECKS_H

#include <cjson/cJSON.h>

#include "ccs/error.h"
#include "../runner_internal.h"

int ccs_check_sessions_walk(ccs_check_ctx *cx, const cJSON *params);
int ccs_check_line_items_walk(ccs_check_ctx *cx, const cJSON *params);
int ccs_check_walk_validate(const cJSON *params, ccs_error *err);
int ccs_check_limit_bounds(ccs_check_ctx *cx, const cJSON *params);
int ccs_check_limit_validate(const cJSON *params, ccs_error *err);
int ccs_check_amounts_generated(ccs_check_ctx *cx, const cJSON *params);
int ccs_check_amounts_validate(const cJSON *params, ccs_error *err);
int ccs_check_expires_window(ccs_check_ctx *cx, const cJSON *params);
int ccs_check_expires_validate(const cJSON *params, ccs_error *err);
int ccs_check_request_id(ccs_check_ctx *cx, const cJSON *params);
int ccs_check_request_id_validate(const cJSON *params, ccs_error *err);
int ccs_check_metadata_limits(ccs_check_ctx *cx, const cJSON *params);
int ccs_check_metadata_validate(const cJSON *params, ccs_error *err);

/* Shared helpers (lib/runner/checks/checks_util.c). */

/* POST /v1/checkout/sessions with form; expects 200 and an id. *id malloc'd,
 * *session (optional) a copy of the body. Returns 1 when the case ended. */
int ccs_check_create(ccs_check_ctx *cx, const cJSON *form, const char *what, char **id, cJSON **session);

/* Params lint helper: every member of params is in allowed; integers within
 * [lo, hi] for the names listed in int_names (NULL-terminated). */
int ccs_check_params(const cJSON *params, const char *const *allowed, ccs_error *err);
int ccs_check_param_range(const cJSON *params, const char *name, long long lo, long long hi, ccs_error *err);

/* Form tree helpers. */
cJSON *ccs_check_line_item(long long unit_amount, long long quantity, const char *name);
void ccs_check_set_int(cJSON *obj, const char *name, long long v); /* as a string */

#endif
