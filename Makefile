# The project's tasks, one place. `make help` lists them. Everything runs in .venv (scripts/install.sh).
# Extra pytest arguments: make test ARGS="tests/checkin -x".

PYTHON := .venv/bin/python
ARGS ?=

.PHONY: help install run test test-sqlite test-postgresql lint format types catalogue bench

help:  ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

install:  ## .venv with the runtime and test packages, translations compiled
	bash scripts/install.sh dev

run:  ## the app with the demo meeting on http://127.0.0.1:5000 (HOST, PORT as in scripts/run.sh)
	bash scripts/run.sh

test:  ## the whole suite on SQLite, then PostgreSQL (pytest-xdist workers)
	bash scripts/test.sh $(ARGS)

test-sqlite:  ## the suite on SQLite only
	RAKER_TEST_DATABASE=sqlite $(PYTHON) -m pytest -p no:cacheprovider $(ARGS)

test-postgresql:  ## the suite on PostgreSQL only (127.0.0.1:5432, user postgres, or RAKER_TEST_POSTGRES_URL)
	RAKER_TEST_DATABASE=postgresql $(PYTHON) -m pytest -p no:cacheprovider $(ARGS)

lint:  ## ruff: lint and the format check (pyproject.toml)
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

format:  ## ruff: fix what it can and format the tree
	$(PYTHON) -m ruff check --fix .
	$(PYTHON) -m ruff format .

types:  ## mypy, strict on the models and the check-in services (pyproject.toml)
	$(PYTHON) -m mypy

catalogue:  ## new strings into the English catalogue, then compiled (translate messages.po in between)
	.venv/bin/pybabel -q extract --no-wrap -F babel.cfg -k _l -k lazy_gettext -k N_ -o /tmp/raker-messages.pot .
	.venv/bin/pybabel -q update --no-wrap --no-fuzzy-matching --ignore-obsolete -i /tmp/raker-messages.pot -d raker/translations -l en
	.venv/bin/pybabel compile -D "messages wtforms" -d raker/translations

bench:  ## the benchmarks, short runs (bench/README.md for the full ones; figures in bench/RESULTS.md)
	$(PYTHON) bench/badges.py --quick
	$(PYTHON) bench/checkin.py --paced-seconds 6 --rounds 2 --saturated-seconds 5
