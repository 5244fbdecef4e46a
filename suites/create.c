/* Conformance suite: golden/cases/create. */
#include "suite_common.h"

CCS_AREA_SUITE(create, "create")
