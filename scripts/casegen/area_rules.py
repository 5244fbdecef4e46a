"""errors/rules.json: one refused request per validation rule that no other
case reaches (tests/data/validation_rules.json maps every rule of the
reference server to its cases; tests/validation_rules.py fails on a rule
without one). Quantities and amounts first: out of range, not integers,
and unit_amount x quantity past the largest total."""
from common import *

ITEMS = "contract/endpoints.json create.line_items"
LI0 = "line_items[0]"


def refused(name, desc, text, source, form, param, level="MUST", code=None):
    """A create that must be refused with 400 naming `param`."""
    return case(f"errors.rule.{name}", desc, level, "core", text, source,
                [create(form, err(400, param, code=code))])


def refused_update(name, desc, text, source, update_form, param, create_form=None, features=None, level="MUST"):
    """A valid create, then an update that must be refused with 400 naming `param`."""
    return case(f"errors.rule.{name}", desc, level, "core", text, source,
                [create(create_form), update(update_form, expect=err(400, param))], features=features)


def amounts():
    big = str(99999999)  # the largest unit_amount (8 digits)
    return [
        refused("unit_amount.above_max", "unit_amount above 99999999 is refused",
                "price_data.unit_amount: a non-negative integer of at most 8 digits",
                f"{ITEMS}[].price_data.unit_amount; {CONVENTION}",
                payment_form(line_items=[li(amount="100000000", qty="1")]),
                f"{LI0}[price_data][unit_amount]", code="parameter_invalid_integer"),
        refused("unit_amount.huge", "unit_amount past 64 bits is refused, not wrapped",
                "price_data.unit_amount: an integer",
                f"{ITEMS}[].price_data.unit_amount",
                payment_form(line_items=[li(amount="99999999999999999999", qty="1")]),
                f"{LI0}[price_data][unit_amount]"),
        refused("amount.total_too_large", "unit_amount x quantity past the largest total is refused",
                "the total of a session is bounded (amount_too_large); a product that overflows is an error, "
                "never a wrapped or negative total",
                f"{ITEMS}[].quantity; {CONVENTION}",
                payment_form(line_items=[li(amount=big, qty="99999999")]),
                f"{LI0}[quantity]", code="amount_too_large"),
        refused("amount.sum_too_large", "line items whose sum passes the largest total are refused",
                "the total of a session is bounded (amount_too_large)",
                f"{ITEMS}; {CONVENTION}",
                payment_form(line_items=[li(amount=big, qty="9999")] * 2),
                f"line_items[1][quantity]", code="amount_too_large"),
        refused("quantity.huge", "a quantity past 64 bits is refused, not wrapped",
                "line_items.quantity: an integer", f"{ITEMS}[].quantity",
                payment_form(line_items=[li(qty="99999999999999999999")]), f"{LI0}[quantity]"),
        refused("quantity.missing", "a line item without quantity is refused",
                "line_items[].quantity: required with price or price_data", f"{ITEMS}[].quantity; {CONVENTION}",
                payment_form(line_items=[li(qty=None)]), f"{LI0}[quantity]", code="parameter_missing"),
        refused("unit_amount_decimal.invalid", "unit_amount_decimal that is not a decimal is refused",
                "price_data.unit_amount_decimal: decimal string", f"{ITEMS}[].price_data.unit_amount_decimal",
                payment_form(line_items=[{"price_data": {"currency": "usd", "unit_amount_decimal": "abc",
                                                         "product_data": {"name": "T-shirt"}}, "quantity": "1"}]),
                f"{LI0}[price_data][unit_amount_decimal]"),
        refused("unit_amount_decimal.negative", "a negative unit_amount_decimal is refused",
                "price_data.unit_amount_decimal: a non-negative amount with at most 12 decimal places",
                f"{ITEMS}[].price_data.unit_amount_decimal; {CONVENTION}",
                payment_form(line_items=[{"price_data": {"currency": "usd", "unit_amount_decimal": "-5",
                                                         "product_data": {"name": "T-shirt"}}, "quantity": "1"}]),
                f"{LI0}[price_data][unit_amount_decimal]"),
        refused("unit_amount.both", "unit_amount and unit_amount_decimal together are refused",
                "price_data: only one of unit_amount, unit_amount_decimal", f"{ITEMS}[].price_data; {CONVENTION}",
                payment_form(line_items=[li(qty="1", unit_amount_decimal="1099")]),
                f"{LI0}[price_data][unit_amount]", code="parameters_exclusive"),
        refused("unit_amount.neither", "price_data without unit_amount or unit_amount_decimal is refused",
                "price_data: unit_amount or unit_amount_decimal is required", f"{ITEMS}[].price_data; {CONVENTION}",
                payment_form(line_items=[{"price_data": {"currency": "usd", "product_data": {"name": "T-shirt"}},
                                          "quantity": "1"}]),
                f"{LI0}[price_data][unit_amount]", code="parameter_missing"),
        refused("adjustable_quantity.maximum", "adjustable_quantity.maximum above 999999 is refused",
                "adjustable_quantity.maximum: 1..999999", f"{ITEMS}[].adjustable_quantity.maximum",
                payment_form(line_items=[dict(li(qty="1"), adjustable_quantity={"enabled": "true",
                                                                                 "maximum": "1000000"})]),
                f"{LI0}[adjustable_quantity][maximum]", level="SHOULD"),
        refused("adjustable_quantity.minimum", "adjustable_quantity.minimum above its maximum is refused",
                "adjustable_quantity.minimum: 0..maximum", f"{ITEMS}[].adjustable_quantity.minimum",
                payment_form(line_items=[dict(li(qty="1"), adjustable_quantity={"enabled": "true", "minimum": "5",
                                                                                 "maximum": "2"})]),
                f"{LI0}[adjustable_quantity][minimum]", level="SHOULD"),
        refused("shipping.amount_negative", "a negative shipping amount is refused",
                "shipping_rate_data.fixed_amount.amount: a non-negative integer",
                "contract/endpoints.json create.shipping_options",
                payment_form(shipping_options=[{"shipping_rate_data": {
                    "display_name": "Ground", "type": "fixed_amount",
                    "fixed_amount": {"amount": "-1", "currency": "usd"}}}]),
                "shipping_options[0][shipping_rate_data][fixed_amount][amount]", level="SHOULD"),
    ]


