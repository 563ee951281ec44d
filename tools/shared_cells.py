"""Cells that several notebooks share, kept once in tools/shared_cells/ and pasted unchanged where they are used.

Usage: python tools/shared_cells.py   (rewrites every copy from its file)

A shared cell's first line is a comment that names it and says where it is used; a notebook's code cell that
starts with that line is a copy. tests/test_structure.py checks that every copy is identical to its file and
that each file is used by at least two notebooks. (The setup cell and the answer-checking cell are shared the
same way, from tools/setup_cell.py and tools/exercise_cell.py, and checked by their own tests.)
"""
import nbformat
from book_paths import ROOT, book_notebooks

FOLDER = ROOT / "tools" / "shared_cells"


def shared_cells():
    """{first line: the cell's source} for every file of tools/shared_cells/."""
    cells = {}
    for path in sorted(FOLDER.glob("*.py")):
        source = path.read_text().strip()
        cells[source.splitlines()[0]] = source
    return cells


def copies(nb):
    """(index, cell, shared source) of each code cell of a notebook that is a copy of a shared cell."""
    shared = shared_cells()
    return [(index, cell, shared[cell.source.splitlines()[0]]) for index, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and cell.source.strip() and cell.source.splitlines()[0] in shared]


def paste():
    """Rewrite every copy from its file; return the notebooks changed."""
    changed = []
    for path in book_notebooks():
        nb = nbformat.read(path, as_version=4)
        stale = [(cell, source) for _, cell, source in copies(nb) if cell.source != source]
        for cell, source in stale:
            cell.source = source
        if stale:
            nbformat.write(nb, path)
            changed.append(path)
    return changed


if __name__ == "__main__":
    for notebook in paste():
        print(f"{notebook.relative_to(ROOT)}: shared cells pasted; re-execute it (`make execute NB=...`)")
