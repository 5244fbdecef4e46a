/* Conformance suite: golden/cases/amounts. */
#include "suite_common.h"

CCS_AREA_SUITE(amounts, "amounts")
