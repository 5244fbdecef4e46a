/* Engine self-check cases: golden/cases/_engine (builtin checks). */
#include "suite_common.h"

CCS_AREA_SUITE(engine, "_engine")
