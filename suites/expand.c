/* Conformance suite: golden/cases/expand. */
#include "suite_common.h"

CCS_AREA_SUITE(expand, "expand")
