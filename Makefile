# Two commands for a fresh clone: `make run` (site with demo content) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
RUN_ENV := DEBUG=true
PORT ?= 8000

.PHONY: run test install lint format migrate demo clean-demo curator

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -f .env || cp .env.example .env
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
	$(PY) manage.py compile_translations

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput

run: migrate
	$(RUN_ENV) $(PY) manage.py load_history
	$(RUN_ENV) $(PY) manage.py load_demo
	$(RUN_ENV) $(PY) manage.py create_curator --if-none --site http://127.0.0.1:$(PORT)
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest -n auto --dist loadfile

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean-demo: install
	$(RUN_ENV) $(PY) manage.py remove_demo

curator: install
	$(RUN_ENV) $(PY) manage.py create_curator
