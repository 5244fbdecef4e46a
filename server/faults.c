/* The fault table: names and descriptions of the deliberate contract breaks. */
#include <string.h>

#include "handler.h"
#include "faults.h"

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
