/* The case runner: steps or builtins -> verdicts, on worker threads. Here
 * the scheduler: selection, one case from start to verdict, the worker
 * pool and the isolated cases after it. The exchange and the record of a
 * case are in runner_exchange.c, the step interpreter in runner_steps.c. */
#include "ccs/runner.h"

#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "ccs/causes.h"
#include "ccs/clock.h"
#include "runner_internal.h"

#define DEFAULT_TIMEOUT_MS 10000

/* ---- one case ------------------------------------------------------------ */

static int has_feature(const ccs_runner_config *cfg, const char *f)
{
    const char *const *p;

    if (!strcmp(f, "catalog_price"))
        return cfg->price_id && *cfg->price_id;
    if (!strcmp(f, "second_account"))
        return cfg->alt_api_key && *cfg->alt_api_key;
    for (p = cfg->features; p && *p; p++)
        if (!strcmp(*p, f))
            return 1;
    return 0;
}

/* How a user turns a missing feature on. */
static const char *feature_hint(const char *f)
{
    if (!strcmp(f, "catalog_price"))
        return " (use --price-id)";
    if (!strcmp(f, "second_account"))
        return " (a second account's key: use --alt-api-key)";
    return " (use --feature)";
}

static int is_known_failure(const ccs_runner_config *cfg, const char *id)
{
    const char *const *p;

    for (p = cfg->known_failures; p && *p; p++)
        if (!fnmatch(*p, id, 0))
            return 1;
    return 0;
}

static int profile_excluded(const ccs_runner_config *cfg, const ccs_case *c)
{
    const char *p = cfg->profile && *cfg->profile ? cfg->profile : "core";

    return !strcmp(p, "core") && strcmp(c->profile, "core");
}

int ccs_runner_selected(const ccs_runner_config *cfg, const ccs_case *c)
{
    return ccs_cases_filter_match(cfg->filter, c->id);
}

static int fill_identity(ccs_case_result *r, const ccs_case *c)
{
    r->id = strdup(c->id);
    r->area = strdup(c->area);
    r->description = strdup(c->description);
    r->level = strdup(c->level);
    r->profile = strdup(c->profile);
    r->requirement = strdup(c->requirement);
    return r->id && r->area && r->description && r->level && r->profile && r->requirement ? CCS_OK : CCS_ENOMEM;
}

/* The endpoint of the case's last exchange, for the report's scorecard. */
static void record_endpoint(ccs_case_result *r, const ccs_check_ctx *cx)
{
    char line[600], ep[256];

    if (!cx->last_req.method || !cx->last_req.path)
        return;
    snprintf(line, sizeof line, "%s %s", cx->last_req.method, cx->last_req.path);
    ccs_cause_endpoint(line, ep, sizeof ep);
    if (*ep)
        r->endpoint = strdup(ep);
}

/* What the workers of one run share: circuit breaker and request pacing. */
typedef struct run_shared {
    ccs_breaker breaker;
    ccs_pacer pacer;
    ccs_created created;
} run_shared;

static volatile sig_atomic_t interrupted;

void ccs_runner_interrupt(void)
{
    interrupted = 1;
}

int ccs_runner_interrupted(void)
{
    return interrupted != 0;
}

static int run_case(const ccs_runner_config *cfg, ccs_http_client *client, const ccs_case *c, const ccs_lint *lint,
                    size_t case_index, ccs_case_result *r, run_shared *shared, ccs_error *err);

int ccs_runner_run_case(const ccs_runner_config *cfg, ccs_http_client *client, const ccs_case *c,
                        const ccs_lint *lint, size_t case_index, ccs_case_result *r, ccs_error *err)
{
    return run_case(cfg, client, c, lint, case_index, r, NULL, err);
}

/* Records the verdict of a case that is not sent (bad file, not selected
 * by profile, feature or API version, run interrupted); 1 when it did. */
