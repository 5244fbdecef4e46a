/* Data directory lookup; the build bakes in the source tree's golden/. */
#include "ccs/paths.h"

#include <stdlib.h>

#ifndef CCS_GOLDEN_DEFAULT
#define CCS_GOLDEN_DEFAULT "golden"
#endif

const char *ccs_paths_golden(void)
{
    const char *env = getenv("CCS_GOLDEN_DIR");

    return (env && *env) ? env : CCS_GOLDEN_DEFAULT;
}
