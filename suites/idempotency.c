/* Conformance suite: golden/cases/idempotency. */
#include "suite_common.h"

CCS_AREA_SUITE(idempotency, "idempotency")
