/* Remote fuzzer oracles: what any conforming implementation must do with any
 * input, however broken: answer in time, never 5xx, errors in Stripe's
 * envelope, successes that satisfy the contract. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "rfuzz_internal.h"

static const char *check_body(const ccs_contracts *contracts, const char *name, const cJSON *body,
                              const char *oracle, char *why, size_t whysz)
{
    ccs_violations v = {0};
    ccs_error err;
    const char *fired = NULL;
    size_t i;

    ccs_error_clear(&err);
    if (ccs_contract_check(contracts, name, body, "", &v, &err) != CCS_OK) {
        snprintf(why, whysz, "contract %s could not be checked: %s", name, err.message);
        fired = oracle;
        goto done;
    }
    for (i = 0; i < v.count; i++) {
        if (v.items[i].level != CCS_LEVEL_MUST)
            continue;
        snprintf(why, whysz, "%s %s: expected %s, got %s", ccs_contract_rule_name(v.items[i].rule),
                 v.items[i].pointer[0] ? v.items[i].pointer : "/", v.items[i].expected,
                 v.items[i].actual);
        fired = oracle;
        break;
    }
done:
    ccs_violations_free(&v);
    return fired;
}

const char *ccs_rfuzz_judge(const ccs_contracts *contracts, int transport_rc,
                            const ccs_http_response *resp, char *why, size_t whysz)
{
    const char *fired = NULL, *name;
    cJSON *body = NULL;

    why[0] = '\0';
    if (transport_rc == CCS_ETIMEOUT) {
        snprintf(why, whysz, "no complete answer within the timeout");
        return "hang";
    }
    if (transport_rc != CCS_OK) {
        snprintf(why, whysz, "transport failure (%s)", ccs_error_name(transport_rc));
        return "transport";
    }
    if (resp->status >= 500) {
        snprintf(why, whysz, "HTTP %ld for client input", resp->status);
        return "server_error";
    }
    if (resp->status < 200 || (resp->status >= 300 && resp->status < 400)) {
        snprintf(why, whysz, "HTTP %ld is neither a success nor a client error", resp->status);
        return "unexpected_status";
    }
    body = cJSON_ParseWithLength(resp->body ? resp->body : "", resp->body_len);
    if (!body) {
        snprintf(why, whysz, "body is not JSON (HTTP %ld)", resp->status);
        fired = resp->status >= 400 ? "bad_error_envelope" : "bad_success_body";
        goto done;
    }
    if (resp->status >= 400) {
        cJSON *e = cJSON_GetObjectItemCaseSensitive(body, "error");

        if (!cJSON_IsObject(e) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "type"))) {
            snprintf(why, whysz, "HTTP %ld without {\"error\": {\"type\": ...}}", resp->status);
            fired = "bad_error_envelope";
            goto done;
        }
        fired = check_body(contracts, "error", body, "bad_error_envelope", why, whysz);
        goto done;
    }
    name = ccs_contract_guess(body);
    if (!name) {
        snprintf(why, whysz, "success body has no known \"object\"");
        fired = "bad_success_body";
        goto done;
    }
    fired = check_body(contracts, name, body, "bad_success_body", why, whysz);
done:
    cJSON_Delete(body);
    return fired;
}
