/* Case files (golden/cases/<area>/<topic>.json): loading and lint. */
#ifndef CCS_CASES_H
#define CCS_CASES_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "ccs/contract.h"
#include "ccs/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ccs_case {
    char *id;            /* "" when the file gave none (lint reports it) */
    char *area;          /* directory name under golden/cases */
    char *file;          /* path relative to the cases dir: "create/basic.json" */
    int index;           /* position in the file's "cases" array */
    char *description;
    char *level;         /* "MUST" | "SHOULD" (as written; lint checks) */
    char *profile;       /* "core" | "full" */
    char *requirement;   /* "text (source)" */
    int isolated;        /* run alone, after the concurrent batch */
    cJSON *json;         /* the case object, owned */
    const cJSON *steps;  /* json.steps or NULL */
    const char *builtin; /* json.builtin or NULL */
    const cJSON *params; /* json.params or NULL */
} ccs_case;

typedef struct ccs_case_set {
    ccs_case *items;
    size_t count;
    size_t cap;
} ccs_case_set;

/* Load every *.json below dir (recursive, sorted by path, files whose name
 * starts with '_' or '.' at the top are still loaded; README.md etc. are
 * ignored). A file that is not JSON or not {"cases": [...]} is an error with
 * the file name and byte offset. Cases are appended to *out ({0} first). */
int ccs_cases_load_dir(const char *dir, ccs_case_set *out, ccs_error *err);

/* Load one file; rel is the name recorded in ccs_case.file, area the area. */
int ccs_cases_load_file(const char *path, const char *rel, const char *area,
                        ccs_case_set *out, ccs_error *err);

void ccs_cases_free(ccs_case_set *set);

const ccs_case *ccs_cases_find(const ccs_case_set *set, const char *id);

/* Lint problems: each "file: case id: /json/pointer: message". */
typedef struct ccs_lint_problem {
    size_t case_index;   /* index into the set, or (size_t)-1 for file-level */
    char *text;
} ccs_lint_problem;

typedef struct ccs_lint {
    ccs_lint_problem *items;
    size_t count;
    size_t cap;
} ccs_lint;

/* Check shape, unique ids, id charset, level/profile values, builtin names
 * and params, capture references (captured by an earlier step), patterns
 * and contract names (when contracts != NULL). Returns CCS_OK after linting
 * (problems are in *out); an error only for ENOMEM. */
int ccs_cases_lint(const ccs_case_set *set, const ccs_contracts *contracts,
                   ccs_lint *out, ccs_error *err);

/* The first lint problem of case i, or NULL. */
const char *ccs_lint_for_case(const ccs_lint *lint, size_t case_index);

void ccs_lint_free(ccs_lint *lint);

/* fnmatch(3)-style glob on case ids; a comma separates alternatives and a
 * leading '!' excludes ("create.*,!create.mode.*"). NULL/"" matches all. */
int ccs_cases_filter_match(const char *filter, const char *id);

#ifdef __cplusplus
}
#endif
#endif
