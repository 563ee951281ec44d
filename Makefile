# The book's commands. `make book` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
BROWSER_STAMP := tools/browser/node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
NB ?=

APT_INSTALL = $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
# Debian packages for the PDF: XeLaTeX with xeCJK (the glossary's Chinese), Noto CJK fonts, pdftotext for its test.
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-fonts-recommended texlive-lang-chinese latexmk \
	fonts-noto-cjk fonts-freefont-otf fonts-dejavu-core poppler-utils

.PHONY: venv browser chromium node tex book notebooks slides pdf site publish-notebooks check-published linkcheck \
	test test-gpu test-colab execute benchmark clean

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
	@command -v chromium >/dev/null || { $(APT_INSTALL) chromium >/dev/null; }
	@chromium --version 2>/dev/null

node:
	@command -v npm >/dev/null || { $(APT_INSTALL) nodejs npm >/dev/null; }

## What `make pdf` needs: TeX Live with XeLaTeX and xeCJK, and the Noto CJK fonts (installed with apt if missing).
tex:
	@{ command -v xelatex && command -v latexmk && command -v pdftotext && fc-list | grep -q "Noto Serif CJK" && \
	  fc-list | grep -q FreeSerif && fc-list | grep -q "DejaVu Sans Mono"; } \
	  >/dev/null 2>&1 || { $(APT_INSTALL) $(TEX_PACKAGES) >/dev/null; }

# (Re)install the pinned npm packages whenever the lock file changes.
$(BROWSER_STAMP): tools/browser/package-lock.json | node
	cd tools/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Build the HTML book from the notebooks' stored outputs (warnings are errors), with notebooks.zip.
book: $(STAMP)
	$(BIN)/jupyter-book build . --warningiserror --keep-going --quiet
	@echo "The book is at $(CURDIR)/_build/html/index.html"

## The reader edition: one notebook per chapter for Colab and JupyterLab, written to _build/notebooks/.
notebooks: $(STAMP)
	$(BIN)/python tools/reader_notebooks.py _build/notebooks

## Slides: each chapter as a reveal.js deck made from its reader notebook, written to _build/slides/.
slides: $(STAMP)
	rm -rf _build/slides
	$(BIN)/python tools/slides.py _build/slides

## The PDF edition, _build/latex/book.pdf, typeset with XeLaTeX from the same sources.
pdf: $(STAMP) tex
	$(BIN)/jupyter-book build . --builder pdflatex --warningiserror --keep-going --quiet
	@echo "The PDF is at $(CURDIR)/_build/latex/book.pdf"

## Everything that is published, in one folder: the HTML book with book.pdf, slides/ and notebooks/ (the
## reader edition).
site: book notebooks slides pdf
	rm -rf _build/site
	cp -r _build/html _build/site
	cp _build/latex/book.pdf _build/site/book.pdf
	cp -r _build/slides _build/site/slides
	mkdir -p _build/site/notebooks
	cp _build/notebooks/*.ipynb _build/site/notebooks/
	@echo "The site to publish is $(CURDIR)/_build/site"

## Commit the reader notebooks to the branch the Colab links open (run by the publishing workflow).
publish-notebooks:
	bash tools/publish_notebooks.sh _build/notebooks

## After publishing: each chapter's page on the site and its reader notebook on GitHub resolve.
check-published:
	python3 tools/check_published.py

## Every external link of the book, the bibliography's included (weekly in CI): _build/linkcheck/output.txt.
linkcheck: $(STAMP)
	$(BIN)/jupyter-book build . --builder linkcheck --quiet

## Run every test: nbval over every notebook (each alone, offline), structure tests, the HTML build, the
## built site in Chromium (errors, math, figures, launch links, downloads, search, axe-core), the reader
## notebooks, the PDF and the publishing files.
test: $(STAMP) browser tex
	$(BIN)/python -m pytest

## Re-execute notebooks in place, top to bottom, in a fresh kernel (all, or NB=book/01_history.ipynb).
execute: $(STAMP)
	$(BIN)/python tools/execute.py $(NB)

## On a machine with a CUDA GPU and the pinned environment: every notebook must run with its assertions
## passing (nbval's lax mode: the stored CPU outputs are not compared), then its table in the execution report.
test-gpu: $(STAMP)
	$(BIN)/python -m pytest -o addopts="" -p no:cacheprovider --nbval-lax --nbval-kernel-name=book-alone \
	  --nbval-sanitize-with=tests/sanitize.cfg book
	$(BIN)/python tools/benchmark.py

## The Colab-versions lane: a second environment with the versions Colab ships (tools/colab-versions.txt,
## on Python 3.12 where the machine has it), running every reader notebook alone and offline in lax mode,
## each with a last cell that probes its exercise and quiz checks with malformed input (tests/reader_probe.py).
COLAB_PYTHON ?= $(firstword $(shell for p in python3.12 /usr/bin/python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12; \
	do $$p -c "" 2>/dev/null && echo $$p; done) $(PYTHON))
COLAB_VENV := .venv-colab
COLAB_STAMP := $(COLAB_VENV)/.requirements-installed
$(COLAB_STAMP): tools/colab-versions.txt
	test -x $(COLAB_VENV)/bin/python || $(COLAB_PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(COLAB_VENV)/bin/python -m pip install --quiet -r tools/colab-versions.txt
	touch $@

test-colab: $(COLAB_STAMP) notebooks
	rm -rf _build/notebooks-probed
	$(BIN)/python tests/reader_probe.py _build/notebooks _build/notebooks-probed >/dev/null
	$(COLAB_VENV)/bin/python -m pytest -o addopts="" -p no:cacheprovider --nbval-lax \
	  --nbval-kernel-name=book-alone _build/notebooks-probed

## Time each notebook and rewrite book/appendix/execution-report.md for this machine.
benchmark: $(STAMP)
	$(BIN)/python tools/benchmark.py $(NB)

clean:
	rm -rf _build tools/browser/node_modules $(COLAB_VENV)
