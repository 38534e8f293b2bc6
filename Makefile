# Two commands on a fresh machine: `make demo` and `make test`. Both set up whatever is
# missing first (virtual environment, packages, the default knowledge base) and are safe
# to run again.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# Reinstall when the declared dependencies change.
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
SEED := ../shared/examples/seed-article.txt
DEMO_ARTICLE ?= $(if $(wildcard $(SEED)),$(SEED),examples/distorted-operation-misattributed.txt)

.PHONY: setup demo test lint typecheck unit kb bench clean

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

unit: setup
	$(VENV)/bin/pytest -q

test: setup lint typecheck unit

bench: setup
	$(PY) bench/pipeline.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache test-output
