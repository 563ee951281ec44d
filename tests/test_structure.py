"""Structure tests: what every notebook and page of the book must satisfy (no notebook is executed here)."""
import ast
import json
import re
import subprocess
import sys
import tomllib

import nbformat
import pytest
from book_paths import (
    BOOK,
    MACHINE_PATH,
    ROOT,
    TF_LOG_LINE,
    TF_LOG_NOISE,
    book_notebooks,
    book_pages,
    cell_name,
    toc_documents,
)

NOTEBOOKS = book_notebooks()
CHAPTERS = [p for p in NOTEBOOKS if re.match(r"\d\d_", p.name)]  # chapter notebooks: NN_name.ipynb
SETUP_CELL = (ROOT / "tools" / "setup_cell.py").read_text().strip()
EXERCISE_CELL = (ROOT / "tools" / "exercise_cell.py").read_text().strip()

# Packages Colab preinstalls that the notebooks may import; anything else must be optional (try/except ImportError).
COLAB_PACKAGES = {"numpy", "pandas", "scipy", "sklearn", "matplotlib", "seaborn", "torch", "tensorflow",
                  "keras", "IPython", "PIL"}
NETWORK_OR_FILE = re.compile(r"\b(open\(|urlopen|urlretrieve|requests\.|read_csv\(|np\.load\(|wget|curl |"
                             r"load_data\(|fetch_openml|tfds\.load|datasets\.load_dataset)")


def load(path):
    """Read a notebook."""
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    """The notebook's non-empty code cells."""
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def numbered_code_cells(nb):
    """(index among all the notebook's cells, cell) of each non-empty code cell; messages name a cell by
    `cell_name(index)`."""
    return [(index, c) for index, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]


def markdown(nb):
    """All markdown of the notebook, joined."""
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def output_texts(cell):
    """Every text an output of the cell shows (streams, plain-text data, error messages)."""
    for out in cell.get("outputs", []):
        if "text" in out:
            yield out.get("name", ""), out["text"]
        for key, value in out.get("data", {}).items():
            if key.startswith("text/") or key.endswith("text/plain"):
                yield key, value if isinstance(value, str) else "".join(value)
        if out.get("output_type") == "error":
            yield "error", "\n".join(out.get("traceback", []))


def test_there_is_a_chapter():
    assert CHAPTERS, "no chapter notebooks found under book/"


