"""The deploy configs start every service: each service's settings class accepts exactly
the environment that compose and the Helm chart give it (ENVIRONMENT=production, where
the settings refuse development defaults and missing secrets), each secret parses the
way the service reads it, and what crosses services agrees (the orders client secret is
the one customers registers, every JWKS URL points at customers, one issuer), and
browser sign-in can work: the identity URL BFF Web sends browsers to is routed to
customers by compose's edge proxy and by the chart's Ingress, on the shop's own origin,
the callback it asks to come back to is one customers accepts and reaches BFF Web, and
the issuer customers advertises is the one every service verifies.

No container or cluster starts here: compose's `${VAR:-default}` interpolation is done
as compose does with an empty .env, and the chart is rendered by `helm template` or, where
helm is missing, by deploy/tools/helm-lite (built from Debian's Go packages, as
deploy/validate.sh does; that script passes the binary it built in HELM_LITE). The
chart's Secrets are not in the chart: the test fills them the way deploy/README.md tells
an operator to.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from bookbrew.platform.crypto import KeyRing, generate_key_spec
from bookbrew.platform.settings import ServiceSettings
from bookbrew.shop import SERVICES

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "deploy" / "compose" / "docker-compose.yml"
EDGE_CONF = ROOT / "deploy" / "compose" / "edge.conf"
CHART = ROOT / "deploy" / "helm" / "bookbrew"
HELM_LITE_SOURCE = ROOT / "deploy" / "tools" / "helm-lite" / "main.go"
GOCODE = Path("/usr/share/gocode/src")

IDENTITY = "customers"
JWKS_PATH = "/.well-known/jwks.json"
# Services that call customers with client credentials: settings prefix -> client.
SERVICE_CLIENTS = ("orders",)
# Names that hold a secret: never a plain value in a Deployment, Job or ConfigMap.
SECRET_NAME = re.compile(r"(SECRET|PASSWORD|_KEY|_KEYS|SERVICE_CLIENTS|TOKEN)$")


def prefix(service: str) -> str:
    return f"BOOKBREW_{service.upper()}_"


def own_settings(service: str, env: Mapping[str, str]) -> dict[str, str]:
    """The settings of `env` that `service` reads, by name without the prefix. The
    longest matching prefix wins (BOOKBREW_BFF_WEB_ is not BOOKBREW_BFF_)."""
    prefixes = sorted((prefix(s) for s in SERVICES), key=len, reverse=True)
    out = {}
    for key, value in env.items():
        match = next((p for p in prefixes if key.startswith(p)), None)
        if match == prefix(service):
            out[key[len(match) :]] = value
    return out


def build_settings(
    monkeypatch: pytest.MonkeyPatch, service: str, env: Mapping[str, str]
) -> ServiceSettings:
    """`service`'s settings from exactly `env` (no BOOKBREW_* variable of this process)."""
    with monkeypatch.context() as m:
        for key in list(os.environ):
            if key.startswith("BOOKBREW_"):
                m.delenv(key)
        for key, value in env.items():
            m.setenv(key, value)
        try:
            return SERVICES[service].settings()
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            pytest.fail(f"{service} refuses its deploy environment:\n{exc}")


def check_service(
    service: str, settings: ServiceSettings, env: Mapping[str, str], where: str
) -> None:
    """The settings are the production ones the environment meant, every variable names
    a real setting, and every secret parses as the service will read it."""
    fields = type(settings).model_fields
    unknown = sorted(k for k in own_settings(service, env) if k.lower() not in fields)
    assert not unknown, f"{where}: {service} has no settings {unknown} (ignored, a typo?)"
    assert settings.environment == "production", f"{where}: {service} is not in production"
    spec = SERVICES[service]
    if spec.has_database:
        assert settings.database_url.startswith("mysql"), f"{where}: {service} on SQLite"
    if spec.has_documents:
        assert settings.document_url.startswith("mongodb"), f"{where}: {service} on SQLite"
    if "encryption_keys" in fields:
        KeyRing.parse(settings.encryption_keys.get_secret_value())  # type: ignore[attr-defined]
    if "email_index_key" in fields:
        settings.email_index()("someone@example.com")  # type: ignore[attr-defined]
    if "vapid_private_key" in fields and settings.webpush_enabled:  # type: ignore[attr-defined]
        from bookbrew.notifications.channels.push import load_or_create_vapid, vapid_public_key

        key = settings.vapid_private_key.get_secret_value()  # type: ignore[attr-defined]
        assert key, f"{where}: {service} would generate a throwaway VAPID key"
        assert vapid_public_key(load_or_create_vapid(key, Path("/nonexistent")))
    if "service_clients" in fields:
        clients = settings.service_client_secrets()  # type: ignore[attr-defined]
        assert clients and all(clients.values()), f"{where}: SERVICE_CLIENTS is malformed"


