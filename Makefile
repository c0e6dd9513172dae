# Paraat — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: demo install install-test test test-sqlite test-postgres lint typecheck contracts format messages bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Installs come from the lock files (exact versions), then Paraat itself without dependencies.
# A dependency change in pyproject.toml needs `make lock` (and both lock files committed).
LOCK := requirements/lock.txt
TEST_LOCK := requirements/lock-test.txt

$(VENV)/.installed: $(BIN)/python $(LOCK) pyproject.toml
	$(BIN)/pip install -q -r $(LOCK)
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed $(TEST_LOCK)
	$(BIN)/pip install -q -r $(TEST_LOCK)
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test
	@scripts/ensure-test-tools.sh

## make demo: install, migrate an SQLite database in var/, load the demo region, serve on :$(PORT)
## with the job worker beside it (Ctrl-C stops both)
demo: install
	PARAAT_ENV=demo $(BIN)/paraat demo --port $(PORT)

## make test: install test tools (and chromium), ruff, the suite on SQLite, again on PostgreSQL
test: install-test lint typecheck contracts
	env -u DATABASE_URL $(BIN)/pytest -q
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$DATABASE_URL)"; \
		$(BIN)/pytest -q; \
	else echo "DATABASE_URL not set: PostgreSQL run skipped"; fi

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make typecheck: mypy with django-stubs (strict for the figures module and agreements' selectors)
typecheck: install-test
	PARAAT_ENV=test $(BIN)/mypy

## make contracts: import-linter — apps on their floors, no app reads another's models, no cycle
contracts: install-test
	$(BIN)/lint-imports

## make lock: pin every dependency (pyproject.toml → requirements/*.txt) after changing one
lock: $(BIN)/python
	$(BIN)/pip install -q 'pip-tools>=7.4'
	$(BIN)/pip-compile -q --strip-extras --no-header --allow-unsafe -o $(LOCK) pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-header --allow-unsafe --extra test --extra s3 \
		-o $(TEST_LOCK) pyproject.toml

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make messages: extract and compile Dutch translations (needs gettext)
messages: install-test
	scripts/messages.sh

## make bench: national data set on PostgreSQL, each page against a static file of its size (bench/run.py)
bench: install-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
