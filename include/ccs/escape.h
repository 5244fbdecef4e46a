/* Making untrusted text safe for reports. Everything a report shows may come
 * from the implementation under test (bodies, headers, messages echoing
 * input), so every string goes through ccs_escape_clean first: secret keys
 * redacted, invalid UTF-8 and characters XML 1.0 forbids replaced. The
 * writers below do that themselves before escaping for their format. */
#ifndef CCS_ESCAPE_H
#define CCS_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Clean copy of s (NULL gives ""), malloc'd, NULL on ENOMEM:
 * - "sk_test_", "sk_live_", "rk_test_", "rk_live_" followed by >= 8 key
 *   characters [A-Za-z0-9] become ccs_redact_key() of that token
 *   ("sk_test_…p7dc"); a run of >= 20 base64 characters that decodes to
 *   text holding such a key (an echoed "Authorization: Basic ..." header)
 *   becomes "[redacted]";
 * - invalid UTF-8 (stray bytes, overlongs, surrogates, > U+10FFFF), control
 *   characters other than TAB/LF/CR, DEL, C1 controls and U+FFFE/U+FFFF
 *   become U+FFFD;
 * - when max_bytes > 0 and the clean text is longer, it is cut at a
 *   character boundary and "\n[... N more bytes]" is appended. Redaction
 *   happens before the cut, so a cut never exposes part of a key. */
char *ccs_escape_clean(const char *s, size_t max_bytes);

/* Clean s and write it as XML/HTML character data: & < > " ' escaped.
 * attr != 0 also writes TAB/LF/CR as character references (attribute values
 * are whitespace-normalised otherwise). Returns 0, or -1 on ENOMEM. */
int ccs_escape_xml(FILE *out, const char *s, size_t max_bytes, int attr);

/* Clean s and write it as inline Markdown (safe inside a table cell): line
 * breaks become spaces, HTML-active characters become entities, Markdown
 * punctuation (\ ` * _ [ ] | # ! ~ < >) is backslash-escaped. NULL or "" writes
 * `empty` (may be NULL). Returns 0, or -1 on ENOMEM. */
int ccs_escape_md_text(FILE *out, const char *s, size_t max_bytes, const char *empty);

/* Clean s and write it as a fenced Markdown code block whose fence is longer
 * than any backtick run inside, so the content cannot close it. lang may be
 * NULL. Returns 0, or -1 on ENOMEM. */
int ccs_escape_md_block(FILE *out, const char *s, size_t max_bytes, const char *lang);

#ifdef __cplusplus
}
#endif
#endif
