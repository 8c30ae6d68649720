"""The order lifecycle: its statuses, the only allowed transitions, and the event each
transition publishes (exactly one per transition)."""

from __future__ import annotations

from enum import StrEnum

from bookbrew.contracts import orders as contract
from bookbrew.platform.problems import Conflict


class OrderStatus(StrEnum):
    PENDING = "pending"  # placed: stock and payment in progress
    AWAITING_CONFIRMATION = "awaiting_confirmation"  # the payment waits for the shopper's MFA
    CONFIRMED = "confirmed"  # paid, stock committed
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    FAILED = "failed"  # out of stock, declined, abandoned: nothing charged, stock back
    CANCELLED = "cancelled"  # refunded and restocked


S = OrderStatus

ALLOWED: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.PENDING: frozenset({S.AWAITING_CONFIRMATION, S.CONFIRMED, S.FAILED}),
    S.AWAITING_CONFIRMATION: frozenset({S.CONFIRMED, S.FAILED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.PROCESSING, S.CANCELLED}),
    S.PROCESSING: frozenset({S.SHIPPED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.FAILED: frozenset(),
    S.CANCELLED: frozenset(),
}
# The saga is still running: recovery drives these to an end.
UNFINISHED = frozenset({S.PENDING, S.AWAITING_CONFIRMATION})
# Paid for and kept: what a late payment outcome must not undo.
PAID = frozenset({S.CONFIRMED, S.PROCESSING, S.SHIPPED, S.DELIVERED})
TERMINAL = frozenset(status for status, targets in ALLOWED.items() if not targets)
# What staff set by hand; the others follow from the saga or a cancellation.
FULFILMENT = frozenset({S.PROCESSING, S.SHIPPED, S.DELIVERED})

EVENT_TYPES: dict[OrderStatus, str] = {
    S.PENDING: contract.ORDER_PLACED,
    S.AWAITING_CONFIRMATION: contract.ORDER_AWAITING_CONFIRMATION,
    S.CONFIRMED: contract.ORDER_CONFIRMED,
    S.PROCESSING: contract.ORDER_PROCESSING,
    S.SHIPPED: contract.ORDER_SHIPPED,
    S.DELIVERED: contract.ORDER_DELIVERED,
    S.FAILED: contract.ORDER_FAILED,
    S.CANCELLED: contract.ORDER_CANCELLED,
}


def can_move(current: str, target: str) -> bool:
    return OrderStatus(target) in ALLOWED[OrderStatus(current)]


def check_transition(current: str, target: str) -> None:
    if not can_move(current, target):
        raise Conflict(
            f"An order that is {current} cannot become {target}.",
            kind="illegal-order-transition",
            order_status=current,
            requested_status=target,
        )
