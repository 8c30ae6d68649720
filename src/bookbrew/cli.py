"""The `bookbrew` command: run the shop (embedded or distributed), serve one service,
migrate, seed, train curation's model, simulate shoppers, report, and mint development
tokens."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from bookbrew.platform.logging import configure_logging

app = typer.Typer(help="BookBrew: a personalized-curation shop.", no_args_is_help=True)

DataDir = Annotated[
    Path, typer.Option("--data-dir", envvar="BOOKBREW_DATA_DIR", help="Where stores live")
]
DEFAULT_DATA_DIR = Path(".bookbrew")

# Local backends of the distributed profile, overridable per service with
# BOOKBREW_<SERVICE>_DATABASE_URL / _CACHE_URL / _BROKER_URL.
MYSQL_URL = os.environ.get("BOOKBREW_MYSQL_URL", "mysql+asyncmy://root@127.0.0.1:3306")
REDIS_URL = os.environ.get("BOOKBREW_REDIS_URL", "redis://127.0.0.1:6379/0")
AMQP_URL = os.environ.get("BOOKBREW_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
# MongoDB for the document stores when given; else they use MariaDB's JSON (SQL adapter).
MONGODB_URL = os.environ.get("BOOKBREW_MONGODB_URL", "")
# Database names are <prefix><service>; tests use their own prefix.
DATABASE_PREFIX = os.environ.get("BOOKBREW_DATABASE_PREFIX", "bookbrew_")


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, taken before anything starts: a port already in use stops
    the command at once with a clear message, before any migration or seeding."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        typer.echo(
            f"bookbrew: cannot listen on {host}:{port}: {error.strerror or error}. "
            "Is another shop running there? Choose another port with --port.",
            err=True,
        )
        raise typer.Exit(1) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _serve(asgi_app: object, host: str, sock: socket.socket) -> None:
    config = uvicorn.Config(
        asgi_app,  # type: ignore[arg-type]
        host=host,
        port=sock.getsockname()[1],
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
        server_header=False,
    )
    uvicorn.Server(config).run(sockets=[sock])


@app.command()
def up(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of BFF Web (embedded: the whole shop)")] = 8000,
    distributed: Annotated[
        bool, typer.Option(help="One process per service on real backends")
    ] = False,
    port_offset: Annotated[
        int, typer.Option(help="Distributed: added to every service's port")
    ] = 0,
    data_dir: DataDir = DEFAULT_DATA_DIR,
) -> None:
    """Run the whole shop: embedded (one process, one port) or distributed."""
    configure_logging(os.environ.get("BOOKBREW_LOG_LEVEL", "INFO"))
    if distributed:
        _up_distributed(host, data_dir, port_offset)
        return
    sock = _listen(host, port)
    from bookbrew.shop import create_embedded_app

    typer.echo(
        f"BookBrew (embedded) on http://{host}:{port}  — stores in {data_dir.resolve()}", err=True
    )
    _serve(create_embedded_app(data_dir, public_url=f"http://{host}:{port}"), host, sock)


def distributed_env(name: str, data_dir: Path, port_offset: int = 0) -> dict[str, str]:
    from bookbrew.shop import SERVICES, dev_jwks_file

    prefix = f"BOOKBREW_{name.upper()}_"
    env = dict(os.environ)
    defaults = {
        "ENVIRONMENT": "development",
        "DATA_DIR": str(data_dir.resolve()),
        "CACHE_URL": REDIS_URL,
        "BROKER_URL": AMQP_URL,
        "JWKS_FILE": str(dev_jwks_file(data_dir.resolve())),
    }
    if SERVICES[name].has_database:
        defaults["DATABASE_URL"] = f"{MYSQL_URL}/{DATABASE_PREFIX}{name}"
    if SERVICES[name].has_documents:
        defaults["DOCUMENT_URL"] = (
            f"{MONGODB_URL.rstrip('/')}/{DATABASE_PREFIX}{name}"
            if MONGODB_URL
            else f"{MYSQL_URL}/{DATABASE_PREFIX}{name}_documents"
        )
    for key, value in defaults.items():
        env.setdefault(prefix + key, value)
    for other, spec in SERVICES.items():
        env.setdefault(
            f"{prefix}{other.upper()}_URL", f"http://127.0.0.1:{spec.port + port_offset}"
        )
    identity = f"http://127.0.0.1:{SERVICES['customers'].port + port_offset}"
    env.setdefault(prefix + "JWKS_URL", f"{identity}/.well-known/jwks.json")
    web = f"http://127.0.0.1:{SERVICES['bff_web'].port + port_offset}"
    if name == "customers":
        env.setdefault(prefix + "PUBLIC_URL", identity)
        env.setdefault(prefix + "VERIFICATION_URL_BASE", f"{web}/verify-email")
        env.setdefault(prefix + "WEB_REDIRECT_URIS", f'["{web}/auth/callback"]')
    if name in ("bff_web", "bff_mobile"):
        env.setdefault(prefix + "IDENTITY_PUBLIC_URL", identity)
    if name == "notifications":
        own = f"http://127.0.0.1:{SERVICES['notifications'].port + port_offset}"
        env.setdefault(prefix + "PUBLIC_URL", own)
        env.setdefault(prefix + "SHOP_URL", web)
    return env


def _with_env(env: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(env)


def _up_distributed(host: str, data_dir: Path, port_offset: int) -> None:
    from bookbrew.shop import SERVICES

    # Every port free before anything is migrated (each service binds its own later).
    for spec in SERVICES.values():
        _listen(host, spec.port + port_offset).close()
    saved = dict(os.environ)
    for name in SERVICES:
        _with_env(distributed_env(name, data_dir, port_offset))
        asyncio.run(_migrate_one(name))
    _with_env(distributed_env("catalog", data_dir, port_offset))
    asyncio.run(_seed())
    _with_env(saved)
    children: dict[str, subprocess.Popen[bytes]] = {}
    for name, spec in SERVICES.items():
        port = str(spec.port + port_offset)
        children[name] = subprocess.Popen(
            [sys.executable, "-m", "bookbrew", "serve", name, "--host", host, "--port", port],
            env=distributed_env(name, data_dir, port_offset),
        )
    typer.echo(
        "BookBrew (distributed): "
        + ", ".join(f"{n} :{s.port + port_offset}" for n, s in SERVICES.items()),
        err=True,
    )
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    typer.echo(
                        f"{name} exited with {child.returncode}; stopping the shop", err=True
                    )
                    stopping = True
            time.sleep(0.5)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
    if (
        any(child.returncode not in (0, -signal.SIGTERM) for child in children.values())
        and not stopping
    ):
        raise typer.Exit(1)


@app.command()
def serve(
    service: Annotated[str, typer.Argument(help="Service to run, e.g. catalog")],
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int | None, typer.Option(help="Defaults to the service's port")] = None,
) -> None:
    """Run one service in this process; settings come from BOOKBREW_<SERVICE>_* variables."""
    from bookbrew.shop import SERVICES

    if service not in SERVICES:
        raise typer.BadParameter(f"unknown service; one of: {', '.join(SERVICES)}")
    spec = SERVICES[service]
    configure_logging(os.environ.get("BOOKBREW_LOG_LEVEL", "INFO"))
    sock = _listen(host, port or spec.port)
    _serve(spec.factory()(spec.settings(), None), host, sock)


async def _migrate_one(name: str) -> None:
    from bookbrew.platform import migrations
    from bookbrew.shop import SERVICES

    spec = SERVICES[name]
    settings = spec.settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if spec.has_documents:
        await migrations.ensure_database(settings.effective_document_url)
    if spec.has_database:
        url = settings.effective_database_url
        await migrations.ensure_database(url)
        await asyncio.to_thread(migrations.upgrade, spec.migrations_dir, url)
        typer.echo(f"migrated {name}", err=True)


@app.command()
def migrate(
    service: Annotated[str | None, typer.Argument(help="One service; all when omitted")] = None,
) -> None:
    """Bring each service's database schema up to date (Alembic)."""
    from bookbrew.shop import SERVICES

    for name in [service] if service else list(SERVICES):
        if name not in SERVICES:
            raise typer.BadParameter(f"unknown service {name}")
        asyncio.run(_migrate_one(name))


