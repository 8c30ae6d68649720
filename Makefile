# BookBrew — the two commands of the quick start are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run run-distributed test lint typecheck architecture unit setup clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned to the CPU wheel, or a resolver may fetch GBs of CUDA builds.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## Set up and run the whole shop on the embedded profile (http://127.0.0.1:8000).
run: setup
	$(BIN)/bookbrew up

## One process per service against local MariaDB, Redis and RabbitMQ.
run-distributed: setup
	$(BIN)/bookbrew up --distributed

## Every check and every test.
test: setup lint architecture typecheck unit

lint:
	$(BIN)/ruff check src tests bench scripts

architecture:
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

unit:
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .bookbrew .pytest_cache .mypy_cache .ruff_cache
