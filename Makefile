# The knowledge base's two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

AXE := node_modules/axe-core/axe.min.js

.PHONY: install setup run test bench soak fuzz fixtures check-fixtures lint clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_kb
	$(BIN)/python manage.py export_kb --verbosity 0  # a data release of what was loaded: /downloads/ is never empty
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: setup
	KB_EMAIL_BACKEND=$${KB_EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# axe-core, for the browser tests' accessibility checks, from the npm registry (skipped where npm is missing).
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

test: install $(AXE)
	$(BIN)/python -m pytest

# The benchmark: this site under gunicorn on PostgreSQL beside Datasette, driven by wrk (see bench/run.py).
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	@test -x bench/.venv/bin/datasette || ($(PYTHON) -m venv bench/.venv && bench/.venv/bin/pip install -q -r bench/requirements.txt)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The soak: readers on every endpoint and page with curators writing, on gunicorn and PostgreSQL (bench/soak.py).
# Redis is stopped for the middle third of it and started again (the soak runs its own).
SOAK_SECONDS ?= 180
soak: install
	$(BIN)/python bench/soak.py --seconds $(SOAK_SECONDS) --redis-outage $(SOAK_ARGS)

# Schema fuzzing's coverage and stateful phases, beyond the generated examples `make test` runs
# (tests/security/test_fuzz.py). CI runs it on PostgreSQL.
fuzz: install
	KB_FUZZ_DEEP=1 $(BIN)/python -m pytest -p no:randomly tests/security/test_fuzz.py -k "not test_no_operation" $(FUZZ_ARGS)

fixtures: install
	$(BIN)/python manage.py build_fixtures

check-fixtures: install
	$(BIN)/python manage.py build_fixtures --check

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache node_modules test-artifacts
