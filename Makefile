# Two commands set everything up: `make run` serves the app, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test test-unit test-browser check bench bench-scale clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

# SQLite and in-process tasks: no service needed.
run: export DEBUG ?= 1
run: $(VENV)/.runtime
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_corpus --if-empty
	$(PY) manage.py verify --all
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite; with DATABASE_URL and CELERY_BROKER_URL set it runs against those services.
# Browser tests drive a real Chromium and share no process with the rest; pytest's exit
# status 5 means that run selected no test, which is not a failure.
test: $(VENV)/.dev
	DJANGO_ALLOW_ASYNC_UNSAFE=1 $(PY) -m pytest -m browser $(PYTEST_ARGS); \
		status=$$?; [ $$status -eq 0 ] || [ $$status -eq 5 ]
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

check: $(VENV)/.dev
	$(PY) -m ruff check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

bench: $(VENV)/.dev
	$(PY) bench/bench_matching.py
	$(PY) bench/bench_api.py
	$(PY) bench/bench_search.py
	$(PY) bench/bench_stated_facts.py
	$(PY) bench/bench_judging.py
	$(PY) bench/bench_verdicts_without_editors.py
	$(PY) bench/bench_accuracy_pages.py
	$(PY) bench/bench_real_references.py
	$(PY) bench/bench_intake.py
	$(PY) bench/bench_parsing.py

# Needs PostgreSQL (DATABASE_URL); works in a scratch database it makes and drops.
bench-scale: $(VENV)/.dev
	$(PY) bench/bench_scale.py
	$(PY) bench/bench_verify.py
	$(PY) bench/bench_verify.py --generated 10000

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
