/* What changed for Checkout Sessions between two known API versions
 * (`ccs contract diff`): properties of checkout.session, item and price
 * added or removed, their type and nullability, enum values, the endpoints'
 * parameters (added, removed, newly required or no longer required, enum
 * values) and operations a version lacks.
 *
 * A diff is a JSON object, sorted and stable, that the text rendering reads:
 *
 *   {"from": V1, "to": V2,
 *    "objects": {"checkout.session"|"item"|"price": {
 *        "added": [PATH], "removed": [PATH],
 *        "changed": [{"path", "change": "type"|"nullable", "from", "to"}],
 *        "enum_added": [{"path", "value"}], "enum_removed": [...]}},
 *    "parameters": {"operations": {"added": [OP], "removed": [OP]},
 *        OP: {"added": [PATH], "removed": [PATH], "required": [PATH],
 *             "optional": [PATH], "enum_added": [...], "enum_removed": [...]}},
 *    "summary": {"properties_added", ..., "total"}}
 *
 * PATH names nested members with dots and array elements with []
 * (`automatic_tax.provider`, `custom_fields[].type`, map values `.*`).
 * An added or removed subtree is reported at its root only. A property with
 * `removed_after` counts as absent. Enums are compared where both versions
 * have one. OP is every operation both versions have (list, create,
 * retrieve, update, expire, list_line_items); an operation only one version
 * has is in "operations" instead and its parameters are not compared. */
#ifndef CCS_CONTRACT_DIFF_H
#define CCS_CONTRACT_DIFF_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "ccs/error.h"
#include "ccs/strbuf.h"
#include "ccs/versions.h"

#ifdef __cplusplus
extern "C" {
#endif

/* checkout.session, item, price: the objects compared, in output order. */
#define CCS_CONTRACT_DIFF_NOBJECTS 3
extern const char *const ccs_contract_diff_objects[CCS_CONTRACT_DIFF_NOBJECTS];

/* One version's data: its object contracts (in ccs_contract_diff_objects
 * order) and its endpoints.json. Owned trees. */
typedef struct ccs_contract_diff_side {
    char version[CCS_VERSION_MAX];
    cJSON *objects[CCS_CONTRACT_DIFF_NOBJECTS];
    cJSON *endpoints;
} ccs_contract_diff_side;

/* Read golden_dir/contract/<version>/ (golden_dir NULL: ccs_paths_golden())
 * into *side; version must be a name (not "latest"). On error *side holds
 * nothing to release. */
int ccs_contract_diff_load(const char *golden_dir, const char *version, ccs_contract_diff_side *side,
                           ccs_error *err);
void ccs_contract_diff_release(ccs_contract_diff_side *side);

/* The diff from -> to into *out (caller frees with cJSON_Delete). */
int ccs_contract_diff_compare(const ccs_contract_diff_side *from, const ccs_contract_diff_side *to, cJSON **out,
                              ccs_error *err);

/* Resolve both names (a known version or "latest"; an unknown one is
 * CCS_ENOTFOUND with the known versions in the message), load and compare. */
int ccs_contract_diff_versions(const char *golden_dir, const char *from, const char *to, cJSON **out,
                               ccs_error *err);

/* The diff as text: a title, one block per section that has changes
 * ("+ PATH" added, "- PATH" removed, "~ PATH: ..." changed, "+ PATH: enum
 * value V"), and a one-line summary of the counts. */
int ccs_contract_diff_text(const cJSON *diff, ccs_strbuf *out, ccs_error *err);

/* Number of differences in a diff (summary.total). */
size_t ccs_contract_diff_total(const cJSON *diff);

#ifdef __cplusplus
}
#endif
#endif
