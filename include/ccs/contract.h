/* Contract checker: a golden/contract object description + a cJSON value ->
 * a list of violations, each with a JSON pointer and the rule broken. */
#ifndef CCS_CONTRACT_H
#define CCS_CONTRACT_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "ccs/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ccs_level { CCS_LEVEL_MUST = 0, CCS_LEVEL_SHOULD = 1 } ccs_level;

typedef enum ccs_rule {
    CCS_RULE_MISSING = 0,   /* required / always-present property absent */
    CCS_RULE_TYPE,          /* wrong JSON type */
    CCS_RULE_NULL,          /* null where not nullable */
    CCS_RULE_ENUM,          /* value not in enum */
    CCS_RULE_UNKNOWN,       /* property not in the contract (SHOULD) */
    CCS_RULE_FORMAT         /* id prefix, max length, pattern, integer range */
} ccs_rule;

/* Longest texts a violation keeps, NUL included; longer ones are cut. */
#define CCS_VIOLATION_POINTER_MAX 512
#define CCS_VIOLATION_TEXT_MAX 256

/* The strings belong to the list (ccs_violations_free releases them). */
typedef struct ccs_violation {
    const char *pointer;  /* RFC 6901 pointer into the checked value */
    ccs_rule rule;
    ccs_level level;
    const char *expected;
    const char *actual;
} ccs_violation;

struct ccs_violation_text; /* private: blocks holding the records' strings */

typedef struct ccs_violations {
    ccs_violation *items;
    size_t count;
    size_t cap;
    struct ccs_violation_text *text;
} ccs_violations;

typedef struct ccs_contracts ccs_contracts; /* a loaded set, read-only after load */

/* Load every *.json in dir. Given the versioned root golden/contract (it
 * holds versions.json), the newest API version's directory is loaded. */
int ccs_contract_load_dir(const char *dir, ccs_contracts **out, ccs_error *err);
void ccs_contract_free(ccs_contracts *set);

/* Load golden_dir/contract/<version> (NULL golden_dir: ccs_paths_golden();
 * version NULL, "" or "latest": the newest known). */
int ccs_contract_load_version(const char *golden_dir, const char *version, ccs_contracts **out, ccs_error *err);

/* Load ccs_paths_golden() + "/contract" ($CCS_GOLDEN_DIR or the source tree). */
int ccs_contract_load_default(ccs_contracts **out, ccs_error *err);

/* The contract for "checkout.session", "item", "list", "error", ... or NULL. */
const cJSON *ccs_contract_get(const ccs_contracts *set, const char *name);

/* Check value against contract `name`; appends to *out (initialise with {0}).
 * base_pointer prefixes every pointer ("" for the root). Returns CCS_OK even
 * when violations were found; an error means the check could not run. */
int ccs_contract_check(const ccs_contracts *set, const char *name, const cJSON *value,
                       const char *base_pointer, ccs_violations *out, ccs_error *err);

/* Pick the contract from value's "object" member (or "error" for envelopes). */
const char *ccs_contract_guess(const cJSON *value);

size_t ccs_violations_count(const ccs_violations *v, ccs_level level);
void ccs_violations_free(ccs_violations *v);
const char *ccs_contract_rule_name(ccs_rule rule);   /* "missing", "type", ... */
const char *ccs_contract_level_name(ccs_level level); /* "MUST", "SHOULD" */

#ifdef __cplusplus
}
#endif
#endif
