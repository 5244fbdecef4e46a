/* `ccs serve --latency MS[:JITTER]`: every answer is held back MS ms plus or
 * minus a uniform JITTER, as a service across a network answers. The HTTP
 * front gives each connection its own thread while this is on, so a delay
 * holds back one answer, never the others in flight. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "internal.h"

struct srv_latency {
    pthread_mutex_t mu;  /* guards rng: connection threads draw concurrently */
    int ms, jitter;
    uint64_t rng;
};

int latency_open(ccs_server *srv, int ms, int jitter_ms)
{
    struct srv_latency *l;

    if (ms <= 0)
        return 0;
    if (!(l = calloc(1, sizeof *l)))
        return -1;
    if (pthread_mutex_init(&l->mu, NULL)) {
        free(l);
        return -1;
    }
    l->ms = ms;
    /* a delay is never negative: the jitter is at most the delay */
    l->jitter = jitter_ms < 0 ? 0 : jitter_ms > ms ? ms : jitter_ms;
    l->rng = srv->seed ^ 0x1a7e9c7ULL;
    srv->latency = l;
    return 0;
}

void latency_close(ccs_server *srv)
{
    if (!srv->latency)
        return;
    pthread_mutex_destroy(&srv->latency->mu);
    free(srv->latency);
    srv->latency = NULL;
}

int latency_on(const ccs_server *srv)
{
    return srv && srv->latency;
}

void latency_wait(ccs_server *srv)
{
    struct srv_latency *l = srv ? srv->latency : NULL;
    struct timespec ts;
    double ms;

    if (!l)
        return;
    ms = l->ms;
    if (l->jitter) {
        pthread_mutex_lock(&l->mu);
        ms += (sandbox_unit(&l->rng) * 2.0 - 1.0) * l->jitter;
        pthread_mutex_unlock(&l->mu);
    }
    ts.tv_sec = (time_t)(ms / 1000.0);
    ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000.0) * 1e6);
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}
