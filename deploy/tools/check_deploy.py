"""Offline checks of the deploy configs, run by deploy/validate.sh.

    python check_deploy.py static ROOT            every check that needs no rendering
    python check_deploy.py manifests FILE [--expect-defaults]
                                                  rendered Helm output (helm template or
                                                  deploy/tools/helm-lite)

The service table below is the one source these checks hold every deploy file to:
compose, Prometheus, the Helm values and the Grafana dashboard must agree with it.
Needs PyYAML only. Exits 1 and lists the problems when anything fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

# name given to `bookbrew serve` -> port (distributed profile)
SERVICES: dict[str, int] = {
    "bff_web": 8000,
    "bff_mobile": 8001,
    "catalog": 8101,
    "customers": 8102,
    "questionnaire": 8103,
    "curation": 8104,
    "orders": 8105,
    "payments": 8106,
    "notifications": 8107,
    "reporting": 8108,
}

# Metrics every service exports (the names Prometheus sees, histogram series included).
METRICS = {
    "bookbrew_http_requests_total",
    "bookbrew_http_request_duration_seconds_bucket",
    "bookbrew_http_request_duration_seconds_sum",
    "bookbrew_http_request_duration_seconds_count",
    "bookbrew_outbox_pending",
    "bookbrew_events_consumed_total",
    "bookbrew_events_dead_lettered_total",
    "up",
}

# Every service serves Prometheus on this port of its own (METRICS_PORT), not its public one.
METRICS_PORT = 9100
MEMORY_LIMITS = {"curation": "1.5Gi"}  # every other service: DEFAULT_MEMORY_LIMIT
DEFAULT_MEMORY_LIMIT = "200Mi"

DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")


class Problems:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.checked: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def ok(self, what: str) -> None:
        self.checked.append(what)


def load_yaml_docs(path: Path) -> list[Any]:
    with path.open(encoding="utf-8") as f:
        return list(yaml.safe_load_all(f))


# ---------------------------------------------------------------------------
# Plain files
# ---------------------------------------------------------------------------
def yaml_files(root: Path) -> Iterator[Path]:
    """Every YAML file of the deploy configs, except Helm templates (not YAML until rendered)."""
    for base in (root / "deploy", root / ".github"):
        for path in sorted(base.rglob("*")):
            if path.suffix not in {".yml", ".yaml"} or not path.is_file():
                continue
            if "templates" in path.relative_to(base).parts and "helm" in path.parts:
                continue
            yield path


def check_parse(root: Path, p: Problems) -> None:
    count = 0
    for path in yaml_files(root):
        try:
            load_yaml_docs(path)
            count += 1
        except yaml.YAMLError as e:
            p.add(str(path.relative_to(root)), f"YAML does not parse: {e}")
    p.ok(f"YAML parses: {count} files")
    count = 0
    for path in sorted((root / "deploy").rglob("*.json")):
        try:
            json.loads(path.read_text(encoding="utf-8"))
            count += 1
        except json.JSONDecodeError as e:
            p.add(str(path.relative_to(root)), f"JSON does not parse: {e}")
    p.ok(f"JSON parses: {count} files")


# ---------------------------------------------------------------------------
# Compose
# ---------------------------------------------------------------------------
def check_compose(root: Path, p: Problems) -> None:
    where = "deploy/compose/docker-compose.yml"
    compose = load_yaml_docs(root / where)[0]
    services = compose.get("services", {})
    infra = {
        "mysql",
        "mongo",
        "redis",
        "rabbitmq",
        "jaeger",
        "prometheus",
        "grafana",
        "elasticsearch",
        "kibana",
        "filebeat",
        "mailpit",
        "migrate",
        "edge",
    }
    for name in sorted(infra - services.keys()):
        p.add(where, f"service {name} is missing")
    env = compose.get("x-bookbrew-env", {})
    for name, port in SERVICES.items():
        svc = services.get(name)
        if svc is None:
            p.add(where, f"BookBrew service {name} is missing")
            continue
        cmd = svc.get("command", [])
        expected = ["serve", name, "--host", "0.0.0.0", "--port", str(port)]
        if cmd != expected:
            p.add(where, f"{name}: command {cmd} is not {expected}")
        test = " ".join(svc.get("healthcheck", {}).get("test", []))
        if f"127.0.0.1:{port}/health/ready" not in test:
            p.add(where, f"{name}: healthcheck does not hit :{port}/health/ready")
        deps = svc.get("depends_on", {})
        if deps.get("migrate", {}).get("condition") != "service_completed_successfully":
            p.add(where, f"{name}: does not wait for migrate to complete")
        for dep, spec in deps.items():
            if dep not in services:
                p.add(where, f"{name}: depends on unknown service {dep}")
            elif spec.get("condition") == "service_healthy" and "healthcheck" not in services[dep]:
                p.add(where, f"{name}: waits for {dep} to be healthy, which has no healthcheck")
        prefix = f"BOOKBREW_{name.upper()}_"
        for setting in ("ENVIRONMENT", "SECRET_KEY"):
            if prefix + setting not in env:
                p.add(where, f"x-bookbrew-env lacks {prefix}{setting}")
    # Every service URL in the shared environment points at the callee's own port.
    for key, value in env.items():
        m = re.fullmatch(r"BOOKBREW_[A-Z_]+?_([A-Z]+)_URL", key)
        if (
            m
            and m.group(1).lower() in SERVICES
            and isinstance(value, str)
            and value.startswith("http")
        ):
            callee = m.group(1).lower()
            if value != f"http://{callee}:{SERVICES[callee]}":
                p.add(where, f"{key}={value} is not http://{callee}:{SERVICES[callee]}")
    init_sql = (root / "deploy/compose/mysql-init.sql").read_text(encoding="utf-8")
    mysql_services = {
        k[len("BOOKBREW_") : -len("_DATABASE_URL")].lower()
        for k in env
        if k.endswith("_DATABASE_URL")
    }
    for svc in sorted(mysql_services):
        if not re.search(rf"CREATE DATABASE IF NOT EXISTS {svc}\b", init_sql):
            p.add("deploy/compose/mysql-init.sql", f"no database for {svc}")
        db = env[f"BOOKBREW_{svc.upper()}_DATABASE_URL"].rsplit("/", 1)[-1]
        if db != svc:
            p.add(where, f"{svc} uses database {db}, not its own")
    p.ok(
        f"compose: {len(SERVICES)} BookBrew services (commands, healthchecks, start order, env), "
        f"{len(mysql_services)} MySQL databases in the init script"
    )


# ---------------------------------------------------------------------------
# Prometheus and Grafana
# ---------------------------------------------------------------------------
def recording_rules(root: Path) -> set[str]:
    rules = load_yaml_docs(root / "deploy/prometheus/alerts.yml")[0]
    return {r["record"] for g in rules["groups"] for r in g["rules"] if "record" in r}


def alert_names(root: Path) -> set[str]:
    rules = load_yaml_docs(root / "deploy/prometheus/alerts.yml")[0]
    return {r["alert"] for g in rules["groups"] for r in g["rules"] if "alert" in r}


PROMQL_WORDS = {
    "sum",
    "by",
    "without",
    "rate",
    "irate",
    "increase",
    "histogram_quantile",
    "max",
    "min",
    "avg",
    "count",
    "and",
    "or",
    "unless",
    "on",
    "ignoring",
    "offset",
    "deriv",
    "vector",
    "bool",
    "group_left",
    "group_right",
    "label_values",
    "topk",
    "bottomk",
    "abs",
    "clamp_min",
    "e",
    "inf",
    "nan",
    "__rate_interval",
    "__range",
    "__interval",
}


def metric_names(expr: str) -> set[str]:
    """Metric and recording-rule names in a PromQL expression (a deliberately small lexer)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # drop string literals
    expr = re.sub(r"\{[^}]*\}", "{}", expr)  # and label matchers
    expr = re.sub(r"\[[^\]]*\]", "[]", expr)  # and range durations
    expr = re.sub(r"\boffset\s+-?\w+", "", expr)  # and offsets
    expr = re.sub(r"\bby\s*\([^)]*\)|\bon\s*\([^)]*\)|\bwithout\s*\([^)]*\)", "", expr)
    names = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr))
    return {n for n in names if n.lower() not in PROMQL_WORDS and not n.startswith("$")}


