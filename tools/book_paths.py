"""Where things are in the book, and the patterns its tools and tests share: each defined here once.

Tools import this module from tools/; tests get tools/ on their path from pytest's configuration
(pyproject.toml). It needs only the standard library, except `load_toc`, which imports PyYAML when called,
so that tools/check_published.py can run without the book's environment.

The setup cell (tools/setup_cell.py) is pasted into every chapter and cannot import this module: it keeps its
own copy of TF_LOG_NOISE, and tests/test_structure.py checks that the two copies are the same.
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
BUILD = ROOT / "_build"

# The environment variable that tells the test kernel (tests/alone_kernel.py) which notebook it runs.
NOTEBOOK_UNDER_TEST = "BOOK_NOTEBOOK_UNDER_TEST"

# Any line of TensorFlow's C++ logger (absl's "I1130 06:19:16.123 ..." form and its start-up notices): such
# lines must never be stored in a notebook or shown in the book.
TF_LOG_LINE = re.compile(r"(^[IWE]\d{4} \d\d:\d\d:\d+\.\d+ |absl::InitializeLog|oneDNN custom operations)", re.M)

# The known start-up chatter that the setup cell drops from TensorFlow's stderr (real warnings pass).
TF_LOG_NOISE = re.compile(
    r"All log messages before absl::InitializeLog|^I\d{4} |oneDNN custom operations|"
    r"cuda drivers on your machine|failed call to cuInit|Unable to register cu\w+ "
    r"factory|"
    r"computation_placer|TF-TRT Warning|This TensorFlow binary is optimized|"
    r"rebuild TensorFlow with the appropriate compiler flags|use_unbounded_threadpool"
)

# A path of the machine that ran a notebook or built the site; none may reach a reader.
MACHINE_PATH = re.compile(r"(/work/|/tmp/|/root/|/home/[\w.-]+/|/Users/[\w.-]+/|site-packages/|[A-Z]:\\Users\\)")


def book_pages(root=ROOT, suffixes=(".ipynb", ".md")):
    """Every page under book/ (notebooks and Markdown), in file-name order; checkpoints and build folders are
    left out."""
    return sorted(path for path in (root / "book").rglob("*") if path.suffix in suffixes
                  and ".ipynb_checkpoints" not in path.parts and "_build" not in path.parts)


def book_notebooks(root=ROOT):
    """Every notebook under book/, in file-name order."""
    return book_pages(root, (".ipynb",))


def cell_name(index):
    """How messages name the cell at `index` of a notebook's cells: counted from 1, Markdown cells included,
    top to bottom, as a reader counts them in JupyterLab or Colab."""
    return f"cell {index + 1}"


# --- The table of contents -----------------------------------------------------------------------------


def load_toc(root=ROOT):
    """_toc.yml, parsed."""
    import yaml  # here, so that the rest of the module needs only the standard library

    return yaml.safe_load((root / "_toc.yml").read_text())


def load_config(root=ROOT):
    """_config.yml (the Jupyter Book configuration), parsed."""
    import yaml

    return yaml.safe_load((root / "_config.yml").read_text())


def _walk(entries):
    """The documents of table-of-contents entries and of their sections, depth first, in order."""
    for entry in entries:
        if "file" in entry:
            yield re.sub(r"\.(ipynb|md)$", "", entry["file"])
        yield from _walk(entry.get("chapters", []) + entry.get("sections", []))


def toc_documents(root=ROOT):
    """Every document of the table of contents in reading order, the root first, as paths without suffix:
    'book/01_history'."""
    toc = load_toc(root)
    documents = [toc["root"]]
    for part in toc.get("parts", []):
        documents += _walk(part.get("chapters", []))
    documents += _walk(toc.get("chapters", []))
    return documents


def toc_notebooks(root=ROOT):
    """Every notebook of the table of contents, in order: the chapters and the capstone starters."""
    return [root / f"{document}.ipynb" for document in toc_documents(root)
            if (root / f"{document}.ipynb").exists()]


def toc_chapters(root=ROOT):
    """The numbered chapters as (number, [documents]) in order; a chapter with sections lists them after it."""
    chapters = []
    for part in load_toc(root).get("parts", []):
        if part.get("numbered"):
            for entry in part["chapters"]:
                documents = [entry["file"]] + [section["file"] for section in entry.get("sections", [])]
                chapters.append((str(len(chapters) + 1), documents))
    return chapters


def chapter_notebooks(root=ROOT):
    """The notebooks of the numbered chapters, in order (the capstone starters left out)."""
    return [root / f"{document}.ipynb" for _, documents in toc_chapters(root) for document in documents
            if (root / f"{document}.ipynb").exists()]
