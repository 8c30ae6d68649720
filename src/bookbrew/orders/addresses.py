"""Shipping addresses at rest: personal data, so stored encrypted (AES-GCM under the
service's key ring), bound to their order by the associated data."""

from __future__ import annotations

import logging

from pydantic import ValidationError

from bookbrew.contracts.orders import ShippingAddress
from bookbrew.orders.models import OrderRow
from bookbrew.platform.crypto import DecryptionError, KeyRing

log = logging.getLogger(__name__)


def _aad(order_id: str) -> str:
    return f"orders:{order_id}:shipping_address"


def seal(ring: KeyRing, order_id: str, address: ShippingAddress) -> str:
    return ring.encrypt_text(address.model_dump_json(), aad=_aad(order_id))


def unseal(ring: KeyRing, order: OrderRow) -> ShippingAddress | None:
    """The order's address; None when it has none (placed before addresses were taken)
    or when it cannot be read (logged: a key left the ring too early)."""
    if not order.shipping_address_enc:
        return None
    try:
        plain = ring.decrypt_text(order.shipping_address_enc, aad=_aad(order.id))
        return ShippingAddress.model_validate_json(plain)
    except (DecryptionError, ValidationError) as exc:
        # The exception's name only: a validation error's text would quote the address.
        log.error(
            "unreadable shipping address (%s)", type(exc).__name__, extra={"order_id": order.id}
        )
        return None
