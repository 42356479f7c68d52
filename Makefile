# Integra — every task a developer or CI runs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
PY := .venv/bin/python
UV := .tools/bin/uv
MANAGE := $(PY) manage.py
DATA_DIR ?= $(or $(INTEGRA_DATA_DIR),../shared/data)
export INTEGRA_DATA_DIR := $(DATA_DIR)
# Python 3.12 from PATH or from pyenv; never a silent fallback to another version.
PYTHON312 := $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; assert sys.version_info[:2]==(3,12)' 2>/dev/null && { command -v $$p; break; }; done)

.PHONY: help setup python-deps frontend-deps browser-deps system-deps messages run serve backup restore demo test test-fast lint format typecheck bench clean

help: ## list the tasks
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

setup: python-deps frontend-deps messages ## install everything the app needs (idempotent)

python-deps:
	@test -n "$(PYTHON312)" || { echo "Python 3.12 is required (python3.12 on PATH or under pyenv); install it and retry." >&2; exit 1; }
	@test -x $(UV) || { $(PYTHON312) -m venv .tools && .tools/bin/pip install --quiet uv==$(UV_VERSION); }
	@$(UV) sync --frozen --python $(PYTHON312) --quiet

frontend-deps:
	@command -v npm >/dev/null || { echo "npm is required for the front-end packages" >&2; exit 1; }
	@test -d node_modules/echarts -a -d node_modules/bootstrap -a -d node_modules/axe-core || npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p static_vendor/vendor/bootstrap static_vendor/vendor/echarts static_vendor/vendor/axe
	@cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static_vendor/vendor/bootstrap/
	@cp node_modules/echarts/dist/echarts.min.js static_vendor/vendor/echarts/
	@cp node_modules/axe-core/axe.min.js static_vendor/vendor/axe/

# gettext for the translations; the libraries WeasyPrint renders PDFs with (DejaVu for Polish).
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
system-deps:
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	@dpkg -s $(PDF_LIBS) >/dev/null 2>&1 || { echo "installing the PDF libraries"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_LIBS) >/dev/null; }

browser-deps:
	@test -x /usr/bin/chromium || { echo "installing Debian chromium for the browser tests"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

messages: system-deps
	@$(MANAGE) compilemessages --ignore=.venv --ignore=.tools --ignore=node_modules -v0

run: setup ## set up, migrate, load the demo and serve http://127.0.0.1:8000 (SQLite, one job worker)
	@$(MANAGE) migrate --no-input -v0
	@$(MANAGE) seed_demo
	@$(MANAGE) indicator_summaries --missing
	@$(MANAGE) refresh_map_measures --missing
	@$(MANAGE) jobs_worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) runserver 127.0.0.1:8000

backup: setup ## back up the database and uploaded files into one file and print its path
	@$(MANAGE) backup

restore: setup ## restore a backup: make restore FILE=backups/integra-….tar (replaces the data)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/integra-….tar" >&2; exit 2; }
	@$(MANAGE) restore "$(FILE)"

serve: setup ## the production shape on PostgreSQL (DATABASE_URL): gunicorn on $$PORT (8000) + job worker; docs/deploy.md
	@bin/serve

# What runs on both databases and what once: everything touching the database runs on each; the
# browser journeys test pages, scripts and accessibility, which no database changes, so they run
# once, on the embedded default (SQLite) — .ci/run's first pass; DATABASE_URL=postgres… deselects
# them (docs/architecture.md, "Tests").
ONCE := $(if $(findstring postgres,$(DATABASE_URL)),-m "not browser",)

# One pytest run: the API fuzz is one test per operation, so xdist spreads it with the rest; the
# modules that read the shared demo form one group (conftest.py), seeded by one worker.
test: setup browser-deps ## run the whole suite (unit, API, schemathesis, browser)
	@$(PY) -m pytest -n 2 --dist loadgroup $(ONCE) $(PYTEST_ARGS)

test-fast: setup ## the suite without the browser tests
	@$(PY) -m pytest -n 2 -m "not browser and not api_fuzz" $(PYTEST_ARGS)

lint: setup ## ruff, import contracts (a probe proves they bite: tests/test_architecture.py), migrations in step with models
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/lint-imports
	@$(MANAGE) makemigrations --check --dry-run -v1

format: setup ## apply ruff fixes and formatting
	@.venv/bin/ruff check --fix .
	@.venv/bin/ruff format .

# Strict over the layers that carry the rules; the modules they import are read, not judged.
TYPED := $(wildcard integra/*/services.py integra/*/services integra/*/selectors.py integra/*/selectors integra/*/policies.py integra/*/rules.py integra/core/actors.py integra/core/workflow.py integra/core/periods.py integra/core/money.py integra/core/text.py)
typecheck: setup ## mypy --strict on services, selectors and policies
	@.venv/bin/mypy --strict --follow-imports=silent $(TYPED)

bench: setup ## print import and scale figures (never assertions)
	@$(PY) bench/run_all.py

clean: ## remove installed and generated files
	rm -rf .venv .tools node_modules static_vendor staticfiles .pytest_cache
