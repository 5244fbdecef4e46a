/* Conformance suite of one area of golden/cases: CMake compiles this file
 * once per area directory with CCS_SUITE_NAME (a C identifier) and
 * CCS_SUITE_AREA (the directory, e.g. "_engine"). */
#include "suite_common.h"

#if !defined(CCS_SUITE_NAME) || !defined(CCS_SUITE_AREA)
#error "build with -DCCS_SUITE_NAME=name -DCCS_SUITE_AREA=\"dir\" (suites/suites.cmake)"
#endif

CCS_AREA_SUITE(CCS_SUITE_NAME, CCS_SUITE_AREA)