def check_across(
    built: Mapping[str, ServiceSettings], addresses: Mapping[str, str], where: str
) -> None:
    """What services must agree on. `addresses`: service -> its base URL there."""
    identity = built[IDENTITY]
    jwks = addresses[IDENTITY] + JWKS_PATH
    for name, settings in built.items():
        assert settings.token_issuer == identity.token_issuer, f"{where}: {name} issuer"
        assert settings.token_audience == identity.token_audience, f"{where}: {name} audience"
        if name != IDENTITY:
            assert settings.jwks_url == jwks, f"{where}: {name} JWKS_URL {settings.jwks_url}"
        # Every `<callee>_url` setting names the callee's address there.
        for callee in SERVICES:
            url = getattr(settings, f"{callee}_url", None)
            if url is not None and callee in addresses:
                assert url == addresses[callee], f"{where}: {name}.{callee}_url is {url}"
    registered = identity.service_client_secrets()  # type: ignore[attr-defined]
    for name in SERVICE_CLIENTS:
        if name not in built:
            continue
        client_id = built[name].client_id  # type: ignore[attr-defined]
        secret = built[name].client_secret.get_secret_value()  # type: ignore[attr-defined]
        assert client_id in registered, (
            f"{where}: customers' SERVICE_CLIENTS does not register {name}'s {client_id}"
        )
        assert registered[client_id] == secret, (
            f"{where}: {name}'s CLIENT_SECRET is not the one customers' SERVICE_CLIENTS holds"
        )


def test_the_identity_service_serves_the_jwks_path() -> None:
    from bookbrew.customers.api.oauth import router

    assert JWKS_PATH in {getattr(route, "path", "") for route in router.routes}


# ---------------------------------------------------------------------------
# Browser sign-in (code + PKCE) across the public entry point
# ---------------------------------------------------------------------------
# A router: public path -> (service it reaches, path that service sees), or None.
Router = Callable[[str], "tuple[str, str] | None"]


def route_paths(router: Any) -> set[str]:
    return {getattr(route, "path", "") for route in router.routes}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def bff_request_behind_proxy() -> Any:
    """A request as the proxy hands it to BFF Web: the internal address, plain http."""
    from starlette.requests import Request

    return Request(
        {
            "type": "http",
            "method": "GET",
            "scheme": "http",
            "server": ("bff-web", 8000),
            "path": "/auth/login",
            "root_path": "",
            "query_string": b"",
            "headers": [(b"host", b"bff-web:8000")],
        }
    )


