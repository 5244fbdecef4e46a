"""errors/, auth/, idempotency/, headers/ cases."""
from common import *
from area_rules import rules

ALT = "{{config.alt_api_key}}"
UNKNOWN_ID = "cs_test_a1doesnotexist0000000000000000000000000000000000000000000"
FORM_CT = {"Content-Type": "application/x-www-form-urlencoded"}


def errors():
    out = {}
    cs = []
    cs.append(case(
        "errors.envelope.validation",
        "A validation error is an {\"error\": {...}} envelope with type invalid_request_error",
        "MUST", "core",
        "every endpoint declares default -> {\"error\": api_errors}; api_errors requires type",
        f"{ERROR_SCHEMA}; {NOTES} Errors",
        [create(payment_form(mode=None), err(400, None))]))
    cs.append(case(
        "errors.envelope.not_found",
        "A 404 is an error envelope with type invalid_request_error",
        "MUST", "core",
        "default response is {\"error\": api_errors}; 404 maps to invalid_request_error",
        f"{ERROR_SCHEMA} sdk_status_mapping; {NOTES} Errors",
        [retrieve(UNKNOWN_ID, err(404))]))
    cs.append(case(
        "errors.envelope.message",
        "Error envelopes carry a human-readable message string",
        "SHOULD", "core",
        "api_errors.message: string (optional in the spec; every Stripe error has one)",
        f"{ERROR_SCHEMA} properties.error.message",
        [create(payment_form(mode=None), err(400, None, message="{{re:.+}}"))]))
    cs.append(case(
        "errors.envelope.no_session_fields",
        "An error body does not also carry session fields",
        "MUST", "core",
        "the default response is {\"error\": api_errors} (required: error), not a session",
        f"{ERROR_SCHEMA} required",
        [create(payment_form(mode=None), dict(err(400, None), body_absent=["id", "object"]))]))
    out["errors/envelope.json"] = cs

    cs = []
    missing = [
        ("mode", payment_form(mode=None), "mode", "MUST",
         "mode: Required", f"{SEED} Create parameters mode"),
        ("mode_empty_body", {}, "mode", "MUST",
         "mode: Required", f"{SEED} Create parameters mode"),
        ("line_items.payment", payment_form(line_items=None), "line_items", "MUST",
         "line_items: required for mode=payment and mode=subscription", f"{NOTES} Create; {SEED} line_items Required unless setup mode"),
        ("line_items.subscription", subscription_form(line_items=None), "line_items", "MUST",
         "line_items: required for mode=payment and mode=subscription", f"{NOTES} Create"),
        ("currency.setup", setup_form(currency=None), "currency", "MUST",
         "currency: required in setup mode when payment_method_types is not set", f"{NOTES} Create; {ENDPOINTS} create.currency"),
        ("price_data.currency", payment_form(line_items=[{"price_data": {"unit_amount": "1099", "product_data": {"name": "T-shirt"}}, "quantity": "1"}]),
         "line_items[0][price_data][currency]", "MUST",
         "price_data.currency: required", f"{ENDPOINTS} create.line_items[].price_data.currency"),
        ("product_data.name", payment_form(line_items=[li(product_data={"description": "no name"})]),
         "line_items[0][price_data][product_data][name]", "MUST",
         "product_data.name: required", f"{ENDPOINTS} create.line_items[].price_data.product_data.name"),
        ("recurring.interval", subscription_form(line_items=[li(amount="1500", qty="1", recurring={"interval_count": "1"})]),
         "line_items[0][price_data][recurring][interval]", "MUST",
         "price_data.recurring.interval: required", f"{ENDPOINTS} create.line_items[].price_data.recurring.interval"),
    ]
    for name, form, param, level, text, src in missing:
        cs.append(case(
            f"errors.missing.{name}",
            f"A create without {param} is rejected with 400 and param {param}",
            level, "core", text, src,
            [create(form, err(400, param))]))
    cs.append(case(
        "errors.missing.mode.code",
        "A missing mode carries code parameter_missing",
        "SHOULD", "core",
        "missing required params are reported with code parameter_missing",
        CONVENTION,
        [create(payment_form(mode=None), err(400, "mode", code="parameter_missing"))]))
    cs.append(case(
        "errors.missing.mode.message",
        "The message for a missing mode names the parameter",
        "SHOULD", "core",
        "error messages name the offending parameter",
        CONVENTION,
        [create(payment_form(mode=None), err(400, "mode", message="{{re:mode}}"))]))
    cs.append(case(
        "errors.missing.price",
        "A line item with neither price nor price_data is rejected",
        "SHOULD", "core",
        "add a line item with price or price_data plus quantity",
        f"{NOTES} Update (line_items semantics); {CONVENTION}",
        [create(payment_form(line_items=[{"quantity": "1"}]), err(400, "{{re:^line_items}}"))]))
    cs.append(case(
        "errors.missing.not_500",
        "A missing required parameter is a client error, never a server error",
        "MUST", "core",
        "missing params are caller mistakes: 400 invalid_request_error, not api_error/5xx",
        f"{ERROR_SCHEMA} sdk_status_mapping",
        [create(payment_form(mode=None, line_items=None), err(400, None))]))
    out["errors/missing.json"] = cs

    cs = []
    invalid = [
        ("quantity.abc", payment_form(line_items=[li(qty="abc")]), "line_items[0][quantity]", "MUST",
         "line_items[].quantity: integer", f"{ENDPOINTS} create.line_items[].quantity"),
        ("quantity.fraction", payment_form(line_items=[li(qty="1.5")]), "line_items[0][quantity]", "MUST",
         "line_items[].quantity: integer", f"{ENDPOINTS} create.line_items[].quantity"),
        ("unit_amount.abc", payment_form(line_items=[li(amount="abc")]), "line_items[0][price_data][unit_amount]", "MUST",
         "price_data.unit_amount: integer (minor units)", f"{ENDPOINTS} create.line_items[].price_data.unit_amount"),
        ("unit_amount.fraction", payment_form(line_items=[li(amount="10.5")]), "line_items[0][price_data][unit_amount]", "MUST",
         "price_data.unit_amount: integer (minor units); decimals go in unit_amount_decimal", f"{ENDPOINTS} create.line_items[].price_data.unit_amount"),
        ("unit_amount.negative", payment_form(line_items=[li(amount="-1")]), "line_items[0][price_data][unit_amount]", "SHOULD",
         "a price's unit_amount is a non-negative amount in minor units", CONVENTION),
        ("currency.price_data", payment_form(line_items=[li(currency="xx")]), "line_items[0][price_data][currency]", "MUST",
         "price_data.currency: format currency (three-letter ISO code, supported currency)", f"{ENDPOINTS} create.line_items[].price_data.currency; {SEED} currency"),
        ("currency.setup", setup_form(currency="xx"), "currency", "MUST",
         "currency: format currency (three-letter ISO code, supported currency)", f"{ENDPOINTS} create.currency; {SEED} currency"),
        ("allow_promotion_codes", payment_form(allow_promotion_codes="maybe"), "allow_promotion_codes", "MUST",
         "allow_promotion_codes: boolean", f"{ENDPOINTS} create.allow_promotion_codes"),
        ("line_items.scalar", payment_form(line_items="abc"), "line_items", "MUST",
         "line_items: array of objects", f"{ENDPOINTS} create.line_items"),
        ("metadata.scalar", payment_form(metadata="abc"), "metadata", "MUST",
         "create metadata is a map only", f"{ENDPOINTS} create.metadata note"),
        ("client_reference_id.too_long", payment_form(client_reference_id="x" * 201), "client_reference_id", "MUST",
         "client_reference_id: maxLength 200", f"{ENDPOINTS} create.client_reference_id; {NOTES} Length limits"),
        ("expires_at.string", payment_form(expires_at="tomorrow"), "expires_at", "MUST",
         "expires_at: integer unix-time", f"{ENDPOINTS} create.expires_at"),
        ("customer_email", payment_form(customer_email="not-an-email"), "customer_email", "SHOULD",
         "customer_email is an email address", CONVENTION),
        ("success_url", payment_form(success_url="not a url"), "success_url", "SHOULD",
         "success_url is the URL customers are sent to", f"{SEED} success_url; {CONVENTION}"),
    ]
    for name, form, param, level, text, src in invalid:
        cs.append(case(
            f"errors.invalid.{name}",
            f"An invalid {param} is rejected with 400 and param {param}",
            level, "core", text, src,
            [create(form, err(400, param))]))
    cs.append(case(
        "errors.invalid.quantity.code",
        "A non-integer quantity carries code parameter_invalid_integer",
        "SHOULD", "core",
        "non-integer values for integer params are reported with code parameter_invalid_integer",
        CONVENTION,
        [create(payment_form(line_items=[li(qty="abc")]), err(400, "line_items[0][quantity]", code="parameter_invalid_integer"))]))
    cs.append(case(
        "errors.invalid.second_item",
        "An invalid value in the second line item names index 1 in param",
        "MUST", "core",
        "param names the failing parameter in deepObject form",
        f"{ENDPOINTS} request_encoding.nested; {ERROR_SCHEMA} param",
        [create(payment_form(line_items=[li(), li(qty="abc")]), err(400, "line_items[1][quantity]"))]))
    cs.append(case(
        "errors.invalid.too_many_line_items",
        "More than 100 line items in payment mode are rejected with param line_items",
        "MUST", "core",
        "Payment mode allows at most 100 line items",
        f"{NOTES} Create; {SEED} line_items",
        [create(payment_form(line_items=[li("100", "1", f"Item {i}") for i in range(101)]), err(400, "line_items"))]))
    cs.append(case(
        "errors.invalid.max_line_items_ok",
        "Exactly 100 line items in payment mode are accepted",
        "MUST", "core",
        "Payment mode allows at most 100 line items",
        f"{NOTES} Create; {SEED} line_items",
        [create(payment_form(line_items=[li("100", "1", f"Item {i}") for i in range(100)]),
                ok({"amount_subtotal": 10000, "amount_total": 10000}))]))
    out["errors/invalid.json"] = cs

    cs = []
    cs.append(case(
        "errors.unknown.top_level",
        "An unknown create parameter foo is rejected with 400 and param foo",
        "MUST", "core",
        "the create body schema sets additionalProperties: false, so unknown params are not allowed",
        f"{NOTES} Create; {ENDPOINTS} request_encoding.body_additionalProperties",
        [create(payment_form(foo="bar"), err(400, "foo"))]))
    cs.append(case(
        "errors.unknown.top_level.code",
        "An unknown parameter carries code parameter_unknown",
        "SHOULD", "core",
        "unknown params are reported with code parameter_unknown",
        CONVENTION,
        [create(payment_form(foo="bar"), err(400, "foo", code="parameter_unknown"))]))
    cs.append(case(
        "errors.unknown.nested_line_item",
        "An unknown key inside a line item is rejected with param line_items[0][bogus]",
        "MUST", "core",
        "line_items[] objects have a fixed set of properties",
        f"{ENDPOINTS} create.line_items.items",
        [create(payment_form(line_items=[dict(li(), bogus="1")]), err(400, "line_items[0][bogus]"))]))
    cs.append(case(
        "errors.unknown.nested_product_data",
        "An unknown key inside product_data is rejected with its full param path",
        "MUST", "core",
        "price_data.product_data has a fixed set of properties",
        f"{ENDPOINTS} create.line_items[].price_data.product_data",
        [create(payment_form(line_items=[li(product_data={"name": "T-shirt", "colour": "red"})]),
                err(400, "line_items[0][price_data][product_data][colour]"))]))
    cs.append(case(
        "errors.unknown.update",
        "An unknown update parameter is rejected with 400 and param foo",
        "MUST", "core",
        "update body params: collected_information, expand, line_items, metadata, shipping_options",
        f"{NOTES} Update",
        [create(), update({"foo": "bar"}, expect=err(400, "foo"))]))
    cs.append(case(
        "errors.unknown.update_create_only",
        "A create-only parameter (mode) is rejected on update",
        "MUST", "core",
        "The only update body params are collected_information, expand, line_items, metadata, shipping_options",
        f"{NOTES} Update",
        [create(), update({"mode": "setup"}, expect=err(400, "mode"))]))
    cs.append(case(
        "errors.unknown.update_success_url",
        "success_url cannot be changed by update",
        "MUST", "core",
        "The only update body params are collected_information, expand, line_items, metadata, shipping_options",
        f"{NOTES} Update",
        [create(), update({"success_url": "https://example.com/other"}, expect=err(400, "success_url"))]))
    cs.append(case(
        "errors.unknown.expire",
        "An unknown expire parameter is rejected with 400",
        "MUST", "full",
        "expire body: expand only",
        f"{NOTES} Expire; {ENDPOINTS} expire",
        [create(), expire(form={"foo": "bar"}, expect=err(400, "foo"))]))
    cs.append(case(
        "errors.unknown.retrieve_query",
        "An unknown query parameter on retrieve is rejected",
        "SHOULD", "core",
        "retrieve takes expand only",
        f"{ENDPOINTS} retrieve.parameters",
        [create(), retrieve(query={"foo": "bar"}, expect=err(400, "foo"))]))
    cs.append(case(
        "errors.unknown.line_items_query",
        "An unknown query parameter on the line items list is rejected",
        "SHOULD", "core",
        "list_line_items takes ending_before, expand, limit, starting_after",
        f"{ENDPOINTS} list_line_items.parameters",
        [create(), line_items(query={"foo": "bar"}, expect=err(400, "foo"))]))
    cs.append(case(
        "errors.unknown.list_query",
        "An unknown query parameter on the session list is rejected",
        "SHOULD", "full",
        "list takes created, customer, customer_account, customer_details, ending_before, expand, limit, payment_intent, payment_link, starting_after, status, subscription",
        f"{ENDPOINTS} list.parameters",
        [list_sessions({"foo": "bar"}, err(400, "foo"))]))
    out["errors/unknown.json"] = cs

    cs = []
    nf = [
        ("retrieve", "core", retrieve(UNKNOWN_ID, err(404))),
        ("update", "core", update({"metadata": {"a": "b"}}, UNKNOWN_ID, err(404))),
        ("line_items", "core", line_items(UNKNOWN_ID, err(404))),
        ("expire", "full", expire(UNKNOWN_ID, err(404))),
    ]
    for name, prof, st in nf:
        cs.append(case(
            f"errors.not_found.{name}",
            f"{name} on an unknown session id answers 404 invalid_request_error",
            "MUST", prof,
            "an unknown object id is not found: HTTP 404, error type invalid_request_error",
            f"{ERROR_SCHEMA} sdk_status_mapping 404",
            [st]))
    cs.append(case(
        "errors.not_found.code",
        "An unknown session carries code resource_missing and param id",
        "SHOULD", "core",
        "unknown ids are reported with code resource_missing naming the path parameter",
        CONVENTION,
        [retrieve(UNKNOWN_ID, err(404, "id", code="resource_missing"))]))
    cs.append(case(
        "errors.not_found.message",
        "The message for an unknown session names the id",
        "SHOULD", "core",
        "No such checkout.session: '<id>'",
        CONVENTION,
        [retrieve(UNKNOWN_ID, err(404, None, message="{{re:" + UNKNOWN_ID + "}}"))]))
    cs.append(case(
        "errors.not_found.malformed_id",
        "A session id without the cs_ prefix is not found (404)",
        "SHOULD", "core",
        "ids that do not exist are not found",
        CONVENTION,
        [retrieve("not-a-session", err(404))]))
    cs.append(case(
        "errors.not_found.id_prefix",
        "A prefix of a real session id does not match that session",
        "MUST", "core",
        "ids are matched exactly",
        f"{ENDPOINTS} retrieve.session",
        [create(), step(req("GET", SESSIONS + "/cs_test_"), err(404), name="retrieve_prefix")]))
    cs.append(case(
        "errors.not_found.unknown_url",
        "An unknown URL under /v1 answers 404 with an error envelope",
        "SHOULD", "core",
        "unrecognized request URLs are not found",
        CONVENTION,
        [step(req("GET", "/v1/checkout/nothing_here"), err(404, None, etype=None))]))
    out["errors/not_found.json"] = cs

    cs = []
    methods = [
        ("delete_collection", "DELETE", SESSIONS, "GET, POST", False),
        ("put_collection", "PUT", SESSIONS, "GET, POST", False),
        ("delete_session", "DELETE", SESSIONS + "/{{s.id}}", "GET, POST", True),
        ("put_session", "PUT", SESSIONS + "/{{s.id}}", "GET, POST", True),
        ("get_expire", "GET", SESSIONS + "/{{s.id}}/expire", "POST", True),
        ("post_line_items", "POST", SESSIONS + "/{{s.id}}/line_items", "GET", True),
    ]
    for name, m, path, allow, needs in methods:
        pre = [create()] if needs else []
        cs.append(case(
            f"errors.method.{name}",
            f"{m} {path.replace('{{s.id}}', '{session}')} is a client error with an error envelope",
            "MUST", "core",
            "only the documented methods exist; everything else is a 4xx answered with the error envelope",
            f"{ENDPOINTS} (methods per path); {ERROR_SCHEMA}",
            pre + [step(req(m, path), {"status": "4xx", "contract": "error"}, name=name)]))
        cs.append(case(
            f"errors.method.{name}.405",
            f"{m} on that path answers 405 with an Allow header",
            "SHOULD", "core",
            "a known path with an unsupported method: 405 Method Not Allowed with Allow listing the methods",
            "HTTP semantics (RFC 9110 15.5.6); Stripe itself answers 404 Unrecognized request URL",
            pre + [step(req(m, path), {"status": 405, "contract": "error",
                                       "headers": {"Allow": "{{re:" + allow.split(", ")[0] + "}}"}}, name=name)]))
    out["errors/methods.json"] = cs

    cs = []
    malformed = [
        ("unclosed_bracket", "a[b=1", "MUST"),
        ("bad_percent", "mode=payment&%zz=1", "MUST"),
        ("mixed_shapes", "mode=payment&line_items[0]=x&line_items[0][quantity]=1", "MUST"),
        ("deep_nesting", "a" + "[b]" * 64 + "=1", "MUST"),
        ("empty_key", "=1&mode=payment", "SHOULD"),
        ("non_numeric_index", "mode=payment&success_url=https%3A%2F%2Fexample.com&line_items[x][quantity]=1", "SHOULD"),
    ]
    for name, body, level in malformed:
        cs.append(case(
            f"errors.malformed.{name}",
            f"A malformed form body ({name.replace('_', ' ')}) is rejected with 400 and an error envelope",
            level, "core",
            "the body is application/x-www-form-urlencoded with deepObject nesting; bad input gets a clear 400 error",
            f"{ENDPOINTS} request_encoding; {ERROR_SCHEMA}",
            [step(req("POST", SESSIONS, raw_body=body, headers=dict(FORM_CT)), err(400, None), name="create")]))
    cs.append(case(
        "errors.malformed.json_body",
        "A JSON body is not a form body: rejected with 400",
        "SHOULD", "core",
        "request bodies are application/x-www-form-urlencoded",
        f"{ENDPOINTS} request_encoding.content_type",
        [step(req("POST", SESSIONS, raw_body='{"mode":"payment"}', headers={"Content-Type": "application/json"}),
              err(400, None), name="create")]))
    cs.append(case(
        "errors.malformed.update",
        "A malformed form body on update is rejected with 400",
        "MUST", "core",
        "the body is application/x-www-form-urlencoded with deepObject nesting",
        f"{ENDPOINTS} request_encoding",
        [create(), step(req("POST", SESSIONS + "/{{s.id}}", raw_body="metadata[a=1", headers=dict(FORM_CT)),
                        err(400, None), name="update")]))
    out["errors/malformed.json"] = cs
    # one refused request per validation rule no other case reaches
    out.update(rules())
    return out