async def _seed() -> None:
    from rich.progress import Progress

    from bookbrew.catalog.seed import seed_demo_catalog
    from bookbrew.platform.db import Database
    from bookbrew.shop import SERVICES

    await _migrate_one("catalog")
    settings = SERVICES["catalog"].settings()
    db = Database(settings.effective_database_url)
    try:
        with Progress(transient=False) as progress:
            task = progress.add_task("Seeding the demo catalog", total=None)

            def report(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            added = await seed_demo_catalog(db, progress=report)
        typer.echo(f"{added} products added", err=True)
    finally:
        await db.dispose()


@app.command()
def seed(data_dir: DataDir = DEFAULT_DATA_DIR) -> None:
    """Load the demo catalog (about 1,200 real products) into the catalog's database."""
    os.environ.setdefault("BOOKBREW_CATALOG_DATA_DIR", str(data_dir))
    asyncio.run(_seed())


def production_settings() -> list[str]:
    """The environment variables that put a service in production: BOOKBREW_ENVIRONMENT
    and every BOOKBREW_<SERVICE>_ENVIRONMENT."""
    return sorted(
        name
        for name, value in os.environ.items()
        if name.startswith("BOOKBREW_")
        and name.endswith("ENVIRONMENT")
        and value.strip().lower() == "production"
    )


def refuse_in_production(what: str) -> None:
    found = production_settings()
    if found:
        raise typer.BadParameter(f"{what} are refused in production ({', '.join(found)})")


@app.command()
def token(
    subject: Annotated[str, typer.Option(help="Token subject")] = "dev-admin",
    role: Annotated[list[str], typer.Option(help="Role (repeatable)")] = ["admin"],
    scope: Annotated[list[str], typer.Option(help="Scope (repeatable)")] = [],
    ttl: Annotated[int, typer.Option(help="Lifetime in seconds")] = 3600,
    data_dir: DataDir = DEFAULT_DATA_DIR,
) -> None:
    """Mint a development access token with the local dev key (development only)."""
    from bookbrew.platform.devkeys import DevSigningKey
    from bookbrew.shop import dev_jwks_file

    refuse_in_production("development tokens")
    dev_jwks_file(data_dir)
    key = DevSigningKey.load_or_create(data_dir / "keys")
    typer.echo(key.mint(subject, roles=role, scopes=scope, ttl_seconds=ttl))


@app.command()
def simulate(
    shoppers: Annotated[int, typer.Option(min=1, max=100_000, help="How many shoppers")] = 300,
    seed: Annotated[int, typer.Option(help="Same seed, same shoppers' tastes and choices")] = 7,
    url: Annotated[str, typer.Option(help="The running shop (embedded: its one port)")] = (
        "http://127.0.0.1:8000"
    ),
    service: Annotated[
        list[str],
        typer.Option(help="Distributed: NAME=URL of a service, e.g. orders=http://127.0.0.1:8105"),
    ] = [],
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Shoppers at a time")] = 8,
    data_dir: DataDir = DEFAULT_DATA_DIR,
) -> None:
    """Simulate shoppers (questionnaires, browsing, purchases) against a running shop so
    the demo has history to learn from (development only: dev-key tokens)."""
    import json

    from bookbrew.platform.devkeys import DevSigningKey
    from bookbrew.shop import dev_jwks_file
    from bookbrew.simulate import simulate_shoppers

    refuse_in_production("simulated shoppers")
    services = dict(item.split("=", 1) for item in service)
    dev_jwks_file(data_dir)
    key = DevSigningKey.load_or_create(data_dir / "keys")
    report = asyncio.run(
        simulate_shoppers(
            url,
            shoppers=shoppers,
            seed=seed,
            token_minter=key.mint,
            concurrency=concurrency,
            services=services,
            progress=lambda line: typer.echo(line, err=True),
        )
    )
    for error in report.errors[:10]:
        typer.echo(f"error: {error}", err=True)
    typer.echo(json.dumps({k: v for k, v in vars(report).items() if k != "errors"}))
    if report.shoppers and not report.orders_confirmed:
        raise typer.Exit(1)


@app.command()
def train(data_dir: DataDir = DEFAULT_DATA_DIR) -> None:
    """Train a curation model version from everything curation has stored, evaluate it
    on held-out interactions, store it with its metrics and make it current. Running
    curation processes switch to it within their model poll interval."""
    import json

    from bookbrew.curation.service.training import train_once

    os.environ.setdefault("BOOKBREW_CURATION_DATA_DIR", str(data_dir))

    async def run() -> dict[str, object]:
        await _migrate_one("curation")
        return await train_once()

    record = asyncio.run(run())
    typer.echo(json.dumps(record, default=str))


customers_app = typer.Typer(help="Customers and identity administration.")
app.add_typer(customers_app, name="customers")


@customers_app.command("reencrypt")
def customers_reencrypt() -> None:
    """Re-encrypt every personal field under the newest key of the key ring."""
    from bookbrew.customers.service.reencrypt import reencrypt_all
    from bookbrew.customers.settings import CustomersSettings
    from bookbrew.platform.db import Database

    async def run() -> None:
        await _migrate_one("customers")
        settings = CustomersSettings()
        db = Database(settings.effective_database_url)
        try:
            report = await reencrypt_all(db, settings.key_ring())
            typer.echo(report.model_dump_json())
        finally:
            await db.dispose()

    asyncio.run(run())


@customers_app.command("grant-admin")
def customers_grant_admin(
    email: Annotated[str, typer.Argument(help="E-mail of a registered customer")],
) -> None:
    """Give a registered customer the admin role (the first admin has no one to ask)."""
    from bookbrew.customers.repository import customer_by_email_index
    from bookbrew.customers.service import accounts
    from bookbrew.customers.settings import CustomersSettings
    from bookbrew.platform.db import Database

    async def run() -> None:
        await _migrate_one("customers")
        settings = CustomersSettings()
        db = Database(settings.effective_database_url)
        try:
            async with db.unit_of_work() as session:
                customer = await customer_by_email_index(session, settings.email_index()(email))
                if customer is None:
                    raise typer.BadParameter(f"no customer with e-mail {email}")
                await accounts.grant_role(session, customer.id, "admin", "cli")
            typer.echo(f"{email} is now an admin")
        finally:
            await db.dispose()

    asyncio.run(run())


@app.command()
def report(
    date_from: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD")],
    date_to: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD")],
    out: Annotated[Path, typer.Option(help="HTML file to write")] = Path("bookbrew-report.html"),
) -> None:
    """Write the charted sales, funnel, curation and cohort report as one HTML file."""
    from datetime import date

    from bookbrew.platform.db import Database
    from bookbrew.reporting.charts import write_report
    from bookbrew.reporting.settings import ReportingSettings

    try:
        first, last = date.fromisoformat(date_from), date.fromisoformat(date_to)
    except ValueError as exc:
        raise typer.BadParameter(f"dates are YYYY-MM-DD: {exc}") from exc
    if first > last:
        raise typer.BadParameter("--from is after --to")

    async def run() -> Path:
        await _migrate_one("reporting")
        db = Database(ReportingSettings().effective_database_url)
        try:
            return Path(await write_report(db, out, first, last))
        finally:
            await db.dispose()

    typer.echo(f"report written to {asyncio.run(run()).resolve()}")


payments_app = typer.Typer(help="Payments administration.")
app.add_typer(payments_app, name="payments")


@payments_app.command("reconcile")
def payments_reconcile(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable report")] = False,
) -> None:
    """Compare local payments with the provider's view and report mismatches (changes
    nothing). Meaningful for Stripe and PayPal; the sandbox keeps its ledger in memory."""
    import json

    from bookbrew.payments.reconcile import run_reconciliation
    from bookbrew.payments.settings import PaymentsSettings

    report = asyncio.run(run_reconciliation(PaymentsSettings(), since=None))
    typer.echo(json.dumps(report.to_dict(), default=str) if as_json else report.to_text())
    raise typer.Exit(0 if report.clean else 1)


def service_openapi(name: str) -> dict[str, object]:
    """A service's OpenAPI document, built from its app as development settings make it
    (no database is opened: the spec needs only the routes)."""
    import tempfile

    from bookbrew.shop import SERVICES

    spec = SERVICES[name]
    with tempfile.TemporaryDirectory() as tmp:
        built = spec.factory()(spec.settings(environment="development", data_dir=Path(tmp)))
        return built.openapi()


@app.command()
def openapi(
    service: Annotated[str, typer.Argument(help="bff_web, bff_mobile, catalog, ...")],
) -> None:
    """Print a service's OpenAPI document (what `web/openapi.json` and
    `mobile/openapi.json` are made from: `bookbrew openapi bff_web > web/openapi.json`)."""
    import json

    from bookbrew.shop import SERVICES

    if service not in SERVICES:
        typer.echo(f"unknown service {service!r}; one of: {', '.join(SERVICES)}", err=True)
        raise typer.Exit(2)
    typer.echo(json.dumps(service_openapi(service), indent=2))


def main() -> None:
    app()
