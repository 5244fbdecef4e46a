/* Conformance suite: golden/cases/pagination. */
#include "suite_common.h"

CCS_AREA_SUITE(pagination, "pagination")
