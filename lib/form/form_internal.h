/* Private helpers shared by the form decoder and encoder. */
#ifndef CCS_FORM_INTERNAL_H
#define CCS_FORM_INTERNAL_H

#include <stddef.h>

/* Index of the first byte of the first invalid UTF-8 sequence in s[0..n)
 * (overlong forms, surrogates, code points above U+10FFFF, truncated or
 * stray continuation bytes), or n when all of it is valid. */
size_t ccs_form_utf8_scan(const unsigned char *s, size_t n);

#endif
