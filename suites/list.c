/* Conformance suite: golden/cases/list. */
#include "suite_common.h"

CCS_AREA_SUITE(list, "list")
