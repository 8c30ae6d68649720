"""Local HTTP servers that answer as Stripe's and PayPal's API references show, and
record every request so that tests can assert what the adapters sent."""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode(), keep_blank_values=True))

    @property
    def json(self) -> Any:
        return json.loads(self.body or b"null")


Reply = tuple[int, dict[str, Any]]
Route = Callable[[Recorded, "re.Match[str]"], Reply]


@dataclass
class RecordingServer:
    routes: list[tuple[str, re.Pattern[str], Route]] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)

    def route(self, method: str, pattern: str) -> Callable[[Route], Route]:
        def register(fn: Route) -> Route:
            self.routes.append((method, re.compile(f"^{pattern}$"), fn))
            return fn

        return register

    def __enter__(self) -> RecordingServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("content-length") or 0)
                recorded = Recorded(
                    self.command,
                    url.path,
                    dict(parse_qsl(url.query)),
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                )
                server.requests.append(recorded)
                status, body = 404, {"error": "no route"}
                for method, pattern, fn in server.routes:
                    match = pattern.match(url.path)
                    if method == self.command and match:
                        status, body = fn(recorded, match)
                        break
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_DELETE = _serve

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def calls(self, method: str, path_prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]


# --- Stripe ---------------------------------------------------------------------------

STRIPE_DECLINES = {
    "pm_card_visa_chargeDeclinedInsufficientFunds": ("card_declined", "insufficient_funds"),
    "pm_card_visa_chargeDeclinedStolenCard": ("card_declined", "stolen_card"),
    "pm_card_chargeDeclinedExpiredCard": ("expired_card", None),
    "pm_card_chargeDeclinedProcessingError": ("processing_error", None),
}


def fake_stripe() -> tuple[RecordingServer, dict[str, dict[str, Any]]]:
    """A Stripe API: PaymentIntents with idempotency keys, refunds."""
    server = RecordingServer()
    intents: dict[str, dict[str, Any]] = {}
    replies: dict[str, Reply] = {}

    def charge_of(intent: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": intent["latest_charge"],
            "object": "charge",
            "amount": intent["amount"],
            "amount_refunded": intent["_refunded"],
            "payment_method_details": {"type": "card", "card": {"brand": "visa", "last4": "4242"}},
        }

    def public(intent: dict[str, Any], expand: bool = False) -> dict[str, Any]:
        shown = {k: v for k, v in intent.items() if not k.startswith("_")}
        if expand and intent["latest_charge"]:
            shown["latest_charge"] = charge_of(intent)
        return shown

    @server.route("POST", "/v1/payment_intents")
    def create(request: Recorded, _: re.Match[str]) -> Reply:
        key = request.headers.get("idempotency-key", "")
        if key in replies:
            return replies[key]
        form = request.form
        intent_id = f"pi_{uuid.uuid4().hex[:24]}"
        intent: dict[str, Any] = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": int(form["amount"]),
            "currency": form["currency"],
            "client_secret": f"{intent_id}_secret_{uuid.uuid4().hex[:12]}",
            "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")},
            "payment_method": form.get("payment_method"),
            "status": "requires_payment_method",
            "latest_charge": None,
            "last_payment_error": None,
            "next_action": None,
            "_refunded": 0,
        }
        intents[intent_id] = intent
        method = form.get("payment_method", "")
        reply: Reply
        if form.get("confirm") != "true":
            intent["status"] = "requires_confirmation"
            reply = (200, public(intent))
        elif method in STRIPE_DECLINES:
            code, decline = STRIPE_DECLINES[method]
            error = {
                "type": "card_error",
                "code": code,
                "decline_code": decline,
                "message": "Your card was declined.",
                "charge": f"ch_{uuid.uuid4().hex[:24]}",
            }
            intent["last_payment_error"] = error
            error_body = {**error, "payment_intent": public(intent)}
            reply = (402, {"error": error_body})
        elif method == "pm_card_authenticationRequired":
            intent["status"] = "requires_action"
            intent["next_action"] = {"type": "use_stripe_sdk", "use_stripe_sdk": {}}
            reply = (200, public(intent))
        else:
            intent["status"] = "succeeded"
            intent["latest_charge"] = f"ch_{uuid.uuid4().hex[:24]}"
            reply = (200, public(intent))
        replies[key] = reply
        return reply

    @server.route("GET", r"/v1/payment_intents/(?P<id>pi_\w+)")
    def retrieve(request: Recorded, match: re.Match[str]) -> Reply:
        intent = intents.get(match["id"])
        if intent is None:
            return 404, {"error": {"type": "invalid_request_error", "code": "resource_missing"}}
        return 200, public(intent, expand="expand[0]" in request.query)

    @server.route("POST", r"/v1/payment_intents/(?P<id>pi_\w+)/cancel")
    def cancel(request: Recorded, match: re.Match[str]) -> Reply:
        intent = intents[match["id"]]
        intent["status"] = "canceled"
        return 200, public(intent)

    @server.route("POST", "/v1/refunds")
    def refund(request: Recorded, _: re.Match[str]) -> Reply:
        key = request.headers.get("idempotency-key", "")
        if key in replies:
            return replies[key]
        form = request.form
        intent = intents[form["payment_intent"]]
        amount = int(form.get("amount", intent["amount"] - intent["_refunded"]))
        if intent["_refunded"] + amount > intent["amount"]:
            return 400, {
                "error": {"type": "invalid_request_error", "code": "charge_already_refunded"}
            }
        intent["_refunded"] += amount
        reply = (
            200,
            {
                "id": f"re_{uuid.uuid4().hex[:24]}",
                "object": "refund",
                "amount": amount,
                "payment_intent": intent["id"],
                "status": "succeeded",
            },
        )
        replies[key] = reply
        return reply

    return server, intents


