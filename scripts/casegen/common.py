"""Shared builders for the golden case generator (see scripts/gen-cases).

Every helper returns plain dicts in the case file format of
golden/cases/README.md; nothing here talks to a server.
"""
import copy
import json
import os

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CASES_DIR = os.path.join(REPO, "golden", "cases")

# The cases were written for API version 2026-07-29.dahlia, the reference
# server's own version (SRV_API_VERSION in server/internal.h), and the suite is
# judged at it (the fault guards of tests/data/fault_guards.json are declared at it). Other
# versions reach them through `ccs run --api-version` (renamed values, SKIP
# "not in API V"), not through different case data, so the generator reads
# that version's contract, not the "latest" of golden/contract/versions.json:
# a new Stripe release must not silently rewrite the cases.
CASES_API_VERSION = "2026-07-29.dahlia"
CONTRACT_DIR = os.path.join(REPO, "golden", "contract", CASES_API_VERSION)

# First key of every file the generator writes; hand-written case files have
# none (keys starting with "_" are free annotations for the case loader).
GENERATED_KEY = "_generated"
GENERATED_NOTE = "scripts/gen-cases; do not edit"

SUCCESS = "https://example.com/success"
CANCEL = "https://example.com/cancel"
RETURN = "https://example.com/return"
SESSIONS = "/v1/checkout/sessions"

# Short source labels used in requirements.
NOTES = "contract/NOTES.md"
SCHEMA = "contract/checkout_session.schema.json"
ITEM_SCHEMA = "contract/line_item.schema.json"
LIST_SCHEMA = "contract/list.schema.json"
ERROR_SCHEMA = "contract/error.schema.json"
ENDPOINTS = "contract/endpoints.json"
SEED = "seed/checkout-sessions-api.txt"
CONVENTION = "Stripe API convention (contract silent)"


def li(amount="1099", qty="2", name="T-shirt", currency="usd", **price_extra):
    """One inline price_data line item."""
    pd = {"currency": currency, "unit_amount": str(amount), "product_data": {"name": name}}
    pd.update(price_extra)
    item = {"price_data": pd}
    if qty is not None:
        item["quantity"] = str(qty)
    return item


def li_recurring(amount="1500", qty="1", name="Plan", interval="month", currency="usd"):
    return li(amount, qty, name, currency, recurring={"interval": interval})


def payment_form(**over):
    f = {"mode": "payment", "success_url": SUCCESS, "line_items": [li()]}
    f.update(over)
    return {k: v for k, v in f.items() if v is not None}


def setup_form(**over):
    f = {"mode": "setup", "currency": "usd", "success_url": SUCCESS}
    f.update(over)
    return {k: v for k, v in f.items() if v is not None}


def subscription_form(**over):
    f = {"mode": "subscription", "success_url": SUCCESS, "line_items": [li_recurring()]}
    f.update(over)
    return {k: v for k, v in f.items() if v is not None}


def embedded_form(ui_mode="embedded_page", **over):
    """Payment session for embedded_page/elements: no success_url; card only so
    return_url stays optional, but it is sent anyway."""
    f = {"mode": "payment", "ui_mode": ui_mode, "return_url": RETURN,
         "payment_method_types": ["card"], "line_items": [li()]}
    f.update(over)
    return {k: v for k, v in f.items() if v is not None}


def req(method, path, form=None, query=None, **extra):
    r = {"method": method, "path": path}
    if form is not None:
        r["form"] = copy.deepcopy(form)
    if query is not None:
        r["query"] = copy.deepcopy(query)
    r.update(extra)
    return r


def step(request, expect=None, capture=None, name=None, repeat=None):
    s = {}
    if name:
        s["name"] = name
    s["request"] = request
    if repeat:
        s["repeat"] = repeat
    if expect is not None:
        s["expect"] = expect
    if capture:
        s["capture"] = capture
    return s


def create(form=None, expect=None, capture="s", name="create", **extra):
    """POST /v1/checkout/sessions; captures the whole body as `capture`."""
    if form is None:
        form = payment_form()
    if expect is None:
        expect = {"status": 200}
    cap = {capture: ""} if capture else None
    return step(req("POST", SESSIONS, form, **extra), expect, cap, name)


def retrieve(sid="{{s.id}}", expect=None, query=None, name="retrieve", capture=None, **extra):
    if expect is None:
        expect = {"status": 200}
    cap = {capture: ""} if capture else None
    return step(req("GET", SESSIONS + "/" + sid, None, query, **extra), expect, cap, name)


def update(form, sid="{{s.id}}", expect=None, name="update", capture=None, **extra):
    if expect is None:
        expect = {"status": 200}
    cap = {capture: ""} if capture else None
    return step(req("POST", SESSIONS + "/" + sid, form, **extra), expect, cap, name)


def expire(sid="{{s.id}}", expect=None, form=None, name="expire", capture=None, **extra):
    if expect is None:
        expect = {"status": 200}
    cap = {capture: ""} if capture else None
    return step(req("POST", SESSIONS + "/" + sid + "/expire", form, **extra), expect, cap, name)


def line_items(sid="{{s.id}}", expect=None, query=None, name="line_items", capture=None, **extra):
    if expect is None:
        expect = {"status": 200}
    cap = {capture: ""} if capture else None
    return step(req("GET", SESSIONS + "/" + sid + "/line_items", None, query, **extra), expect, cap, name)


def list_sessions(query=None, expect=None, name="list", capture=None, **extra):
    if expect is None:
        expect = {"status": 200}
    cap = {capture: ""} if capture else None
    return step(req("GET", SESSIONS, None, query, **extra), expect, cap, name)


def ok(body=None, contract=None, **more):
    e = {"status": 200}
    if contract:
        e["contract"] = contract
    if body is not None:
        e["body"] = body
    e.update(more)
    return e


def err(status=400, param=None, etype="invalid_request_error", code=None, message=None, **more):
    """Error expectation: status, the contract "error" envelope and fields."""
    e = {"status": status, "contract": "error"}
    body = {}
    if etype is not None:
        body["type"] = etype
    if param is not None:
        body["param"] = param
    if code is not None:
        body["code"] = code
    if message is not None:
        body["message"] = message
    if body:
        e["body"] = {"error": body}
    e.update(more)
    return e


def case(cid, desc, level, profile, text, source, steps, features=None, isolated=False):
    assert level in ("MUST", "SHOULD"), cid
    assert profile in ("core", "full"), cid
    c = {
        "id": cid,
        "description": desc,
        "level": level,
        "profile": profile,
        "requirement": {"text": text, "source": source},
    }
    features = list(features or [])
    # A case that acts as a second account needs its key (--alt-api-key):
    # without one it is SKIP, never a guess at a key.
    if "{{config.alt_api_key}}" in json.dumps(steps) and "second_account" not in features:
        features.append("second_account")
    if features:
        c["features"] = features
    if isolated:
        c["isolated"] = True
    c["steps"] = steps
    return c


def render(cases):
    """The text of a generated case file."""
    doc = {GENERATED_KEY: GENERATED_NOTE, "cases": cases}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
