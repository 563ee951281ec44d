"""Re-execute notebooks in place, top to bottom, each in a fresh kernel of this environment.

Usage: python tools/execute.py [NOTEBOOK ...]   (default: every notebook under book/)
The stored outputs are what the book shows and what the tests compare against.
"""
import sys

import nbformat
from notebooks import ROOT, TF_LOG_LINE, book_notebooks, execute


def main(paths):
    """Execute each notebook and write it back; refuse to store TensorFlow's C++ log lines."""
    for path in paths:
        print(f"executing {path.relative_to(ROOT)} ...", flush=True)
        nb, wall, _ = execute(path)
        for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
            for out in cell.outputs:
                if out.get("name") == "stderr" and TF_LOG_LINE.search(out.get("text", "")):
                    sys.exit(f"{path.name}: code cell {i + 1} printed TensorFlow C++ log lines; "
                             "filter them in the setup cell rather than storing them")
        nbformat.write(nb, path)
        print(f"  done in {wall:.1f} s", flush=True)


if __name__ == "__main__":
    args = [ROOT / a if not a.startswith("/") else a for a in sys.argv[1:]]
    main([p if hasattr(p, "relative_to") else ROOT / p for p in args] or book_notebooks())