# --- PayPal ---------------------------------------------------------------------------

PAYPAL_TOKEN = "A21AAFakeAccessToken"
GOOD_SIGNATURE = "good-transmission-signature"


def fake_paypal(client_id: str, secret: str) -> tuple[RecordingServer, dict[str, Any]]:
    """PayPal: OAuth client credentials, Orders v2, captures, refunds, webhook checks."""
    import base64

    server = RecordingServer()
    orders: dict[str, dict[str, Any]] = {}
    replies: dict[str, Reply] = {}
    basic = "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()

    def authorized(request: Recorded) -> bool:
        return request.headers.get("authorization") == f"Bearer {PAYPAL_TOKEN}"

    @server.route("POST", "/v1/oauth2/token")
    def token(request: Recorded, _: re.Match[str]) -> Reply:
        if request.headers.get("authorization") != basic:
            return 401, {"error": "invalid_client"}
        if request.form.get("grant_type") != "client_credentials":
            return 400, {"error": "unsupported_grant_type"}
        return 200, {"access_token": PAYPAL_TOKEN, "token_type": "Bearer", "expires_in": 32400}

    @server.route("POST", "/v2/checkout/orders")
    def create(request: Recorded, _: re.Match[str]) -> Reply:
        if not authorized(request):
            return 401, {"name": "AUTHENTICATION_FAILURE"}
        key = request.headers.get("paypal-request-id", "")
        if key in replies:
            return replies[key]
        body = request.json
        order_id = uuid.uuid4().hex[:17].upper()
        unit = body["purchase_units"][0]
        orders[order_id] = {
            "id": order_id,
            "status": "PAYER_ACTION_REQUIRED",
            "purchase_units": [
                {"reference_id": unit["reference_id"], "amount": unit["amount"], "payments": {}}
            ],
            "links": [
                {
                    "href": f"https://www.sandbox.paypal.com/checkoutnow?token={order_id}",
                    "rel": "payer-action",
                    "method": "GET",
                }
            ],
        }
        reply = (200, orders[order_id])
        replies[key] = reply
        return reply

    @server.route("GET", r"/v2/checkout/orders/(?P<id>\w+)")
    def get(request: Recorded, match: re.Match[str]) -> Reply:
        order = orders.get(match["id"])
        return (200, order) if order else (404, {"name": "RESOURCE_NOT_FOUND"})

    @server.route("POST", r"/v2/checkout/orders/(?P<id>\w+)/capture")
    def capture(request: Recorded, match: re.Match[str]) -> Reply:
        order = orders[match["id"]]
        if order["status"] == "PAYER_ACTION_REQUIRED":
            return 422, {
                "name": "UNPROCESSABLE_ENTITY",
                "details": [{"issue": "ORDER_NOT_APPROVED"}],
            }
        if order["status"] == "APPROVED":
            order["status"] = "COMPLETED"
            unit = order["purchase_units"][0]
            unit["payments"] = {
                "captures": [
                    {
                        "id": uuid.uuid4().hex[:17].upper(),
                        "status": "COMPLETED",
                        "amount": unit["amount"],
                    }
                ],
                "refunds": [],
            }
        return 201, order

    @server.route("POST", r"/v2/payments/captures/(?P<id>\w+)/refund")
    def refund(request: Recorded, match: re.Match[str]) -> Reply:
        key = request.headers.get("paypal-request-id", "")
        if key in replies:
            return replies[key]
        for order in orders.values():
            payments = order["purchase_units"][0]["payments"]
            if any(c["id"] == match["id"] for c in payments.get("captures", [])):
                refund_body = {
                    "id": uuid.uuid4().hex[:17].upper(),
                    "status": "COMPLETED",
                    "amount": request.json["amount"],
                }
                payments["refunds"].append(refund_body)
                replies[key] = (201, refund_body)
                return replies[key]
        return 404, {"name": "RESOURCE_NOT_FOUND"}

    @server.route("POST", "/v1/notifications/verify-webhook-signature")
    def verify(request: Recorded, _: re.Match[str]) -> Reply:
        good = request.json["transmission_sig"] == GOOD_SIGNATURE
        return 200, {"verification_status": "SUCCESS" if good else "FAILURE"}

    return server, orders
