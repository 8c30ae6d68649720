"""The payment lifecycle and its only allowed transitions."""

from __future__ import annotations

from typing import Literal

from bookbrew.platform.problems import Conflict

PaymentStatus = Literal[
    "created",
    "requires_action",
    "processing",
    "succeeded",
    "failed",
    "cancelled",
    "partially_refunded",
    "refunded",
]

ALLOWED: dict[str, frozenset[str]] = {
    "created": frozenset({"requires_action", "processing", "succeeded", "failed", "cancelled"}),
    "requires_action": frozenset({"processing", "succeeded", "failed", "cancelled"}),
    "processing": frozenset({"succeeded", "failed"}),
    "succeeded": frozenset({"partially_refunded", "refunded"}),
    "partially_refunded": frozenset({"partially_refunded", "refunded"}),
    "failed": frozenset(),
    "cancelled": frozenset(),
    "refunded": frozenset(),
}
OPEN = frozenset({"created", "requires_action", "processing"})
CAPTURED = frozenset({"succeeded", "partially_refunded"})


def can_move(current: str, target: str) -> bool:
    return target in ALLOWED.get(current, frozenset())


def check_transition(current: str, target: str) -> None:
    if not can_move(current, target):
        raise Conflict(
            f"A payment that is {current} cannot become {target}.",
            kind="illegal-payment-transition",
            payment_status=current,
            requested_status=target,
        )
