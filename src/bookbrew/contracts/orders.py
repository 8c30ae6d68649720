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
