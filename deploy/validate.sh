#!/usr/bin/env bash
# Validates the deploy configs with whatever this machine offers, offline:
#
#   - YAML/JSON parse and cross-file consistency (deploy/tools/check_deploy.py):
#     compose, Prometheus, Grafana, Helm values and templates, Dockerfile, workflow
#   - promtool check config / check rules / test rules
#   - docker compose config (Compose v2 if it answers without an engine, else Debian's
#     docker-compose v1)
#   - Helm: `helm lint` + `helm template` when helm exists; otherwise the templates are
#     rendered by deploy/tools/helm-lite (Go + Debian's sprig, Helm's template engine).
#     Rendered manifests are then checked for selectors, probes, resources, references.
#   - tests/test_deploy_settings.py: every service's settings accept (in production
#     mode) the environment compose and the rendered chart give it; shared secrets agree
#   - shellcheck on the deploy scripts, when installed
#
# Missing tools come from Debian's packages when the script may install them (root or
# passwordless sudo); set VALIDATE_INSTALL=0 to forbid that. A check whose tool cannot
# be had is reported as skipped, not passed. Exits non-zero when any check fails.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPLOY="$ROOT/deploy"
CHART="$DEPLOY/helm/bookbrew"
COMPOSE_FILE="$DEPLOY/compose/docker-compose.yml"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

PASSED=()
SKIPPED=()
FAILED=()

say() { printf '\n==> %s\n' "$*"; }

# run NAME CMD...: run one check, record its outcome, never abort the script.
run() {
    local name=$1
    shift
    say "$name"
    if "$@"; then
        PASSED+=("$name")
    else
        FAILED+=("$name")
        echo "FAILED: $name"
    fi
}

skip() {
    SKIPPED+=("$1 ($2)")
    printf '\n--> skipped: %s (%s)\n' "$1" "$2"
}

# apt_install PKG...: install Debian packages when allowed and possible.
APT_UPDATED=0
apt_install() {
    [ "${VALIDATE_INSTALL:-1}" = "0" ] && return 1
    command -v apt-get >/dev/null 2>&1 || return 1
    local sudo=""
    if [ "$(id -u)" != "0" ]; then
        sudo -n true 2>/dev/null || return 1
        sudo="sudo -n"
    fi
    echo "installing from Debian packages: $*"
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >"$WORK/apt.log" 2>&1; then
        # A fresh machine may have no package lists yet.
        if [ "$APT_UPDATED" = "0" ]; then
            APT_UPDATED=1
            $sudo apt-get update -qq >>"$WORK/apt.log" 2>&1 || true
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >>"$WORK/apt.log" 2>&1 && return 0
        fi
        tail -n 5 "$WORK/apt.log"
        return 1
    fi
}

# ---------------------------------------------------------------------------
# Python with PyYAML: the repository's venv, the system Python, or a throwaway venv.
# ---------------------------------------------------------------------------
PY=""
for candidate in "$ROOT/.venv/bin/python" python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then
        PY="$candidate"
        break
    fi
done
if [ -z "$PY" ]; then
    say "creating a temporary venv with PyYAML"
    if python3 -m venv "$WORK/venv" && "$WORK/venv/bin/pip" install -q pyyaml; then
        PY="$WORK/venv/bin/python"
    fi
fi

if [ -n "$PY" ]; then
    run "static checks (parse, consistency, chart structure)" \
        "$PY" "$DEPLOY/tools/check_deploy.py" static "$ROOT"
else
    FAILED+=("static checks (no Python with PyYAML could be had)")
fi

# ---------------------------------------------------------------------------
# Prometheus
# ---------------------------------------------------------------------------
if ! command -v promtool >/dev/null 2>&1; then
    apt_install prometheus || true
fi
if command -v promtool >/dev/null 2>&1; then
    echo "promtool: $(promtool --version 2>&1 | head -n 1)"
    run "promtool check config" promtool check config "$DEPLOY/prometheus/prometheus.yml"
    run "promtool check rules" promtool check rules "$DEPLOY/prometheus/alerts.yml"
    run "promtool test rules" promtool test rules "$DEPLOY/prometheus/alerts_test.yml"