def line_item_rules():
    return [
        refused("line_items.price_and_price_data", "price and price_data together are refused",
                "line_items[]: only one of price, price_data", f"{ITEMS}[]; {CONVENTION}",
                payment_form(line_items=[dict(li(qty="1"), price="price_x")]), f"{LI0}[price]",
                code="parameters_exclusive"),
        refused("line_items.product_and_product_data", "product and product_data together are refused",
                "price_data: only one of product, product_data", f"{ITEMS}[].price_data; {CONVENTION}",
                payment_form(line_items=[li(qty="1", product="prod_x")]), f"{LI0}[price_data][product]",
                code="parameters_exclusive"),
        refused("line_items.no_product", "price_data without product or product_data is refused",
                "price_data: product or product_data is required", f"{ITEMS}[].price_data; {CONVENTION}",
                payment_form(line_items=[{"price_data": {"currency": "usd", "unit_amount": "1099"},
                                          "quantity": "1"}]),
                f"{LI0}[price_data][product_data]", code="parameter_missing"),
        refused("line_items.unknown_product", "an unknown product is refused",
                "price_data.product: an existing product", f"{ITEMS}[].price_data.product",
                payment_form(line_items=[{"price_data": {"currency": "usd", "unit_amount": "1099",
                                                         "product": "prod_doesnotexist"}, "quantity": "1"}]),
                f"{LI0}[price_data][product]", code="resource_missing", level="SHOULD"),
        refused("line_items.tax_rate", "an unknown tax rate is refused",
                "line_items[].tax_rates: existing tax rates", f"{ITEMS}[].tax_rates",
                payment_form(line_items=[dict(li(qty="1"), tax_rates=["txr_doesnotexist"])]),
                f"{LI0}[tax_rates][0]", code="resource_missing", level="SHOULD"),
        refused("line_items.mixed_currency", "line items in two currencies are refused",
                "all line items share one currency", f"{ITEMS}; {CONVENTION}",
                payment_form(line_items=[li(qty="1"), li(qty="1", currency="eur")]),
                "line_items[1][price_data][currency]", level="SHOULD"),
        refused("line_items.currency_mismatch", "currency that differs from the line items' is refused",
                "currency: the line items' currency", f"contract/endpoints.json create.currency; {CONVENTION}",
                payment_form(currency="eur"), "currency"),
        refused("line_items.setup_mode", "line_items in setup mode are refused",
                "line_items: not in setup mode", f"{NOTES} Create; {CONVENTION}",
                setup_form(line_items=[li(qty="1")]), "line_items"),
        refused("line_items.subscription_too_many", "more than 20 recurring items in subscription mode are refused",
                "subscription mode: up to 20 recurring and 20 one-time line items", CONVENTION,
                subscription_form(line_items=[li_recurring(name="Plan %d" % i) for i in range(21)]), "line_items"),
    ]


