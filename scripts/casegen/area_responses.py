"""responses/ and nullability/ cases."""
from common import *

SESSION_URL = "{{re:^https?://}}"
ID_RE = "{{re:^cs_test_}}"

MODES = {
    "payment": payment_form,
    "setup": setup_form,
    "subscription": subscription_form,
}

PAYMENT_STATUS = {"payment": "unpaid", "setup": "no_payment_required", "subscription": "unpaid"}

COMMON_FIELDS = {
    "id": ID_RE,
    "object": "checkout.session",
    "livemode": False,
    "created": "{{type:integer}}",
    "expires_at": "{{type:integer}}",
    "status": "open",
    "currency": "usd",
    "success_url": SUCCESS,
    "payment_method_types": "{{type:array}}",
    "custom_fields": "{{type:array}}",
    "shipping_options": "{{type:array}}",
    "custom_text": "{{type:object}}",
    "automatic_tax": "{{type:object}}",
}


def mode_fields(mode):
    b = dict(COMMON_FIELDS)
    b["mode"] = mode
    if mode != "subscription":
        b["payment_status"] = PAYMENT_STATUS[mode]
    if mode == "payment":
        b["amount_subtotal"] = 2198
        b["amount_total"] = 2198
    if mode == "subscription":
        b["amount_subtotal"] = 1500
        b["amount_total"] = 1500
    return b