def check_sign_in(
    built: Mapping[str, ServiceSettings], route: Router | None, public_url: str, where: str
) -> None:
    """Follow the browser through sign-in as BFF Web and customers are configured:
    /auth/login sends it to the authorize URL, customers' sign-in page posts back to
    the same place and redirects to the callback, BFF Web exchanges the code. `route`
    is the public entry point (None where the deployment leaves routing to the operator)."""
    from bookbrew.bff_web.api.sign_in import auth as bff_auth
    from bookbrew.bff_web.api.sign_in import authorize_url, callback_url
    from bookbrew.customers.api.oauth import authorization_server_metadata
    from bookbrew.customers.api.oauth import router as oauth_router

    bff, identity = built["bff_web"], built[IDENTITY]
    request = bff_request_behind_proxy()
    callback = callback_url(request, bff)  # type: ignore[arg-type]
    authorize = authorize_url(request, bff)  # type: ignore[arg-type]

    # Public addresses, not the internal one the proxy connects to.
    bff_public = bff.public_url.rstrip("/")  # type: ignore[attr-defined]
    assert bff_public == public_url, f"{where}: bff_web PUBLIC_URL is {bff_public}"
    assert callback == f"{public_url}/auth/callback", f"{where}: BFF Web sends {callback}"
    assert "/auth/callback" in route_paths(bff_auth)
    # The redirect URI BFF Web sends is one customers accepts for the web client.
    redirect_uris = identity.web_redirect_uris  # type: ignore[attr-defined]
    assert callback in redirect_uris, (
        f"{where}: customers' WEB_REDIRECT_URIS {redirect_uris} lack BFF Web's {callback}"
    )
    # One origin: the sign-in page's CSP (form-action 'self') lets its form redirect to
    # the callback, and the login cookie (path /auth) comes back with it.
    assert origin(authorize) == origin(public_url), (
        f"{where}: sign-in at {authorize} is not on the shop's origin {public_url}"
    )
    assert "/oauth/authorize" in route_paths(oauth_router)

    # What customers advertises is what BFF Web uses and what everyone verifies.
    security = SimpleNamespace(settings=identity)
    response = asyncio.run(authorization_server_metadata(security))  # type: ignore[arg-type]
    metadata = json.loads(bytes(response.body))
    assert metadata["authorization_endpoint"] == authorize, (
        f"{where}: customers advertises {metadata['authorization_endpoint']}, "
        f"BFF Web sends browsers to {authorize}"
    )
    for name, settings in built.items():
        assert settings.token_issuer == metadata["issuer"], (
            f"{where}: {name} verifies issuer {settings.token_issuer}, customers issues "
            f"{metadata['issuer']}"
        )
        assert settings.token_audience == identity.token_audience, f"{where}: {name} audience"

    if route is None:
        return
    public_path = urlsplit(authorize).path
    assert route(public_path) == (IDENTITY, "/oauth/authorize"), (
        f"{where}: {public_path} reaches {route(public_path)}, not customers' /oauth/authorize"
    )
    # The sign-in form posts to `authorize` (relative), the second factor to `authorize/mfa`.
    assert route(public_path + "/mfa") == (IDENTITY, "/oauth/authorize/mfa")
    jwks = urlsplit(metadata["jwks_uri"]).path
    assert route(jwks) == (IDENTITY, JWKS_PATH), f"{where}: {jwks} reaches {route(jwks)}"
    assert route("/auth/callback") == ("bff_web", "/auth/callback"), (
        f"{where}: the callback reaches {route('/auth/callback')}, not BFF Web's"
    )
    assert route("/auth/login") == ("bff_web", "/auth/login")
    assert route("/") == ("bff_web", "/")


# ---------------------------------------------------------------------------
# Compose
# ---------------------------------------------------------------------------
INTERPOLATION = re.compile(
    r"\$\$|\$\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}|\$(?P<bare>[A-Za-z_]\w*)"
)


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """Compose's variable substitution: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
    ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}, and $$ for a literal $."""

    def one(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group("braced") or m.group("bare")
        op, arg = m.group("op"), m.group("arg") or ""
        assert "${" not in arg, f"nested interpolation in {text!r} is not modelled"
        value, is_set = env.get(name), name in env
        if op in (":-", "-"):
            return value if (value if op == ":-" else is_set) else arg
        if op in (":?", "?"):
            if not (value if op == ":?" else is_set):
                raise AssertionError(f"compose would refuse: {name}: {arg}")
            return value or ""
        if op in (":+", "+"):
            return arg if (value if op == ":+" else is_set) else ""
        return value or ""

    return INTERPOLATION.sub(one, text)


def compose_environment(service: dict[str, Any], dotenv: Mapping[str, str]) -> dict[str, str]:
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) if "=" in item else (item, "") for item in raw)
    out = {}
    for key, value in raw.items():
        if value is None:  # `KEY:` passes the variable through from the shell
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        out[key] = interpolate(str(value), dotenv)
    return out


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def test_compose_runs_every_service(compose: dict[str, Any]) -> None:
    assert set(SERVICES) <= set(compose["services"])