static int not_run(ccs_check_ctx *cx, const char *problem)
{
    const ccs_runner_config *cfg = cx->cfg;
    const ccs_case *c = cx->c;
    const cJSON *feat, *f;
    char why[320];

    if (interrupted)
        return ccs_runner_skip(cx, "not run: the run was interrupted");
    if (problem)
        return ccs_runner_error(cx, "bad case file: %s", problem);
    if (profile_excluded(cfg, c))
        return ccs_runner_skip(cx, "profile %s not selected (run with --profile full)", c->profile);
    feat = cJSON_GetObjectItemCaseSensitive(c->json, "features");
    cJSON_ArrayForEach(f, feat) {
        if (cJSON_IsString(f) && !has_feature(cfg, f->valuestring))
            return ccs_runner_skip(cx, "feature %s not configured%s", f->valuestring, feature_hint(f->valuestring));
    }
    /* A case that names its versions (since/until) is judged as written. */
    if (ccs_runner_version_range(cfg, c->json, why, sizeof why) ||
        (!c->builtin && !cJSON_GetObjectItemCaseSensitive(c->json, "since") &&
         !cJSON_GetObjectItemCaseSensitive(c->json, "until") && ccs_runner_version_gate(cfg, c->steps, why, sizeof why)))
        return ccs_runner_skip(cx, "%s", why);
    return 0;
}

static int run_case(const ccs_runner_config *cfg, ccs_http_client *client, const ccs_case *c, const ccs_lint *lint,
                    size_t case_index, ccs_case_result *r, run_shared *shared, ccs_error *err)
{
    ccs_check_ctx cx;
    const cJSON *step;
    const char *problem = lint ? ccs_lint_for_case(lint, case_index) : NULL;
    double t0 = ccs_clock_now_ms();
    int si = 0, rc = CCS_OK;

    memset(&cx, 0, sizeof cx);
    cx.cfg = cfg;
    cx.client = client;
    cx.c = c;
    cx.r = r;
    cx.breaker = shared ? &shared->breaker : NULL;
    cx.pacer = shared ? &shared->pacer : NULL;
    /* Only a run that cleans up keeps the list (a lock and a lookup per answer). */
    cx.created = shared && cfg->cleanup ? &shared->created : NULL;
    if (fill_identity(r, c)) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    r->known_failure = is_known_failure(cfg, c->id);
    cx.captures = cJSON_CreateObject();
    cx.config = cJSON_CreateObject();
    if (!cx.captures || !cx.config) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    cJSON_AddStringToObject(cx.config, "api_key", cfg->api_key ? cfg->api_key : "");
    /* No default: a made-up second key is another account only on servers
     * that open accounts on first use; the cases that need one are SKIP. */
    cJSON_AddStringToObject(cx.config, "alt_api_key", cfg->alt_api_key ? cfg->alt_api_key : "");
    if (cfg->price_id && *cfg->price_id)
        cJSON_AddStringToObject(cx.config, "price_id", cfg->price_id);
    ccs_template_uuid(cx.uuid);
    cx.tctx.captures = cx.captures;
    cx.tctx.config = cx.config;
    cx.tctx.run_id = cfg->run_id ? cfg->run_id : "";
    cx.tctx.uuid = cx.uuid;
    cx.tctx.now = (long long)time(NULL);

    if (not_run(&cx, problem))
        goto verdict;
    if (c->builtin) {
        const ccs_builtin *b = ccs_builtin_find(c->builtin);

        if (!b)
            ccs_runner_error(&cx, "unknown builtin \"%s\"", c->builtin);
        else
            b->run(&cx, c->params);
    } else {
        cJSON_ArrayForEach(step, c->steps) {
            if (ccs_runner_run_step(&cx, step, si++))
                break;
        }
    }
verdict:
    r->retries = cx.retries;
    if (cx.retries) /* how the answers were obtained, never a verdict */
        ccs_runner_note(&cx, "%d request%s sent again (HTTP 429, Stripe-Should-Retry or a reset connection)",
                        cx.retries, cx.retries == 1 ? "" : "s");
    if (cx.retries && cx.ended && r->message && cx.note) {
        size_t n = strlen(r->message) + strlen(cx.note) + 3;
        char *m = malloc(n);

        if (m) {
            snprintf(m, n, "%s; %s", r->message, cx.note);
            free(r->message);
            r->message = m;
        }
    }
    if (!cx.ended) {
        r->verdict = CCS_PASS;
        if (cx.note) {
            r->message = cx.note;
            cx.note = NULL;
        }
    }
done:
    r->duration_ms = ccs_clock_now_ms() - t0;
    record_endpoint(r, &cx);
    ccs_runner_clear_last(&cx);
    free(cx.note);
    cJSON_Delete(cx.captures);
    cJSON_Delete(cx.config);
    return rc;
}

/* ---- the whole run -------------------------------------------------------- */

