# leiloes — the two commands that matter: `make crawl` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TOOLS := .venv-tools
TOOLS_STAMP := $(TOOLS)/.installed
# MariaDB/MySQL server the tests also run against (CI sets it; empty = SQLite only).
TEST_MYSQL_URL ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help venv migrate crawl demo serve serve-demo test test-crawl test-web tools browser \
        install-systemd bench bench-quick clean

help:
	@echo "make crawl    crawl Ludopedia into DATABASE_URL (default var/leiloes.sqlite3)"
	@echo "make test     run the whole test suite"
	@echo "make demo     crawl a local replay site offline and print a summary"
	@echo "make serve    web app (API, admin, dashboard) on http://$(HOST):$(PORT)/"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv: $(STAMP)

# Crawl tables (Alembic), then Django's own tables (auth, sessions, API keys).
migrate: venv
	$(BIN)/python -m webapi initdb -v 0

crawl: migrate
	$(BIN)/scrapy crawl leiloes $(if $(JOGOS),-a jogos=$(JOGOS))

demo: venv
	$(BIN)/python -m auctionspider.demo

serve: migrate
	$(BIN)/python -m webapi runserver $(HOST):$(PORT)

serve-demo: venv
	DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3 $(MAKE) serve

# Linters for deploy/aws live in their own virtualenv (their pins clash with ours).
$(TOOLS_STAMP): deploy/requirements-tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --upgrade pip
	$(TOOLS)/bin/pip install --quiet -r deploy/requirements-tools.txt
	touch $@

tools: $(TOOLS_STAMP)

# Headless Chromium for the dashboard tests: Debian's package, never a downloaded build.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: venv tools browser
	$(BIN)/pytest
	$(if $(TEST_MYSQL_URL),DATABASE_URL=$(TEST_MYSQL_URL) $(BIN)/pytest tests/webapi tests/stats tests/dashboard -p no:cacheprovider)

install-systemd:
	bash deploy/systemd/install.sh

bench: venv
	$(BIN)/python -m bench

bench-quick: venv
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) $(TOOLS) build *.egg-info .pytest_cache
