/* Conformance suite: golden/cases/line_items. */
#include "suite_common.h"

CCS_AREA_SUITE(line_items, "line_items")
