/* The fault table: names and descriptions of the deliberate contract breaks. */
#include <string.h>

#include "handler.h"
#include "faults.h"

/* faults are bits of an unsigned long long (server/internal.h) */
_Static_assert(F_COUNT <= 64, "more faults than bits in the fault set");

static const ccs_server_fault table[] = {
#define X(id, name, desc) {name, desc},
    CCS_FAULT_TABLE(X)
#undef X
    {NULL, NULL}
};

const ccs_server_fault *ccs_server_faults(void)
{
    return table;
}

int faults_lookup(const char *name)
{
    int i;

    if (!name || !*name)
        return F_NONE;
    for (i = 0; table[i].name; i++)
        if (!strcmp(table[i].name, name))
            return i + 1;
    return -1;
}

int faults_parse(const char *list, unsigned long long *out, const char **bad, size_t *bad_len)
{
    char name[64];
    const char *p = list, *end;
    size_t n;
    int f;

    *out = 0;
    while (p && *p) {
        end = strchr(p, ',');
        n = end ? (size_t)(end - p) : strlen(p);
        f = -1;
        if (n > 0 && n < sizeof name) {
            memcpy(name, p, n);
            name[n] = '\0';
            f = faults_lookup(name);
        }
        if (f < 0) {
            *bad = p;
            *bad_len = n;
            return -1;
        }
        *out |= 1ULL << f;
        p = end ? end + 1 : NULL;
    }
    *out &= ~1ULL; /* bit 0 is F_NONE */
    return 0;
}
