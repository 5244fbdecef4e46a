/* Conformance suite: golden/cases/metadata. */
#include "suite_common.h"

CCS_AREA_SUITE(metadata, "metadata")
