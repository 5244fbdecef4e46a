/* Conformance suite: golden/cases/expire. */
#include "suite_common.h"

CCS_AREA_SUITE(expire, "expire")
