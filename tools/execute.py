"""Re-execute notebooks in place, top to bottom, each in a fresh kernel of this environment.

Usage: python tools/execute.py [NOTEBOOK ...]   (default: every notebook under book/)
The stored outputs are what the book shows and what the tests compare against.
"""
import sys

import nbformat
from book_paths import ROOT, TF_LOG_LINE, book_notebooks, cell_name
from notebooks import execute


def main(paths):
    """Execute each notebook and write it back; refuse to store TensorFlow's C++ log lines."""
    for path in paths:
        print(f"executing {path.relative_to(ROOT)} ...", flush=True)
        run = execute(path)
        for index, cell in enumerate(run.notebook.cells):
            for out in cell.get("outputs", []):
                if out.get("name") == "stderr" and TF_LOG_LINE.search(out.get("text", "")):
                    sys.exit(f"{path.name}: {cell_name(index)} printed TensorFlow C++ log lines; "
                             "filter them in the setup cell rather than storing them")
        nbformat.write(run.notebook, path)
        print(f"  done in {run.wall_s:.1f} s", flush=True)


if __name__ == "__main__":
    main([(ROOT / arg).resolve() for arg in sys.argv[1:]] or book_notebooks())
