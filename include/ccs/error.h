/* Caller-owned error record shared by every libccs module. */
#ifndef CCS_ERROR_H
#define CCS_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ccs_status {
    CCS_OK = 0,
    CCS_EINVAL = 1,   /* malformed input */
    CCS_ENOMEM = 2,   /* allocation failed */
    CCS_ELIMIT = 3,   /* a configured limit was exceeded */
    CCS_EIO = 4,      /* file or stream error */
    CCS_ENET = 5,     /* network error (connect, send, receive) */
    CCS_ETIMEOUT = 6, /* deadline passed */
    CCS_ENOTFOUND = 7,
    CCS_ECONFLICT = 8, /* type conflict, state conflict */
    CCS_EUSAGE = 9     /* bad command-line usage */
};

typedef struct ccs_error {
    int code;           /* one of enum ccs_status */
    long offset;        /* byte offset into the input, -1 when not applicable */
    char pointer[256];  /* JSON pointer or key path, "" when not applicable */
    char message[512];  /* human readable reason */
} ccs_error;

/* Reset to CCS_OK, offset -1, empty strings. NULL is accepted. */
void ccs_error_clear(ccs_error *err);

/* Record an error; returns code so callers can `return ccs_error_set(...)`.
 * NULL err is accepted (the error is then only returned). */
int ccs_error_set(ccs_error *err, int code, long offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Same, with a JSON pointer / key path. */
int ccs_error_set_at(ccs_error *err, int code, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Stable lowercase name of a status code ("invalid", "nomem", ...). */
const char *ccs_error_name(int code);

#ifdef __cplusplus
}
#endif
#endif
