# The newcomer's commands: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-postgres install install-dev migrate bootstrap lint clean

$(VENV)/bin/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

bootstrap: migrate
	$(PY) manage.py bootstrap

## Serve the API on http://$(HOST):$(PORT) under gunicorn (development settings, SQLite by default).
run: bootstrap
	@echo "Serving the catalogue API on http://$(HOST):$(PORT)/api/ (Swagger UI at /api/docs). Ctrl-C stops."
	$(VENV)/bin/gunicorn config.wsgi:application --config deploy/gunicorn.conf.py --bind $(HOST):$(PORT)

## The suite runs on PYTEST_WORKERS processes (pytest-xdist; one per core by default), a test file at a time, so
## the tests of one file share its module fixtures (servers started by tests/deploy and tests/compat); fronts,
## state directories and databases are per worker. PYTEST_WORKERS=0, or -n 0 in PYTEST_ARGS, runs everything
## in one process; PYTEST_ARGS comes last, so its options win.
PYTEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile

## The whole test suite on the database named by DATABASE_URL (SQLite by default).
test: install-dev
	$(PYTEST) $(PYTEST_ARGS)

## The same suite on PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth); each worker has its own test
## database (<name>_gw0, <name>_gw1, ...).
test-postgres: install-dev
	DATABASE_URL=$${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/mdm} $(PYTEST) $(PYTEST_ARGS)

## ruff, and the layer contracts of pyproject.toml (which module may import which).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache

## ---------------------------------------------------------------------------------------------------------------
## Production front (deploy/README.md): nginx on $(FRONT_HOST):$(FRONT_PORT) in front of gunicorn on a Unix socket.
## Installs nginx from Debian's packages if missing, writes the nginx configuration for this checkout, runs
## migrations and collectstatic, starts gunicorn and nginx. State, logs and pid files live in var/prod.
.PHONY: serve-prod stop-prod reload-prod status-prod load-test

serve-prod: install
	$(PY) -m deploy.front serve

## Stop nginx, then gunicorn (both gracefully: open requests are answered first).
stop-prod:
	@if [ -x $(PY) ]; then $(PY) -m deploy.front stop; else python3 -m deploy.front stop; fi

## New code or settings without downtime: migrate, collectstatic, graceful gunicorn restart, nginx reload.
reload-prod: install
	$(PY) -m deploy.front reload

status-prod:
	$(PY) -m deploy.front status

## A bounded wrk load run against a private front on loopback (benchmarks/load.sh; DURATION=seconds per line).
load-test: install
	PY=$(PY) benchmarks/load.sh
