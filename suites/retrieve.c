/* Conformance suite: golden/cases/retrieve. */
#include "suite_common.h"

CCS_AREA_SUITE(retrieve, "retrieve")