void ccs_runner_pace(ccs_pacer *p)
{
    double now, slot, wait_ms;

    if (!p)
        return;
    /* Slots are handed out under the lock and waited for outside it, so the
     * workers' requests leave interval_ms apart whichever thread sends them. */
    pthread_mutex_lock(&p->lock);
    if (p->interval_ms <= 0) {
        pthread_mutex_unlock(&p->lock);
        return;
    }
    now = ccs_clock_now_ms();
    slot = p->next_ms > now ? p->next_ms : now;
    p->next_ms = slot + p->interval_ms;
    pthread_mutex_unlock(&p->lock);
    wait_ms = slot - now;
    ccs_runner_sleep_ms(wait_ms);
}

/* Bounds of the widened interval: a limit of 1 request/s at worst is
 * still found (2 s), and the first 429 already spaces requests out.
 * Widening by 1.5 and narrowing by 0.75 settle where 41.5% of answers are
 * 429 (1.5^p * 0.75^(1-p) = 1): over a rate limit nearly all are, and the
 * run slows down; a target refusing a third at random (lock contention)
 * does not make it crawl, as doubling against 0.95 did from 7% on. */
#define PACE_MIN_MS 20.0
#define PACE_MAX_MS 2000.0
#define PACE_WIDEN 1.5
#define PACE_SHRINK 0.75

void ccs_runner_pace_feedback(ccs_pacer *p, int limited)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    if (limited) {
        /* the workers share one limit: all of them slow down, not only the
         * one that met it, or the others keep its retries starved */
        p->interval_ms = p->interval_ms * PACE_WIDEN < PACE_MIN_MS ? PACE_MIN_MS : p->interval_ms * PACE_WIDEN;
        if (p->interval_ms > PACE_MAX_MS)
            p->interval_ms = PACE_MAX_MS > p->base_ms ? PACE_MAX_MS : p->base_ms;
    } else if (p->interval_ms > p->base_ms) {
        p->interval_ms *= PACE_SHRINK;
        if (p->interval_ms < p->base_ms + 1)
            p->interval_ms = p->base_ms;
    }
    pthread_mutex_unlock(&p->lock);
}

void ccs_runner_sleep_ms(double ms)
{
    struct timespec ts;

    if (ms <= 0)
        return;
    ts.tv_sec = (time_t)(ms / 1000);
    ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000) * 1e6);
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

struct pool {
    const ccs_runner_config *cfg;
    const ccs_case_set *set;
    size_t *order;         /* case indices to run, in queue order */
    ccs_case_result **recs;/* record per queue slot */
    size_t n, next, done, total;
    pthread_mutex_t lock;
    int rc;
    ccs_error err;
    run_shared shared;
};

int ccs_runner_new_client(const ccs_runner_config *cfg, ccs_http_client **out, ccs_error *err)
{
    ccs_http_options o;
    long t = cfg->timeout_ms > 0 ? cfg->timeout_ms : DEFAULT_TIMEOUT_MS;

    memset(&o, 0, sizeof o);
    o.base_url = cfg->target;
    o.timeout_ms = t;
    o.connect_timeout_ms = t < 5000 ? t : 5000;
    o.max_response = cfg->max_response ? cfg->max_response : CCS_RUNNER_MAX_RESPONSE;
    return ccs_http_client_new(&o, out, err);
}

static void *worker(void *arg)
{
    struct pool *p = arg;
    ccs_http_client *client = NULL;
    ccs_error err;

    ccs_error_clear(&err);
    if (ccs_runner_new_client(p->cfg, &client, &err)) {
        pthread_mutex_lock(&p->lock);
        if (!p->rc) {
            p->rc = err.code ? err.code : CCS_EIO;
            p->err = err;
        }
        pthread_mutex_unlock(&p->lock);
        return NULL;
    }
    for (;;) {
        size_t slot, idx;

        pthread_mutex_lock(&p->lock);
        if (p->next >= p->n || p->rc) {
            pthread_mutex_unlock(&p->lock);
            break;
        }
        slot = p->next++;
        pthread_mutex_unlock(&p->lock);
        idx = p->order[slot];
        ccs_error_clear(&err);
        if (run_case(p->cfg, client, &p->set->items[idx], p->cfg->lint, idx, p->recs[slot], &p->shared, &err)) {
            pthread_mutex_lock(&p->lock);
            if (!p->rc) {
                p->rc = err.code;
                p->err = err;
            }
            pthread_mutex_unlock(&p->lock);
            break;
        }
        pthread_mutex_lock(&p->lock);
        p->done++;
        if (p->cfg->progress)
            p->cfg->progress(p->cfg->progress_ud, p->recs[slot], p->done, p->total);
        pthread_mutex_unlock(&p->lock);
    }
    ccs_http_client_free(client);
    return NULL;
}

