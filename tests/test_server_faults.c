/* Every fault switch really changes observable behaviour: each check below
 * must see the contract break with its fault on and not with it off. */
#include <strings.h>
#include <time.h>

#include "test_server_util.h"

typedef int (*detector)(ccs_server *s);

static res create(ccs_server *s, const char *extra)
{
    char body[4096];

    snprintf(body, sizeof body, "%s%s", BODY_PAY, extra ? extra : "");
    return call(s, "POST", "/v1/checkout/sessions", NULL, body);
}

static int check_session(ccs_server *s, int (*pred)(const res *r))
{
    res r = create(s, NULL);
    int hit = pred(&r);

    res_free(&r);
    return hit;
}

#define SESSION_DETECTOR(name, expr) \
    static int pred_##name(const res *r) { const cJSON *j = r->json; (void)j; return (expr); } \
    static int d_##name(ccs_server *s) { return check_session(s, pred_##name); }

SESSION_DETECTOR(missing_created, !jget(j, "created"))
SESSION_DETECTOR(missing_object, !jget(j, "object"))
SESSION_DETECTOR(missing_url, !jget(j, "url"))
SESSION_DETECTOR(amount_as_string, cJSON_IsString(jget(j, "amount_total")))
SESSION_DETECTOR(livemode_as_string, !cJSON_IsBool(jget(j, "livemode")))
SESSION_DETECTOR(null_pm_types, cJSON_IsNull(jget(j, "payment_method_types")))
SESSION_DETECTOR(url_null_open, cJSON_IsNull(jget(j, "url")))
SESSION_DETECTOR(bad_status, strcmp(jstr(j, "status") ? jstr(j, "status") : "", "open") != 0)
SESSION_DETECTOR(bad_mode, strcmp(jstr(j, "mode") ? jstr(j, "mode") : "", "payment") != 0)
SESSION_DETECTOR(off_by_one, jnum(j, "amount_total") != 2198)
SESSION_DETECTOR(subtotal_qty, jnum(j, "amount_subtotal") != 2198)
SESSION_DETECTOR(create_201, r->status != 200)
SESSION_DETECTOR(no_request_id, strncmp(r->r.request_id, "req_", 4) != 0)
SESSION_DETECTOR(content_type, strcmp(hdr(r, "Content-Type"), "application/json") != 0)
SESSION_DETECTOR(default_1h, jnum(j, "expires_at") - jnum(j, "created") != 86400)
SESSION_DETECTOR(bad_id_prefix, strncmp(jstr(j, "id") ? jstr(j, "id") : "", "cs_test_", 8) != 0)

static int d_setup_unpaid(ccs_server *s)
{
    res r = call(s, "POST", "/v1/checkout/sessions", NULL, "mode=setup&currency=usd");
    int hit = strcmp(jstr(r.json, "payment_status"), "no_payment_required") != 0;

    res_free(&r);
    return hit;
}

static int d_line_items_always(ccs_server *s)
{
    res r = create(s, NULL);
    int hit = jget(r.json, "line_items") != NULL;

    res_free(&r);
    return hit;
}

static int d_expand_ignored(ccs_server *s)
{
    res r = create(s, "&expand[]=line_items");
    int hit = jget(r.json, "line_items") == NULL;

    res_free(&r);
    return hit;
}

static int d_bad_line_item_id(ccs_server *s)
{
    res r = create(s, "&expand[]=line_items");
    const char *id = jstr(r.json, "line_items.data.0.id");
    int hit = !id || strncmp(id, "li_", 3) != 0;

    res_free(&r);
    return hit;
}

/* Creates n sessions (oldest first into ids) for list checks. */
static void make_sessions(ccs_server *s, int n, char ids[][80])
{
    int i;

    for (i = 0; i < n; i++)
        create_id(s, KEY_A, ids[i]);
}

static int list_count(ccs_server *s, const char *q, int *has_more, char *first, char *last)
{
    res r = call(s, "GET", "/v1/checkout/sessions", q, NULL);
    int n = cJSON_GetArraySize(jget(r.json, "data"));
    char p[32];

    if (has_more)
        *has_more = cJSON_IsTrue(jget(r.json, "has_more"));
    if (first)
        snprintf(first, 80, "%s", n ? jstr(r.json, "data.0.id") : "");
    if (last) {
        snprintf(p, sizeof p, "data.%d.id", n - 1);
        snprintf(last, 80, "%s", n ? jstr(r.json, p) : "");
    }
    res_free(&r);
    return r.status == 200 ? n : -r.status;
}