else
    skip "promtool check config/rules, test rules" "promtool not installed and not installable"
fi

# ---------------------------------------------------------------------------
# Compose
# ---------------------------------------------------------------------------
if docker compose version >/dev/null 2>&1; then
    run "docker compose config ($(docker compose version --short 2>/dev/null))" \
        docker compose -f "$COMPOSE_FILE" config -q
else
    if ! command -v docker-compose >/dev/null 2>&1; then
        apt_install docker-compose || true
    fi
    if command -v docker-compose >/dev/null 2>&1; then
        # Compose v1 predates the top-level `name:` key; everything else is checked
        # against its schema as written. Paths resolve from the real compose folder.
        compose_v1() {
            sed '/^name: /d' "$COMPOSE_FILE" >"$WORK/docker-compose.v1.yml" &&
                docker-compose -f "$WORK/docker-compose.v1.yml" \
                    --project-directory "$DEPLOY/compose" config -q
        }
        run "docker-compose v1 config (Compose v2 plugin unavailable)" compose_v1
    else
        skip "docker compose config" "neither the Compose v2 plugin nor docker-compose"
    fi
fi

# ---------------------------------------------------------------------------
# Helm
# ---------------------------------------------------------------------------
# check_rendered FILE [--expect-defaults]
check_rendered() {
    if [ -z "$PY" ]; then
        echo "no Python with PyYAML to check the rendered manifests"
        return 1
    fi
    "$PY" "$DEPLOY/tools/check_deploy.py" manifests "$@"
}

# A service calling a disabled one must be refused at render time.
printf 'services:\n  reporting:\n    enabled: false\n' >"$WORK/broken-values.yaml"

