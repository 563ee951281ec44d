# The book's commands. `make book` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
NB ?=

.PHONY: venv book test execute benchmark clean

venv: $(STAMP)

# (Re)create the virtual environment whenever requirements.txt changes.
$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## Build the HTML book from the notebooks' stored outputs (warnings are errors).
book: $(STAMP)
	$(BIN)/jupyter-book build . --warningiserror --keep-going --quiet
	@echo "The book is at $(CURDIR)/_build/html/index.html"

## Run every test: nbval over every notebook (each alone, offline), structure tests, the HTML build.
test: $(STAMP)
	$(BIN)/python -m pytest

## Re-execute notebooks in place, top to bottom, in a fresh kernel (all, or NB=book/01_history.ipynb).
execute: $(STAMP)
	$(BIN)/python tools/execute.py $(NB)

## Time each notebook and rewrite book/appendix/execution-report.md for this machine.
benchmark: $(STAMP)
	$(BIN)/python tools/benchmark.py $(NB)

clean:
	rm -rf _build
