/* Fault switches: each makes the server break one contract rule on purpose,
 * so the conformance suite can prove it catches that kind of bug. */
#ifndef CCS_SERVER_FAULTS_H
#define CCS_SERVER_FAULTS_H

#include <stddef.h>

#define CCS_FAULT_TABLE(X) \
    X(MISSING_CREATED, "missing-created", "omit the required `created` field from sessions") \
    X(MISSING_OBJECT, "missing-object", "omit the required `object` field from sessions") \
    X(MISSING_URL, "missing-url", "omit the always-present nullable `url` field") \
    X(AMOUNT_AS_STRING, "amount-as-string", "render amount_total as a JSON string") \
    X(LIVEMODE_AS_STRING, "livemode-as-string", "render livemode as the string \"false\"") \
    X(NULL_PM_TYPES, "null-payment-method-types", "render the non-nullable payment_method_types as null") \
    X(URL_NULL_WHILE_OPEN, "url-null-while-open", "url is null for open hosted_page sessions") \
    X(BAD_STATUS_ENUM, "bad-status-enum", "status is rendered as `opened`, outside its enum") \
    X(BAD_MODE_ENUM, "bad-mode-enum", "mode is rendered in upper case, outside its enum") \
    X(AMOUNT_TOTAL_OFF_BY_ONE, "amount-total-off-by-one", "amount_total is one more than the sum of the lines") \
    X(SUBTOTAL_IGNORES_QUANTITY, "subtotal-ignores-quantity", "line and session subtotals ignore the quantity") \
    X(SETUP_UNPAID, "setup-payment-status-unpaid", "setup sessions report payment_status unpaid") \
    X(STARTING_AFTER_INCLUSIVE, "starting-after-inclusive", "starting_after includes the cursor object itself") \
    X(ENDING_BEFORE_IGNORED, "ending-before-ignored", "ending_before is ignored (first page returned)") \
    X(HAS_MORE_FALSE, "has-more-always-false", "list has_more is always false") \
    X(HAS_MORE_TRUE, "has-more-always-true", "list has_more is always true") \
    X(LIMIT_IGNORED, "limit-ignored", "limit is accepted but pages always hold up to 10 objects") \
    X(LIMIT_NO_MAX, "limit-no-max", "limit above 100 is accepted") \
    X(LIMIT_DEFAULT_20, "limit-default-20", "the default page size is 20 instead of 10") \
    X(LIST_OLDEST_FIRST, "list-oldest-first", "sessions are listed oldest first") \
    X(LINE_ITEMS_REVERSED, "line-items-reversed", "line items are listed in reverse creation order") \
    X(UNKNOWN_PARAM_ACCEPTED, "unknown-param-accepted", "unknown parameters are silently accepted") \
    X(MISSING_PARAM_500, "missing-param-500", "a missing required parameter yields a 500 api_error") \
    X(NOT_FOUND_400, "not-found-400", "an unknown session yields 400 instead of 404") \
    X(ERROR_ENVELOPE_FLAT, "error-envelope-flat", "errors are not wrapped in an `error` object") \
    X(ERROR_NO_PARAM, "error-no-param", "errors omit `param`") \
    X(CREATE_201, "create-status-201", "create answers 201 instead of 200") \
    X(AUTH_ACCEPT_ANY, "auth-accept-any", "any non-empty API key is accepted") \
    X(AUTH_NO_ISOLATION, "auth-no-isolation", "all API keys share one account") \
    X(NO_WWW_AUTHENTICATE, "no-www-authenticate", "401 answers lack the WWW-Authenticate header") \
    X(IDEMPOTENCY_IGNORED, "idempotency-ignored", "Idempotency-Key is ignored (requests run again)") \
    X(IDEMPOTENCY_MISMATCH_OK, "idempotency-mismatch-accepted", "a reused key with other parameters replays the first response") \
    X(NO_REPLAYED_HEADER, "no-replayed-header", "replays lack the Idempotent-Replayed header") \
    X(EXPAND_IGNORED, "expand-ignored", "expand[]=line_items is accepted but ignored") \
    X(LINE_ITEMS_ALWAYS, "line-items-always-present", "line_items is included without expand") \
    X(METADATA_UNSET_IGNORED, "metadata-unset-ignored", "posting an empty metadata value stores \"\" instead of removing the key") \
    X(METADATA_REPLACE, "metadata-replace-not-merge", "metadata updates replace the whole map instead of merging") \
    X(NO_REQUEST_ID, "no-request-id", "responses lack the Request-Id header") \
    X(WRONG_CONTENT_TYPE, "wrong-content-type", "responses are labelled text/html") \
    X(EXPIRE_TWICE_OK, "expire-twice-ok", "expiring a session that is not open succeeds") \
    X(EXPIRE_KEEPS_URL, "expire-keeps-url", "expired sessions keep their url") \
    X(EXPIRES_AT_NO_WINDOW, "expires-at-no-window", "expires_at outside 30 min..24 h is accepted") \
    X(EXPIRES_AT_DEFAULT_1H, "expires-at-default-1h", "the default expires_at is created + 1 hour") \
    X(BAD_ID_PREFIX, "bad-id-prefix", "session ids start with sess_ instead of cs_test_") \
    X(BAD_LINE_ITEM_ID, "bad-line-item-id", "line item ids start with item_ instead of li_") \
    X(ENUM_NOT_VALIDATED, "enum-not-validated", "enum parameters (locale, ui_mode, ...) are not validated") \
    X(VERSION_IGNORED, "version-ignored", "Stripe-Version is echoed but ignored: every request gets the server's own version") \
    X(STARTING_AFTER_IGNORED, "starting-after-ignored", "starting_after is ignored: every forward page is the first page")

enum fault_id {
    F_NONE = 0,
#define X(id, name, desc) F_##id,
    CCS_FAULT_TABLE(X)
#undef X
    F_COUNT
};

/* F_NONE for NULL/""; -1 for an unknown name. */
int faults_lookup(const char *name);
/* A comma-separated list of fault names as a bit set (bit f: fault f), 0 for
 * NULL/"". -1 when a name is unknown; *bad then points at it in list. */
int faults_parse(const char *list, unsigned long long *out, const char **bad, size_t *bad_len);

#endif