static int d_starting_after_inclusive(ccs_server *s)
{
    char ids[3][80], q[160], first[80];

    make_sessions(s, 3, ids);
    snprintf(q, sizeof q, "starting_after=%s", ids[2]);
    list_count(s, q, NULL, first, NULL);
    return strcmp(first, ids[1]) != 0;
}

/* ids[] is newest last: after the newest comes the middle one */
static int d_starting_after_ignored(ccs_server *s)
{
    char ids[3][80], q[160], first[80];

    make_sessions(s, 3, ids);
    snprintf(q, sizeof q, "starting_after=%s", ids[2]);
    list_count(s, q, NULL, first, NULL);
    return !strcmp(first, ids[2]);
}

static int d_ending_before_ignored(ccs_server *s)
{
    char ids[3][80], q[160];

    make_sessions(s, 3, ids);
    snprintf(q, sizeof q, "ending_before=%s", ids[2]);
    return list_count(s, q, NULL, NULL, NULL) != 0;
}

static int d_has_more_false(ccs_server *s)
{
    char ids[3][80];
    int hm = 0;

    make_sessions(s, 3, ids);
    list_count(s, "limit=2", &hm, NULL, NULL);
    return !hm;
}

static int d_has_more_true(ccs_server *s)
{
    char ids[1][80];
    int hm = 0;

    make_sessions(s, 1, ids);
    list_count(s, "limit=5", &hm, NULL, NULL);
    return hm;
}

static int d_limit_ignored(ccs_server *s)
{
    char ids[3][80];

    make_sessions(s, 3, ids);
    return list_count(s, "limit=2", NULL, NULL, NULL) != 2;
}

static int d_limit_no_max(ccs_server *s)
{
    return list_count(s, "limit=101", NULL, NULL, NULL) != -400;
}

static int d_limit_default_20(ccs_server *s)
{
    char ids[12][80];

    make_sessions(s, 12, ids);
    return list_count(s, NULL, NULL, NULL, NULL) != 10;
}

static int d_oldest_first(ccs_server *s)
{
    char ids[2][80], first[80];

    make_sessions(s, 2, ids);
    list_count(s, NULL, NULL, first, NULL);
    return strcmp(first, ids[1]) != 0;
}

static int d_line_items_reversed(ccs_server *s)
{
    res r = call(s, "POST", "/v1/checkout/sessions", NULL,
                 BODY_PAY "&line_items[1][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ&line_items[1][quantity]=1"
                          "&expand[]=line_items");
    int hit = strcmp(jstr(r.json, "line_items.data.0.description") ? jstr(r.json, "line_items.data.0.description")
                                                                     : "", "T-shirt") != 0 ||
              jnum(r.json, "line_items.data.0.quantity") != 2;

    res_free(&r);
    return hit;
}

static int error_check(ccs_server *s, const char *body, int (*pred)(const res *r))
{
    res r = call(s, "POST", "/v1/checkout/sessions", NULL, body);
    int hit = pred(&r);

    res_free(&r);
    return hit;
}

static int p_unknown_ok(const res *r) { return r->status == 200; }
static int p_500(const res *r) { return r->status >= 500; }
static int p_flat(const res *r) { return !cJSON_IsObject(jget(r->json, "error")); }
static int p_no_param(const res *r) { return !jstr(r->json, "error.param"); }
static int p_enum_ok(const res *r) { return r->status == 200; }
static int p_window(const res *r) { return r->status == 200; }

static int d_unknown_param(ccs_server *s) { return error_check(s, BODY_PAY "&bogus=1", p_unknown_ok); }
static int d_missing_500(ccs_server *s) { return error_check(s, "line_items[0][price]=x", p_500); }
static int d_flat(ccs_server *s) { return error_check(s, BODY_PAY "&bogus=1", p_flat); }
static int d_no_param(ccs_server *s) { return error_check(s, BODY_PAY "&bogus=1", p_no_param); }
static int d_enum(ccs_server *s) { return error_check(s, BODY_PAY "&locale=xx-YY", p_enum_ok); }
static int d_window(ccs_server *s) { return error_check(s, BODY_PAY "&expires_at=1000", p_window); }

/* A 2024-06-20 request names ui_mode `hosted`: the healthy server takes it
 * and answers in that version's shape; ignoring the version rejects it. */
static int d_version_ignored(ccs_server *s)
{
    ccs_server_request q;
    ccs_server_response r;
    const char *body = BODY_PAY "&ui_mode=hosted";
    int hit;

    memset(&q, 0, sizeof q);
    q.method = "POST";
    q.path = "/v1/checkout/sessions";
    q.authorization = "Bearer " KEY_A;
    q.stripe_version = "2024-06-20";
    q.body = body;
    q.body_len = strlen(body);
    q.content_type = "application/x-www-form-urlencoded";
    ccs_server_handle(s, &q, &r);
    hit = r.status != 200 || !r.body || !strstr(r.body, "\"ui_mode\":\"hosted\"");
    ccs_server_response_free(&r);
    return hit;
}

