# The front door: every target sets up what it needs from nothing (a .venv), so a fresh clone
# needs only the one command.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# Folders with Python code to lint: only those that exist in this checkout.
CODE := $(wildcard ant_timeline tests bench docs)
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run test lint format typecheck pytest bench fuzz test-browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Bytecode is written explicitly: an editable install leaves it to the first run, and where
# PYTHONDONTWRITEBYTECODE is set every run would compile the package again (~60 ms).
COMPILE := $(BIN)/python -m compileall -q ant_timeline

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e .
	$(COMPILE)
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[dev]'
	$(COMPILE)
	touch $@ $(RUN_STAMP)

## run: install into .venv and show the curated Ant Group timeline
run: $(RUN_STAMP)
	$(COMPILE)
	$(BIN)/ant-timeline show

$(BENCH_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[bench]'
	touch $@ $(RUN_STAMP)

## bench: time every command against floors measured in the same run (a few minutes)
bench: $(BENCH_STAMP)
	$(COMPILE)
	$(BIN)/python bench/run.py

## test: lint, type-check and run the tests (browser and long fuzz runs have their own targets)
test: lint typecheck pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)

format: $(DEV_STAMP)
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

pytest: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -n auto -m "not browser and not fuzz"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis $(CONSUMERS)/node_modules

# The programs that render our exports (TimelineJS, Mermaid), pinned by the lock file; npm ci
# writes node_modules/.package-lock.json, so a changed lock file installs them again.
CONSUMERS := tests/consumers
CONSUMERS_STAMP := $(CONSUMERS)/node_modules/.package-lock.json

$(CONSUMERS_STAMP): $(CONSUMERS)/package.json $(CONSUMERS)/package-lock.json
	command -v npm >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y npm)
	cd $(CONSUMERS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## test-browser: the HTML page and the exports' consumers (TimelineJS, Mermaid) in headless
## Chromium (installs Debian's chromium, and npm's packages from the lock file, when missing)
test-browser: $(DEV_STAMP) $(CONSUMERS_STAMP)
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	$(BIN)/python -m pytest -q -m browser

.PHONY: screenshot
## screenshot: docs/ant-timeline.png, the curated timeline's HTML page drawn by headless Chromium
screenshot: $(RUN_STAMP)
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	$(BIN)/python docs/screenshot.py docs/ant-timeline.png

## fuzz: every command on thousands of generated hostile documents, Ctrl-C all over a write (~30 min)
fuzz: $(DEV_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q --hypothesis-show-statistics tests/test_fuzz.py
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -m fuzz
