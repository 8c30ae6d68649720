"""Recovery in the embedded shop: a crash injected between the saga's steps leaves the
order unfinished; recovery (as on start) drives it to its end from what the catalog and
payments hold. Abandoned payments time out. (The same with a real process killed by
SIGKILL is in test_distributed.py.)"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bookbrew.orders.service import recovery
from bookbrew.platform.devkeys import DevSigningKey
from tests.orders.shop import SCA, Shop, running_shop


class Crash(BaseException):
    """The process dies here (nothing after runs, nothing is caught)."""


@pytest.fixture
async def quiet_shop(
    tmp_path: Path, jwks_file: Path, signing_key: DevSigningKey
) -> AsyncIterator[Shop]:
    """A shop whose orders service hears no payment events: recovery alone decides."""
    async with running_shop(
        tmp_path,
        jwks_file,
        signing_key,
        orders={"confirmation_timeout_seconds": 2, "reservation_ttl_seconds": 120},
    ) as shop:
        shop.hub.bus._subscriptions = [
            s for s in shop.hub.bus._subscriptions if not s.queue.startswith("orders.")
        ]
        yield shop


def crash_after(target: Any, name: str, *, call_through: bool) -> None:
    real = getattr(target, name)

    async def crashing(*args: Any, **kwargs: Any) -> Any:
        if call_through:
            await real(*args, **kwargs)
        raise Crash(name)

    setattr(target, name, crashing)


async def crashed_checkout(
    shop: Shop, sku: str, quantity: int, number: str = "4242424242424242"
) -> dict[str, str]:
    me = shop.customer()
    assert (await shop.add(me, sku, quantity)).status_code == 200
    with pytest.raises(Crash):
        await shop.checkout(me, number=number)
    return me


async def only_order(shop: Shop, me: dict[str, str]) -> dict[str, Any]:
    items = (await shop.orders.get("/orders", headers=me)).json()["items"]
    assert len(items) == 1
    return dict(items[0])


@pytest.mark.parametrize(
    ("where", "call_through", "outcome", "stock_after"),
    [
        ("reserve", False, "failed", 10),  # died before the catalog heard of it
        ("reserve", True, "failed", 10),  # reserved, then died: the stock is released
        ("create", False, "failed", 10),  # never paid
        ("create", True, "confirmed", 8),  # paid, then died: confirmed, stock committed
    ],
)
async def test_recovery_finishes_a_saga_interrupted_between_steps(
    quiet_shop: Shop, where: str, call_through: bool, outcome: str, stock_after: int
) -> None:
    shop = quiet_shop
    await shop.product("CF-400", stock=10)
    ctx = shop.context
    client = ctx.catalog if where == "reserve" else ctx.payments
    crash_after(client, where, call_through=call_through)
    me = await crashed_checkout(shop, "CF-400", 2)
    delattr(client, where)  # the restarted process has the real client again
    # The crashed checkout's requests have all ended, so "no payment" is final at once
    # (recovery otherwise waits one client timeout for a request still in flight).
    ctx.settings.http_timeout_seconds = 0
    order = await only_order(shop, me)
    assert order["status"] == "pending"

    assert await recovery.sweep(ctx, grace_seconds=0) == 1
    order = (await shop.orders.get(f"/orders/{order['id']}", headers=me)).json()
    assert order["status"] == outcome, order
    assert await shop.stock("CF-400") == stock_after
    payments = [p["status"] for p in await shop.payments_of(order["id"])]
    assert payments == (["succeeded"] if outcome == "confirmed" else [])
    if outcome == "failed":
        assert "nothing was charged" in order["reason"]
    assert await recovery.sweep(ctx, grace_seconds=0) == 0


async def test_recovery_on_start_respects_the_grace_period(quiet_shop: Shop) -> None:
    shop = quiet_shop
    await shop.product("CF-401", stock=10)
    crash_after(shop.context.payments, "create", call_through=True)
    me = await crashed_checkout(shop, "CF-401", 1)
    delattr(shop.context.payments, "create")
    # Younger than the grace period: it might still be running elsewhere.
    assert await recovery.sweep(shop.context) == 0
    shop.context.settings.recovery_grace_seconds = 0.2
    await recovery.recover_on_start(shop.context)
    assert (await only_order(shop, me))["status"] == "confirmed"


async def test_an_interrupted_sca_payment_awaits_then_is_abandoned(quiet_shop: Shop) -> None:
    shop = quiet_shop
    await shop.product("CF-402", stock=10)
    crash_after(shop.context.payments, "create", call_through=True)
    me = await crashed_checkout(shop, "CF-402", 3, number=SCA)
    delattr(shop.context.payments, "create")
    await recovery.sweep(shop.context, grace_seconds=0)
    order = await only_order(shop, me)
    assert order["status"] == "awaiting_confirmation" and order["next_action"]
    assert await shop.stock("CF-402") == 7

    import asyncio

    await asyncio.sleep(2.2)  # the confirmation timeout passes
    await recovery.sweep(shop.context)
    order = await only_order(shop, me)
    assert order["status"] == "failed"
    assert order["reason"] == "The payment was not confirmed in time; nothing was charged."
    assert [p["status"] for p in await shop.payments_of(order["id"])] == ["cancelled"]
    assert await shop.stock("CF-402") == 10
