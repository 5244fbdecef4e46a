/* Redaction of secrets (API keys) before they reach any output: logs, curl
 * reproductions, reports. Implemented in lib/http/redact.c. */
#ifndef CCS_REDACT_H
#define CCS_REDACT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Redacted form of a secret: "sk_test_…" + last 4 chars ("sk_test_…p7dc"),
 * or "…" + last 4 for other strings; short secrets become "[redacted]".
 * Writes into buf (always NUL-terminated) and returns buf. */
char *ccs_redact_key(const char *key, char *buf, size_t bufsz);

#ifdef __cplusplus
}
#endif
#endif