@pytest.mark.parametrize("service", list(SERVICES))
def test_compose_environment_is_accepted(
    compose: dict[str, Any], service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = compose_environment(compose["services"][service], {})
    settings = build_settings(monkeypatch, service, env)
    check_service(service, settings, env, "compose")


def compose_addresses(compose: dict[str, Any]) -> dict[str, str]:
    out = {}
    for name in SERVICES:
        command = compose["services"][name]["command"]
        out[name] = f"http://{name}:{command[command.index('--port') + 1]}"
    return out


NGINX_LOCATION = re.compile(r"location\s+(?P<exact>=\s+)?(?P<path>\S+)\s*\{(?P<body>[^{}]*)\}")


def edge_router(compose: dict[str, Any]) -> Router:
    """compose's `edge` (nginx, deploy/compose/edge.conf) as a router: an exact
    location first, else the longest prefix; its `rewrite ... break` applied; the
    upstream host (a `set` variable or written out) named back to a compose service."""
    conf = EDGE_CONF.read_text(encoding="utf-8")
    addresses = {urlsplit(url).netloc: name for name, url in compose_addresses(compose).items()}
    locations = []
    for m in NGINX_LOCATION.finditer(conf):
        body = m.group("body")
        variables = dict(re.findall(r"set\s+\$(\w+)\s+([^;\s]+);", body))
        upstream = re.search(r"proxy_pass\s+http://([^;\s/]+)\s*;", body)
        rewrite = re.search(r"rewrite\s+(\S+)\s+(\S+)\s+break;", body)
        target: str | None = None
        if upstream:
            host = upstream.group(1)
            host = variables.get(host[1:], host) if host.startswith("$") else host
            assert host in addresses, f"edge.conf proxies to {host}, no compose service"
            target = addresses[host]
        locations.append((bool(m.group("exact")), m.group("path"), target, rewrite))
    assert locations, "edge.conf has no location blocks"

    def route(path: str) -> tuple[str, str] | None:
        exact = [loc for loc in locations if loc[0] and loc[1] == path]
        prefix = sorted(
            (loc for loc in locations if not loc[0] and path.startswith(loc[1])),
            key=lambda loc: len(loc[1]),
            reverse=True,
        )
        if not (exact or prefix):
            return None
        _, _, target, rewrite = (exact or prefix)[0]
        if target is None:
            return None
        if rewrite:
            pattern, replacement = rewrite.group(1), rewrite.group(2)
            path = re.sub(pattern, re.sub(r"\$(\d)", r"\\\1", replacement), path, count=1)
        return target, path

    return route


def test_compose_publishes_the_shop_through_the_edge(compose: dict[str, Any]) -> None:
    """The default public URL is the edge's published port; BFF Web and customers
    publish none of their own (they trust the edge's forwarded headers)."""
    services = compose["services"]
    public = urlsplit(compose_environment(services["bff_web"], {})["BOOKBREW_BFF_WEB_PUBLIC_URL"])
    published = [str(port).rsplit(":", 2)[-2:] for port in services["edge"]["ports"]]
    assert [str(public.port), "8000"] in published, f"edge publishes {published}"
    assert re.search(r"listen\s+8000\s*;", EDGE_CONF.read_text(encoding="utf-8"))
    assert "./edge.conf:/etc/nginx/conf.d/default.conf:ro" in services["edge"]["volumes"]
    for name in ("bff_web", IDENTITY):
        assert not services[name].get("ports"), f"compose: {name} is published past the edge"
        assert services[name]["environment"].get("FORWARDED_ALLOW_IPS") == "*"


@pytest.mark.parametrize(
    "dotenv",
    [
        {},
        {
            "BOOKBREW_SECRET_KEY": "s" * 40,
            "BOOKBREW_ORDERS_CLIENT_SECRET": "an-operator-chosen-orders-client-secret",
            "BOOKBREW_CUSTOMERS_EMAIL_INDEX_KEY": "e" * 40,
            "BOOKBREW_PUBLIC_URL": "https://shop.example.com",
        },
    ],
    ids=["empty .env", "overridden in .env"],
)
def test_compose_services_agree(
    compose: dict[str, Any], dotenv: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    built = {}
    for name in SERVICES:
        env = compose_environment(compose["services"][name], dotenv)
        built[name] = build_settings(monkeypatch, name, env)
    where = "compose with .env" if dotenv else "compose"
    check_across(built, compose_addresses(compose), where)
    public_url = dotenv.get("BOOKBREW_PUBLIC_URL", "http://localhost:8000")
    check_sign_in(built, edge_router(compose), public_url, where)
    customers, notifications = built[IDENTITY], built["notifications"]
    assert customers.verification_url_base == f"{public_url}/verify-email"  # type: ignore[attr-defined]
    assert notifications.shop_url == public_url  # type: ignore[attr-defined]
    if dotenv:
        orders = built["orders"].client_secret.get_secret_value()  # type: ignore[attr-defined]
        assert orders == dotenv["BOOKBREW_ORDERS_CLIENT_SECRET"]


@pytest.mark.parametrize("runner", ["migrate", "seed"])
def test_compose_one_shot_commands_accept_every_service(
    compose: dict[str, Any], runner: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`bookbrew migrate` builds every service's settings from its one environment."""
    env = compose_environment(compose["services"][runner], {})
    for name in SERVICES:
        build_settings(monkeypatch, name, env)


# ---------------------------------------------------------------------------
# Helm
# ---------------------------------------------------------------------------
def helm_lite(tmp: Path) -> Path | None:
    """deploy/tools/helm-lite, built as deploy/validate.sh builds it (GOPATH mode over
    Debian's Go packages), or None when this machine cannot."""
    if os.environ.get("HELM_LITE"):
        return Path(os.environ["HELM_LITE"])
    go = shutil.which("go")
    needed = (GOCODE / "github.com/Masterminds/sprig", GOCODE / "sigs.k8s.io/yaml")
    if not go or not all(p.is_dir() for p in needed):
        return None
    gopath = tmp / "gopath"
    (gopath / "src/github.com/Masterminds/semver").mkdir(parents=True)
    (gopath / "src/helm-lite").mkdir(parents=True)
    (gopath / "src/github.com/Masterminds/semver/v3").symlink_to(
        GOCODE / "github.com/Masterminds/semver"
    )
    shutil.copy(HELM_LITE_SOURCE, gopath / "src/helm-lite/main.go")
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOFLAGS": "",
        "GOPATH": f"{gopath}:{GOCODE.parent}",
        "GOCACHE": str(tmp / "gocache"),
    }
    binary = tmp / "helm-lite"
    subprocess.run([go, "build", "-o", str(binary), "helm-lite"], env=env, check=True)
    return binary


def render(tmp: Path, *values: Path) -> list[dict[str, Any]]:
    flags = [arg for v in values for arg in ("-f", str(v))]
    if shutil.which("helm"):
        command = ["helm", "template", "bookbrew", str(CHART), "--kube-version", "1.30.0"]
        command += flags
    else:
        binary = helm_lite(tmp)
        if binary is None:
            pytest.skip("neither helm nor Go with Debian's sprig to render the chart")
        command = [str(binary), "--release", "bookbrew", *flags, str(CHART)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return [d for d in yaml.safe_load_all(out) if d]


def vapid_pem() -> str:
    """`openssl ecparam -name prime256v1 -genkey -noout` (deploy/README.md)."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()


def operator_value(service: str, setting: str, orders_client_secret: str) -> str:
    """What deploy/README.md has an operator put in `service`'s Secret for `setting`."""
    generators = {
        "SECRET_KEY": lambda: secrets.token_hex(32),
        "DATABASE_URL": lambda: f"mysql+asyncmy://{service}:pw@mysql:3306/{service}",
        "DOCUMENT_URL": lambda: f"mongodb://{service}:pw@mongo:27017/{service}",
        "BROKER_URL": lambda: "amqp://bookbrew:pw@rabbitmq:5672/",
        "CACHE_URL": lambda: "redis://redis:6379/0",
        "ENCRYPTION_KEYS": lambda: generate_key_spec("k1"),
        "EMAIL_INDEX_KEY": lambda: secrets.token_hex(32),
        "CLIENT_SECRET": lambda: orders_client_secret,
        "SERVICE_CLIENTS": lambda: f"orders:{orders_client_secret}",
        "VAPID_PRIVATE_KEY": vapid_pem,
        "STRIPE_API_KEY": lambda: "sk_live_" + secrets.token_hex(24),
        "STRIPE_WEBHOOK_SECRET": lambda: "whsec_" + secrets.token_hex(24),
    }
    assert setting in generators, (
        f"{service} reads {setting} from its Secret: say in deploy/README.md how to "
        "generate it, and teach this test"
    )
    return generators[setting]()


def operator_secrets(docs: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """Every (Secret, key) the manifests read, filled as an operator would."""
    orders_client_secret = secrets.token_urlsafe(32)
    out = {}
    for container in containers(docs):
        for var in container.get("env", []):
            ref = var.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                name = var["name"]
                service = next(s for s in SERVICES if own_settings(s, {name: ""}))
                setting = name[len(prefix(service)) :]
                out[(ref["name"], ref["key"])] = operator_value(
                    service, setting, orders_client_secret
                )
    return out


def containers(docs: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for d in docs:
        if d["kind"] in {"Deployment", "Job"}:
            yield from d["spec"]["template"]["spec"]["containers"]


def container_env(
    container: dict[str, Any],
    configmaps: Mapping[str, Mapping[str, str]],
    secret_values: Mapping[tuple[str, str], str],
) -> dict[str, str]:
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env.update(configmaps[source["configMapRef"]["name"]])
    for var in container.get("env", []):
        if "value" in var:
            env[var["name"]] = str(var["value"])
        else:
            ref = var["valueFrom"]["secretKeyRef"]
            env[var["name"]] = secret_values[(ref["name"], ref["key"])]
    return env


CHART_CASES = [
    pytest.param([], id="default values"),
    *(pytest.param([p], id=p.name) for p in sorted((CHART / "ci").glob("*-values.yaml"))),
]
# The public URL each case means browsers to use: `publicUrl`, else derived from the
# Ingress host (https when its TLS lists the host), else the port-forward address.
PUBLIC_URLS = {
    "default values": "http://localhost:8000",
    "fixed-replicas-values.yaml": "http://localhost:8000",
    "ingress-tls-values.yaml": "https://shop.example.com",
    "traefik-values.yaml": "https://books.example.org:8443",
}
STRIP_PREFIX_MIDDLEWARE = "traefik.ingress.kubernetes.io/router.middlewares"


def nginx_rewrite(target: str, match: re.Match[str]) -> str:
    """`target` with $n replaced by the match's groups; as in nginx, a group the path
    does not have is empty."""
    groups = ("", *match.groups())

    def group(ref: re.Match[str]) -> str:
        n = int(ref.group(1))
        return (groups[n] or "") if n < len(groups) else ""

    return re.sub(r"\$(\d)", group, target)


def ingress_router(docs: list[dict[str, Any]], where: str) -> Router | None:
    """The rendered Ingresses as a router. ingress-nginx: a path of an Ingress with
    use-regex is a case-insensitive regex anchored at the start, the longest path wins,
    and that Ingress's rewrite-target (with $n groups) replaces the path. Otherwise a
    Prefix path, kept as it is, unless the Ingress names a strip-prefix middleware
    (Traefik), taken to strip the matched prefix. None without an Ingress."""
    ingresses = [d for d in docs if d["kind"] == "Ingress"]
    if not ingresses:
        return None
    service_names = {
        d["metadata"]["name"]: d["spec"]["template"]["spec"]["containers"][0]["args"][1]
        for d in docs
        if d["kind"] == "Deployment"
    }
    paths = []
    for ing in ingresses:
        notes = ing["metadata"].get("annotations") or {}
        regex = notes.get("nginx.ingress.kubernetes.io/use-regex") == "true"
        rewrite = notes.get("nginx.ingress.kubernetes.io/rewrite-target")
        strips = STRIP_PREFIX_MIDDLEWARE in notes
        for rule in ing["spec"]["rules"]:
            for hp in rule["http"]["paths"]:
                backend = hp["backend"]["service"]["name"]
                assert backend in service_names, f"{where}: Ingress to unknown {backend}"
                paths.append((hp["path"], regex, rewrite, strips, service_names[backend]))

    def route(path: str) -> tuple[str, str] | None:
        candidates = []
        for pattern, regex, rewrite, strips, service in paths:
            if regex:
                m = re.match(pattern, path, re.IGNORECASE)
                if m is None:
                    continue
                seen = path
                if rewrite:
                    seen = nginx_rewrite(rewrite, m)
            else:
                prefix = pattern.rstrip("/")
                if not (path == prefix or path.startswith(prefix + "/") or pattern == "/"):
                    continue
                seen = ("/" + path[len(prefix) :].lstrip("/")) if strips else path
            candidates.append((len(pattern), service, seen))
        if not candidates:
            return None
        _, service, seen = max(candidates)
        return service, seen

    return route


@pytest.mark.parametrize("values", CHART_CASES)
def test_helm_environment_is_accepted_and_agrees(
    values: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = render(tmp_path, *values)
    configmaps = {
        d["metadata"]["name"]: d.get("data") or {} for d in docs if d["kind"] == "ConfigMap"
    }
    secret_values = operator_secrets(docs)
    where = f"helm ({values[0].name if values else 'default values'})"

    # Secrets only ever come from Secrets.
    for name, data in configmaps.items():
        plain = sorted(k for k in data if SECRET_NAME.search(k))
        assert not plain, f"{where}: ConfigMap {name} holds secrets {plain}"
    for container in containers(docs):
        plain = sorted(v["name"] for v in container.get("env", []) if "value" in v)
        plain = [k for k in plain if SECRET_NAME.search(k)]
        assert not plain, f"{where}: {container['name']} has secrets as plain env {plain}"

    built: dict[str, ServiceSettings] = {}
    addresses: dict[str, str] = {}
    for d in docs:
        if d["kind"] != "Deployment":
            continue
        container = d["spec"]["template"]["spec"]["containers"][0]
        args = container["args"]
        service = args[1]
        env = container_env(container, configmaps, secret_values)
        settings = build_settings(monkeypatch, service, env)
        check_service(service, settings, env, where)
        built[service] = settings
        addresses[service] = f"http://{d['metadata']['name']}:{args[args.index('--port') + 1]}"
    assert IDENTITY in built, f"{where}: no {IDENTITY} Deployment"
    check_across(built, addresses, where)
    case = values[0].name if values else "default values"
    assert case in PUBLIC_URLS, f"{where}: say in PUBLIC_URLS which public URL it means"
    public_url = PUBLIC_URLS[case]
    check_sign_in(built, ingress_router(docs, where), public_url, where)
    assert built[IDENTITY].verification_url_base == f"{public_url}/verify-email"  # type: ignore[attr-defined]
    if "notifications" in built:
        assert built["notifications"].shop_url == public_url  # type: ignore[attr-defined]
    # Behind TLS the session cookie is Secure although the Ingress speaks http to BFF Web.
    cookie_secure = built["bff_web"].session_cookie_secure  # type: ignore[attr-defined]
    assert cookie_secure is (True if public_url.startswith("https://") else None), where

    # The migrate hook builds every service's settings from its one environment, and
    # migrates every database the Deployments use.
    for d in docs:
        if d["kind"] != "Job":
            continue
        env = container_env(d["spec"]["template"]["spec"]["containers"][0], {}, secret_values)
        for name in SERVICES:
            settings = build_settings(monkeypatch, name, env)
            if name in built and SERVICES[name].has_database:
                assert settings.database_url == built[name].database_url, (
                    f"{where}: the migrate Job migrates another database than {name} uses"
                )


def test_helm_values_list_every_production_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without rendering: ENVIRONMENT from `global`, the `secretEnv` keys filled as an
    operator would, `env` as given. Catches a missing secretEnv entry where the chart
    cannot be rendered."""
    values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    client_secret = secrets.token_urlsafe(32)
    for name, svc in values["services"].items():
        p = prefix(name)
        env = {p + "ENVIRONMENT": values["global"]["environment"]}
        env |= {p + k: operator_value(name, k, client_secret) for k in svc["secretEnv"]}
        env |= {p + k: str(v) for k, v in {**values["global"]["env"], **svc["env"]}.items()}
        settings = build_settings(monkeypatch, name, env)
        check_service(name, settings, env, "helm values.yaml")