static int d_not_found_400(ccs_server *s)
{
    res r = call(s, "GET", "/v1/checkout/sessions/cs_test_missing", NULL, NULL);
    int hit = r.status != 404;

    res_free(&r);
    return hit;
}

static int d_auth_any(ccs_server *s)
{
    res r = call_full(s, "GET", "/v1/checkout/sessions", NULL, NULL, "garbage_key", NULL);
    int hit = r.status != 401;

    res_free(&r);
    return hit;
}

static int d_no_isolation(ccs_server *s)
{
    char id[80], path[160];
    res r;
    int hit;

    create_id(s, KEY_A, id);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id);
    r = call_full(s, "GET", path, NULL, NULL, KEY_B, NULL);
    hit = r.status != 404;
    res_free(&r);
    return hit;
}

static int d_no_www_auth(ccs_server *s)
{
    res r = call_full(s, "GET", "/v1/checkout/sessions", NULL, NULL, NULL, NULL);
    int hit = hdr(&r, "WWW-Authenticate") == NULL;

    res_free(&r);
    return hit;
}

static int d_idem_ignored(ccs_server *s)
{
    res a = call_full(s, "POST", "/v1/checkout/sessions", NULL, BODY_PAY, KEY_A, "key-1");
    res b = call_full(s, "POST", "/v1/checkout/sessions", NULL, BODY_PAY, KEY_A, "key-1");
    int hit = strcmp(jstr(a.json, "id"), jstr(b.json, "id")) != 0;

    res_free(&a);
    res_free(&b);
    return hit;
}

static int d_idem_mismatch(ccs_server *s)
{
    res a = call_full(s, "POST", "/v1/checkout/sessions", NULL, BODY_PAY, KEY_A, "key-2");
    res b = call_full(s, "POST", "/v1/checkout/sessions", NULL, BODY_PAY "&metadata[x]=y", KEY_A, "key-2");
    int hit = b.status != 400;

    res_free(&a);
    res_free(&b);
    return hit;
}

static int d_no_replayed(ccs_server *s)
{
    res a = call_full(s, "POST", "/v1/checkout/sessions", NULL, BODY_PAY, KEY_A, "key-3");
    res b = call_full(s, "POST", "/v1/checkout/sessions", NULL, BODY_PAY, KEY_A, "key-3");
    int hit = !hdr(&b, "Idempotent-Replayed");

    res_free(&a);
    res_free(&b);
    return hit;
}

static int update_check(ccs_server *s, const char *first, const char *second, const char *key, int want_present)
{
    char id[80], path[160];
    res r;
    int hit;

    create_id(s, KEY_A, id);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s", id);
    r = call(s, "POST", path, NULL, first);
    res_free(&r);
    r = call(s, "POST", path, NULL, second);
    hit = (cJSON_GetObjectItemCaseSensitive(jget(r.json, "metadata"), key) != NULL) != want_present;
    res_free(&r);
    return hit;
}

static int d_unset_ignored(ccs_server *s) { return update_check(s, "metadata[a]=1", "metadata[a]=", "a", 0); }
static int d_replace(ccs_server *s) { return update_check(s, "metadata[a]=1", "metadata[b]=2", "a", 1); }

static int expire_twice(ccs_server *s, int second_status_ok, int check_url)
{
    char id[80], path[160];
    res r;
    int hit;

    create_id(s, KEY_A, id);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s/expire", id);
    r = call(s, "POST", path, NULL, NULL);
    hit = check_url && !cJSON_IsNull(jget(r.json, "url"));
    res_free(&r);
    if (second_status_ok) {
        r = call(s, "POST", path, NULL, NULL);
        hit = r.status == 200;
        res_free(&r);
    }
    return hit;
}

static int d_expire_twice(ccs_server *s) { return expire_twice(s, 1, 0); }
static int d_expire_url(ccs_server *s) { return expire_twice(s, 0, 1); }