def auth():
    out = {}
    cs = []
    cs.append(case(
        "auth.basic.accepted",
        "HTTP Basic auth with the API key as user is accepted",
        "MUST", "core",
        "securitySchemes: basicAuth (API key as user)",
        f"{ENDPOINTS} auth.basicAuth; {NOTES} Auth",
        [create(payment_form(), ok({"object": "checkout.session"}), auth="basic")]))
    cs.append(case(
        "auth.bearer.accepted",
        "Authorization: Bearer <key> is accepted",
        "MUST", "core",
        "securitySchemes: bearerAuth",
        f"{ENDPOINTS} auth.bearerAuth; {NOTES} Auth",
        [create(payment_form(), ok({"object": "checkout.session"}), auth="bearer")]))
    cs.append(case(
        "auth.schemes.same_account",
        "A session created with Basic auth is visible with Bearer auth of the same key",
        "MUST", "core",
        "Basic and Bearer carry the same API key, hence the same account",
        f"{NOTES} Auth",
        [create(auth="basic"), retrieve(expect=ok({"id": "{{s.id}}"}), auth="bearer")]))
    out["auth/schemes.json"] = cs

    cs = []
    cs.append(case(
        "auth.missing.create",
        "A create without credentials answers 401 with an error envelope",
        "MUST", "core",
        "every endpoint requires basicAuth or bearerAuth",
        f"{ENDPOINTS} auth; {ERROR_SCHEMA} sdk_status_mapping 401",
        [create(payment_form(), err(401, None, etype=None), auth="none")]))
    cs.append(case(
        "auth.missing.retrieve",
        "A retrieve without credentials answers 401 (before any lookup)",
        "MUST", "core",
        "every endpoint requires basicAuth or bearerAuth",
        f"{ENDPOINTS} auth",
        [retrieve(UNKNOWN_ID, err(401, None, etype=None), auth="none")]))
    cs.append(case(
        "auth.missing.www_authenticate",
        "A 401 carries a WWW-Authenticate header",
        "SHOULD", "core",
        "a 401 response includes WWW-Authenticate naming the scheme",
        "HTTP semantics (RFC 9110 11.6.1)",
        [create(payment_form(), dict(err(401, None, etype=None), headers={"WWW-Authenticate": "{{re:(Basic|Bearer)}}"}),
                auth="none")]))
    raw = [
        ("bearer_garbage", "Bearer garbage", "MUST"),
        ("bearer_empty", "Bearer ", "MUST"),
        ("basic_garbage", "Basic !!!", "MUST"),
        ("basic_unknown_key", "Basic bm90X2Ffa2V5Og==", "MUST"),  # "not_a_key:"
        ("unknown_scheme", "Token {{config.api_key}}", "MUST"),
        ("bare_key", "{{config.api_key}}", "SHOULD"),
    ]
    for name, value, level in raw:
        cs.append(case(
            f"auth.rejected.{name}",
            f"Authorization: {value.replace('{{config.api_key}}', '<key>')} is rejected with 401",
            level, "core",
            "credentials are an API key via basicAuth or bearerAuth; anything else is unauthenticated",
            f"{ENDPOINTS} auth; {ERROR_SCHEMA} sdk_status_mapping 401",
            [create(payment_form(), err(401, None, etype=None), auth="raw", authorization=value)]))
    for name, value in (("bearer_garbage", "Bearer garbage"), ("unknown_key", "Basic bm90X2Ffa2V5Og==")):
        cs.append(case(
            f"auth.rejected.www_authenticate.{name}",
            f"A 401 for Authorization: {value} carries a WWW-Authenticate header",
            "SHOULD", "core",
            "a 401 response includes WWW-Authenticate naming the scheme",
            "HTTP semantics (RFC 9110 11.6.1)",
            [create(payment_form(), dict(err(401, None, etype=None), headers={"WWW-Authenticate": "{{re:(Basic|Bearer)}}"}),
                    auth="raw", authorization=value)]))
    cs.append(case(
        "auth.rejected.publishable_key",
        "A publishable key (pk_test_...) cannot create sessions",
        "MUST", "core",
        "Checkout Session endpoints take the secret API key",
        f"{ENDPOINTS} auth; {SEED} curl examples use sk_test_ keys",
        [create(payment_form(), err([401, 403], None, etype=None), auth="bearer",
                api_key="pk_test_51AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")]))
    cs.append(case(
        "auth.rejected.error_type",
        "A 401 error uses a type from the contract enum (invalid_request_error)",
        "SHOULD", "core",
        "api_errors.type enum: api_error, card_error, idempotency_error, invalid_request_error",
        f"{ERROR_SCHEMA} type_enum_spec",
        [create(payment_form(), err(401, None), auth="none")]))
    out["auth/rejected.json"] = cs

    cs = []
    iso = [
        ("retrieve", "core", retrieve(expect=err(404), api_key=ALT)),
        ("update", "core", update({"metadata": {"intruder": "1"}}, expect=err(404), api_key=ALT)),
        ("line_items", "core", line_items(expect=err(404), api_key=ALT)),
        ("expire", "full", expire(expect=err(404), api_key=ALT)),
    ]
    for name, prof, st in iso:
        cs.append(case(
            f"auth.isolation.{name}",
            f"{name} with another account's key does not see the session (404)",
            "MUST", prof,
            "each API key is its own account; objects of one account are not found from another",
            f"{NOTES} Auth; DESIGN (each key is its own account)",
            [create(), st]))
    cs.append(case(
        "auth.isolation.owner_unaffected",
        "A foreign update attempt leaves the owner's session unchanged",
        "MUST", "core",
        "each API key is its own account",
        f"{NOTES} Auth",
        [create(payment_form(metadata={"owner": "yes"})),
         update({"metadata": {"intruder": "1"}}, expect={"status": "4xx"}, api_key=ALT),
         retrieve(expect=ok({"id": "{{s.id}}", "metadata": {"owner": "yes", "intruder": "{{absent}}"}}))]))
    cs.append(case(
        "auth.isolation.expire_unaffected",
        "A foreign expire attempt leaves the owner's session open",
        "MUST", "full",
        "each API key is its own account",
        f"{NOTES} Auth",
        [create(), expire(expect={"status": "4xx"}, api_key=ALT), retrieve(expect=ok({"status": "open"}))]))
    out["auth/isolation.json"] = cs
    return out