RENDER=""
if command -v helm >/dev/null 2>&1; then
    echo "helm: $(helm version --short 2>/dev/null)"
    RENDER=helm
    run "helm lint --strict" helm lint --strict "$CHART"
    for values in "$CHART"/ci/*-values.yaml; do
        run "helm lint --strict -f ci/$(basename "$values")" helm lint --strict -f "$values" "$CHART"
    done
    # A fixed Kubernetes version keeps the output independent of the helm build.
    render() { helm template bookbrew "$CHART" --kube-version 1.30.0 "$@"; }
else
    # helm is not packaged in Debian; build helm-lite from Debian's Go packages instead.
    if ! command -v go >/dev/null 2>&1 ||
        [ ! -d /usr/share/gocode/src/github.com/Masterminds/sprig ] ||
        [ ! -d /usr/share/gocode/src/sigs.k8s.io/yaml ]; then
        apt_install golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev || true
    fi
    if command -v go >/dev/null 2>&1 &&
        [ -d /usr/share/gocode/src/github.com/Masterminds/sprig ] &&
        [ -d /usr/share/gocode/src/sigs.k8s.io/yaml ]; then
        build_helm_lite() {
            # GOPATH mode over Debian's /usr/share/gocode. Debian installs semver v3
            # without the /v3 directory its importers name, so map it in a private GOPATH.
            local gp="$WORK/gopath"
            mkdir -p "$gp/src/github.com/Masterminds/semver" "$gp/src/helm-lite"
            ln -s /usr/share/gocode/src/github.com/Masterminds/semver "$gp/src/github.com/Masterminds/semver/v3"
            cp "$DEPLOY/tools/helm-lite/main.go" "$gp/src/helm-lite/"
            GO111MODULE=off GOFLAGS='' GOPATH="$gp:/usr/share/gocode" GOCACHE="$WORK/gocache" \
                go build -o "$WORK/helm-lite" helm-lite
        }
        if build_helm_lite; then
            RENDER=helm-lite
            render() { "$WORK/helm-lite" --release bookbrew "$@" "$CHART"; }
            # The nearest thing to `helm lint --strict`: a missing value is an error.
            lint_lite() { "$WORK/helm-lite" --strict "$@" "$CHART" >/dev/null; }
            run "helm-lite --strict (in place of helm lint --strict)" lint_lite
            for values in "$CHART"/ci/*-values.yaml; do
                run "helm-lite --strict -f ci/$(basename "$values")" lint_lite -f "$values"
            done
            skip "helm lint" "helm is not installed and Debian does not package it; deploy/tools/helm-lite rendered the chart"
        else
            FAILED+=("build deploy/tools/helm-lite")
        fi
    else
        skip "helm lint, helm template" "no helm, and no Go toolchain with Debian's sprig to render the templates"
    fi
fi

if [ -n "$RENDER" ]; then
    render_default() { render >"$WORK/default.yaml" && check_rendered "$WORK/default.yaml" --expect-defaults; }
    # render_ci VALUES_FILE NAME
    render_ci() { render -f "$1" >"$WORK/$2.yaml" && check_rendered "$WORK/$2.yaml"; }
    run "$RENDER template (default values) + manifest checks" render_default
    for values in "$CHART"/ci/*-values.yaml; do
        name="$(basename "$values" .yaml)"
        run "$RENDER template -f ci/$name.yaml + manifest checks" render_ci "$values" "$name"
    done
    refuses_broken() {
        if render -f "$WORK/broken-values.yaml" >"$WORK/broken.yaml" 2>"$WORK/broken.err"; then
            echo "rendered although bff_web calls the disabled reporting service"
            return 1
        fi
        grep -q "not an enabled service" "$WORK/broken.err" || { cat "$WORK/broken.err"; return 1; }
        echo "refused as expected: $(grep -o 'services\.[a-z_]* calls [a-z_]*[^"]*' "$WORK/broken.err" | head -n 1)"
    }
    run "$RENDER template refuses a call to a disabled service" refuses_broken
fi

# ---------------------------------------------------------------------------
# The services accept what compose and the chart give them
# ---------------------------------------------------------------------------
# tests/test_deploy_settings.py builds every service's settings (production mode) from
# its compose environment and from its rendered Helm env (ConfigMap + Secrets filled as
# deploy/README.md says), and checks the secrets and URLs that cross services agree.
# It needs the project's venv (bookbrew and pytest); it reuses helm-lite when built.
if [ -x "$ROOT/.venv/bin/python" ] && "$ROOT/.venv/bin/python" -c 'import bookbrew, pytest' 2>/dev/null; then
    settings_test() {
        (
            cd "$ROOT" || exit 1
            if [ "$RENDER" = "helm-lite" ]; then
                export HELM_LITE="$WORK/helm-lite"
            fi
            .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_deploy_settings.py
        )
    }
    run "service settings accept the compose and Helm environments (pytest)" settings_test
else
    skip "service settings test" "no .venv with bookbrew and pytest (python -m venv .venv && .venv/bin/pip install -e '.[dev]')"
fi

# ---------------------------------------------------------------------------
# Shell scripts
# ---------------------------------------------------------------------------
if command -v shellcheck >/dev/null 2>&1; then
    run "shellcheck deploy/*.sh" shellcheck "$DEPLOY"/*.sh
else
    skip "shellcheck" "not installed"
fi

# ---------------------------------------------------------------------------
# What needs what this machine may lack
# ---------------------------------------------------------------------------
if docker info >/dev/null 2>&1; then
    skip "docker build" "an engine is available, but the image build runs in CI's image job"
else
    skip "docker build / compose up" "no Docker engine here; CI's image job builds the image"
fi
skip "Kubernetes schema validation" "needs kubeconform or a cluster; rendered manifests are checked structurally"

# ---------------------------------------------------------------------------
printf '\n==================== deploy/validate.sh summary ====================\n'
for item in "${PASSED[@]}"; do printf '  passed   %s\n' "$item"; done
for item in "${SKIPPED[@]}"; do printf '  skipped  %s\n' "$item"; done
for item in "${FAILED[@]}"; do printf '  FAILED   %s\n' "$item"; done
printf '%d passed, %d failed, %d skipped\n' "${#PASSED[@]}" "${#FAILED[@]}" "${#SKIPPED[@]}"
[ "${#FAILED[@]}" -eq 0 ]
