/* Default limits of the form decoder: generous for real Stripe bodies
 * (100 line items with nested price data are ~32 KB), small enough that a
 * hostile body cannot make the decoder allocate without bound. */
#include "ccs/form.h"

void ccs_form_limits_default(ccs_form_limits *lim)
{
    lim->max_body = 1024 * 1024;
    lim->max_pairs = 10000;
    lim->max_depth = 32;
    lim->max_index = 9999;
    lim->max_key_len = 1024;
}
