"""`python -m bookbrew.orders`: serve the orders service alone, as `bookbrew serve orders`
will once the service is listed in `bookbrew.shop.SERVICES`. Settings come from the
BOOKBREW_ORDERS_* variables."""

from __future__ import annotations

import argparse
import os

import uvicorn

from bookbrew.orders.app import create_app
from bookbrew.platform.logging import configure_logging


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bookbrew.orders")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8105)
    args = parser.parse_args()
    configure_logging(os.environ.get("BOOKBREW_LOG_LEVEL", "INFO"))
    uvicorn.run(
        create_app(),
        host=args.host,
        port=args.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
        server_header=False,
    )


if __name__ == "__main__":
    main()