def check_prometheus(root: Path, p: Problems) -> None:
    where = "deploy/prometheus/prometheus.yml"
    config = load_yaml_docs(root / where)[0]
    jobs = {j["job_name"]: j for j in config["scrape_configs"]}
    job = jobs.get("bookbrew")
    if job is None:
        p.add(where, 'no `bookbrew` scrape job (the alert rules select job="bookbrew")')
        return
    targets = {}
    for sc in job.get("static_configs", []):
        for t in sc["targets"]:
            targets[sc.get("labels", {}).get("service")] = t
    for name in SERVICES:
        if targets.get(name) != f"{name}:{METRICS_PORT}":
            p.add(where, f"{name}: scrape target {targets.get(name)} is not {name}:{METRICS_PORT}")
    known = METRICS | recording_rules(root)
    rules = load_yaml_docs(root / "deploy/prometheus/alerts.yml")[0]
    for group in rules["groups"]:
        for rule in group["rules"]:
            unknown = metric_names(rule["expr"]) - known
            if unknown:
                name = rule.get("alert") or rule.get("record")
                p.add(
                    "deploy/prometheus/alerts.yml", f"{name} uses unknown metrics {sorted(unknown)}"
                )
    required = {
        "BookBrewHighErrorRatio",
        "BookBrewHighLatencyP99",
        "BookBrewServiceDown",
        "BookBrewOutboxBacklogHigh",
        "BookBrewOutboxBacklogGrowing",
        "BookBrewEventsDeadLettered",
    }
    for name in sorted(required - alert_names(root)):
        p.add("deploy/prometheus/alerts.yml", f"alert {name} is missing")
    tests = load_yaml_docs(root / "deploy/prometheus/alerts_test.yml")[0]
    tested = {t["alertname"] for case in tests["tests"] for t in case.get("alert_rule_test", [])}
    for name in sorted(alert_names(root) - tested):
        p.add("deploy/prometheus/alerts_test.yml", f"alert {name} has no unit test")
    p.ok(
        f"prometheus: {len(SERVICES)} scrape targets, every rule's metrics known, "
        f"every alert unit-tested"
    )


