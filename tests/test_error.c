#include <criterion/criterion.h>
#include <string.h>

#include "ccs/error.h"

Test(error, set_formats_and_returns_code)
{
    ccs_error e;

    ccs_error_clear(&e);
    cr_assert_eq(e.code, CCS_OK);
    cr_assert_eq(e.offset, -1);
    cr_assert_eq(ccs_error_set(&e, CCS_EINVAL, 7, "bad %s", "thing"), CCS_EINVAL);
    cr_assert_eq(e.offset, 7);
    cr_assert_str_eq(e.message, "bad thing");
    cr_assert_eq(ccs_error_set_at(&e, CCS_ELIMIT, "/a/b", "too %d", 3), CCS_ELIMIT);
    cr_assert_str_eq(e.pointer, "/a/b");
    cr_assert_str_eq(ccs_error_name(CCS_ELIMIT), "limit");
    cr_assert_str_eq(ccs_error_name(99), "unknown");
    cr_assert_eq(ccs_error_set(NULL, CCS_EIO, 0, "x"), CCS_EIO);
}
