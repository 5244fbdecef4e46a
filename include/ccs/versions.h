/* Known Stripe API versions: golden/contract/versions.json lists them (made
 * by scripts/gen-contract), and golden/contract/<version>/ holds each one's
 * contracts and endpoint parameters. */
#ifndef CCS_VERSIONS_H
#define CCS_VERSIONS_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "ccs/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest API version name kept, NUL included ("2026-10-28.endive" is 18). */
#define CCS_VERSION_MAX 64

/* golden/contract/versions.json of golden_dir (NULL: ccs_paths_golden()).
 * *out is the parsed document; the caller frees it with cJSON_Delete. */
int ccs_versions_load(const char *golden_dir, cJSON **out, ccs_error *err);

/* The known version that `want` names into out: NULL, "" or "latest" give
 * the newest; anything else must be listed. An unknown name is CCS_ENOTFOUND
 * with the known ones in the message. */
int ccs_versions_resolve(const char *golden_dir, const char *want, char *out, size_t cap, ccs_error *err);

/* Same, from an already loaded versions document. */
int ccs_versions_pick(const cJSON *versions, const char *want, char *out, size_t cap, ccs_error *err);

/* The array of {"api_version", "package", ...} records, oldest first. */
const cJSON *ccs_versions_list(const cJSON *versions);

/* The directory golden_dir/contract/<version> into out. */
int ccs_versions_dir(const char *golden_dir, const char *version, char *out, size_t cap, ccs_error *err);

/* contract_dir as given, or contract_dir/<latest> when it is the versioned
 * root (it holds versions.json): callers that name golden/contract get the
 * newest version's files. */
int ccs_versions_default_dir(const char *contract_dir, char *out, size_t cap, ccs_error *err);

/* Older name -> newer name of enum values renamed between versions, for the
 * parameter `param` (e.g. ui_mode), or NULL. */
const cJSON *ccs_versions_renamed(const cJSON *versions, const char *param);

/* 1 when value is in node's enum (or its items' enum), 0 when not, -1 when
 * node has no enum. */
int ccs_versions_in_enum(const cJSON *node, const char *value);

/* The name node's enum knows for `value` of `param` when Stripe renamed it
 * between versions (either direction) and node's enum lacks value itself;
 * else NULL. The string lives in `versions`. */
const char *ccs_versions_rename(const cJSON *versions, const char *param, const cJSON *node, const char *value);

/* Top-level string members of form that ccs_versions_rename maps, against
 * params (an operation's parameter map), take that name. Members are
 * replaced by key with new nodes: decoded values may be references that
 * cJSON_SetValuestring refuses. */
void ccs_versions_rename_form(const cJSON *versions, const cJSON *params, cJSON *form);

/* One API version chosen for a run, with what judging a case by it needs:
 * its endpoint parameters and every known version's (a name or value that no
 * version has is a deliberate error of the case, not a version difference). */
typedef struct ccs_api {
    char version[CCS_VERSION_MAX];
    cJSON *versions;   /* versions.json */
    cJSON *endpoints;  /* this version's endpoints.json (an element of all) */
    cJSON **all;       /* every known version's endpoints.json, oldest first */
    size_t n_all;
} ccs_api;

/* Load the version `want` names (see ccs_versions_pick) and all others. */
int ccs_versions_open(const char *golden_dir, const char *want, ccs_api **out, ccs_error *err);
void ccs_versions_close(ccs_api *api);

/* The operation ("create", "update", ...) that method + path name, or NULL
 * for a path outside the Checkout Sessions API. Templates count as one ID. */
const char *ccs_versions_operation(const char *method, const char *path);

#ifdef __cplusplus
}
#endif
#endif
