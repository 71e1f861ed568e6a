# Routines of the project. `make run` and `make test` work from a fresh clone:
# they create the virtualenv, install the locked dependencies and start embedded
# PostgreSQL and Redis servers when DATABASE_URL / REDIS_URL are not set.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Runs a command with the servers it needs (see scoran/embedded.py).
WITH_SERVERS := $(BIN)/python -m scoran.embedded --
# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
# `make manage` runs in development mode, like `make run` (`DEBUG=0 make manage …` to change).
DEBUG ?= 1

.PHONY: help install run manage test lint format check stop clean bench-pages

help:
	@echo "make run    – portail de démonstration sur http://127.0.0.1:8000 (autre port : make run PORT=8001)"
	@echo "make manage ARGS=\"…\" – une commande de manage.py avec les serveurs embarqués"
	@echo "             (ex. make manage ARGS=\"import_arcep fichier.csv\")"
	@echo "make test   – contrôle du code (ruff) et suite de tests complète"
	@echo "make lint   – ruff check et ruff format --check"
	@echo "make format – reformate le code avec ruff"
	@echo "make bench-pages – pages sous charge (wrk, gunicorn, PostgreSQL et Redis de la machine)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

run: install
	DEBUG=1 PORT=$(PORT) $(WITH_SERVERS) sh scripts/run-demo.sh

# Any management command, on the embedded servers unless DATABASE_URL / REDIS_URL are set.
manage: install
	DEBUG=$(DEBUG) $(WITH_SERVERS) $(BIN)/python manage.py $(ARGS)

test: install lint
	sh scripts/ensure-chromium.sh
	SECURE_SSL_REDIRECT=0 $(WITH_SERVERS) sh scripts/run-tests.sh $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# On demand, on the machine's PostgreSQL and Redis (see bench/README.md); needs wrk.
bench-pages: install
	$(BIN)/python bench/bench_pages.py $(ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
