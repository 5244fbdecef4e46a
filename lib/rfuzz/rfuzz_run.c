/* Remote fuzzer campaign: anchor session, mutated requests, oracles, dedup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "ccs/clock.h"
#include "ccs/form.h"
#include "ccs/paths.h"
#include "ccs/rfuzz.h"
#include "rfuzz_internal.h"

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static char *excerpt(const ccs_http_response *resp)
{
    size_t n = resp->body_len < 2048 ? resp->body_len : 2048;
    char *s = malloc(n + 1);

    if (!s)
        return NULL;
    if (n)
        memcpy(s, resp->body, n);
    s[n] = '\0';
    return s;
}

/* Record or count a finding; dedup on oracle|endpoint|status|mutation. */
static int record(ccs_rfuzz_report *rep, const char *oracle, const ccs_rfuzz_input *in,
                  const ccs_http_response *resp, const char *why, const char *curl, long index)
{
    char sig[512];
    ccs_rfuzz_finding *f;
    size_t i;

    snprintf(sig, sizeof sig, "%s|%s %s|%ld|%s", oracle, in->method, in->endpoint,
             resp ? resp->status : 0L, in->mutation);
    for (i = 0; i < rep->count; i++)
        if (!strcmp(rep->findings[i].signature, sig)) {
            rep->findings[i].count++;
            return CCS_OK;
        }
    if (rep->count == rep->cap) {
        size_t cap = rep->cap ? rep->cap * 2 : 8;
        ccs_rfuzz_finding *p = realloc(rep->findings, cap * sizeof *p);

        if (!p)
            return CCS_ENOMEM;
        rep->findings = p;
        rep->cap = cap;
    }
    f = &rep->findings[rep->count++];
    memset(f, 0, sizeof *f);
    f->signature = strdup(sig);
    f->oracle = strdup(oracle);
    f->mutation = strdup(in->mutation);
    f->status = resp ? resp->status : 0;
    f->message = strdup(why);
    f->curl = dup_or_null(curl);
    f->response = resp ? excerpt(resp) : NULL;
    f->count = 1;
    f->first_request = index;
    f->endpoint = malloc(strlen(in->method) + strlen(in->endpoint) + 2);
    if (f->endpoint)
        sprintf(f->endpoint, "%s %s", in->method, in->endpoint);
    return CCS_OK;
}

static void fill_request(ccs_http_request *req, const ccs_rfuzz_options *o, const char *method,
                         const char *path, const char *body, size_t len)
{
    memset(req, 0, sizeof *req);
    req->method = method;
    req->path = path;
    req->body = body;
    req->body_len = len;
    req->auth = CCS_AUTH_BASIC;
    req->api_key = o->api_key;
}

/* Create the session the id-bearing endpoints are pointed at. */
static int make_anchor(ccs_http_client *c, const ccs_rfuzz_options *o, char *id, size_t idsz,
                       ccs_error *err)
{
    static const char body[] =
        "mode=payment&success_url=https%3A%2F%2Fexample.com%2Fs"
        "&line_items%5B0%5D%5Bprice_data%5D%5Bcurrency%5D=usd"
        "&line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=1099"
        "&line_items%5B0%5D%5Bprice_data%5D%5Bproduct_data%5D%5Bname%5D=T-shirt"
        "&line_items%5B0%5D%5Bquantity%5D=2";
    ccs_http_request req;
    ccs_http_response resp = {0};
    cJSON *json = NULL, *jid;
    char *given = NULL;
    size_t given_len = 0;
    int rc;

    if (o->create && (rc = ccs_form_encode(o->create, &given, &given_len, err)) != CCS_OK)
        return rc;
    fill_request(&req, o, "POST", "/v1/checkout/sessions", given ? given : body,
                 given ? given_len : sizeof body - 1);
    rc = ccs_http_send(c, &req, &resp, err);
    if (rc != CCS_OK)
        goto done;
    json = cJSON_ParseWithLength(resp.body ? resp.body : "", resp.body_len);
    jid = cJSON_GetObjectItemCaseSensitive(json, "id");
    if (resp.status != 200 || !cJSON_IsString(jid)) {
        rc = ccs_error_set(err, CCS_EINVAL, -1,
                           "target did not create the anchor session (HTTP %ld); check --target and "
                           "--api-key%s: %.300s",
                           resp.status,
                           o->create ? " and the --create body" : " (or give a working create body with --create FILE)",
                           resp.body ? resp.body : "");
        goto done;
    }
    snprintf(id, idsz, "%s", jid->valuestring);
done:
    free(given);
    cJSON_Delete(json);
    ccs_http_response_free(&resp);
    return rc;
}