def idempotency():
    out = {}
    K = "{{uuid}}"
    cs = []
    cs.append(case(
        "idempotency.replay.same_id",
        "Repeating a create with the same Idempotency-Key and params returns the same session",
        "MUST", "core",
        "an Idempotency-Key makes a POST safe to retry: the retry returns the first result instead of creating a second object",
        "Stripe API idempotent requests; SDKs retry POSTs with the same key; error type idempotency_error in " + ERROR_SCHEMA,
        [create(idempotency_key=K),
         create(idempotency_key=K, capture="r", name="replay",
                expect=ok({"id": "{{s.id}}", "created": "{{eq:s.created}}", "expires_at": "{{eq:s.expires_at}}",
                           "amount_total": "{{eq:s.amount_total}}"}))]))
    cs.append(case(
        "idempotency.replay.header",
        "A replayed response carries Idempotent-Replayed: true",
        "SHOULD", "core",
        "replays are marked with the Idempotent-Replayed response header",
        CONVENTION,
        [create(idempotency_key=K),
         create(idempotency_key=K, name="replay", expect=ok({"id": "{{s.id}}"}, headers={"Idempotent-Replayed": "true"}))]))
    cs.append(case(
        "idempotency.replay.header_every_time",
        "Every replay of a create carries Idempotent-Replayed: true",
        "SHOULD", "core",
        "replays are marked with the Idempotent-Replayed response header",
        CONVENTION,
        [create(idempotency_key=K),
         step(req("POST", SESSIONS, payment_form(), idempotency_key=K),
              ok({"id": "{{s.id}}"}, headers={"Idempotent-Replayed": "true"}), name="replay", repeat=2)]))
    cs.append(case(
        "idempotency.replay.header_update",
        "A replayed update carries Idempotent-Replayed: true",
        "SHOULD", "core",
        "replays are marked with the Idempotent-Replayed response header; Idempotency-Key applies to every POST",
        CONVENTION,
        [create(), update({"metadata": {"n": "1"}}, idempotency_key=K),
         update({"metadata": {"n": "1"}}, idempotency_key=K, name="replay",
                expect=ok({"id": "{{s.id}}"}, headers={"Idempotent-Replayed": "true"}))]))
    cs.append(case(
        "idempotency.replay.first_not_marked",
        "The first response for a key is not marked as replayed",
        "SHOULD", "core",
        "Idempotent-Replayed is only sent on replays",
        CONVENTION,
        [create(idempotency_key=K, expect=ok(headers_absent=["Idempotent-Replayed"]))]))
    cs.append(case(
        "idempotency.replay.three_times",
        "Three sends with one key all return the first session",
        "MUST", "core",
        "an Idempotency-Key makes a POST safe to retry",
        "Stripe API idempotent requests",
        [create(idempotency_key=K),
         step(req("POST", SESSIONS, payment_form(), idempotency_key=K), ok({"id": "{{s.id}}"}), name="replay", repeat=2)]))
    cs.append(case(
        "idempotency.replay.update",
        "Repeating an update with the same key returns the same result",
        "SHOULD", "core",
        "Idempotency-Key applies to every POST",
        "Stripe API idempotent requests",
        [create(),
         update({"metadata": {"n": "1"}}, idempotency_key=K, capture="u"),
         update({"metadata": {"n": "1"}}, idempotency_key=K, name="replay", expect=ok({"id": "{{s.id}}", "metadata": {"n": "1"}}))]))
    cs.append(case(
        "idempotency.no_key.not_replayed",
        "Two creates without a key are two sessions (second not marked replayed)",
        "SHOULD", "core",
        "only requests with an Idempotency-Key are deduplicated",
        CONVENTION,
        [create(), create(capture="t", name="create2", expect=ok(headers_absent=["Idempotent-Replayed"])),
         retrieve("{{t.id}}", ok({"id": "{{t.id}}"}))]))
    out["idempotency/replay.json"] = cs

    cs = []
    cs.append(case(
        "idempotency.mismatch.params",
        "Reusing a key with different params is rejected with 400 idempotency_error",
        "MUST", "core",
        "api_errors.type idempotency_error: a key reused with other parameters",
        f"{ERROR_SCHEMA} type enum; SDK maps 400 + idempotency_error",
        [create(idempotency_key=K),
         create(payment_form(line_items=[li(qty="3")]), idempotency_key=K, name="mismatch",
                expect=err(400, None, etype="idempotency_error"))]))
    cs.append(case(
        "idempotency.mismatch.mode",
        "Reusing a key for a different mode is rejected with idempotency_error",
        "MUST", "core",
        "api_errors.type idempotency_error: a key reused with other parameters",
        f"{ERROR_SCHEMA} type enum",
        [create(idempotency_key=K),
         create(setup_form(), idempotency_key=K, name="mismatch", expect=err(400, None, etype="idempotency_error"))]))
    cs.append(case(
        "idempotency.mismatch.endpoint",
        "Reusing a create key on an update is rejected with idempotency_error",
        "SHOULD", "core",
        "a key belongs to one request (method, path and params)",
        CONVENTION,
        [create(idempotency_key=K),
         update({"metadata": {"a": "b"}}, idempotency_key=K, expect=err(400, None, etype="idempotency_error"))]))
    cs.append(case(
        "idempotency.mismatch.first_kept",
        "After a rejected mismatch, the key still replays the first session",
        "MUST", "core",
        "the first result is kept for the key",
        "Stripe API idempotent requests",
        [create(idempotency_key=K),
         create(payment_form(line_items=[li(qty="3")]), idempotency_key=K, name="mismatch", expect={"status": 400}, capture=None),
         create(idempotency_key=K, name="replay", capture="r", expect=ok({"id": "{{s.id}}", "amount_total": 2198}))]))
    out["idempotency/mismatch.json"] = cs

    cs = []
    cs.append(case(
        "idempotency.scope.other_account",
        "The same key under another account creates that account's own session",
        "MUST", "core",
        "idempotency keys are scoped to the account: a replay never returns another account's object",
        f"{NOTES} Auth (accounts); Stripe API idempotent requests",
        [create(idempotency_key=K),
         create(idempotency_key=K, api_key=ALT, capture="t", name="create_alt",
                expect=ok({"object": "checkout.session"}, headers_absent=["Idempotent-Replayed"])),
         retrieve("{{t.id}}", ok({"id": "{{t.id}}"}), api_key=ALT, name="retrieve_alt")]))
    cs.append(case(
        "idempotency.scope.other_account_params",
        "The same key with other params under another account is not a mismatch",
        "MUST", "core",
        "idempotency keys are scoped to the account",
        "Stripe API idempotent requests",
        [create(idempotency_key=K),
         create(setup_form(), idempotency_key=K, api_key=ALT, capture="t", name="create_alt",
                expect=ok({"mode": "setup"}))]))
    out["idempotency/scope.json"] = cs
    return out