def responses():
    out = {}
    cs = []
    for mode, fn in MODES.items():
        cs.append(case(
            f"responses.create.{mode}.contract",
            f"A {mode}-mode session returned by create satisfies the checkout.session contract",
            "MUST", "core",
            "200 response of POST /v1/checkout/sessions is a checkout.session object (types, nullability, enums, presence)",
            f"{ENDPOINTS} create.responses.200; {SCHEMA}",
            [create(fn(), ok(contract="checkout.session"))]))
        level = "MUST"
        if mode == "subscription":
            cs.append(case(
                "responses.create.subscription.payment_status",
                "A new subscription-mode session without a trial reports payment_status unpaid",
                "SHOULD", "core",
                "payment_status unpaid: the payment funds are not yet available (no_payment_required is for setup mode or a payment delayed to a future date)",
                f"{SEED} payment_status",
                [create(fn(), ok({"payment_status": "unpaid"}))]))
        cs.append(case(
            f"responses.create.{mode}.fields",
            f"A new {mode}-mode session echoes mode and currency, is open and test-mode"
            + (f", with payment_status {PAYMENT_STATUS[mode]}" if mode != "subscription" else ""),
            level, "core",
            "object is always checkout.session; mode echoes the create param; livemode false for test keys; created/expires_at are integer Unix seconds; "
            + ("payment_status no_payment_required: the Checkout Session is in setup mode" if mode == "setup"
               else "payment_status unpaid: the payment funds are not yet available"),
            f"{NOTES} IDs and shapes; {SEED} payment_status; {SCHEMA}",
            [create(fn(), ok(mode_fields(mode)))]))
    for ui in ("embedded_page", "elements"):
        cs.append(case(
            f"responses.create.{ui}.contract",
            f"A ui_mode={ui} session satisfies the checkout.session contract and echoes ui_mode and return_url",
            "MUST", "core",
            f"ui_mode enum elements|embedded_page|hosted_page; return_url applies to embedded_page or elements",
            f"{ENDPOINTS} create.ui_mode; {NOTES} Fields that depend on mode or ui_mode",
            [create(embedded_form(ui), ok({"ui_mode": ui, "return_url": RETURN, "object": "checkout.session"},
                                           contract="checkout.session"))]))
    cs.append(case(
        "responses.create.catalog_price.contract",
        "A session created from a catalog price satisfies the contract and totals 2 x 1099",
        "MUST", "core",
        "create with line_items[0][price]=price_... and quantity 2 returns amount_subtotal 2198, amount_total 2198, currency usd",
        f"{SEED} Create example response",
        [create({"mode": "payment", "success_url": SUCCESS,
                 "line_items": [{"price": "{{config.price_id}}", "quantity": "2"}]},
                ok({"amount_subtotal": 2198, "amount_total": 2198, "currency": "usd"}, contract="checkout.session"))],
        features=["catalog_price"]))
    cs.append(case(
        "responses.create.optional_fields.echo",
        "Optional create params are echoed in the session (cancel_url, client_reference_id, customer_email, locale, allow_promotion_codes)",
        "MUST", "core",
        "cancel_url, client_reference_id, customer_email, locale and allow_promotion_codes are session attributes set from the create params",
        f"{SEED} Session attributes and Create parameters",
        [create(payment_form(cancel_url=CANCEL, client_reference_id="order-42", customer_email="jenny@example.com",
                             locale="fr", allow_promotion_codes="true"),
                ok({"cancel_url": CANCEL, "client_reference_id": "order-42", "customer_email": "jenny@example.com",
                    "locale": "fr", "allow_promotion_codes": True}, contract="checkout.session"))]))
    out["responses/create.json"] = cs

    cs = []
    for mode, fn in MODES.items():
        cs.append(case(
            f"responses.retrieve.{mode}.contract",
            f"Retrieving a {mode}-mode session returns the same checkout.session",
            "MUST", "core",
            "GET /v1/checkout/sessions/{session} returns a checkout.session object; id, created, expires_at, mode and amounts do not change",
            f"{ENDPOINTS} retrieve.responses.200; {SCHEMA}",
            [create(fn()),
             retrieve(expect=ok({"id": "{{s.id}}", "object": "checkout.session", "mode": mode,
                                 "created": "{{eq:s.created}}", "expires_at": "{{eq:s.expires_at}}",
                                 "amount_total": "{{eq:s.amount_total}}", "currency": "{{eq:s.currency}}",
                                 "payment_status": PAYMENT_STATUS[mode], "status": "open"},
                                contract="checkout.session"))]))
    out["responses/retrieve.json"] = cs

    cs = []
    for mode, fn in MODES.items():
        cs.append(case(
            f"responses.update.{mode}.contract",
            f"Updating metadata of a {mode}-mode session returns the full checkout.session",
            "MUST", "core",
            "POST /v1/checkout/sessions/{session} returns a checkout.session object",
            f"{ENDPOINTS} update.responses.200; {SEED} Update: Returns a Session object",
            [create(fn()),
             update({"metadata": {"order_id": "6735"}},
                    expect=ok({"id": "{{s.id}}", "object": "checkout.session", "mode": mode,
                               "metadata": {"order_id": "6735"}, "created": "{{eq:s.created}}"},
                              contract="checkout.session"))]))
    out["responses/update.json"] = cs

    cs = []
    for mode, fn in MODES.items():
        cs.append(case(
            f"responses.expire.{mode}.contract",
            f"Expiring an open {mode}-mode session returns the checkout.session in status expired",
            "MUST", "full",
            "POST /v1/checkout/sessions/{session}/expire returns the session; status becomes expired",
            f"{ENDPOINTS} expire.responses.200; {NOTES} Expire",
            [create(fn()),
             expire(expect=ok({"id": "{{s.id}}", "object": "checkout.session", "status": "expired", "mode": mode},
                              contract="checkout.session"))]))
    cs.append(case(
        "responses.expire.retrieve.contract",
        "An expired session still satisfies the contract on retrieve",
        "MUST", "full",
        "expired is a value of the status enum; the object keeps its required fields",
        f"{SCHEMA} status; {NOTES} Expire",
        [create(), expire(), retrieve(expect=ok({"status": "expired"}, contract="checkout.session"))]))
    out["responses/expire.json"] = cs

    cs = []
    cs.append(case(
        "responses.list.contract",
        "GET /v1/checkout/sessions returns a list envelope of checkout.session objects",
        "MUST", "full",
        "list requires data, has_more, object=list, url; data[] are checkout.session",
        f"{LIST_SCHEMA} instances GET /v1/checkout/sessions",
        [create(), list_sessions({"limit": "3"},
                                 ok({"object": "list", "has_more": "{{type:boolean}}", "data": "{{len:>=1}}"},
                                    contract="list", contract_items="checkout.session"))]))
    cs.append(case(
        "responses.list.url",
        "The session list url is the request path /v1/checkout/sessions",
        "SHOULD", "full",
        "url_expected is the request path without query string (Stripe list convention, not stated in spec)",
        f"{LIST_SCHEMA} instances.url_expected",
        [create(), list_sessions({"limit": "1"}, ok({"url": "/v1/checkout/sessions"}))]))
    for mode, fn in (("payment", payment_form), ("subscription", subscription_form)):
        cs.append(case(
            f"responses.line_items.{mode}.contract",
            f"GET line_items of a {mode}-mode session returns a list of item objects",
            "MUST", "core",
            "GET /v1/checkout/sessions/{session}/line_items returns a list whose data[] are item objects",
            f"{ENDPOINTS} list_line_items.responses.200; {ITEM_SCHEMA}; {LIST_SCHEMA}",
            [create(fn()),
             line_items(expect=ok({"object": "list", "has_more": False, "data": "{{len:1}}"},
                                  contract="list", contract_items="item"))]))
    cs.append(case(
        "responses.line_items.multi.contract",
        "Three line items come back as three item objects satisfying the item contract",
        "MUST", "core",
        "each entry in the array is a separate Line Item object",
        f"{SEED} line_items Returns; {ITEM_SCHEMA}",
        [create(payment_form(line_items=[li("100", "1", "A"), li("200", "2", "B"), li("300", "3", "C")])),
         line_items(expect=ok({"object": "list", "data": "{{len:3}}"}, contract="list", contract_items="item"))]))
    cs.append(case(
        "responses.line_items.item.fields",
        "A line item carries object item, an li_ id, quantity, currency and amounts in minor units",
        "MUST", "core",
        "item: object=item, id li_..., amount_subtotal/amount_total integers, currency, quantity, embedded price object",
        f"{SEED} line_items Response; {NOTES} IDs and shapes",
        [create(),
         line_items(expect=ok({"data": [{"object": "item", "id": "{{re:^li_}}", "quantity": 2, "currency": "usd",
                                         "amount_subtotal": 2198, "amount_total": 2198,
                                         "amount_discount": 0, "amount_tax": 0,
                                         "price": {"object": "price", "id": "{{re:^price_}}", "unit_amount": 1099,
                                                   "currency": "usd", "type": "one_time"}}]}))]))
    cs.append(case(
        "responses.line_items.description",
        "A line item's description is the product name",
        "SHOULD", "core",
        "the seed example shows description \"T-shirt\" for a product named T-shirt",
        f"{SEED} line_items Response",
        [create(), line_items(expect=ok({"data": [{"description": "T-shirt"}]}))]))
    cs.append(case(
        "responses.line_items.recurring_price",
        "A recurring price_data line item embeds a recurring price with the requested interval",
        "MUST", "core",
        "item.price is a full embedded Price object; price.type recurring; price.recurring.interval echoes price_data[recurring][interval]",
        f"{NOTES} Presence rules (item.price embedded); {ITEM_SCHEMA} price.type",
        [create(subscription_form()),
         line_items(expect=ok({"data": [{"price": {"type": "recurring", "recurring": {"interval": "month"},
                                                   "unit_amount": 1500}}]}))]))
    cs.append(case(
        "responses.retrieve.expanded.contract",
        "A retrieved session with expand[]=line_items satisfies the contract including its line_items list",
        "MUST", "core",
        "line_items is includable: a list envelope of item, present when requested with expand[]=line_items",
        f"{NOTES} Presence rules",
        [create(), retrieve(query={"expand": ["line_items"]},
                            expect=ok({"line_items": {"object": "list", "data": "{{len:1}}"}},
                                      contract="checkout.session"))]))
    out["responses/lists.json"] = cs
    return out


