"""enums/ cases: every value of every enum-valued create parameter is
accepted and echoed; a value outside the enum is rejected with param."""
import json
import os
import re

from common import *


def slug(v):
    return re.sub(r"[^a-z0-9_-]", "-", v.lower())


def spec_enum(node):
    """The API's values of an enum parameter. `enum_sdk_extra` lists values
    only the SDK's type declaration allows (ui_mode `form`), not the API's
    spec; the contract accepts them, but a case that says every value MUST be
    accepted takes only the spec's."""
    extra = set(node.get("enum_sdk_extra", []))
    return [v for v in node["enum"] if v not in extra]


def create_enums():
    """Enum lists of the create endpoint, read from the endpoints.json of the
    cases' API version (common.CONTRACT_DIR), so the cases follow the contract."""
    path = os.path.join(CONTRACT_DIR, "endpoints.json")
    if not os.path.isfile(path):
        raise SystemExit(f"gen-cases: {os.path.relpath(path, REPO)} is missing "
                         f"(the contract of API version {CASES_API_VERSION}, see scripts/gen-contract)")
    with open(path, encoding="utf-8") as fh:
        ep = json.load(fh)
    c = [o for o in ep["endpoints"] if o["operation"] == "create"][0]["parameters"]
    out = {}
    for k, v in c.items():
        if "enum" in v:
            out[k] = spec_enum(v)
        elif v.get("type") == "array" and "enum" in v.get("items", {}):
            out[k] = spec_enum(v["items"])
    pd = c["line_items"]["items"]["properties"]["price_data"]["properties"]
    out["price_data.tax_behavior"] = spec_enum(pd["tax_behavior"])
    out["price_data.recurring.interval"] = spec_enum(pd["recurring"]["properties"]["interval"])
    return out


def form_for(param, value):
    """A create form in which `param`=`value` is valid, and the expected echo."""
    if param == "mode":
        f = {"payment": payment_form, "setup": setup_form, "subscription": subscription_form}[value]()
        return f, {"mode": value}
    if param == "ui_mode":
        if value == "hosted_page":
            return payment_form(ui_mode=value), {"ui_mode": value}
        return embedded_form(value), {"ui_mode": value}
    if param == "redirect_on_completion":
        f = embedded_form("embedded_page", redirect_on_completion=value)
        if value == "never":
            f.pop("return_url")
        return f, {"redirect_on_completion": value}
    if param == "payment_method_collection":
        return subscription_form(payment_method_collection=value), {"payment_method_collection": value}
    if param == "submit_type" and value == "subscribe":
        return subscription_form(submit_type=value), {"submit_type": value}
    if param == "payment_method_types":
        return payment_form(payment_method_types=[value]), {"payment_method_types": [value]}
    return payment_form(**{param: value}), {param: value}


ECHO_SOURCES = {
    "mode": f"{ENDPOINTS} create.mode; {SEED} mode",
    "ui_mode": f"{ENDPOINTS} create.ui_mode; {SCHEMA} ui_mode",
    "locale": f"{ENDPOINTS} create.locale; {SCHEMA} locale",
    "billing_address_collection": f"{ENDPOINTS} create.billing_address_collection",
    "submit_type": f"{ENDPOINTS} create.submit_type (modes payment, subscription)",
    "customer_creation": f"{ENDPOINTS} create.customer_creation (modes payment, setup)",
    "payment_method_collection": f"{ENDPOINTS} create.payment_method_collection (mode subscription)",
    "redirect_on_completion": f"{ENDPOINTS} create.redirect_on_completion (ui_mode embedded_page)",
    "origin_context": f"{ENDPOINTS} create.origin_context",
    "payment_method_types": f"{ENDPOINTS} create.payment_method_types[]",
}

INVALID = {
    # param: (form with an invalid value, expected error param)
    "mode": (payment_form(mode="donation"), "mode"),
    "ui_mode": (payment_form(ui_mode="popup"), "ui_mode"),
    "locale": (payment_form(locale="xx-YY"), "locale"),
    "billing_address_collection": (payment_form(billing_address_collection="sometimes"), "billing_address_collection"),
    "submit_type": (payment_form(submit_type="buy"), "submit_type"),
    "customer_creation": (payment_form(customer_creation="never"), "customer_creation"),
    "payment_method_collection": (subscription_form(payment_method_collection="sometimes"), "payment_method_collection"),
    "redirect_on_completion": (embedded_form("embedded_page", redirect_on_completion="sometimes"), "redirect_on_completion"),
    "origin_context": (payment_form(origin_context="desktop"), "origin_context"),
    "payment_method_types": (payment_form(payment_method_types=["carrier_pigeon"]), "payment_method_types[0]"),
    "excluded_payment_method_types": (payment_form(excluded_payment_method_types=["carrier_pigeon"]),
                                      "excluded_payment_method_types[0]"),
}


