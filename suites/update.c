/* Conformance suite: golden/cases/update. */
#include "suite_common.h"

CCS_AREA_SUITE(update, "update")
