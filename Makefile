# cityplans: two commands do everything on a fresh machine with Python 3.11.
#   make figures   build data/processed/ and every figure
#   make test      run every test
# Each creates .venv/ and installs the package with the pinned versions in
# requirements.lock. `make` alone lists the targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install bytecode data figures report test test-fast lint bench check clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev,notebooks]'
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the package with pinned dependencies

data: $(STAMP)  ## parse data/raw into data/processed
	$(BIN)/cityplans build --out data/processed

figures: $(STAMP)  ## build data/processed and every figure in figures/ (one process)
	$(BIN)/cityplans build --out data/processed --figures figures

report: $(STAMP)  ## run the notebooks into static HTML pages in report/ (index.html first)
	$(BIN)/python -m cityplans.plots.report --out report

# pytest rewrites every test module's asserts on import and caches the result as bytecode, but not
# where PYTHONDONTWRITEBYTECODE is set (as on this project's machines): clearing it for the test run
# saves about 2 s of each `make test-fast` collection.
PYTEST = PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest

test: $(STAMP)  ## run every test (unit, doctests, notebooks)
	$(PYTEST)

test-fast: $(STAMP)  ## the daily loop (under 20 s): every test but whole builds, notebooks, fault injection
	$(PYTEST) -m "not slow" -n 2

lint: $(STAMP)  ## ruff over the package, the tests and the benchmarks (settings in pyproject.toml)
	$(BIN)/ruff check cityplans tests benchmarks

# An editable install leaves the package uncompiled, and where PYTHONDONTWRITEBYTECODE is set (as on
# this project's machines) every process compiled every module again: about 40 ms of each start.
bytecode:  ## compile the package's modules to __pycache__ (what pip does for a regular install)
	$(BIN)/python -m compileall -q cityplans

bench: $(STAMP) bytecode  ## benchmarks: parser, batch of 30/300/3000 plans, build and import (not timed tests)
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_build.py

check: $(STAMP)  ## print the anomalies of the corpus
	$(BIN)/cityplans check

clean:  ## remove the virtual environment
	rm -rf $(VENV)
