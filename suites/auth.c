/* Conformance suite: golden/cases/auth. */
#include "suite_common.h"

CCS_AREA_SUITE(auth, "auth")