def check_grafana(root: Path, p: Problems) -> None:
    ds_file = "deploy/grafana/provisioning/datasources/datasources.yml"
    datasources = load_yaml_docs(root / ds_file)[0]["datasources"]
    types = {d["type"] for d in datasources}
    for t in ("prometheus", "jaeger", "elasticsearch"):
        if t not in types:
            p.add(ds_file, f"no {t} datasource")
    uids = {d["uid"] for d in datasources}
    for d in datasources:
        json_data = d.get("jsonData", {})
        for link in [*json_data.get("dataLinks", []), json_data.get("tracesToLogsV2", {})]:
            if link.get("datasourceUid") and link["datasourceUid"] not in uids:
                p.add(ds_file, f"{d['name']} links to unknown datasource {link['datasourceUid']}")

    provider = load_yaml_docs(root / "deploy/grafana/provisioning/dashboards/dashboards.yml")[0]
    mounted = provider["providers"][0]["options"]["path"]
    compose = load_yaml_docs(root / "deploy/compose/docker-compose.yml")[0]
    volumes = compose["services"]["grafana"]["volumes"]
    if not any(
        v.startswith("../grafana/dashboards:") and v.split(":")[1] == mounted for v in volumes
    ):
        p.add(
            "deploy/compose/docker-compose.yml",
            f"grafana does not mount the dashboards at {mounted}",
        )

    known = METRICS | recording_rules(root)
    dashboards = sorted((root / "deploy/grafana/dashboards").glob("*.json"))
    titles = set()
    for path in dashboards:
        where = str(path.relative_to(root))
        dash = json.loads(path.read_text(encoding="utf-8"))
        titles.add(dash.get("title"))
        if not dash.get("uid"):
            p.add(where, "dashboard has no uid")
        variables = {v["name"] for v in dash.get("templating", {}).get("list", [])}
        ids = set()
        for panel in dash.get("panels", []):
            if panel["id"] in ids:
                p.add(where, f"panel id {panel['id']} repeats")
            ids.add(panel["id"])
            for target in panel.get("targets", []):
                expr = target.get("expr", "")
                unknown = metric_names(expr) - known
                if unknown:
                    p.add(
                        where, f"panel {panel['title']!r} queries unknown metrics {sorted(unknown)}"
                    )
                for var in re.findall(r"\$(\w+)", expr):
                    if var not in variables and not var.startswith("__"):
                        p.add(where, f"panel {panel['title']!r} uses undefined variable ${var}")
    if "BookBrew services" not in titles:
        p.add("deploy/grafana/dashboards", 'no dashboard titled "BookBrew services"')
    p.ok(
        f"grafana: datasources, {len(dashboards)} dashboard(s) use only known metrics and variables"
    )