def headers():
    out = {}
    RID = {"Request-Id": "{{any}}"}
    CT = {"Content-Type": "{{re:^application/json}}"}
    targets = [
        ("create", "core", [], create(expect={"status": 200})),
        ("retrieve", "core", [create()], retrieve(expect={"status": 200})),
        ("update", "core", [create()], update({"metadata": {"a": "b"}}, expect={"status": 200})),
        ("line_items", "core", [create()], line_items(expect={"status": 200})),
        ("list", "full", [], list_sessions({"limit": "1"}, {"status": 200})),
        ("expire", "full", [create()], expire(expect={"status": 200})),
        ("error_400", "core", [], create(payment_form(mode=None), {"status": 400})),
        ("error_404", "core", [], retrieve(UNKNOWN_ID, {"status": 404})),
        ("error_401", "core", [], create(payment_form(), {"status": 401}, auth="none")),
    ]
    cs = []
    for name, prof, pre, st in targets:
        s = json_copy(st)
        s["expect"]["headers"] = dict(RID)
        cs.append(case(
            f"headers.request_id.{name}",
            f"The {name.replace('_', ' ')} response carries a Request-Id header",
            "MUST", prof,
            "every API response has a request identifier in the Request-Id header",
            "Stripe API reference, Request IDs (SDKs expose it as requestId)",
            pre + [s]))
    for name, prof, pre, st in targets[:1] + targets[6:8]:
        s = json_copy(st)
        s["expect"]["headers"] = {"Request-Id": "{{re:^req_[A-Za-z0-9]+$}}"}
        cs.append(case(
            f"headers.request_id.format.{name}",
            f"The {name.replace('_', ' ')} Request-Id looks like req_<alnum>",
            "SHOULD", prof,
            "request ids have the req_ prefix",
            CONVENTION,
            pre + [s]))
    out["headers/request_id.json"] = cs

    cs = []
    for name, prof, pre, st in targets:
        s = json_copy(st)
        s["expect"]["headers"] = dict(CT)
        cs.append(case(
            f"headers.content_type.{name}",
            f"The {name.replace('_', ' ')} response is labelled application/json",
            "MUST", prof,
            "responses are JSON: Content-Type application/json",
            f"{ERROR_SCHEMA} http.content_type; {ENDPOINTS} responses",
            pre + [s]))
    out["headers/content_type.json"] = cs

    cs = []
    cs.append(case(
        "headers.stripe_version.request_accepted",
        "A request pinning Stripe-Version 2026-07-29.dahlia is accepted",
        "MUST", "core",
        "the contract is API version 2026-07-29.dahlia; SDKs send it in Stripe-Version",
        f"{NOTES} Versions",
        [create(headers={"Stripe-Version": "2026-07-29.dahlia"}, expect=ok({"object": "checkout.session"}))]))
    cs.append(case(
        "headers.stripe_version.response",
        "Responses carry a Stripe-Version header",
        "SHOULD", "core",
        "the API version used to render the response is reported in Stripe-Version",
        CONVENTION,
        [create(expect=ok(headers={"Stripe-Version": "{{re:^[0-9]{4}-[0-9]{2}-[0-9]{2}}}"}))]))
    cs.append(case(
        "headers.stripe_version.echo",
        "A pinned Stripe-Version is echoed in the response header",
        "SHOULD", "core",
        "the API version used to render the response is reported in Stripe-Version",
        CONVENTION,
        [create(headers={"Stripe-Version": "2026-07-29.dahlia"},
                expect=ok(headers={"Stripe-Version": "2026-07-29.dahlia"}))]))
    out["headers/stripe_version.json"] = cs
    return out


def json_copy(x):
    import copy as _c
    return _c.deepcopy(x)
