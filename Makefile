# The two commands: `make run` and `make test`. Everything else is a helper for them or for CI.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PIP_FLAGS := -q --disable-pip-version-check

.PHONY: run test install lint typecheck bench worker beat migrate demo clean messages

# The venv's own pip and setuptools (Python 3.11's venv brings setuptools 65.5.0, which has published
# advisories: CVE-2024-6345, CVE-2025-47273 and more). Below 81 like build-constraints.txt: pkg_resources.
VENV_TOOLS := "pip>=25.3" "setuptools>=78.1.1,<81"

# The Makefile is a prerequisite so that a change of VENV_TOOLS reaches existing venvs too.
$(STAMP): pyproject.toml constraints.txt build-constraints.txt Makefile
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade $(VENV_TOOLS)
	$(BIN)/python -m pip install $(PIP_FLAGS) --build-constraint build-constraints.txt -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

.env:
	printf 'DEBUG=true\n' > .env

## make run: venv, install, migrate, demo data, server on http://127.0.0.1:8000 (SQLite, eager Celery)
run: $(STAMP) .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --demo-users
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: the whole suite (SQLite by default; PostgreSQL/Redis when DATABASE_URL/CELERY_BROKER_URL are set)
# On the embedded default the suite runs on every core (pytest-xdist, a file per worker at a time). With a
# broker configured it stays in one process: the suite's real Celery worker serves one test database.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest $(if $(CELERY_BROKER_URL),,-n $(TEST_WORKERS) --dist loadfile)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make typecheck: mypy with django-stubs over every app and the benchmark; CI fails on any error
typecheck: $(STAMP)
	DEBUG=true $(BIN)/mypy config iop participants reporting invoicing followup programmes bench

migrate: $(STAMP) .env
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo --demo-users

worker: $(STAMP)
	$(BIN)/celery -A config worker -l info

beat: $(STAMP)
	$(BIN)/celery -A config beat -l info

## make bench [SCALE=1] [BENCH_ARGS="--rounds 20 --no-load"]: the benchmark (docs/bench.md); PostgreSQL needed
bench: $(STAMP)
	$(BIN)/python -m bench.run $(if $(SCALE),--scale $(SCALE)) $(BENCH_ARGS)

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l sv --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles .pytest_cache
