# The book's commands. `make book` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
BROWSER_STAMP := tools/browser/node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
NB ?=

.PHONY: venv browser chromium book notebooks test execute benchmark clean

venv: $(STAMP)

# (Re)create the virtual environment whenever requirements.txt changes.
$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## What tests/test_browser.py needs besides the venv: Debian's Chromium, and axe-core and MathJax from npm.
browser: chromium $(BROWSER_STAMP)

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@chromium --version 2>/dev/null

# (Re)install the pinned npm packages whenever the lock file changes.
$(BROWSER_STAMP): tools/browser/package-lock.json
	cd tools/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Build the HTML book from the notebooks' stored outputs (warnings are errors), with notebooks.zip.
book: $(STAMP)
	$(BIN)/jupyter-book build . --warningiserror --keep-going --quiet
	@echo "The book is at $(CURDIR)/_build/html/index.html"

## The reader edition: one notebook per chapter for Colab and JupyterLab, written to _build/notebooks/.
notebooks: $(STAMP)
	$(BIN)/python tools/reader_notebooks.py _build/notebooks

## Run every test: nbval over every notebook (each alone, offline), structure tests, the HTML build, and
## the built site in Chromium (errors, math, figures, launch links, downloads, search, axe-core).
test: $(STAMP) browser
	$(BIN)/python -m pytest

## Re-execute notebooks in place, top to bottom, in a fresh kernel (all, or NB=book/01_history.ipynb).
execute: $(STAMP)
	$(BIN)/python tools/execute.py $(NB)

## Time each notebook and rewrite book/appendix/execution-report.md for this machine.
benchmark: $(STAMP)
	$(BIN)/python tools/benchmark.py $(NB)

clean:
	rm -rf _build tools/browser/node_modules
