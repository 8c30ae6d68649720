"""The deploy configs start every service: each service's settings class accepts exactly
the environment that compose and the Helm chart give it (ENVIRONMENT=production, where
the settings refuse development defaults and missing secrets), each secret parses the
way the service reads it, and what crosses services agrees (the orders client secret is
the one customers registers, every JWKS URL points at customers, one issuer).

No container or cluster starts here: compose's `${VAR:-default}` interpolation is done
as compose does with an empty .env, and the chart is rendered by `helm template` or, where
helm is missing, by deploy/tools/helm-lite (built from Debian's Go packages, as
deploy/validate.sh does; that script passes the binary it built in HELM_LITE). The
chart's Secrets are not in the chart: the test fills them the way deploy/README.md tells
an operator to.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from bookbrew.platform.crypto import KeyRing, generate_key_spec
from bookbrew.platform.settings import ServiceSettings
from bookbrew.shop import SERVICES

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "deploy" / "compose" / "docker-compose.yml"
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


@pytest.mark.parametrize(
    "dotenv",
    [
        {},
        {
            "BOOKBREW_SECRET_KEY": "s" * 40,
            "BOOKBREW_ORDERS_CLIENT_SECRET": "an-operator-chosen-orders-client-secret",
            "BOOKBREW_CUSTOMERS_EMAIL_INDEX_KEY": "e" * 40,
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
    check_across(built, compose_addresses(compose), "compose with .env" if dotenv else "compose")
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