# ---------------------------------------------------------------------------
# Helm chart, before rendering
# ---------------------------------------------------------------------------
ACTION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
BLOCK_OPEN = ("if", "range", "with", "define", "block")


def dig(values: Any, path: list[str]) -> bool:
    for key in path:
        if not isinstance(values, dict) or key not in values:
            return False
        values = values[key]
    return True


def check_chart(root: Path, p: Problems) -> None:
    chart_dir = root / "deploy/helm/bookbrew"
    chart = load_yaml_docs(chart_dir / "Chart.yaml")[0]
    for key in ("apiVersion", "name", "version", "appVersion"):
        if key not in chart:
            p.add("Chart.yaml", f"{key} is missing")
    if chart.get("apiVersion") != "v2":
        p.add("Chart.yaml", "apiVersion must be v2 (Helm 3)")
    values = load_yaml_docs(chart_dir / "values.yaml")[0]

    # The services map agrees with the service table.
    svc_values = values.get("services", {})
    if set(svc_values) != set(SERVICES):
        p.add("values.yaml", f"services {sorted(svc_values)} are not {sorted(SERVICES)}")
    service_keys = set(values.get("serviceDefaults", {}))
    for name, svc in svc_values.items():
        if svc.get("port") != SERVICES.get(name):
            p.add(
                "values.yaml", f"services.{name}.port {svc.get('port')} is not {SERVICES.get(name)}"
            )
        for callee in svc.get("calls", []):
            if callee not in svc_values:
                p.add("values.yaml", f"services.{name} calls unknown service {callee}")
        service_keys |= set(svc)

    defined: set[str] = set()
    included: list[tuple[str, str]] = []
    templates = sorted((chart_dir / "templates").iterdir())
    for path in templates:
        where = f"templates/{path.name}"
        text = path.read_text(encoding="utf-8")
        if text.count("{{") != text.count("}}"):
            p.add(where, f"{text.count('{{')} '{{{{' but {text.count('}}')} '}}}}'")
        stack: list[str] = []
        for m in ACTION.finditer(text):
            action = m.group(1)
            if action.startswith("/*"):
                continue  # comment
            word = action.split(maxsplit=1)[0] if action else ""
            line = text.count("\n", 0, m.start()) + 1
            if word in BLOCK_OPEN:
                stack.append(f"{word} (line {line})")
            elif word == "end":
                if not stack:
                    p.add(where, f"line {line}: `end` without an open block")
                else:
                    stack.pop()
            if word == "define":
                defined.add(action.split('"')[1])
            for name in re.findall(r'\binclude\s+"([^"]+)"', action):
                included.append((where, name))
            for ref in re.findall(r"(?<![\w$])\$?\.Values((?:\.[A-Za-z_]\w*)+)", action):
                if not dig(values, ref.strip(".").split(".")):
                    p.add(where, f"line {line}: .Values{ref} is not in values.yaml")
            for key in re.findall(r"\$svc\.([A-Za-z_]\w*)", action):
                if key not in service_keys:
                    p.add(where, f"line {line}: $svc.{key} is not a key of any services entry")
        for block in stack:
            p.add(where, f"{block} is never closed with `end`")
    for where, name in included:
        if name not in defined:
            p.add(where, f'include "{name}" names no defined template')
    p.ok(
        f"helm chart (static): {len(templates)} templates balanced, every include defined, "
        f"every .Values reference in values.yaml, services map matches the service table"
    )


