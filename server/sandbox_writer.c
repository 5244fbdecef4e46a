/* `ccs serve --background-writes R`: another writer on the shared accounts.
 * A thread adds R open sessions per second (created: now, modes at random)
 * to every account seen so far, so a client's lists and pages interleave
 * with sessions it did not create, as on a sandbox account others use. */
#include <stdlib.h>
#include <time.h>

#include "ccs/clock.h"
#include "internal.h"

struct srv_writer {
    pthread_t thread;
    pthread_mutex_t mu;     /* guards stop */
    pthread_cond_t wake;    /* signalled on stop, so shutdown does not wait a period out */
    int stop;
    double period_ms;       /* between batches; each batch adds one session per account */
    uint64_t rng;           /* only the writer thread draws */
};

/* One session in every account seen, in one transaction. */
static void write_batch(ccs_server *srv, struct srv_writer *w)
{
    sandbox_account *names = NULL;
    size_t n = 0, i;
    long long now;
    int failed = 0;

    if (accounts_snapshot(srv, &names, &n) || !n)
        goto done;
    pthread_mutex_lock(&srv->mu);
    now = (long long)time(NULL) + srv->clock_offset;
    if (store_begin(srv)) {
        pthread_mutex_unlock(&srv->mu);
        goto done;
    }
    for (i = 0; i < n && !failed; i++)
        failed = sandbox_session_add(srv, names[i], now, (int)(sandbox_rand(&w->rng) % SBX_MODES), SBX_OPEN,
                                     "background", &w->rng) != 0;
    /* a failed batch is dropped whole; the next one tries again */
    if (failed || store_commit(srv))
        store_rollback(srv);
    pthread_mutex_unlock(&srv->mu);
done:
    free(names);
}

static void deadline(struct timespec *ts, double at_ms)
{
    ts->tv_sec = (time_t)(at_ms / 1000.0);
    ts->tv_nsec = (long)((at_ms - (double)ts->tv_sec * 1000.0) * 1e6);
}

static void *run(void *arg)
{
    ccs_server *srv = arg;
    struct srv_writer *w = srv->writer;
    struct timespec ts;
    double next = ccs_clock_now_ms() + w->period_ms;

    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        deadline(&ts, next);
        if (pthread_cond_timedwait(&w->wake, &w->mu, &ts) == 0 || w->stop || ccs_clock_now_ms() < next)
            continue; /* stop, or woken early: wait for the rest of the period */
        pthread_mutex_unlock(&w->mu);
        write_batch(srv, w);
        pthread_mutex_lock(&w->mu);
        /* steady rate; after a stall (a long prefill holding the store) no
         * burst to catch up beyond one period */
        next += w->period_ms;
        if (next < ccs_clock_now_ms())
            next = ccs_clock_now_ms() + w->period_ms;
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

int writer_start(ccs_server *srv, double rate)
{
    struct srv_writer *w;
    pthread_condattr_t attr;
    int cond = 0;

    if (rate <= 0)
        return 0;
    if (!(w = calloc(1, sizeof *w)))
        return -1;
    w->period_ms = 1000.0 / rate;
    w->rng = srv->seed ^ 0xb6c3ULL;
    if (pthread_mutex_init(&w->mu, NULL)) {
        free(w);
        return -1;
    }
    /* the deadline is on the monotonic clock (ccs_clock_now_ms) */
    if (!pthread_condattr_init(&attr)) {
        cond = !pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) && !pthread_cond_init(&w->wake, &attr);
        pthread_condattr_destroy(&attr);
    }
    srv->writer = w;
    if (!cond || pthread_create(&w->thread, NULL, run, srv)) {
        if (cond)
            pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->mu);
        free(w);
        srv->writer = NULL;
        return -1;
    }
    return 0;
}

void writer_stop(ccs_server *srv)
{
    struct srv_writer *w = srv->writer;

    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = 1;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->mu);
    free(w);
    srv->writer = NULL;
}
