/* Endpoint parameter schemas (golden/contract/endpoints.json): the schema
 * argument of ccs_form_decode, shared by the reference server and tools. */
#ifndef CCS_PARAMS_H
#define CCS_PARAMS_H

#include <cjson/cJSON.h>

#include "ccs/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Load <golden_dir>/contract/endpoints.json (golden_dir NULL: ccs_paths_golden())
 * into *out (caller frees with cJSON_Delete). On error *out is NULL. */
int ccs_params_load(const char *golden_dir, cJSON **out, ccs_error *err);

/* The same for one API version (NULL, "" or "latest": the newest known):
 * golden_dir/contract/<version>/endpoints.json. */
int ccs_params_load_version(const char *golden_dir, const char *version, cJSON **out, ccs_error *err);

/* endpoints.json of a version directory already resolved (ccs_versions_dir):
 * what the loaders of every known version call, without reading
 * versions.json again per version. */
int ccs_params_load_dir(const char *version_dir, cJSON **out, ccs_error *err);

/* The `parameters` object of the endpoint whose "operation" is `operation`
 * ("list", "create", "retrieve", "update", "expire", "list_line_items"),
 * or NULL. The result points into `endpoints`. */
const cJSON *ccs_params_for(const cJSON *endpoints, const char *operation);

#ifdef __cplusplus
}
#endif
#endif
