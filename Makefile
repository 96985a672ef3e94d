# IgM Guide: `make serve` builds and serves the site; `make test` installs what is missing and runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1
# Run apt-get through sudo only when we are not root (CI runs as root).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build test install chromium lint bench bench-editorial bench-wheel wheel lock codeowners clean audit

# Every Python distribution comes from requirements.lock, each checked against its sha256 (`--require-hashes`),
# pip and the build backend included; the project itself is then installed without resolving anything more.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $@

# After changing a dependency in pyproject.toml or requirements.in: re-resolve and re-hash everything. uv itself is
# installed from requirements-uv.txt, checked against its sha256 like everything else.
lock:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-uv.txt
	$(VENV)/bin/uv pip compile pyproject.toml requirements.in --extra test --generate-hashes --universal \
	  --python-version 3.11.5 --no-header --quiet --output-file requirements.lock

# Known vulnerabilities in anything pinned (CI runs it on every push): PyPI's advisories for the Python locks, the
# npm registry's for package-lock.json. Either finding one fails.
audit: $(VENV)/.installed
	$(VENV)/bin/pip-audit --strict --disable-pip --require-hashes -r requirements.lock -r requirements-uv.txt
	npm audit --audit-level=low

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
# against the ledger, so no build (with or without our plugin) can publish an approval nobody recorded. The three
# steps run in one process (`editorial build`), so the interpreter and the editorial state are loaded once.
build: install
	$(VENV)/bin/editorial build

# Preview: the same strict build without the production gate, so an editor can look at a page whose
# approval their edit has just made stale; IGM_PREVIEW=1 also builds drafts, under a DRAFT banner.
serve: install
	IGM_PREVIEW=1 $(PY) -m mkdocs build --strict
	$(PY) -m igm_site.serve --root site --port $(PORT)

# The editors' desk on this clone, at http://127.0.0.1:8765/ (it prints the address with its one-time token).
.PHONY: desk
desk: install
	$(VENV)/bin/editorial serve --port 8765

test: install chromium
	$(PY) -m ruff check .
	$(VENV)/bin/actionlint
	$(PY) -m pytest

# Performance in headless Chromium against a naive Pyodide page; prints a table, writes bench/results.json.
# Then Pyodide's start with the calculators as the site ships them (a precompiled bundle) against the wheel.
bench: install chromium
	$(PY) -m bench
	$(PY) -m bench.wheel_start

bench-wheel: install
	$(PY) -m bench.wheel_start

# The calculators as a pip-installable wheel in dist/ (the build also publishes it in the site).
wheel: install
	$(PY) -m igm_site.wheel dist

# .github/CODEOWNERS from the reviewers declared in editorial.yml (a test fails when it is out of date).
codeowners: install
	$(PY) -m editorial.codeowners

# The editorial tools and the build on a generated repository of 115 pages and ~470 commits; prints the figures.
bench-editorial: install
	$(PY) -m bench.editorial_speed

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/actionlint

clean:
	rm -rf site dist .pytest_cache
