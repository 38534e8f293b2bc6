# Two commands on a fresh machine: `make demo` and `make test`. Both set up whatever is
# missing first (virtual environment, packages, the default knowledge base) and are safe
# to run again.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# Reinstall when the declared dependencies change.
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
SEED := ../shared/examples/seed-article.txt
DEMO_ARTICLE ?= $(if $(wildcard $(SEED)),$(SEED),examples/bahawalpur-strike-misattributed.txt)

.PHONY: setup demo test lint typecheck unit kb bench clean system-deps serve

setup: $(STAMP) kb

$(STAMP): pyproject.toml
	@python3 -c 'import venv, ensurepip' 2>/dev/null || { apt-get update -q && apt-get install -y -q python3-venv; }
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# Opening the default knowledge base builds it when it is missing or out of date.
kb: $(STAMP)
	@$(PY) -c 'from newsvet.kb import KnowledgeBase, default_kb_path; KnowledgeBase.open().close(); print("knowledge base ready:", default_kb_path())'

demo: setup
	$(VENV)/bin/newsvet check $(DEMO_ARTICLE)

lint: $(STAMP)
	$(VENV)/bin/ruff check newsvet tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# What the server's tests need from the system: Debian's chromium (driven by Playwright; no
# browser download) and PostgreSQL 15 (initdb, pg_ctl). Installed once, when missing, as root.
PG_BIN := /usr/lib/postgresql/15/bin
CHROMIUM := /usr/bin/chromium
system-deps:
	@missing=""; \
	test -x $(CHROMIUM) || missing="$$missing chromium"; \
	test -x $(PG_BIN)/initdb || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
		else echo "missing system packages:$$missing (run make as root to install them)" >&2; fi; \
	fi

# A throwaway PostgreSQL 15 runs for the whole test session (.ci/with-postgres starts it on a
# free loopback port, exports its URL, and stops it when pytest ends), so the store's tests
# run against both SQLite and PostgreSQL.
unit: setup system-deps
	PG_BIN=$(PG_BIN) .ci/with-postgres $(VENV)/bin/pytest -q

test: setup lint typecheck unit

bench: setup
	$(PY) bench/pipeline.py

serve: setup
	$(PY) -m newsvet.serve

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache test-output