def enums():
    out = {}
    values = create_enums()
    for param in ("mode", "ui_mode", "locale", "billing_address_collection", "submit_type", "customer_creation",
                  "payment_method_collection", "redirect_on_completion", "origin_context", "payment_method_types"):
        cs = []
        for v in values[param]:
            f, echo = form_for(param, v)
            level = "MUST"
            text = f"{param} enum: {' | '.join(values[param])}; the session echoes the value sent"
            if param == "payment_method_types" and v != "card":
                # Which methods an account may use depends on its settings and
                # currency; accepting every enum value is what an emulator should do.
                level = "SHOULD"
                text += " (availability of non-card methods depends on the account and currency)"
            cs.append(case(
                f"enums.{param}.{slug(v)}",
                f"{param}={v} is accepted and echoed",
                level, "core", text, ECHO_SOURCES[param],
                [create(f, ok(echo))]))
        bad_form, bad_param = INVALID[param]
        cs.append(case(
            f"enums.{param}.invalid",
            f"A {param} value outside the enum is rejected with 400 and param {bad_param}",
            "MUST", "core",
            f"{param} enum: {' | '.join(values[param])}; other values are invalid",
            ECHO_SOURCES[param],
            [create(bad_form, err(400, bad_param))]))
        cs.append(case(
            f"enums.{param}.empty",
            f"An empty {param} value is rejected with 400 and param {bad_param}",
            "SHOULD", "core",
            f"{param} enum: the empty string is not one of the values",
            ECHO_SOURCES[param],
            [create(dict(bad_form, **({param: ""} if param not in ("payment_method_types",) else {param: [""]})),
                    err(400, bad_param))]))
        out[f"enums/{param}.json"] = cs

    cs = []
    bad_form, bad_param = INVALID["excluded_payment_method_types"]
    cs.append(case(
        "enums.excluded_payment_method_types.invalid",
        "An excluded_payment_method_types value outside the enum is rejected",
        "MUST", "core",
        "excluded_payment_method_types[] enum of payment method types",
        f"{ENDPOINTS} create.excluded_payment_method_types",
        [create(bad_form, err(400, bad_param))]))
    cs.append(case(
        "enums.mode.case_sensitive",
        "Enum values are case-sensitive: mode=PAYMENT is rejected",
        "SHOULD", "core",
        "mode enum: payment | setup | subscription (lower case)",
        ECHO_SOURCES["mode"],
        [create(payment_form(mode="PAYMENT"), err(400, "mode"))]))
    cs.append(case(
        "enums.locale.case_sensitive",
        "locale values are case-sensitive: FR is rejected",
        "SHOULD", "core",
        "locale enum lists fr, not FR",
        ECHO_SOURCES["locale"],
        [create(payment_form(locale="FR"), err(400, "locale"))]))
    out["enums/misc.json"] = cs

    cs = []
    for v in values["price_data.tax_behavior"]:
        cs.append(case(
            f"enums.price_data.tax_behavior.{v}",
            f"line_items[0][price_data][tax_behavior]={v} is accepted and shows on the embedded price",
            "MUST", "core",
            f"price_data.tax_behavior enum: {' | '.join(values['price_data.tax_behavior'])}; item.price is the embedded Price",
            f"{ENDPOINTS} create.line_items[].price_data.tax_behavior; {ITEM_SCHEMA} price.tax_behavior",
            [create(payment_form(line_items=[li(tax_behavior=v)])),
             line_items(expect=ok({"data": [{"price": {"tax_behavior": v}}]}))]))
    cs.append(case(
        "enums.price_data.tax_behavior.invalid",
        "An unknown price_data tax_behavior is rejected with param line_items[0][price_data][tax_behavior]",
        "MUST", "core",
        f"price_data.tax_behavior enum: {' | '.join(values['price_data.tax_behavior'])}",
        f"{ENDPOINTS} create.line_items[].price_data.tax_behavior",
        [create(payment_form(line_items=[li(tax_behavior="sometimes")]),
                err(400, "line_items[0][price_data][tax_behavior]"))]))
    for v in values["price_data.recurring.interval"]:
        cs.append(case(
            f"enums.price_data.recurring.interval.{v}",
            f"price_data[recurring][interval]={v} is accepted in subscription mode and shows on the embedded price",
            "MUST", "core",
            f"price_data.recurring.interval enum: {' | '.join(values['price_data.recurring.interval'])}",
            f"{ENDPOINTS} create.line_items[].price_data.recurring.interval; {ITEM_SCHEMA} price.recurring",
            [create(subscription_form(line_items=[li_recurring(interval=v)])),
             line_items(expect=ok({"data": [{"price": {"type": "recurring", "recurring": {"interval": v}}}]}))]))
    cs.append(case(
        "enums.price_data.recurring.interval.invalid",
        "An unknown recurring interval is rejected with param line_items[0][price_data][recurring][interval]",
        "MUST", "core",
        f"price_data.recurring.interval enum: {' | '.join(values['price_data.recurring.interval'])}",
        f"{ENDPOINTS} create.line_items[].price_data.recurring.interval",
        [create(subscription_form(line_items=[li_recurring(interval="fortnight")]),
                err(400, "line_items[0][price_data][recurring][interval]"))]))
    out["enums/price_data.json"] = cs

    cs = []
    cs.append(case(
        "enums.list.status.invalid",
        "An unknown status filter on the session list is rejected with param status",
        "MUST", "full",
        "list status filter enum: open | complete | expired",
        f"{ENDPOINTS} list.status",
        [list_sessions({"status": "closed"}, err(400, "status"))]))
    for v in ("open", "expired", "complete"):
        cs.append(case(
            f"enums.list.status.{v}",
            f"status={v} is accepted as a list filter",
            "MUST", "full",
            "list status filter enum: open | complete | expired",
            f"{ENDPOINTS} list.status",
            # An open session of its own, so the page is never empty and the
            # item contract is always exercised, whatever ran before.
            ([create(payment_form(), ok())] if v == "open" else []) +
            [list_sessions({"status": v, "limit": "1"}, ok({"object": "list"}, contract="list",
                                                           contract_items="checkout.session"))]))
    out["enums/list_status.json"] = cs
    return out
