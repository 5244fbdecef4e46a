/* `ccs serve --random-429 P`: a seeded random share P of the authenticated
 * requests is answered 429 with the rate-limit error, as Stripe also answers
 * under lock contention, whatever the client's pace; a client that retries
 * them must come to the same verdicts. */
#include <stdlib.h>

#include "internal.h"

struct srv_random429 {
    pthread_mutex_t mu;  /* guards rng: requests draw concurrently */
    double share;
    uint64_t rng;
};

int random429_open(ccs_server *srv, double share)
{
    struct srv_random429 *r;

    if (share <= 0)
        return 0;
    if (!(r = calloc(1, sizeof *r)))
        return -1;
    if (pthread_mutex_init(&r->mu, NULL)) {
        free(r);
        return -1;
    }
    r->share = share;
    r->rng = srv->seed ^ 0x429429ULL;
    srv->random429 = r;
    return 0;
}

void random429_close(ccs_server *srv)
{
    if (!srv->random429)
        return;
    pthread_mutex_destroy(&srv->random429->mu);
    free(srv->random429);
    srv->random429 = NULL;
}

int random429_hit(ccs_server *srv)
{
    struct srv_random429 *r = srv->random429;
    int hit;

    if (!r)
        return 0;
    pthread_mutex_lock(&r->mu);
    hit = sandbox_unit(&r->rng) < r->share;
    pthread_mutex_unlock(&r->mu);
    return hit;
}
