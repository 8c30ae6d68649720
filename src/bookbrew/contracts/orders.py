"""Events published by the orders service, one per order state change."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from bookbrew.contracts.catalog import Money

ORDER_PLACED = "bookbrew.order.placed"
ORDER_AWAITING_CONFIRMATION = "bookbrew.order.awaiting_confirmation"  # MFA step-up pending
ORDER_CONFIRMED = "bookbrew.order.confirmed"
ORDER_FAILED = "bookbrew.order.failed"
ORDER_CANCELLED = "bookbrew.order.cancelled"
ORDER_PROCESSING = "bookbrew.order.processing"
ORDER_SHIPPED = "bookbrew.order.shipped"
ORDER_DELIVERED = "bookbrew.order.delivered"


# ISO 3166-1 alpha-2: the officially assigned codes (as in tzdata's iso3166.tab).
COUNTRY_CODES = frozenset(
    (
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL "
        "BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV "
        "CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD "
        "GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM "
        "IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK "
        "LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW "
        "MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR "
        "PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS "
        "ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY "
        "UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
    ).split()
)


class ShippingAddress(BaseModel):
    """Where an order ships. Validated by orders when the order is placed; published as
    given (consumers read it, they do not validate it again)."""

    recipient: str
    line1: str
    line2: str | None = None
    city: str
    postal_code: str
    region: str | None = None
    country: str  # ISO 3166-1 alpha-2, e.g. "DE"


class OrderLine(BaseModel):
    sku: str
    name: str
    category: str
    quantity: int
    unit_price: Money


class OrderEvent(BaseModel):
    order_id: str
    customer_id: str
    status: str
    lines: list[OrderLine]
    total: Money
    reason: str | None = None  # why it failed or was cancelled, readable by the shopper
    occurred_at: datetime
    # Only on the events that need it (confirmed, shipped); None on the others and on
    # orders placed before addresses were taken. Added later: optional for old consumers.
    shipping_address: ShippingAddress | None = None
