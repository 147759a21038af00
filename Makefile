# Two commands on a fresh machine: `make run` (the product on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/tousu
STAMP := $(VENV)/.installed

.PHONY: install run setup demo test lint test-sqlite test-postgres check-postgres check-browser test-browser bench messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

setup: install
	$(BIN)/tousu setup

run: setup
	$(BIN)/tousu demo --if-empty
	$(BIN)/tousu serve

# The whole suite on SQLite and on PostgreSQL, plus lint and types. PostgreSQL must be
# reachable at PG_TEST_URL: the suite fails loudly rather than skip it. The two runs go
# side by side (much of a run waits on servers, browsers and disks), each with its own
# var/ directory and Redis database; each run's output is printed when it ends.
test: install lint check-browser check-postgres
	$(MAKE) --no-print-directory --output-sync=target -j2 test-sqlite test-postgres

# Browser tests (tests/browser) run inside test-sqlite and test-postgres, in Debian's
# chromium driven by Playwright; no browser is ever downloaded.
CHROMIUM ?= /usr/bin/chromium
check-browser:
	@test -x $(CHROMIUM) || { echo "The browser tests need Debian's chromium at $(CHROMIUM): apt-get install -y chromium"; exit 1; }

test-browser: install check-browser
	$(BIN)/pytest tests/browser

lint: install
	$(BIN)/ruff check tousu tests bench
	$(BIN)/ruff format --check tousu tests bench
	$(BIN)/mypy tousu
	$(BIN)/tousu makemigrations --check --dry-run

test-sqlite: install
	$(BIN)/pytest

check-postgres: install
	@$(BIN)/python -c "import psycopg, sys; psycopg.connect(sys.argv[1].rsplit('/', 1)[0] + '/postgres', connect_timeout=5).close()" '$(PG_TEST_URL)' \
	  || { echo "PostgreSQL is required by 'make test' and is not reachable at $(PG_TEST_URL) (set PG_TEST_URL)"; exit 1; }

test-postgres: check-postgres
	DATABASE_URL='$(PG_TEST_URL)' TOUSU_VAR_DIR=$(CURDIR)/var/test-postgres TOUSU_TEST_REDIS_URL=redis://127.0.0.1:6379/12 $(BIN)/pytest

bench: install
	$(BIN)/python -m bench.run

messages: install
	cd tousu && ../$(BIN)/tousu makemessages -l zh_Hans --no-obsolete && ../$(BIN)/tousu compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) var
