"""Local stand-ins for Twilio's Messages resource, Expo's push/send and a Web Push
service, in one HTTP server that answers as their documentation shows and records what it
was sent."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

ACCOUNT_SID = "AC" + "0" * 32
GONE_TOKEN = "ExponentPushToken[gone-device-000]"
EXPO_PATH = "/--/api/v2/push/send"  # Expo's push/send, under the configured base


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Providers:
    """Twilio's Messages resource, Expo's push/send and a Web Push service, in one server."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        providers = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                providers.requests.append(
                    Recorded(
                        "POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body
                    )
                )
                status, answer, extra = providers.answer(self.path, body)
                payload = json.dumps(answer).encode() if answer is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str, body: bytes) -> tuple[int, Any, dict[str, str]]:
        if path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            sid = "SM" + uuid.uuid4().hex
            return (
                201,
                {
                    "account_sid": ACCOUNT_SID,
                    "api_version": "2010-04-01",
                    "body": form["Body"],
                    "direction": "outbound-api",
                    "from": form.get("From"),
                    "to": form["To"],
                    "num_segments": "1",
                    "sid": sid,
                    "status": "queued",
                    "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
                },
                {},
            )
        if path == EXPO_PATH:
            message = json.loads(body)
            if message["to"] == GONE_TOKEN:
                ticket = {
                    "status": "error",
                    "message": f'"{GONE_TOKEN}" is not a registered push notification recipient',
                    "details": {"error": "DeviceNotRegistered"},
                }
            else:
                ticket = {"status": "ok", "id": str(uuid.uuid4())}
            return 200, {"data": ticket}, {}
        if path.startswith("/wpush/"):
            if path.endswith("/gone"):
                return 410, None, {}
            return 201, None, {"Location": f"{self.url}/messages/{uuid.uuid4()}"}
        return 404, {"errors": [{"message": "no such route"}]}, {}

    def to(self, prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.path.startswith(prefix)]


@contextmanager
def serving() -> Iterator[Providers]:
    """The providers' server, answering on a free port until the block ends."""
    server = Providers()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
