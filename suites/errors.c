/* Conformance suite: golden/cases/errors. */
#include "suite_common.h"

CCS_AREA_SUITE(errors, "errors")
