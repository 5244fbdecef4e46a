/* Conformance suite: golden/cases/expires_at. */
#include "suite_common.h"

CCS_AREA_SUITE(expires_at, "expires_at")
