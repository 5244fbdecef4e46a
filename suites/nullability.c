/* Conformance suite: golden/cases/nullability. */
#include "suite_common.h"

CCS_AREA_SUITE(nullability, "nullability")
