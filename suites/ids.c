/* Conformance suite: golden/cases/ids. */
#include "suite_common.h"

CCS_AREA_SUITE(ids, "ids")