def nullability():
    out = {}
    cs = []
    never_null = {"id": "{{type:string}}", "object": "{{type:string}}", "created": "{{type:integer}}",
                  "expires_at": "{{type:integer}}", "livemode": "{{type:boolean}}", "mode": "{{type:string}}",
                  "payment_method_types": "{{type:array}}", "payment_status": "{{type:string}}",
                  "automatic_tax": "{{type:object}}", "custom_fields": "{{type:array}}",
                  "custom_text": "{{type:object}}", "shipping_options": "{{type:array}}"}
    for mode, fn in MODES.items():
        cs.append(case(
            f"nullability.required.{mode}",
            f"The always-present non-null fields are set on a {mode}-mode session",
            "MUST", "core",
            "required and non-null: automatic_tax, created, custom_fields, custom_text, expires_at, id, livemode, mode, object, payment_method_types, payment_status, shipping_options",
            f"{NOTES} Presence rules",
            [create(fn(), ok(never_null))]))
    cs.append(case(
        "nullability.required.after_update",
        "Required fields stay non-null after an update",
        "MUST", "core",
        "required non-null fields of checkout.session",
        f"{NOTES} Presence rules",
        [create(), update({"metadata": {"k": "v"}}, expect=ok(never_null))]))
    cs.append(case(
        "nullability.required.after_expire",
        "Required fields stay non-null after expire",
        "MUST", "full",
        "required non-null fields of checkout.session",
        f"{NOTES} Presence rules",
        [create(), expire(expect=ok(never_null))]))
    nullable_present = ["url", "client_secret", "client_reference_id", "customer", "customer_email", "cancel_url",
                        "payment_intent", "setup_intent", "subscription", "invoice", "payment_link",
                        "recovered_from", "currency_conversion", "amount_subtotal", "amount_total",
                        "total_details", "metadata", "status", "locale", "submit_type", "ui_mode"]
    cs.append(case(
        "nullability.nullable.present",
        "Nullable fields are present (possibly null), never omitted",
        "MUST", "core",
        "Nullable fields are always present and may be null",
        f"{NOTES} Presence rules",
        [create(expect=ok({k: "{{any}}" for k in nullable_present}))]))
    cs.append(case(
        "nullability.unset_params.null",
        "Echo fields whose create param was not sent are null",
        "MUST", "core",
        "client_reference_id, customer_email and cancel_url are nullable echoes of create params; nothing else sets them at creation",
        f"{SEED} Session attributes; {NOTES} Presence rules",
        [create(expect=ok({"client_reference_id": None, "customer_email": None, "cancel_url": None}))]))
    cs.append(case(
        "nullability.unset_params.null_other",
        "Without customer, payment link, invoice or recovery, those fields are null on a new session",
        "SHOULD", "core",
        "customer, payment_link, invoice and recovered_from are null when nothing set them",
        f"{SEED} Create example response",
        [create(expect=ok({"customer": None, "payment_link": None, "invoice": None, "recovered_from": None,
                           "submit_type": None}))]))
    cs.append(case(
        "nullability.currency_conversion.null",
        "currency_conversion is null on a newly created session",
        "MUST", "core",
        "currency_conversion: only Adaptive Pricing sessions created before 2025-03-31",
        f"{NOTES} Fields that depend on mode or ui_mode",
        [create(expect=ok({"currency_conversion": None}))]))
    out["nullability/required.json"] = cs

    cs = []
    rules = [
        ("payment", "setup_intent", "setup_intent: mode=setup"),
        ("payment", "subscription", "subscription: mode=subscription"),
        ("setup", "payment_intent", "payment_intent: mode=payment"),
        ("setup", "subscription", "subscription: mode=subscription"),
        ("subscription", "payment_intent", "payment_intent: mode=payment"),
        ("subscription", "setup_intent", "setup_intent: mode=setup"),
    ]
    for mode, field, text in rules:
        cs.append(case(
            f"nullability.mode.{mode}.{field}_null",
            f"{field} is null on a {mode}-mode session",
            "MUST", "core", text + f" (so null in mode={mode})",
            f"{NOTES} Fields that depend on mode or ui_mode",
            [create(MODES[mode](), ok({field: None}))]))
        cs.append(case(
            f"nullability.mode.{mode}.{field}_null_on_retrieve",
            f"{field} stays null when a {mode}-mode session is retrieved",
            "MUST", "core", text + f" (so null in mode={mode})",
            f"{NOTES} Fields that depend on mode or ui_mode",
            [create(MODES[mode]()), retrieve(expect=ok({field: None}))]))
    cs.append(case(
        "nullability.mode.setup.amounts_null",
        "A setup-mode session has null amount_subtotal and amount_total",
        "SHOULD", "core",
        "setup mode saves payment details without a payment, so there is no amount",
        f"{SEED} payment_status no_payment_required; {CONVENTION}",
        [create(setup_form(), ok({"amount_subtotal": None, "amount_total": None}))]))
    cs.append(case(
        "nullability.mode.setup.saved_payment_method_options_null",
        "saved_payment_method_options is null in setup mode",
        "SHOULD", "core",
        "saved_payment_method_options: payment and subscription modes only",
        f"{NOTES} Fields that depend on mode or ui_mode",
        [create(setup_form(), ok({"saved_payment_method_options": None}))]))
    cs.append(case(
        "nullability.mode.payment.amounts_non_null",
        "A payment-mode session has integer amount_subtotal, amount_total and total_details",
        "MUST", "core",
        "amounts are integers in minor units; the seed example has amount_subtotal/amount_total 2198 and total_details zeros",
        f"{SEED} Create example response; {NOTES} IDs and shapes",
        [create(payment_form(), ok({"amount_subtotal": "{{type:integer}}", "amount_total": "{{type:integer}}",
                                    "total_details": "{{type:object}}"}))]))
    out["nullability/mode.json"] = cs

    cs = []
    cs.append(case(
        "nullability.ui_mode.hosted_page.client_secret_null",
        "A hosted_page session has a null client_secret",
        "MUST", "core",
        "client_secret: ui_mode embedded_page or elements",
        f"{NOTES} Fields that depend on mode or ui_mode",
        [create(payment_form(ui_mode="hosted_page"), ok({"client_secret": None}))]))
    cs.append(case(
        "nullability.ui_mode.default.client_secret_null",
        "A session created without ui_mode (default hosted_page) has a null client_secret",
        "MUST", "core",
        "ui_mode defaults to hosted_page; client_secret only for embedded_page or elements",
        f"{NOTES} Fields that depend on mode or ui_mode",
        [create(payment_form(), ok({"client_secret": None}))]))
    cs.append(case(
        "nullability.ui_mode.hosted_page.url_string",
        "An open hosted_page session has a non-null url",
        "MUST", "core",
        "url: ui_mode hosted_page, and only while the session is active",
        f"{NOTES} Fields that depend on mode or ui_mode; {SEED} url",
        [create(payment_form(), ok({"url": SESSION_URL}))]))
    cs.append(case(
        "nullability.ui_mode.hosted_page.url_string_on_retrieve",
        "An open hosted_page session still has its url on retrieve",
        "MUST", "core",
        "url: ui_mode hosted_page, and only while the session is active",
        f"{NOTES} Fields that depend on mode or ui_mode",
        [create(payment_form()), retrieve(expect=ok({"url": SESSION_URL}))]))
    cs.append(case(
        "nullability.ui_mode.setup.url_string",
        "An open hosted_page setup-mode session has a non-null url",
        "MUST", "core",
        "url: ui_mode hosted_page, and only while the session is active",
        f"{NOTES} Fields that depend on mode or ui_mode",
        [create(setup_form(), ok({"url": SESSION_URL}))]))
    for ui in ("embedded_page", "elements"):
        cs.append(case(
            f"nullability.ui_mode.{ui}.client_secret_string",
            f"A ui_mode={ui} session has a client_secret",
            "MUST", "core",
            "client_secret: ui_mode embedded_page or elements",
            f"{NOTES} Fields that depend on mode or ui_mode",
            [create(embedded_form(ui), ok({"client_secret": "{{type:string}}"}))]))
        cs.append(case(
            f"nullability.ui_mode.{ui}.url_null",
            f"A ui_mode={ui} session has a null url",
            "MUST", "core",
            "url: ui_mode hosted_page only",
            f"{NOTES} Fields that depend on mode or ui_mode",
            [create(embedded_form(ui), ok({"url": None}))]))
    cs.append(case(
        "nullability.ui_mode.embedded_page.redirect_default",
        "An embedded_page session without redirect_on_completion reports the default always",
        "SHOULD", "core",
        "redirect_on_completion: embedded_page (default always)",
        f"{NOTES} Fields that depend on mode or ui_mode",
        [create(embedded_form("embedded_page"), ok({"redirect_on_completion": "always"}))]))
    cs.append(case(
        "nullability.ui_mode.default.ui_mode_hosted_page",
        "A session created without ui_mode reports ui_mode hosted_page",
        "SHOULD", "core",
        "ui_mode defaults to hosted_page",
        f"{NOTES} Fields that depend on mode or ui_mode",
        [create(payment_form(), ok({"ui_mode": "hosted_page"}))]))
    cs.append(case(
        "nullability.expired.url_null",
        "An expired session has a null url",
        "MUST", "full",
        "url: only present while the session is active",
        f"{SEED} url; {NOTES} Fields that depend on mode or ui_mode",
        [create(), expire(expect=ok({"url": None, "status": "expired"}))]))
    cs.append(case(
        "nullability.expired.url_null_on_retrieve",
        "A retrieved expired session has a null url",
        "MUST", "full",
        "url: only present while the session is active",
        f"{SEED} url",
        [create(), expire(), retrieve(expect=ok({"url": None}))]))
    out["nullability/ui_mode.json"] = cs
    return out