static int still_alive(ccs_http_client *c, const ccs_rfuzz_options *o, const char *id)
{
    char path[512];
    ccs_http_request req;
    ccs_http_response resp = {0};
    ccs_error err;
    int ok;

    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id);
    fill_request(&req, o, "GET", path, NULL, 0);
    ok = ccs_http_send(c, &req, &resp, &err) == CCS_OK && resp.status == 200;
    ccs_http_response_free(&resp);
    return ok;
}

int ccs_rfuzz_run(const ccs_rfuzz_options *o, ccs_rfuzz_report *rep, ccs_error *err)
{
    ccs_http_options hopts = {0};
    ccs_http_client *c = NULL;
    ccs_contracts *contracts = NULL;
    char dir[4096], anchor[256], why[1024];
    uint64_t rng = o->seed;
    double start = ccs_clock_now_ms();
    long i;
    int rc;

    memset(rep, 0, sizeof *rep);
    rep->target = strdup(o->target);
    rep->seed = o->seed;
    snprintf(dir, sizeof dir, "%s/contract", o->golden_dir ? o->golden_dir : ccs_paths_golden());
    rc = ccs_contract_load_dir(dir, &contracts, err);
    if (rc != CCS_OK)
        goto done;
    hopts.base_url = o->target;
    hopts.timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 10000;
    hopts.connect_timeout_ms = hopts.timeout_ms < 5000 ? hopts.timeout_ms : 5000;
    hopts.max_response = 4u << 20;
    rc = ccs_http_client_new(&hopts, &c, err);
    if (rc != CCS_OK)
        goto done;
    rc = make_anchor(c, o, anchor, sizeof anchor, err);
    if (rc != CCS_OK)
        goto done;
    for (i = 0; (o->requests <= 0 || i < o->requests) &&
                (o->duration_s <= 0 || ccs_clock_now_ms() - start < o->duration_s * 1e3) &&
                (o->requests > 0 || o->duration_s > 0);
         i++) {
        ccs_rfuzz_input in;
        ccs_http_request req;
        ccs_http_response resp = {0};
        ccs_error terr;
        const char *oracle;
        int trc;

        rc = ccs_rfuzz_mutate(&rng, anchor, (long)time(NULL), o->create, &in, err);
        if (rc != CCS_OK)
            goto done;
        fill_request(&req, o, in.method, in.path, in.body, in.body_len);
        ccs_error_clear(&terr);
        trc = ccs_http_send(c, &req, &resp, &terr);
        rep->requests++;
        rep->by_class[trc == CCS_OK && resp.status >= 100 && resp.status < 600 ? resp.status / 100 : 0]++;
        oracle = ccs_rfuzz_judge(contracts, trc, &resp, why, sizeof why);
        if (oracle) {
            char *curl = ccs_http_curl_command(o->target, &req);

            if (trc != CCS_OK)
                snprintf(why + strlen(why), sizeof why - strlen(why), ": %s", terr.message);
            rc = record(rep, oracle, &in, trc == CCS_OK ? &resp : NULL, why, curl, i);
            free(curl);
            if (o->verbose)
                fprintf(stderr, "ccs fuzz-remote: #%ld %s %s %s: %s\n", i, oracle, in.method,
                        in.endpoint, why);
        }
        ccs_http_response_free(&resp);
        ccs_rfuzz_input_free(&in);
        if (rc != CCS_OK)
            goto done;
    }
    rep->alive_after = still_alive(c, o, anchor);
    if (!rep->alive_after) {
        ccs_rfuzz_input in = {0};

        in.method = "GET";
        in.endpoint = "/v1/checkout/sessions/{id}";
        in.mutation = "none";
        snprintf(why, sizeof why, "the plain retrieve of %s failed after the campaign", anchor);
        rc = record(rep, "not_alive", &in, NULL, why, NULL, rep->requests);
    }
done:
    rep->duration_ms = ccs_clock_now_ms() - start;
    ccs_http_client_free(c);
    ccs_contract_free(contracts);
    return rc;
}

void ccs_rfuzz_report_free(ccs_rfuzz_report *rep)
{
    size_t i;

    if (!rep)
        return;
    for (i = 0; i < rep->count; i++) {
        ccs_rfuzz_finding *f = &rep->findings[i];

        free(f->signature);
        free(f->oracle);
        free(f->endpoint);
        free(f->mutation);
        free(f->message);
        free(f->curl);
        free(f->response);
    }
    free(rep->findings);
    free(rep->target);
    memset(rep, 0, sizeof *rep);
}
