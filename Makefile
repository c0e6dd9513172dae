# Paraat — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: demo install install-test test test-sqlite test-postgres lint format messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test
	@scripts/ensure-test-tools.sh

## make demo: install, migrate an SQLite database in var/, load the demo region, serve on :$(PORT)
## with the job worker beside it (Ctrl-C stops both)
demo: install
	PARAAT_ENV=demo $(BIN)/paraat demo --port $(PORT)

## make test: install test tools (and chromium), ruff, the suite on SQLite, again on PostgreSQL
test: install-test lint
	env -u DATABASE_URL $(BIN)/pytest -q
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$DATABASE_URL)"; \
		$(BIN)/pytest -q; \
	else echo "DATABASE_URL not set: PostgreSQL run skipped"; fi

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make messages: extract and compile Dutch translations (needs gettext)
messages: install-test
	scripts/messages.sh

## make bench: national-scale data set on PostgreSQL, timings into bench/results.json
bench: install-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
