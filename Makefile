# coso: `make run` sets up and serves the demo; `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint install worker

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/coso migrate --noinput
	$(BIN)/coso collectstatic --noinput --verbosity 0
	$(BIN)/coso demo --size bloc --if-empty
	$(BIN)/coso demo_accounts
	@# the background worker (large imports) runs beside the server and stops with it
	$(BIN)/coso db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/coso runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(BIN)/pytest -n auto -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/coso makemigrations --check --dry-run