def constraint_rules():
    return [
        refused("return_url.hosted", "return_url on a hosted session is refused",
                "return_url: only with ui_mode embedded_page or elements", f"{ENDPOINTS} create.return_url",
                payment_form(return_url=RETURN), "return_url"),
        refused("redirect_on_completion.hosted", "redirect_on_completion on a hosted session names the param",
                "redirect_on_completion: only with ui_mode embedded_page", f"{ENDPOINTS} create.redirect_on_completion",
                payment_form(redirect_on_completion="always"), "redirect_on_completion", level="SHOULD"),
        refused("line_items.subscription_without_recurring",
                "a subscription without a recurring price names line_items",
                "subscription mode: at least one recurring price", f"{NOTES} Create; {CONVENTION}",
                subscription_form(line_items=[li(qty="1")]), "line_items", level="SHOULD"),
        refused("customer_and_email", "customer and customer_email together are refused",
                "customer_email: not with customer", f"{ENDPOINTS} create.customer_email",
                payment_form(customer="cus_x", customer_email="a@example.com"), "customer_email",
                code="parameters_exclusive"),
        refused("discounts.unknown_coupon", "an unknown coupon is refused",
                "discounts[].coupon: an existing coupon", f"{ENDPOINTS} create.discounts",
                payment_form(discounts=[{"coupon": "nocoupon"}]), "discounts[0][coupon]",
                code="resource_missing"),
        refused("custom_fields.elements", "custom_fields with ui_mode elements is refused",
                "custom_fields: not with ui_mode elements", f"{ENDPOINTS} create.custom_fields",
                embedded_form("elements", custom_fields=[{"key": "a", "type": "text",
                                                          "label": {"type": "custom", "custom": "A"}}]),
                "custom_fields"),
        refused("custom_fields.duplicate_key", "two custom fields with one key are refused",
                "custom_fields[].key: unique", f"{ENDPOINTS} create.custom_fields",
                payment_form(custom_fields=[{"key": "a", "type": "text", "label": {"type": "custom", "custom": "A"}},
                                            {"key": "a", "type": "text", "label": {"type": "custom", "custom": "B"}}]),
                "custom_fields[1][key]", level="SHOULD"),
        refused("custom_fields.dropdown_without_options", "a dropdown custom field without options is refused",
                "custom_fields[].dropdown: required for type dropdown", f"{ENDPOINTS} create.custom_fields",
                payment_form(custom_fields=[{"key": "a", "type": "dropdown",
                                             "label": {"type": "custom", "custom": "A"}}]),
                "custom_fields[0][dropdown][options]", level="SHOULD"),
        refused("shipping.not_payment", "shipping_options outside payment mode are refused",
                "shipping_options: payment mode only", f"{ENDPOINTS} create.shipping_options",
                subscription_form(shipping_options=[{"shipping_rate": "shr_x"}]), "shipping_options"),
        refused("shipping.unknown_rate", "an unknown shipping rate is refused",
                "shipping_options[].shipping_rate: an existing rate", f"{ENDPOINTS} create.shipping_options",
                payment_form(shipping_options=[{"shipping_rate": "shr_doesnotexist"}]),
                "shipping_options[0][shipping_rate]", code="resource_missing", level="SHOULD"),
        refused("client_reference_id.object", "a string parameter sent as a hash is refused",
                "client_reference_id: string", f"{ENDPOINTS} create.client_reference_id",
                payment_form(client_reference_id={"a": "b"}), "client_reference_id"),
        refused("metadata.too_many_keys", "51 metadata keys are refused",
                "metadata: up to 50 keys", f"{ENDPOINTS} create.metadata constraints.max_keys",
                payment_form(metadata={"k%02d" % i: "v" for i in range(51)}), "metadata"),
        refused("shipping.no_fixed_amount", "an inline shipping rate without fixed_amount is refused",
                "shipping_rate_data.fixed_amount: required for type fixed_amount", f"{ENDPOINTS} create.shipping_options",
                payment_form(shipping_options=[{"shipping_rate_data": {"display_name": "Ground",
                                                                       "type": "fixed_amount"}}]),
                "shipping_options[0][shipping_rate_data][fixed_amount]", code="parameter_missing", level="SHOULD"),
        refused("custom_fields.dropdown_too_many_options", "a dropdown with 201 options is refused",
                "custom_fields[].dropdown.options: 1..200", f"{ENDPOINTS} create.custom_fields",
                payment_form(custom_fields=[{"key": "a", "type": "dropdown",
                                             "label": {"type": "custom", "custom": "A"},
                                             "dropdown": {"options": [{"label": "L%d" % i, "value": "v%d" % i}
                                                                      for i in range(201)]}}]),
                "custom_fields[0][dropdown][options]", level="SHOULD"),
        refused("expand.unknown_path", "expanding a property that cannot be expanded names expand[0]",
                "expand[]: expandable paths only", f"{ENDPOINTS} create.expand",
                payment_form(expand=["bogus_field"]), "expand[0]", level="SHOULD"),
        refused("line_items.recurring_in_payment", "a recurring price in payment mode names the line item",
                "payment mode: one-time prices only", f"{NOTES} Create; {CONVENTION}",
                payment_form(line_items=[li_recurring()]), "line_items[0][price_data][recurring]", level="SHOULD"),
        refused("expand.not_list", "expand that is not a list is refused",
                "expand: array of strings", f"{ENDPOINTS} create.expand",
                payment_form(expand={"a": "line_items"}), "expand"),
    ]