static const struct {
    const char *fault;
    detector check;
} checks[] = {
    {"missing-created", d_missing_created}, {"missing-object", d_missing_object}, {"missing-url", d_missing_url},
    {"amount-as-string", d_amount_as_string}, {"livemode-as-string", d_livemode_as_string},
    {"null-payment-method-types", d_null_pm_types}, {"url-null-while-open", d_url_null_open},
    {"bad-status-enum", d_bad_status}, {"bad-mode-enum", d_bad_mode}, {"amount-total-off-by-one", d_off_by_one},
    {"subtotal-ignores-quantity", d_subtotal_qty}, {"setup-payment-status-unpaid", d_setup_unpaid},
    {"starting-after-inclusive", d_starting_after_inclusive}, {"ending-before-ignored", d_ending_before_ignored},
    {"starting-after-ignored", d_starting_after_ignored},
    {"has-more-always-false", d_has_more_false}, {"has-more-always-true", d_has_more_true},
    {"limit-ignored", d_limit_ignored}, {"limit-no-max", d_limit_no_max}, {"limit-default-20", d_limit_default_20},
    {"list-oldest-first", d_oldest_first}, {"line-items-reversed", d_line_items_reversed},
    {"unknown-param-accepted", d_unknown_param}, {"missing-param-500", d_missing_500},
    {"not-found-400", d_not_found_400}, {"error-envelope-flat", d_flat}, {"error-no-param", d_no_param},
    {"create-status-201", d_create_201}, {"auth-accept-any", d_auth_any}, {"auth-no-isolation", d_no_isolation},
    {"no-www-authenticate", d_no_www_auth}, {"idempotency-ignored", d_idem_ignored},
    {"idempotency-mismatch-accepted", d_idem_mismatch}, {"no-replayed-header", d_no_replayed},
    {"expand-ignored", d_expand_ignored}, {"line-items-always-present", d_line_items_always},
    {"metadata-unset-ignored", d_unset_ignored}, {"metadata-replace-not-merge", d_replace},
    {"no-request-id", d_no_request_id}, {"wrong-content-type", d_content_type},
    {"expire-twice-ok", d_expire_twice}, {"expire-keeps-url", d_expire_url},
    {"expires-at-no-window", d_window}, {"expires-at-default-1h", d_default_1h},
    {"bad-id-prefix", d_bad_id_prefix}, {"bad-line-item-id", d_bad_line_item_id},
    {"enum-not-validated", d_enum}, {"version-ignored", d_version_ignored},
};

Test(server_faults, table_has_at_least_30_and_every_fault_has_a_check)
{
    const ccs_server_fault *f;
    size_t i, n = 0;

    for (f = ccs_server_faults(); f->name; f++, n++) {
        int found = 0;

        cr_assert(f->description && f->description[0]);
        for (i = 0; i < sizeof checks / sizeof checks[0]; i++)
            if (!strcmp(checks[i].fault, f->name))
                found = 1;
        cr_expect(found, "fault %s has no check", f->name);
    }
    cr_assert_geq(n, 30);
    cr_assert_eq(n, sizeof checks / sizeof checks[0]);
}

Test(server_faults, each_fault_is_observable_and_absent_without_it)
{
    size_t i;

    for (i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        ccs_server *clean = srv_open_fault(NULL), *bad = srv_open_fault(checks[i].fault);

        cr_expect_eq(checks[i].check(clean), 0, "check for %s fires without the fault", checks[i].fault);
        cr_expect_eq(checks[i].check(bad), 1, "fault %s is not observable", checks[i].fault);
        ccs_server_close(clean);
        ccs_server_close(bad);
    }
}

Test(server_faults, unknown_fault_is_a_usage_error)
{
    ccs_server_config cfg = {0};
    ccs_server *s = NULL;
    ccs_error err;

    cfg.fault = "no-such-fault";
    cr_assert_eq(ccs_server_open(&cfg, &s, &err), CCS_EUSAGE);
    cr_assert_null(s);
}

/* Several faults at once (ccs serve --fault A --fault B): each stays
 * observable, render faults included (they used to be one switch). */
Test(server_faults, several_faults_at_once_are_each_observable)
{
    static const char *const on[] = {"missing-created", "livemode-as-string", "not-found-400", "no-request-id"};
    ccs_server *s = srv_open_fault("missing-created,livemode-as-string,not-found-400,no-request-id");
    size_t i, j;

    cr_assert_not_null(s);
    for (i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        int want = 0;

        for (j = 0; j < sizeof on / sizeof on[0]; j++)
            want |= !strcmp(checks[i].fault, on[j]);
        if (want)
            cr_expect_eq(checks[i].check(s), 1, "fault %s is not observable beside the others", checks[i].fault);
    }
    ccs_server_close(s);
}

Test(server_faults, unknown_fault_in_a_list_is_a_usage_error)
{
    ccs_server_config cfg = {0};
    ccs_server *s = NULL;
    ccs_error err;

    cfg.fault = "missing-url,no-such-fault";
    cr_assert_eq(ccs_server_open(&cfg, &s, &err), CCS_EUSAGE);
    cr_assert_null(s);
    cr_expect(strstr(err.message, "'no-such-fault'"), "%s", err.message);
}
