/* Conformance suite: golden/cases/headers. */
#include "suite_common.h"

CCS_AREA_SUITE(headers, "headers")
