/* Preflight of `ccs run`: can we connect to the target at all? Only a
 * connect (and TLS handshake), never a request: a target that accepts
 * connections but never answers must still get a run, with ERROR verdicts
 * and complete reports, rather than be called unreachable. */
#include "ccs/runner.h"

#include "ccs/http.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#define PROBE_CONNECT_MAX_MS 5000L

static pthread_once_t probe_once = PTHREAD_ONCE_INIT;
static CURLcode probe_global_rc = CURLE_FAILED_INIT;

static void probe_global_init(void)
{
    probe_global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int ccs_runner_probe(const ccs_runner_config *cfg, ccs_error *err)
{
    char errbuf[CURL_ERROR_SIZE];
    long t = cfg && cfg->timeout_ms > 0 ? cfg->timeout_ms : PROBE_CONNECT_MAX_MS;
    CURL *h = NULL;
    CURLcode cc;
    int rc = CCS_OK;

    if (!cfg || !cfg->target || (strncasecmp(cfg->target, "http://", 7) && strncasecmp(cfg->target, "https://", 8))) {
        rc = ccs_error_set(err, CCS_EINVAL, -1, "the target must be an http:// or https:// URL");
        goto done;
    }
    pthread_once(&probe_once, probe_global_init);
    if (probe_global_rc != CURLE_OK || !(h = curl_easy_init())) {
        rc = ccs_error_set(err, CCS_ENET, -1, "libcurl initialisation failed");
        goto done;
    }
    if (t > PROBE_CONNECT_MAX_MS)
        t = PROBE_CONNECT_MAX_MS;
    errbuf[0] = '\0';
    curl_easy_setopt(h, CURLOPT_URL, cfg->target);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, t);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    cc = curl_easy_perform(h);
    if (cc != CURLE_OK) {
        /* errbuf names host and port only; the URL's userinfo never appears. */
        rc = ccs_error_set(err, cc == CURLE_OPERATION_TIMEDOUT ? CCS_ETIMEOUT : CCS_ENET, -1,
                           "cannot connect (limit %ld ms): %s", t, errbuf[0] ? errbuf : curl_easy_strerror(cc));
    }
done:
    if (h)
        curl_easy_cleanup(h);
    return rc;
}

int ccs_runner_probe_version(const ccs_runner_config *cfg, char *out, size_t cap, ccs_error *err)
{
    ccs_http_options o = {0};
    ccs_http_request q = {0};
    ccs_http_response r = {0};
    ccs_http_client *c = NULL;
    const char *v;
    int rc;

    out[0] = '\0';
    o.base_url = cfg->target;
    o.timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 10000;
    o.max_response = (size_t)1 << 20;
    if ((rc = ccs_http_client_new(&o, &c, err)) != CCS_OK)
        return rc;
    /* A list of one: cheap, read-only, and answered by every version. */
    q.method = "GET";
    q.path = "/v1/checkout/sessions?limit=1";
    q.auth = CCS_AUTH_BASIC;
    q.api_key = cfg->api_key ? cfg->api_key : "";
    if ((rc = ccs_http_send(c, &q, &r, err)) == CCS_OK && (v = ccs_http_response_header(&r, "Stripe-Version")) &&
        strlen(v) < cap)
        memcpy(out, v, strlen(v) + 1);
    ccs_http_response_free(&r);
    ccs_http_client_free(c);
    return rc;
}