static int run_pool(struct pool *p, int jobs)
{
    pthread_t tids[64];
    int i, started = 0;

    if (jobs < 1)
        jobs = 1;
    if (jobs > 64)
        jobs = 64;
    if ((size_t)jobs > p->n)
        jobs = p->n ? (int)p->n : 1;
    if (jobs == 1) {
        worker(p);
        return p->rc;
    }
    for (i = 0; i < jobs; i++)
        if (!pthread_create(&tids[i], NULL, worker, p))
            started++;
    if (!started)
        worker(p);
    for (i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    return p->rc;
}

int ccs_runner_run(const ccs_runner_config *cfg, const ccs_case_set *set, ccs_run_result *out, ccs_error *err)
{
    struct pool p;
    size_t i, n = 0, first = 0;
    size_t *slot_of = NULL;
    double t0 = ccs_clock_now_ms();
    int rc = CCS_OK, pass;

    memset(&p, 0, sizeof p);
    p.cfg = cfg;
    p.set = set;
    p.order = calloc(set->count + 1, sizeof *p.order);
    p.recs = calloc(set->count + 1, sizeof *p.recs);
    slot_of = calloc(set->count + 1, sizeof *slot_of);
    if (!p.order || !p.recs || !slot_of) {
        rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
        goto done;
    }
    /* Records in case order; the queue puts isolated cases last. */
    for (i = 0; i < set->count; i++) {
        if (!ccs_runner_selected(cfg, &set->items[i]))
            continue;
        if (!ccs_result_add(out)) {
            rc = ccs_error_set(err, CCS_ENOMEM, -1, "out of memory");
            goto done;
        }
        slot_of[i] = out->count; /* 1-based: 0 = not selected */
    }
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < set->count; i++)
            if (slot_of[i] && (set->items[i].isolated != 0) == pass)
                p.order[n++] = i;
    for (i = 0; i < n; i++)
        p.recs[i] = &out->cases[slot_of[p.order[i]] - 1];
    p.total = n;
    if (pthread_mutex_init(&p.lock, NULL)) {
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot create a mutex");
        goto done;
    }
    if (pthread_mutex_init(&p.shared.breaker.lock, NULL)) {
        pthread_mutex_destroy(&p.lock);
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot create a mutex");
        goto done;
    }
    if (pthread_mutex_init(&p.shared.pacer.lock, NULL)) {
        pthread_mutex_destroy(&p.lock);
        pthread_mutex_destroy(&p.shared.breaker.lock);
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot create a mutex");
        goto done;
    }
    if (ccs_runner_created_init(&p.shared.created)) {
        pthread_mutex_destroy(&p.lock);
        pthread_mutex_destroy(&p.shared.breaker.lock);
        pthread_mutex_destroy(&p.shared.pacer.lock);
        rc = ccs_error_set(err, CCS_EIO, -1, "cannot create a mutex");
        goto done;
    }
    p.shared.breaker.limit = cfg->max_consecutive_timeouts;
    p.shared.pacer.base_ms = cfg->rate > 0 ? 1000.0 / cfg->rate : 0;
    p.shared.pacer.interval_ms = p.shared.pacer.base_ms;
    /* Concurrent batch, then the isolated cases one at a time. */
    while (first < n && !set->items[p.order[first]].isolated)
        first++;
    p.n = first;
    rc = run_pool(&p, cfg->jobs);
    if (!rc) {
        p.n = n;
        rc = run_pool(&p, 1);
    }
    /* Also after a failed gate or an interrupt: the gate is decided later. */
    if (!rc && cfg->cleanup)
        ccs_runner_cleanup(cfg, &p.shared.created, &p.shared.pacer, &out->cleanup);
    out->interrupted = ccs_runner_interrupted();
    ccs_runner_created_free(&p.shared.created);
    pthread_mutex_destroy(&p.lock);
    pthread_mutex_destroy(&p.shared.breaker.lock);
    pthread_mutex_destroy(&p.shared.pacer.lock);
    if (rc) {
        if (err)
            *err = p.err;
        goto done;
    }
    out->strict = cfg->strict;
    out->duration_ms = ccs_clock_now_ms() - t0;
done:
    free(p.order);
    free(p.recs);
    free(slot_of);
    return rc;
}
