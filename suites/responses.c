/* Conformance suite: golden/cases/responses. */
#include "suite_common.h"

CCS_AREA_SUITE(responses, "responses")
