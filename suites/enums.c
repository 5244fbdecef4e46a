/* Conformance suite: golden/cases/enums. */
#include "suite_common.h"

CCS_AREA_SUITE(enums, "enums")
