/* Builtin: amounts over generated unit amounts and quantities. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"

/* Boundary-leaning values: zero, one, small, typical, large. */
static const long long unit_values[] = {0, 1, 2, 99, 100, 1099, 99999, 999999};
static const long long qty_values[] = {1, 2, 3, 7, 10, 99};
/* Keep every session under 99,999,999 minor units (a common amount cap). */
#define MAX_LINE 9999999LL

static uint64_t next_rand(uint64_t *s)
{
    /* splitmix64: deterministic per seed, so a FAIL reproduces. */
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static const char *const amount_params[] = {"seed", "sessions", "max_items", "check_total", NULL};

int ccs_check_amounts_validate(const cJSON *params, ccs_error *err)
{
    const cJSON *ct = cJSON_GetObjectItemCaseSensitive(params, "check_total");

    if (ccs_check_params(params, amount_params, err) || ccs_check_param_range(params, "seed", 0, 1LL << 52, err) ||
        ccs_check_param_range(params, "sessions", 1, 50, err) || ccs_check_param_range(params, "max_items", 1, 20, err))
        return CCS_EINVAL;
    if (ct && !cJSON_IsBool(ct))
        return ccs_error_set_at(err, CCS_EINVAL, "/params/check_total", "check_total must be a boolean");
    return CCS_OK;
}

static int check_int(ccs_check_ctx *cx, const cJSON *obj, const char *name, long long want, const char *ptr_base,
                     const char *what)
{
    long long got;
    char ptr[128], exp[32], act[64];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

    snprintf(ptr, sizeof ptr, "%s/%s", ptr_base, name);
    snprintf(exp, sizeof exp, "%lld", want);
    if (!ccs_runner_get_int(obj, name, &got)) {
        char *t = v ? cJSON_PrintUnformatted(v) : NULL;

        snprintf(act, sizeof act, "%s", t ? t : "(absent)");
        free(t);
        return ccs_runner_fail(cx, ptr, exp, act, "%s: %s is not an integer amount", what, name);
    }
    if (got != want) {
        snprintf(act, sizeof act, "%lld", got);
        return ccs_runner_fail(cx, ptr, exp, act, "%s: %s is wrong", what, name);
    }
    return 0;
}

int ccs_check_amounts_generated(ccs_check_ctx *cx, const cJSON *params)
{
    uint64_t seed = (uint64_t)ccs_runner_param_int(params, "seed", 1);
    int sessions = (int)ccs_runner_param_int(params, "sessions", 4);
    int max_items = (int)ccs_runner_param_int(params, "max_items", 5);
    const cJSON *ct = cJSON_GetObjectItemCaseSensitive(params, "check_total");
    int check_total = !ct || cJSON_IsTrue(ct);
    int s, ended = 0;

    for (s = 0; s < sessions && !ended; s++) {
        long long units[21], qtys[21], sum = 0;
        int n = 1 + (int)(next_rand(&seed) % (uint64_t)max_items), i;
        cJSON *form = cJSON_CreateObject(), *items, *sess = NULL, *q = NULL;
        char *id = NULL, what[96], path[512];
        const cJSON *json, *data;
        ccs_exchange ex;

        if (!form) {
            ended = ccs_runner_error(cx, "out of memory");
            break;
        }
        cJSON_AddStringToObject(form, "mode", "payment");
        cJSON_AddStringToObject(form, "success_url", "https://example.com/success");
        items = cJSON_AddArrayToObject(form, "line_items");
        /* Item 0 keeps the total above any minimum charge amount. */
        units[0] = 1099;
        qtys[0] = 1;
        for (i = 1; i <= n; i++) {
            units[i] = unit_values[next_rand(&seed) % (sizeof unit_values / sizeof unit_values[0])];
            qtys[i] = qty_values[next_rand(&seed) % (sizeof qty_values / sizeof qty_values[0])];
            if (units[i] * qtys[i] > MAX_LINE)
                qtys[i] = 1 + (long long)(next_rand(&seed) % 9);
        }
        for (i = 0; i <= n; i++) {
            char name[32];

            snprintf(name, sizeof name, "Generated %d", i + 1);
            cJSON_AddItemToArray(items, ccs_check_line_item(units[i], qtys[i], name));
            sum += units[i] * qtys[i];
        }
        snprintf(what, sizeof what, "generated session %d (%d items, seed %lld)", s + 1, n + 1,
                 ccs_runner_param_int(params, "seed", 1));
        ended = ccs_check_create(cx, form, what, &id, &sess);
        cJSON_Delete(form);
        if (!ended)
            ended = check_int(cx, sess, "amount_subtotal", sum, "", what) ||
                    (check_total && check_int(cx, sess, "amount_total", sum, "", what));
        if (!ended) {
            snprintf(path, sizeof path, "/v1/checkout/sessions/%s/line_items", id);
            q = cJSON_CreateObject();
            if (q)
                cJSON_AddStringToObject(q, "limit", "100");
            ccs_runner_exchange_init(&ex, "GET", path);
            ex.query = q;
            ended = ccs_runner_exchange(cx, &ex, NULL, &json) || ccs_runner_expect_status(cx, 200, what);
        }
        if (!ended) {
            data = cJSON_GetObjectItemCaseSensitive(json, "data");
            if (cJSON_GetArraySize(data) != n + 1) {
                char exp[32], act[32];

                snprintf(exp, sizeof exp, "%d", n + 1);
                snprintf(act, sizeof act, "%d", cJSON_GetArraySize(data));
                ended = ccs_runner_fail(cx, "/data", exp, act, "%s: wrong number of line items", what);
            }
            for (i = 0; i <= n && !ended; i++) {
                const cJSON *it = cJSON_GetArrayItem(data, i);
                char base[64];

                snprintf(base, sizeof base, "/data/%d", i);
                ended = check_int(cx, it, "quantity", qtys[i], base, what) ||
                        check_int(cx, it, "amount_subtotal", units[i] * qtys[i], base, what) ||
                        (check_total && check_int(cx, it, "amount_total", units[i] * qtys[i], base, what));
                if (!ended) {
                    strncat(base, "/price", sizeof base - strlen(base) - 1);
                    ended = check_int(cx, cJSON_GetObjectItemCaseSensitive(it, "price"), "unit_amount", units[i], base,
                                      what);
                }
            }
        }
        free(id);
        cJSON_Delete(sess);
        cJSON_Delete(q);
    }
    return ended;
}