def test_every_page_is_in_the_toc_and_every_toc_entry_exists():
    listed = set(toc_documents())
    pages = {str(p.relative_to(ROOT).with_suffix("")) for p in book_pages()}
    assert pages - listed == set(), f"pages missing from _toc.yml: {sorted(pages - listed)}"
    for entry in listed:
        exists = any((ROOT / f"{entry}{ext}").exists() for ext in (".ipynb", ".md"))
        assert exists, f"_toc.yml lists a missing file: {entry}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_uses_both_frameworks(path):
    sources = "\n".join(c.source for c in code_cells(load(path))[1:])  # after the shared setup cell
    assert re.search(r"\btorch\.", sources), "no PyTorch code after the setup cell"
    assert re.search(r"\b(tf|keras)\.", sources), "no TensorFlow/Keras code after the setup cell"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_that_trains_uses_the_device_variables(path):
    """Training code runs on the GPU when there is one: PyTorch on DEVICE, TensorFlow under TF_DEVICE."""
    sources = "\n".join(c.source for c in code_cells(load(path))[1:])  # after the shared setup cell
    if re.search(r"\.backward\(|\.fit\(|GradientTape|optimizer\.step\(|\.apply_gradients\(", sources):
        assert re.search(r"\bDEVICE\b", sources), "trains with PyTorch but never uses DEVICE"
        assert re.search(r"\bTF_DEVICE\b", sources), "trains with TensorFlow but never uses TF_DEVICE"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_setup_cell_is_the_shared_one(path):
    first = code_cells(load(path))[0].source.strip()
    assert first == SETUP_CELL, "the first code cell differs from tools/setup_cell.py; copy it unchanged"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_anatomy(path):
    nb = load(path)
    text = markdown(nb)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), "title first"
    required = ("Learning objectives", "**Prerequisites.**", "**Time.**", "## Exercises", "## Summary", "## References")
    for needle in required:
        assert needle in text, f"missing {needle!r}"
    exercises = re.findall(r"^:{3,}\{exercise\}.*\n(?::[\w-]+:.*\n)*?:label: (\S+)", text, re.M)
    solutions = re.findall(r"^:{3,}\{solution-start\} (\S+)\n:class: dropdown$", text, re.M)
    assert 3 <= len(exercises) <= 6, f"{len(exercises)} exercises; the anatomy asks for 3 to 6"
    assert solutions == exercises, "every exercise needs a solution (solution-start with :class: dropdown)"
    assert text.count("{solution-end}") == len(solutions), "every solution-start needs its solution-end"
    assert all(label.startswith(f"ex-{path.stem}-") for label in exercises), "label exercises ex-<notebook>-<n>"
    assert re.search(r"```\{bibliography\}\n:filter: docname in docnames", text), "no per-chapter reference list"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_exercise_has_a_folded_check_cell_and_the_shared_helpers(path):
    """Answer cell, then a check cell folded on the site (its code holds the expected answer)."""
    cells = load(path).cells
    helpers = [c for c in cells if c.cell_type == "code" and c.source.strip() == EXERCISE_CELL]
    assert len(helpers) == 1, "the answer-checking cell (tools/exercise_cell.py) must appear once, unchanged"
    assert "hide-input" in helpers[0].metadata.get("tags", [])
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown" and re.match(r"^:{3,}\{exercise\}", cell.source):
            answer, check = cells[index + 1], cells[index + 2]
            assert answer.cell_type == "code" and "check_" not in answer.source and "@checker" not in answer.source, \
                f"{cell_name(index + 1)}: the answer cell should hold only the learner's answer"
            assert check.cell_type == "code" and check.source.startswith("# Check your answer to Exercise "), \
                f"{cell_name(index + 2)}: an exercise's answer cell must be followed by its check cell"
            assert "@checker(" in check.source and "hide-input" in check.metadata.get("tags", []), \
                f"{cell_name(index + 2)}: the check cell registers its check with @checker and is folded (hide-input)"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_figure_captions_cite_nothing(path):
    """LaTeX cannot typeset a citation inside a caption (the PDF build stops): cite in the text beside it."""
    for i, cell in numbered_code_cells(load(path)):
        caption = cell.metadata.get("mystnb", {}).get("figure", {}).get("caption", "")
        assert "{cite" not in caption, f"{cell_name(i)}: a citation in the figure caption"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_glued_values_are_not_shown_as_bare_outputs(path):
    """A glued number belongs in the prose; stored with display=False it is not also shown as a lone output."""
    for i, cell in numbered_code_cells(load(path)):
        for out in cell.get("outputs", []):
            scrapbook = out.get("metadata", {}).get("scrapbook")
            if scrapbook:
                assert scrapbook.get("mime_prefix"), f"{cell_name(i)} glues {scrapbook['name']!r} with display=True"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cells_were_run_in_order_from_a_fresh_kernel(path):
    counts = [c.execution_count for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}: run `make execute`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_are_clean(path):
    for i, cell in numbered_code_cells(load(path)):
        for kind, text in output_texts(cell):
            assert kind != "error", f"{cell_name(i)} stored an error"
            found = MACHINE_PATH.search(text)
            assert not found, f"{cell_name(i)} shows a path of the build machine: {found and found[0]}"
            if kind == "stderr":
                assert not TF_LOG_LINE.search(text), f"{cell_name(i)} stored TensorFlow's C++ log lines"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_imports_are_available_on_colab(path):
    stdlib = set(sys.stdlib_module_names)
    for i, cell in numbered_code_cells(load(path)):
        tree = ast.parse(cell.source)
        optional = {id(node) for t in ast.walk(tree) if isinstance(t, ast.Try)
                    and any(getattr(h.type, "id", "") in {"ImportError", "ModuleNotFoundError"} for h in t.handlers)
                    for node in ast.walk(ast.Module(body=t.body, type_ignores=[]))}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in optional:
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for name in names:
                    top = name.split(".")[0]
                    assert top in stdlib or top in COLAB_PACKAGES, f"{cell_name(i)} imports {top!r}, which Colab lacks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_default_path_reads_no_files_and_no_network(path):
    for i, cell in numbered_code_cells(load(path)):
        if "skip-ci" in cell.metadata.get("tags", []):
            continue  # optional cells (real downloadable data sets) are marked and skipped in CI
        match = NETWORK_OR_FILE.search(cell.source)
        assert not match, f"{cell_name(i)} reads a file or the network ({match[0]!r}); embed or generate the data instead"


