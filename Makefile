# BookBrew — the two commands of the quick start are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make run PORT=8080`, `make run-distributed OFFSET=100` (every service's port + 100).
PORT ?= 8000
OFFSET ?= 0

.PHONY: run run-distributed test lint typecheck architecture unit setup web web-test e2e mobile-web mobile-test mobile-e2e mobile clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned to the CPU wheel, or a resolver may fetch GBs of CUDA builds.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

web/node_modules/.installed: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

## The React web app, built into web/dist (served by BFF Web at /).
web: web/node_modules/.installed
	cd web && npm run build

mobile/node_modules/.installed: mobile/package-lock.json
	cd mobile && npm ci --no-audit --no-fund
	touch $@

## The Expo app's web build (mobile/dist), served by the embedded shop at /m/.
mobile-web: mobile/node_modules/.installed
	cd mobile && npm run export:web

## Set up and run the whole shop on the embedded profile (http://127.0.0.1:8000; the
## mobile app's web build at http://127.0.0.1:8000/m/).
run: setup web mobile-web
	$(BIN)/bookbrew up --port $(PORT)

## One process per service against local MariaDB, Redis and RabbitMQ.
run-distributed: setup
	$(BIN)/bookbrew up --distributed --port-offset $(OFFSET)

## Every check and every test.
test: setup lint architecture typecheck unit web web-test e2e mobile-test mobile-e2e

lint:
	$(BIN)/ruff check src tests bench scripts

architecture:
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

unit:
	$(BIN)/pytest -q

## Web app: component tests, initial bundle size.
web-test: web/node_modules/.installed
	cd web && npm test && npm run size

## The shop in a real headless Chromium (Debian's /usr/bin/chromium), against `bookbrew up`.
e2e: setup web
	cd web && npm run e2e

## Mobile app: types, jest (jest-expo), and the Android bundle compiles (Hermes).
mobile-test: mobile/node_modules/.installed
	cd mobile && npm run typecheck && npm test -- --testTimeout=60000 && npm run export:android

## The app's journey in Debian's Chromium at 390 x 844 against the shop as `make run`
## starts it (screenshots into docs/screenshots/mobile-*.png).
mobile-e2e: setup mobile-web
	cd mobile && npm run e2e

## Expo's dev server for a phone (Expo Go) on this network, pointed at the running shop.
mobile: mobile/node_modules/.installed
	cd mobile && EXPO_NO_TELEMETRY=1 npx expo start --lan

clean:
	rm -rf $(VENV) .bookbrew .pytest_cache .mypy_cache .ruff_cache web/node_modules web/dist mobile/node_modules mobile/dist mobile/dist-android
