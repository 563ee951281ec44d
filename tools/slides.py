"""Slides: each chapter as a reveal.js deck, made from its reader notebook.

The chapters carry slide metadata (`slideshow: slide_type`) on the cells that shape a
deck: the title and each `##` section start a slide, each `###` subsection a sub-slide,
and the machinery a lecture does not show (the setup cell, the answer-checking and check
cells, the solutions, the quiz's answer and check cells, the progress cell, the
references, the Setup heading) is skipped. Every other cell continues the slide it is on.

    python tools/slides.py --mark        # add the metadata to the chapters (kept if set)
    python tools/slides.py [FOLDER]      # one deck per chapter, default _build/slides/

`make slides` runs the second; `make site` publishes the decks in the site's `slides/`
folder, and each chapter's download menu links its deck.
"""

import pathlib
import re
import sys
import tempfile

import nbformat
import reader_notebooks
from book_paths import ROOT, chapter_notebooks
from nbconvert import SlidesExporter

SKIPPED_CODE = ("# Answer checking", "# Check your", "quiz_answers = {", "progress()")


def slide_types(nb):
    """The slide type each cell should have ('slide', 'subslide', 'skip' or None)."""
    types, in_solution, in_references = [], False, False
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    for index, cell in enumerate(nb.cells):
        source = cell.source
        heading = source.split("\n", 1)[0] if cell.cell_type == "markdown" else ""
        if re.match(r"^:{3,}\{solution-start\}", source):
            in_solution = True
        in_references = in_references or heading == "## References"
        if index == 0:
            kind = "slide"
        elif in_solution or in_references or heading == "## Setup":
            kind = "skip"
        elif cell.cell_type == "code":
            folded = "hide-input" in cell.metadata.get("tags", [])
            machinery = index == first_code or folded or source.startswith(SKIPPED_CODE)
            kind = "skip" if machinery else None
        elif heading.startswith("## "):
            kind = "slide"
        elif heading.startswith("### "):
            kind = "subslide"
        else:
            kind = None
        types.append(kind)
        if re.match(r"^:{3,}\{solution-end\}", source):
            in_solution = False
    return types


def mark(path):
    """Add the slide metadata a chapter lacks; True if the notebook changed."""
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell, kind in zip(nb.cells, slide_types(nb)):
        if kind and "slideshow" not in cell.metadata:
            cell.metadata["slideshow"] = {"slide_type": kind}
            changed = True
    if changed:
        nbformat.write(nb, path)
    return changed


def write_decks(reader_paths, folder):
    """A reveal.js deck per reader notebook: FOLDER/<name>.slides.html; their paths."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    exporter, written = SlidesExporter(), []
    for path in reader_paths:
        nb = nbformat.read(path, as_version=4)
        nb.cells = [c for c in nb.cells
                    if c.metadata.get("slideshow", {}).get("slide_type") != "skip"]
        html, _ = exporter.from_notebook_node(nb)
        target = folder / f"{pathlib.Path(path).stem}.slides.html"
        target.write_text(html)
        written.append(target)
    return written


def main(arguments):
    if "--mark" in arguments:
        for path in chapter_notebooks(ROOT):
            print(path.name, "marked" if mark(path) else "unchanged")
        return
    out = pathlib.Path(arguments[0]) if arguments else ROOT / "_build" / "slides"
    chapters = {path.name for path in chapter_notebooks(ROOT)}
    with tempfile.TemporaryDirectory() as scratch:
        readers = reader_notebooks.write_reader_notebooks(scratch, ROOT)
        for deck in write_decks([p for p in readers if p.name in chapters], out):
            print(deck.relative_to(ROOT) if deck.is_relative_to(ROOT) else deck)


if __name__ == "__main__":
    main(sys.argv[1:])
