/* The registry of builtin checks (names used by "builtin" in case files). */
#include <string.h>

#include "ccs/runner.h"
#include "checks.h"

static const ccs_builtin builtins[] = {
    {"pagination.sessions_walk", ccs_check_sessions_walk, ccs_check_walk_validate, 1,
     "create N sessions, walk the list forward (starting_after) and back (ending_before)"},
    {"pagination.line_items_walk", ccs_check_line_items_walk, ccs_check_walk_validate, 0,
     "create a session with N line items, walk /line_items forward and back"},
    {"pagination.limit_bounds", ccs_check_limit_bounds, ccs_check_limit_validate, 0,
     "limit 0, -1, 1, 100, 101, non-integer and the default (10) on a list endpoint"},
    {"amounts.generated", ccs_check_amounts_generated, ccs_check_amounts_validate, 0,
     "generated unit amounts x quantities: subtotals and totals in integer minor units"},
    {"expires_at.window", ccs_check_expires_window, ccs_check_expires_validate, 0,
     "expires_at boundaries: 30 minutes to 24 hours after creation"},
    {"headers.request_id", ccs_check_request_id, ccs_check_request_id_validate, 0,
     "every response (success, 4xx, 401) carries a distinct Request-Id"},
    {"metadata.limits", ccs_check_metadata_limits, ccs_check_metadata_validate, 0,
     "metadata: 50 keys, key length 40, value length 500 accepted; one more rejected"},
};

const ccs_builtin *ccs_builtin_find(const char *name)
{
    size_t i;

    for (i = 0; name && i < sizeof builtins / sizeof builtins[0]; i++)
        if (!strcmp(builtins[i].name, name))
            return &builtins[i];
    return NULL;
}

const ccs_builtin *ccs_builtin_list(size_t *count)
{
    if (count)
        *count = sizeof builtins / sizeof builtins[0];
    return builtins;
}