# ---------------------------------------------------------------------------
# Dockerfile, workflow
# ---------------------------------------------------------------------------
def dockerignore_regex(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern as a regex: `**` spans directories, `*` and `?` do not."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def dockerignored(rel: str, patterns: list[str]) -> bool:
    """Whether Docker leaves `rel` out of the build context: the last matching pattern
    wins, and a pattern that matches a directory also excludes everything under it."""
    parts = rel.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        regex = dockerignore_regex(pattern.lstrip("!").strip("/"))
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            ignored = not negate
    return ignored


def check_dockerfile(root: Path, p: Problems) -> None:
    text = (root / "Dockerfile").read_text(encoding="utf-8")
    patterns = [
        line.strip()
        for line in (root / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    # What the build needs from the context must be there and not ignored.
    for needed in ("pyproject.toml", "src/bookbrew/__init__.py"):
        if not (root / needed).exists():
            p.add("Dockerfile", f"needs {needed}, which does not exist")
        elif dockerignored(needed, patterns):
            p.add(".dockerignore", f"excludes {needed}, which the build needs")
    for leaked in (".git/HEAD", ".venv/bin/python", "web/node_modules/x", ".env"):
        if not dockerignored(leaked, patterns):
            p.add(".dockerignore", f"lets {leaked} into the build context")
    for m in re.finditer(r"^COPY\s+(?!--from)(?:--\S+\s+)*(.+)$", text, re.M):
        for src in m.group(1).split()[:-1]:
            if src != "." and not (root / src).exists():
                p.add("Dockerfile", f"COPY {src}: not in the repository")
    froms = re.findall(r"^FROM\s+(\S+)", text, re.M)
    if not froms or not any("python:" in f for f in froms):
        p.add("Dockerfile", "no python base image")
    user = re.findall(r"^USER\s+(\S+)", text, re.M)
    if not user or user[-1].split(":")[0] in {"root", "0"}:
        p.add("Dockerfile", "the final stage must run as a non-root USER")
    if 'ENTRYPOINT ["bookbrew"]' not in text or 'CMD ["up", "--host", "0.0.0.0"]' not in text:
        p.add(
            "Dockerfile", "entrypoint `bookbrew` with default command `up --host 0.0.0.0` expected"
        )
    if "download.pytorch.org/whl/cpu" not in text:
        p.add("Dockerfile", "torch is not installed from the PyTorch CPU index")
    p.ok("Dockerfile: stages, non-root user, entrypoint, build context vs .dockerignore")


def check_workflow(root: Path, p: Problems) -> None:
    where = ".github/workflows/ci.yml"
    wf = load_yaml_docs(root / where)[0]
    # PyYAML reads the bare key `on` as True.
    if "on" not in wf and True not in wf:
        p.add(where, "no `on:` triggers")
    jobs = wf.get("jobs", {})
    runs_ci = validates = False
    for name, job in jobs.items():
        if "runs-on" not in job or not job.get("steps"):
            p.add(where, f"job {name} needs runs-on and steps")
            continue
        needs = job.get("needs") or []
        for need in needs if isinstance(needs, list) else [needs]:
            if need not in jobs:
                p.add(where, f"job {name} needs unknown job {need}")
        scripts = " ".join(str(s.get("run", "")) for s in job["steps"])
        if "bash .ci/run" in scripts:
            runs_ci = True
            missing = {"mariadb", "redis", "rabbitmq"} - set(job.get("services", {}))
            if missing:
                p.add(where, f"job {name} runs .ci/run without services {sorted(missing)}")
        if "deploy/validate.sh" in scripts:
            validates = True
        for step in job["steps"]:
            if "uses" in step and "@" not in step["uses"]:
                p.add(where, f"job {name}: action {step['uses']} is not pinned to a version")
    if not runs_ci:
        p.add(where, "no job runs `bash .ci/run`")
    if not validates:
        p.add(where, "no job runs deploy/validate.sh")
    p.ok(f"workflow: {len(jobs)} jobs, .ci/run with its services, deploy validation")


def static(root: Path) -> Problems:
    p = Problems()
    check_parse(root, p)
    if p.items:
        return p  # the rest would only repeat parse errors
    for check in (
        check_compose,
        check_prometheus,
        check_grafana,
        check_chart,
        check_dockerfile,
        check_workflow,
    ):
        try:
            check(root, p)
        except (KeyError, TypeError, IndexError, AttributeError, FileNotFoundError) as e:
            p.add(check.__name__, f"unexpected structure: {type(e).__name__}: {e}")
    return p


# ---------------------------------------------------------------------------
# Rendered manifests
# ---------------------------------------------------------------------------
def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def manifests(path: Path, expect_defaults: bool) -> Problems:
    p = Problems()
    try:
        docs = [d for d in load_yaml_docs(path) if d]
    except yaml.YAMLError as e:
        p.add(str(path), f"rendered output is not YAML: {e}")
        return p
    by_kind: dict[str, dict[str, dict[str, Any]]] = {}
    for d in docs:
        kind, name = d.get("kind"), d.get("metadata", {}).get("name")
        if not d.get("apiVersion") or not kind or not name:
            p.add(str(path), f"document without apiVersion/kind/metadata.name: {str(d)[:80]}")
            continue
        pattern = DNS_LABEL if kind in {"Service", "Deployment"} else DNS_SUBDOMAIN
        if not pattern.match(name) or len(name) > (63 if pattern is DNS_LABEL else 253):
            p.add(f"{kind}/{name}", "name is not a valid DNS name")
        if name in by_kind.setdefault(kind, {}):
            p.add(f"{kind}/{name}", "defined twice")
        by_kind[kind][name] = d

    deployments = by_kind.get("Deployment", {})
    configmaps = by_kind.get("ConfigMap", {})
    pod_labels = {
        n: d["spec"]["template"]["metadata"].get("labels", {}) for n, d in deployments.items()
    }
    for name, d in deployments.items():
        where = f"Deployment/{name}"
        spec = d["spec"]
        if not selects(spec["selector"].get("matchLabels", {}), pod_labels[name]):
            p.add(where, "selector does not match its pod labels")
        pod = spec["template"]["spec"]
        annotations = spec["template"]["metadata"].get("annotations", {})
        for c in pod["containers"]:
            ports = {port["name"]: port["containerPort"] for port in c.get("ports", [])}
            for probe, path_ in (
                ("livenessProbe", "/health/live"),
                ("readinessProbe", "/health/ready"),
            ):
                get = c.get(probe, {}).get("httpGet", {})
                if get.get("path") != path_ or get.get("port") not in ports:
                    p.add(where, f"{probe} must GET {path_} on a named container port")
            limits = c.get("resources", {}).get("limits", {})
            requests = c.get("resources", {}).get("requests", {})
            if not limits.get("memory") or not requests.get("cpu") or not requests.get("memory"):
                p.add(
                    where,
                    "memory limit and cpu/memory requests are required (the HPA needs requests)",
                )
            args = c.get("args", [])
            if len(args) < 2 or args[0] != "serve" or "--port" not in args:
                p.add(where, f"args {args} are not `serve NAME --port P`")
                continue
            service, port = args[1], int(args[args.index("--port") + 1])
            if expect_defaults:
                if SERVICES.get(service) != port:
                    p.add(where, f"{service} listens on {port}, not {SERVICES.get(service)}")
                want = MEMORY_LIMITS.get(service, DEFAULT_MEMORY_LIMIT)
                if limits.get("memory") != want:
                    p.add(where, f"memory limit {limits.get('memory')}, expected {want}")
            if port not in ports.values():
                p.add(where, f"container port does not include {port}")
            if annotations.get("prometheus.io/scrape") == "true":
                scraped = annotations.get("prometheus.io/port")
                if scraped == str(port) or scraped not in {str(v) for v in ports.values()}:
                    p.add(where, "prometheus.io/port must be the metrics container port")
            for source in c.get("envFrom", []):
                ref = source.get("configMapRef", {}).get("name")
                if ref and ref not in configmaps:
                    p.add(where, f"envFrom names missing ConfigMap {ref}")
            for var in c.get("env", []):
                ref = var.get("valueFrom", {}).get("secretKeyRef", {})
                if ref and ref.get("key") != var["name"]:
                    p.add(
                        where,
                        f"{var['name']} reads key {ref.get('key')}: keys are the variable names",
                    )
        mounts = {m["name"] for c in pod["containers"] for m in c.get("volumeMounts", [])}
        volumes = {v["name"] for v in pod.get("volumes", [])}
        if mounts - volumes:
            p.add(where, f"mounts undefined volumes {sorted(mounts - volumes)}")
    if expect_defaults:
        served = {
            c["args"][1]
            for d in deployments.values()
            for c in d["spec"]["template"]["spec"]["containers"]
            if len(c.get("args", [])) > 1
        }
        if served != set(SERVICES):
            p.add(str(path), f"Deployments serve {sorted(served)}, expected {sorted(SERVICES)}")

    services = by_kind.get("Service", {})
    for name, s in services.items():
        targets = [
            n for n, labels in pod_labels.items() if selects(s["spec"].get("selector", {}), labels)
        ]
        if len(targets) != 1:
            p.add(f"Service/{name}", f"selects {len(targets)} Deployments, expected exactly 1")
            continue
        containers = deployments[targets[0]]["spec"]["template"]["spec"]["containers"]
        port_names = {port["name"] for c in containers for port in c.get("ports", [])}
        for port in s["spec"]["ports"]:
            if port.get("targetPort") not in port_names:
                p.add(
                    f"Service/{name}", f"targetPort {port.get('targetPort')} is no container port"
                )

    for name, h in by_kind.get("HorizontalPodAutoscaler", {}).items():
        spec = h["spec"]
        if spec["scaleTargetRef"]["name"] not in deployments:
            p.add(f"HorizontalPodAutoscaler/{name}", "scales a missing Deployment")
        elif "replicas" in deployments[spec["scaleTargetRef"]["name"]]["spec"]:
            p.add(
                f"HorizontalPodAutoscaler/{name}",
                "its Deployment also sets replicas (they would fight)",
            )
        resources = {
            m["resource"]["name"] for m in spec.get("metrics", []) if m["type"] == "Resource"
        }
        if resources != {"cpu", "memory"}:
            p.add(
                f"HorizontalPodAutoscaler/{name}",
                f"targets {sorted(resources)}, expected cpu and memory",
            )
        if not 1 <= spec["minReplicas"] <= spec["maxReplicas"]:
            p.add(f"HorizontalPodAutoscaler/{name}", "needs 1 <= minReplicas <= maxReplicas")

    for name, pdb in by_kind.get("PodDisruptionBudget", {}).items():
        sel = pdb["spec"]["selector"].get("matchLabels", {})
        if not any(selects(sel, labels) for labels in pod_labels.values()):
            p.add(f"PodDisruptionBudget/{name}", "selects no Deployment's pods")

    # Across the chart's Ingresses: / reaches bff_web, a /mobile-like prefix bff_mobile
    # and a prefix the identity service (its sign-in pages), and no rewrite touches /.
    routed: dict[str, str] = {}
    for name, ing in by_kind.get("Ingress", {}).items():
        rewrites = "nginx.ingress.kubernetes.io/rewrite-target" in ing["metadata"].get(
            "annotations", {}
        )
        for rule in ing["spec"]["rules"]:
            for hp in rule["http"]["paths"]:
                backend = hp["backend"]["service"]
                routed[hp["path"]] = backend["name"]
                if rewrites and hp["path"] == "/":
                    p.add(f"Ingress/{name}", "rewrites / (every bff_web page would become /)")
                target = services.get(backend["name"])
                if target is None:
                    p.add(
                        f"Ingress/{name}",
                        f"{hp['path']} routes to missing Service {backend['name']}",
                    )
                elif backend["port"].get("number") not in {
                    x["port"] for x in target["spec"]["ports"]
                }:
                    p.add(
                        f"Ingress/{name}",
                        f"{hp['path']} uses a port Service {backend['name']} lacks",
                    )
    if by_kind.get("Ingress"):
        where = "Ingress"
        if not routed.get("/", "").endswith("bff-web"):
            p.add(where, "/ must route to bff_web")
        for service in ("bff-mobile", "customers"):
            if not any(path_ != "/" and svc.endswith(service) for path_, svc in routed.items()):
                p.add(where, f"no path prefix routes to {service}")

    for name, job in by_kind.get("Job", {}).items():
        hooks = job["metadata"].get("annotations", {}).get("helm.sh/hook", "")
        if {"pre-install", "pre-upgrade"} - set(hooks.split(",")):
            p.add(f"Job/{name}", "must be a pre-install,pre-upgrade hook")
        if job["spec"]["template"]["spec"]["containers"][0].get("args") != ["migrate"]:
            p.add(f"Job/{name}", "must run `bookbrew migrate`")

    if expect_defaults:
        for kind, count in (
            ("Deployment", 10),
            ("Service", 10),
            ("HorizontalPodAutoscaler", 10),
            ("PodDisruptionBudget", 10),
            ("ConfigMap", 10),
            ("Ingress", 2),
            ("Job", 1),
        ):
            if len(by_kind.get(kind, {})) != count:
                p.add(str(path), f"{len(by_kind.get(kind, {}))} {kind}, expected {count}")
    summary = ", ".join(f"{len(v)} {k}" for k, v in sorted(by_kind.items()))
    p.ok(f"rendered manifests: {summary}; selectors, probes, resources, references consistent")
    return p


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("static")
    s.add_argument("root", type=Path)
    m = sub.add_parser("manifests")
    m.add_argument("file", type=Path)
    m.add_argument(
        "--expect-defaults",
        action="store_true",
        help="also hold the output to the default values (10 services, ports, limits)",
    )
    args = parser.parse_args()
    p = (
        static(args.root.resolve())
        if args.command == "static"
        else manifests(args.file, args.expect_defaults)
    )
    for line in p.checked:
        print(f"  ok  {line}")
    for line in p.items:
        print(f"  FAIL {line}")
    return 1 if p.items else 0


if __name__ == "__main__":
    sys.exit(main())
