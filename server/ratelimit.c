/* `ccs serve --rate-limit N`: a token bucket per account (N requests per
 * second, bursts of up to N), so a client's pacing and retries can be tested
 * against a server that answers 429 the way Stripe does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/clock.h"
#include "internal.h"

/* Accounts tracked at once; beyond that the least recently seen one is
 * forgotten (it starts again with a full bucket). */
#define RL_SLOTS 256

typedef struct rl_bucket {
    char account[24];
    double tokens;
    double at_ms;       /* last refill */
} rl_bucket;

struct srv_ratelimit {
    pthread_mutex_t mu;
    double rate;        /* tokens per second and bucket size */
    rl_bucket b[RL_SLOTS];
    size_t n;
};

int ratelimit_open(ccs_server *srv, double rate)
{
    struct srv_ratelimit *rl;

    if (rate <= 0)
        return 0;
    if (!(rl = calloc(1, sizeof *rl)))
        return -1;
    if (pthread_mutex_init(&rl->mu, NULL)) {
        free(rl);
        return -1;
    }
    rl->rate = rate;
    srv->ratelimit = rl;
    return 0;
}

void ratelimit_close(ccs_server *srv)
{
    if (!srv->ratelimit)
        return;
    pthread_mutex_destroy(&srv->ratelimit->mu);
    free(srv->ratelimit);
    srv->ratelimit = NULL;
}

/* The bucket of account: found, a free slot, or the least recently seen. */
static rl_bucket *bucket_for(struct srv_ratelimit *rl, const char *account, double now)
{
    size_t i, oldest = 0;
    rl_bucket *b;

    for (i = 0; i < rl->n; i++) {
        if (!strcmp(rl->b[i].account, account))
            return &rl->b[i];
        if (rl->b[i].at_ms < rl->b[oldest].at_ms)
            oldest = i;
    }
    b = rl->n < RL_SLOTS ? &rl->b[rl->n++] : &rl->b[oldest];
    snprintf(b->account, sizeof b->account, "%s", account);
    b->tokens = rl->rate;
    b->at_ms = now;
    return b;
}

int ratelimit_take(ccs_server *srv, const char *account)
{
    struct srv_ratelimit *rl = srv->ratelimit;
    rl_bucket *b;
    double now;
    int ok;

    if (!rl)
        return 1;
    pthread_mutex_lock(&rl->mu);
    now = ccs_clock_now_ms();
    b = bucket_for(rl, account, now);
    b->tokens += (now - b->at_ms) / 1000.0 * rl->rate;
    if (b->tokens > rl->rate)
        b->tokens = rl->rate;
    b->at_ms = now;
    ok = b->tokens >= 1.0;
    if (ok)
        b->tokens -= 1.0;
    pthread_mutex_unlock(&rl->mu);
    return ok;
}
