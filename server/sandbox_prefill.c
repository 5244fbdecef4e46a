/* `ccs serve --prefill N`: every account holds N sessions from before the
 * run, as a shared sandbox account does: a fifth open, two fifths expired,
 * two fifths complete, modes in turn, created at seeded random times. All of
 * them are older than the second of the account's first request, so a
 * client that filters on its own sessions' `created` never sees them. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define DAY 86400LL
#define OLDEST (90 * DAY)   /* expired and complete sessions: the last 90 days */
#define OPEN_SPAN (23 * 3600LL) /* open ones: younger than their 24 h expiry, with an hour to spare */

int prefill_account(ccs_server *srv, const char *account, long long now)
{
    uint64_t rng = srv->seed ^ ids_hash(account, strlen(account), 0x9f11);
    int i, rc = -1;

    if (store_begin(srv))
        return -1;
    for (i = 0; i < srv->prefill; i++) {
        int state = i % 5 == 0 ? SBX_OPEN : i % 5 <= 2 ? SBX_EXPIRED : SBX_COMPLETE;
        long long span = state == SBX_OPEN ? OPEN_SPAN : OLDEST;
        /* 1 .. span seconds ago: never the current second, never the future */
        long long created = now - 1 - (long long)(sandbox_rand(&rng) % (uint64_t)span);

        if (sandbox_session_add(srv, account, created, i % SBX_MODES, state, "prefill", &rng))
            goto done;
    }
    if (store_commit(srv))
        goto done;
    rc = 0;
done:
    if (rc)
        store_rollback(srv);
    return rc;
}
