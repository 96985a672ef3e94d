# IgM Guide: `make serve` builds and serves the site; `make test` installs what is missing and runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1
# Run apt-get through sudo only when we are not root (CI runs as root).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build test install chromium lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; \
	fi

# Production: the editorial gate first, then the strict build, then an independent check of the built site
# against the ledger, so no build (with or without our plugin) can publish an approval nobody recorded.
build: install
	$(VENV)/bin/editorial check --production
	$(PY) -m mkdocs build --strict
	$(VENV)/bin/editorial check-site site/

# Preview: the same strict build without the production gate, so an editor can look at a page whose
# approval their edit has just made stale; IGM_PREVIEW=1 also builds drafts, under a DRAFT banner.
serve: install
	IGM_PREVIEW=1 $(PY) -m mkdocs build --strict
	$(PY) -m igm_site.serve --root site --port $(PORT)

test: install chromium
	$(PY) -m ruff check .
	$(PY) -m pytest

# Performance in headless Chromium against a naive Pyodide page; prints a table, writes bench/results.json.
bench: install chromium
	$(PY) -m bench

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf site .pytest_cache
