/* Redaction of secrets (API keys) before they reach any output. */
#include "ccs/redact.h"

#include <stdio.h>
#include <string.h>

/* Prefixes that say what a key is without revealing it. */
static const char *const key_prefixes[] = {
    "sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_",
};

/* Show the last 4 characters only when at least this many stay hidden. */
#define MIN_HIDDEN 8
#define SHOWN_TAIL 4

char *ccs_redact_key(const char *key, char *buf, size_t bufsz)
{
    const char *prefix = "";
    size_t len, plen = 0, i;

    if (!buf || bufsz == 0)
        return buf;
    if (!key) {
        snprintf(buf, bufsz, "[redacted]");
        goto done;
    }
    len = strlen(key);
    for (i = 0; i < sizeof key_prefixes / sizeof key_prefixes[0]; i++) {
        size_t n = strlen(key_prefixes[i]);

        if (len >= n && !strncmp(key, key_prefixes[i], n)) {
            prefix = key_prefixes[i];
            plen = n;
            break;
        }
    }
    if (len - plen < MIN_HIDDEN + SHOWN_TAIL) {
        snprintf(buf, bufsz, "[redacted]");
        goto done;
    }
    /* "\xe2\x80\xa6" is the ellipsis in UTF-8. */
    snprintf(buf, bufsz, "%s\xe2\x80\xa6%s", prefix, key + len - SHOWN_TAIL);
done:
    return buf;
}