def update_rules():
    return [
        refused_update("update.line_items.setup", "updating line_items of a setup session is refused",
                       "line_items: not in setup mode", CONVENTION,
                       {"line_items": [li(qty="1")]}, "line_items", create_form=setup_form(),
                       features=["update_line_items"]),
        refused_update("update.line_items.duplicate_id", "an update naming a line item twice is refused",
                       "line_items[].id: each stored item at most once", CONVENTION,
                       {"line_items": [{"id": "{{s.line_items.data.0.id}}"}, {"id": "{{s.line_items.data.0.id}}"}]},
                       "line_items[1][id]", create_form=payment_form(expand=["line_items"]),
                       features=["update_line_items"], level="SHOULD"),
        refused_update("update.line_items.quantity_negative", "an update to a negative quantity is refused",
                       "line_items[].quantity: non-negative", f"{ITEMS}[].quantity",
                       {"line_items": [{"id": "{{s.line_items.data.0.id}}", "quantity": "-1"}]},
                       "line_items[0][quantity]", create_form=payment_form(expand=["line_items"]),
                       features=["update_line_items"]),
        refused_update("update.collected_information.hosted",
                       "collected_information on a hosted session is refused",
                       "collected_information: embedded_page or elements sessions only", CONVENTION,
                       {"collected_information": {"shipping_details": {"name": "A", "address": {
                           "line1": "1 Main St", "country": "US"}}}}, "collected_information"),
        refused_update("update.line_items.unknown_id", "an update naming a line item the session lacks is refused",
                       "line_items[].id: an item of this session", CONVENTION,
                       {"line_items": [{"id": "li_doesnotexist", "quantity": "1"}]}, "line_items[0][id]",
                       features=["update_line_items"], level="SHOULD"),
        case("errors.rule.update.line_items.expired", "Changing the line items of an expired session is refused",
             "MUST", "full", "line_items: only while the session is open", CONVENTION,
             [create(), expire(), update({"line_items": [li(qty="1")]}, expect=err(400, "line_items"))],
             features=["update_line_items"]),
        case("errors.rule.update.collected_information.expired",
             "Setting collected_information on an expired session is refused",
             "MUST", "full", "collected_information: only while the session is open", CONVENTION,
             [create(embedded_form()), expire(),
              update({"collected_information": {"shipping_details": {"name": "A", "address": {
                  "line1": "1 Main St", "country": "US"}}}}, expect=err(400, "collected_information"))]),
    ]


def list_rules():
    return [
        case("errors.rule.list.limit_not_integer", "A list limit that is not an integer is refused",
             "MUST", "full", "limit: integer 1..100", f"{ENDPOINTS} list.limit",
             [list_sessions({"limit": "abc"}, expect=err(400, "limit"))]),
        case("errors.rule.list.both_cursors", "starting_after and ending_before together are refused",
             "MUST", "full", "only one of starting_after, ending_before", f"{ENDPOINTS} list; {CONVENTION}",
             [list_sessions({"starting_after": "cs_test_a", "ending_before": "cs_test_b"},
                            expect=err(400, "ending_before"))]),
        case("errors.rule.list.created_gte", "created[gte] that is not an integer is refused",
             "MUST", "full", "created[gte]: integer", f"{ENDPOINTS} list.created",
             [list_sessions({"created": {"gte": "yesterday"}}, expect=err(400, "created[gte]"))]),
        case("errors.rule.list.unknown_cursor", "starting_after an unknown session is refused",
             "MUST", "full", "starting_after: an existing object", f"{ENDPOINTS} list.starting_after",
             [list_sessions({"starting_after": "cs_test_doesnotexist"}, expect=err(400, "starting_after"))]),
    ]


def rules():
    return {"errors/rules.json": amounts() + line_item_rules() + constraint_rules() + update_rules() + list_rules()}