GLUE_ROLE = re.compile(r"\{(glue(?::\w*)?)\}`([^`]+)`")


def glued_names(nb):
    """The names of the values a notebook's stored outputs glue."""
    return {out.get("metadata", {}).get("scrapbook", {}).get("name")
            for cell in nb.cells for out in cell.get("outputs", [])} - {None}


def glue_roles(text):
    """The value names that the {glue} roles of a text refer to (a {glue:text} role's format spec removed)."""
    names = set()
    for role, key in GLUE_ROLE.findall(text):
        names.add(key.rpartition(":")[0] if role == "glue:text" and ":" in key else key)
    return names


def test_glue_roles_are_read_with_their_format():
    assert glue_roles("a {glue:text}`ratio:.2f`, {glue:}`count` and {glue}`plain`") == {"ratio", "count", "plain"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_glue_role_has_a_stored_value(path):
    """Each {glue} role in the notebook's text names a value that the notebook's stored outputs glue."""
    nb = load(path)
    missing = glue_roles(markdown(nb)) - glued_names(nb)
    assert not missing, f"the text uses glued values that no output stores: {sorted(missing)} (run `make execute`)"


def test_pages_glue_nothing():
    """Markdown pages have no outputs, so a {glue} role there could only reach into a notebook by path; the book
    keeps each glued value in the notebook that computes it."""
    for page in book_pages(suffixes=(".md",)):
        assert not GLUE_ROLE.search(page.read_text()), f"{page.relative_to(ROOT)} uses a glue role"


def test_every_citation_is_in_the_bibliography():
    keys = set(re.findall(r"^@\w+\{([^,]+),", (BOOK / "references.bib").read_text(), re.M))
    texts = [markdown(load(p)) for p in NOTEBOOKS] + [p.read_text() for p in book_pages(suffixes=(".md",))]
    texts += [json.dumps(cell.metadata) for p in NOTEBOOKS for cell in load(p).cells]  # figure captions
    cited = {key.strip() for text in texts for group in re.findall(r"\{cite:?\w*\}`([^`]+)`", text)
             for key in group.split(",")}
    assert cited, "no citations found"
    assert cited <= keys, f"cited but not in references.bib: {sorted(cited - keys)}"
    assert keys <= cited, f"in references.bib but cited nowhere (the references page lists only cited works): "\
                          f"{sorted(keys - cited)}"


def test_setup_cell_filters_the_shared_tensorflow_noise():
    """The setup cell keeps its own copy of the pattern (it cannot import tools/); it must be the shared one."""
    tree = ast.parse(SETUP_CELL)
    copy = next(node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                and getattr(node.targets[0], "id", "") == "TF_LOG_NOISE")
    assert ast.literal_eval(copy.args[0]) == TF_LOG_NOISE.pattern and not copy.keywords and len(copy.args) == 1


def test_code_passes_ruff():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "book", "tools", "tests", "conftest.py"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_chapter_code_is_formatted_to_the_site_column():
    """Readers see the chapters' code (and the shared cells) in a column of about 88 characters: one format, no
    sideways scrolling. `ruff format book tools/setup_cell.py tools/exercise_cell.py tools/shared_cells` fixes most
    findings."""
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["line-length"] == 88
    shown = ["book", "tools/setup_cell.py", "tools/exercise_cell.py", "tools/shared_cells"]
    result = subprocess.run([sys.executable, "-m", "ruff", "format", "--check", *shown],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_execution_report_covers_every_notebook():
    report = json.loads((BOOK / "appendix" / "execution-report.json").read_text())
    assert report, "the execution report is empty: run `make benchmark`"
    names = {str(path.relative_to(BOOK)) for path in NOTEBOOKS}
    assert any(names <= set(run["notebooks"]) for run in report.values()), \
        "no machine's table covers every notebook: run `make benchmark`"


NBVAL_MARKERS = {"NBVAL_IGNORE_OUTPUT", "NBVAL_CHECK_OUTPUT", "NBVAL_RAISES_EXCEPTION", "NBVAL_SKIP"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nbval_markers_are_recognised(path):
    """nbval only honours a marker that stands alone on its comment line; anything else is silently ignored."""
    for i, cell in numbered_code_cells(load(path)):
        for line in cell.source.splitlines():
            if "NBVAL_" in line and line.strip().startswith("#"):
                marker = line.strip().lstrip("#").strip()
                assert marker in NBVAL_MARKERS, f"{cell_name(i)}: {line.strip()!r} is not a marker nbval recognises"


def test_colab_versions_are_recorded_with_their_date():
    """The Colab-versions lane (`make test-colab`) pins what Colab ships, and says when that was read."""
    text = (ROOT / "tools" / "colab-versions.txt").read_text()
    assert re.search(r"^# Recorded \d{4}-\d\d-\d\d", text, re.M), "say when Colab's versions were read"
    pinned = dict(re.findall(r"^([\w-]+)==(\S+)$", text, re.M))
    assert {"torch", "tensorflow", "keras", "numpy", "scikit-learn", "matplotlib"} <= set(pinned)
    assert "myst-nb" not in pinned and "myst_nb" not in pinned, "Colab has no myst_nb"


MAX_CELL_LINES = 30


def is_data(node):
    """A literal made of constants only: a string, a number (or arithmetic on numbers), a record such as
    `Landmark("GPT-3", 2020, ...)` (a capitalised name called on such values), or a list, tuple, set or dict of
    such."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp):
        return is_data(node.operand)
    if isinstance(node, ast.BinOp):
        return is_data(node.left) and is_data(node.right)
    if isinstance(node, ast.Call):
        return (isinstance(node.func, ast.Name) and node.func.id[:1].isupper()
                and all(map(is_data, node.args)) and all(is_data(k.value) for k in node.keywords))
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return all(is_data(element) for element in node.elts)
    if isinstance(node, ast.Dict):
        return all(key is not None and is_data(key) for key in node.keys) and all(map(is_data, node.values))
    return False


def embedded_data_share(source):
    """The share of a cell's lines inside literals of five lines or more that hold only constants: an embedded
    text, or a table of numbers and names."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return 0.0
    spans = [node for node in ast.walk(tree) if isinstance(node, ast.expr) and is_data(node)
             and node.end_lineno - node.lineno >= 4]
    covered = {line for node in spans for line in range(node.lineno, node.end_lineno + 1)}
    return len(covered) / max(1, len(source.splitlines()))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_hold_one_idea(path):
    """A code cell is short enough to read as one step (at most 30 lines), an exercise's check cell included.
    The exceptions: the shared setup and answer-checking cells, and cells that mostly embed data (a text, a
    table, a quiz's sealed key)."""
    long = []
    for index, cell in numbered_code_cells(load(path)):
        lines = len(cell.source.splitlines())
        if lines <= MAX_CELL_LINES or cell.source.strip() in (SETUP_CELL, EXERCISE_CELL):
            continue
        if embedded_data_share(cell.source) >= 0.5:
            continue
        long.append(f"{cell_name(index)} ({lines} lines)")
    assert not long, f"code cells longer than {MAX_CELL_LINES} lines; split them, one idea each: {long}"


def test_embedded_data_is_recognised():
    text = 'CORPUS = """\n' + "a line\n" * 40 + '"""\nprint(len(CORPUS))'
    assert embedded_data_share(text) > 0.9 and embedded_data_share("x = 1\n" * 40) == 0
    table = "ROWS = [\n" + '    ("GPT-3", 2020, 1.75e11, -1),\n' * 40 + "]\nprint(len(ROWS))"
    assert embedded_data_share(table) > 0.9
    assert embedded_data_share("y = f(\n" + "    x,\n" * 10 + ")") == 0  # a call is code, not data
    records = "ROWS = [\n" + '    Row("GPT-3", 2020, 175 * 10**9),\n' * 40 + "]"
    assert embedded_data_share(records) > 0.9


def test_shared_cells_are_identical_wherever_they_are_used():
    """Each cell of tools/shared_cells/ is pasted unchanged (`python tools/shared_cells.py`) into at least two
    notebooks; a copy is a code cell that starts with the shared cell's first line."""
    import shared_cells

    assert shared_cells.shared_cells(), "no shared cells found"
    users = {first: [] for first in shared_cells.shared_cells()}
    for path in NOTEBOOKS:
        for index, cell, source in shared_cells.copies(load(path)):
            assert cell.source == source, f"{path.name}, {cell_name(index)}: run `python tools/shared_cells.py`"
            users[source.splitlines()[0]].append(path.name)
    for first, notebooks in users.items():
        assert len(set(notebooks)) >= 2, f"{first!r} is shared but used by {notebooks}"
