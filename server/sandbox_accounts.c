/* The accounts the server has seen a request of, kept only for the sandbox
 * switches that act on them: --prefill fills an account on its first
 * request, --background-writes writes to every account seen. Accounts only
 * become known when a key is first used, so prefilling is lazy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct srv_accounts {
    pthread_mutex_t mu;     /* guards names; taken after srv->mu, never before it */
    sandbox_account *names;
    size_t n, cap;
};

int accounts_open(ccs_server *srv)
{
    struct srv_accounts *a = calloc(1, sizeof *a);

    if (!a)
        return -1;
    if (pthread_mutex_init(&a->mu, NULL)) {
        free(a);
        return -1;
    }
    srv->accounts = a;
    return 0;
}

void accounts_close(ccs_server *srv)
{
    if (!srv->accounts)
        return;
    pthread_mutex_destroy(&srv->accounts->mu);
    free(srv->accounts->names);
    free(srv->accounts);
    srv->accounts = NULL;
}

/* caller holds a->mu */
static int known(const struct srv_accounts *a, const char *account)
{
    size_t i;

    for (i = 0; i < a->n; i++)
        if (!strcmp(a->names[i], account))
            return 1;
    return 0;
}

/* caller holds a->mu; -1 out of memory */
static int add(struct srv_accounts *a, const char *account)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 8;
        sandbox_account *p = realloc(a->names, cap * sizeof *p);

        if (!p)
            return -1;
        a->names = p;
        a->cap = cap;
    }
    snprintf(a->names[a->n++], sizeof a->names[0], "%s", account);
    return 0;
}

static int is_known(struct srv_accounts *a, const char *account)
{
    int k;

    pthread_mutex_lock(&a->mu);
    k = known(a, account);
    pthread_mutex_unlock(&a->mu);
    return k;
}

int accounts_seen(ccs_server *srv, const char *account, long long now)
{
    struct srv_accounts *a = srv->accounts;
    int rc = 0;

    if (!a || is_known(a, account))
        return 0;
    /* First request: prefill under the store lock, so a second request of
     * the same account waits here and never sees it half full; the account
     * is known only once its sessions are committed. */
    pthread_mutex_lock(&srv->mu);
    if (!is_known(a, account)) {
        if (srv->prefill > 0)
            rc = prefill_account(srv, account, now);
        if (!rc) {
            pthread_mutex_lock(&a->mu);
            rc = add(a, account);
            pthread_mutex_unlock(&a->mu);
        }
    }
    pthread_mutex_unlock(&srv->mu);
    return rc;
}

int accounts_snapshot(ccs_server *srv, sandbox_account **out, size_t *n)
{
    struct srv_accounts *a = srv->accounts;
    int rc = 0;

    *out = NULL;
    *n = 0;
    if (!a)
        return 0;
    pthread_mutex_lock(&a->mu);
    if (a->n) {
        if ((*out = malloc(a->n * sizeof **out))) {
            memcpy(*out, a->names, a->n * sizeof **out);
            *n = a->n;
        } else {
            rc = -1;
        }
    }
    pthread_mutex_unlock(&a->mu);
    return rc;
}
