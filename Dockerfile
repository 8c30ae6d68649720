# syntax=docker/dockerfile:1.7
#
# One image for every BookBrew process:
#   docker run bookbrew                              -> `bookbrew up --host 0.0.0.0` (embedded, :8000)
#   docker run bookbrew serve catalog --host 0.0.0.0 --port 8101
#   docker run bookbrew migrate
#
# Stages: `web` builds the React app when web/ exists, `builder` installs the Python
# package into a virtualenv, `runtime` copies both into a slim image run as a non-root user.

ARG PYTHON_VERSION=3.11
ARG NODE_VERSION=20

# ---------------------------------------------------------------------------
# web: the React/Vite shopper app (optional until web/ exists)
# ---------------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS web
WORKDIR /build
# A plain `COPY web/ ...` would fail the whole build while web/ does not exist yet, so the
# build context is bind-mounted and web/ is copied only when its package.json is there.
# Either way /build/dist exists, so the runtime stage can always COPY it.
RUN --mount=type=bind,target=/context \
    --mount=type=cache,target=/root/.npm \
    set -eu; \
    mkdir -p /build/dist; \
    if [ -f /context/web/package.json ]; then \
        mkdir -p /build/web; \
        cp -a /context/web/. /build/web/; \
        cd /build/web; \
        if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; \
        else npm install --no-audit --no-fund; fi; \
        npm run build; \
        cp -a dist/. /build/dist/; \
    else \
        echo "web/package.json not found: building the image without the web app"; \
    fi

# ---------------------------------------------------------------------------
# builder: Python dependencies and the bookbrew package in /opt/venv
# ---------------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim AS builder
# The CPU build of PyTorch for the curation service; PyPI's default Linux wheel bundles
# CUDA and is several GB. Keep the version in step with the one the project pins.
ARG TORCH_VERSION=2.13.0
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

# Compilers only for dependencies that ship no wheel for this platform; they stay in
# this stage and never reach the runtime image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# torch first, from the CPU index, so that a later `torch` requirement is already met.
RUN pip install --index-url "${TORCH_INDEX_URL}" "torch==${TORCH_VERSION}"

# Dependencies before the source: this layer is rebuilt only when pyproject.toml changes.
WORKDIR /src
COPY pyproject.toml ./
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

COPY . .
RUN pip install --no-deps . && pip check

# ---------------------------------------------------------------------------
# runtime
# ---------------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim AS runtime

LABEL org.opencontainers.image.title="bookbrew" \
      org.opencontainers.image.description="BookBrew personalized-curation shop services" \
      org.opencontainers.image.licenses="Apache-2.0"

# A fixed uid/gid so Kubernetes securityContext (runAsUser 10001) and volume ownership
# line up with the image.
RUN groupadd --system --gid 10001 bookbrew \
    && useradd --system --uid 10001 --gid bookbrew --create-home --home-dir /home/bookbrew bookbrew

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    # No model or data set is ever fetched at run time; models ship in installed packages.
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

COPY --from=builder /opt/venv /opt/venv
# The built web app sits where the repository keeps it (web/dist, relative to /app).
COPY --from=web --chown=bookbrew:bookbrew /build/dist /app/web/dist

# /app is the working directory and the embedded profile keeps its SQLite files in
# /app/.bookbrew, so it must be writable by the runtime user.
WORKDIR /app
RUN mkdir -p /app/.bookbrew && chown -R bookbrew:bookbrew /app
VOLUME ["/app/.bookbrew"]

USER 10001:10001
EXPOSE 8000

# No HEALTHCHECK here: the port depends on the command (`up` listens on 8000, `serve`
# on its service's port), so compose and Kubernetes define probes per service.
ENTRYPOINT ["bookbrew"]
CMD ["up", "--host", "0.0.0.0"]
