"""The reader edition (tools/reader_notebooks.py, `make notebooks`): what Colab and JupyterLab readers open.

- Unit tests of the conversion on small made-up notebooks.
- Every reader notebook that `make notebooks` writes: no MyST left, glued values as text, solutions folded,
  setup and check cells collapsed, Markdown that a CommonMark renderer shows without leftover markup.
Executing them is the Colab lane's job (`make test-colab`, with tests/reader_probe.py): every reader notebook runs
alone and offline with the versions Colab ships, and a last cell checks that every exercise and quiz check answers
malformed input with a sentence. The sources run in the pinned environment under nbval.
"""
import re

import nbformat
import pytest
import reader_notebooks
from book_paths import ROOT, toc_notebooks
from markdown_it import MarkdownIt
from myst_nb.core.variables import format_plain_text
from reader_notebooks import (
    Book,
    ChapterConverter,
    ConversionError,
    parse_blocks,
)

SOURCES = toc_notebooks()  # the chapters and the capstone starters
MYST_LEFTOVERS = ("{glue", "{cite", "{doc}", "{ref}", "{numref}", "{term}", "{eq}", ":::", "```{")


# --- Unit tests of the conversion -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def book():
    return Book(ROOT)


def convert_cells(book, tmp_path, cells, name="01_history.ipynb"):
    """Convert a made-up notebook that stands in for a chapter (so it is numbered as that chapter)."""
    nb = nbformat.v4.new_notebook(cells=cells)
    (tmp_path / "book").mkdir(exist_ok=True)
    path = tmp_path / "book" / name
    nbformat.write(nb, path)
    book.root = tmp_path
    try:
        return ChapterConverter(book, path).convert()
    finally:
        book.root = ROOT


def test_labelled_equations_are_numbered_and_referenced(book, tmp_path):
    nb = convert_cells(book, tmp_path, [
        nbformat.v4.new_markdown_cell("$$\na = b\n$$ (eq-first)\n\nand\n\n$$\nc = d\n$$ (eq-second)"),
        nbformat.v4.new_markdown_cell("By {eq}`eq-second` and {eq}`eq-first`."),
    ])
    assert "a = b\n\\tag{1}\n$$" in nb.cells[0].source and "c = d\n\\tag{2}\n$$" in nb.cells[0].source
    assert nb.cells[1].source.startswith("By (2) and (1).")
    with pytest.raises(ConversionError, match="no labelled equation"):
        convert_cells(book, tmp_path, [nbformat.v4.new_markdown_cell("See {eq}`eq-missing`.")])


def test_figure_and_section_references_become_numbers_and_links(book, tmp_path):
    figure = nbformat.v4.new_code_cell("plt.show()", metadata={"mystnb": {"figure": {
        "caption": "A curve.", "name": "fig-curve"}}})
    text = "As {numref}`fig-curve` shows, and {numref}`Panel of fig. {number} <fig-curve>`; {ref}`the derivation <lbl>`."
    saved = dict(book.targets)
    book.targets["lbl"] = ("book/04_activations", "Glorot's derivation")
    try:
        nb = convert_cells(book, tmp_path, [nbformat.v4.new_markdown_cell("# T"), figure,
                                            nbformat.v4.new_markdown_cell(text)])
    finally:
        book.targets = saved
    caption, prose = nb.cells[2].source, nb.cells[3].source
    number = re.match(r"\*Figure ([\d.]+)\.", caption).group(1)
    assert prose.startswith(f"As Figure {number} shows, and Panel of fig. {number};")
    assert f"[the derivation]({book.page('book/04_activations')}#lbl)." in prose
    with pytest.raises(ConversionError, match="names no figure"):
        convert_cells(book, tmp_path, [nbformat.v4.new_markdown_cell("See {numref}`fig-missing`.")])
    with pytest.raises(ConversionError, match="target"):
        convert_cells(book, tmp_path, [nbformat.v4.new_markdown_cell("See {ref}`missing-label`.")])


def glue_output(name, text):
    """A stored glue output as myst_nb writes it with display=False."""
    prefix = reader_notebooks.GLUE_MIME_PREFIX
    return nbformat.v4.new_output("display_data", data={f"{prefix}text/plain": text},
                                  metadata={"scrapbook": {"name": name, "mime_prefix": prefix}})


def test_parse_blocks_reads_fences_options_and_nesting():
    text = "before\n::::{admonition} Title\n:class: warning\nbody\n:::{dropdown} Inner\nx\n:::\n::::\nafter"
    blocks = parse_blocks(text)
    assert blocks[0] == "before" and blocks[-1] == "after"
    name, argument, options, body = blocks[1]
    assert (name, argument, options) == ("admonition", "Title", {"class": "warning"})
    assert body == "body\n:::{dropdown} Inner\nx\n:::"


def test_unclosed_directive_is_an_error():
    with pytest.raises(ConversionError):
        parse_blocks(":::{note}\nnever closed")


def test_glue_citations_terms_and_admonitions(book, tmp_path):
    code = nbformat.v4.new_code_cell("glue('ratio', 0.123456, display=False)",
                                     outputs=[glue_output("ratio", "0.123456")])
    text = ("# T\n\nRatio {glue:text}`ratio:.2f`, raw {glue:}`ratio`, by "
            "{cite:p}`mcculloch1943logical,rosenblatt1958perceptron` and {cite:t}`rosenblatt1958perceptron`; "
            "a {term}`perceptron`.\n\n"
            ":::{admonition} Source check\n:class: warning\nWrong, {cite:p}`mcculloch1943logical`.\n:::\n\n"
            "$$\nx = 1\n$$ (eq-one)\n\n```{bibliography}\n:filter: docname in docnames\n```")
    nb = convert_cells(book, tmp_path, [code, nbformat.v4.new_markdown_cell(text)])
    md = nb.cells[1].source
    assert "Ratio 0.12, raw 0.123456" in md
    assert "([McCulloch and Pitts, 1943](https://doi.org/10.1007/BF02478259); [Rosenblatt, 1958](" in md
    assert "[Rosenblatt (1958)](https://doi.org/10.1037/h0042519)" in md
    assert "[perceptron](https://" in md and "glossary.html#term-perceptron)" in md
    assert "> **Source check**\n>\n> Wrong, (" in md
    assert "$$\nx = 1\n\\tag{1}\n$$" in md and "eq-one" not in md
    assert "- Warren S. McCulloch, Walter Pitts (1943). *A Logical Calculus" in md
    assert nb.cells[0].outputs == [], "glue's hidden outputs are dropped"


def test_missing_glue_and_unknown_roles_are_errors(book, tmp_path):
    with pytest.raises(ConversionError, match="not stored"):
        convert_cells(book, tmp_path, [nbformat.v4.new_markdown_cell("# T\n{glue:}`absent`")])
    with pytest.raises(ConversionError, match="no reader-edition form"):
        convert_cells(book, tmp_path, [nbformat.v4.new_markdown_cell("# T\n{unknownrole}`x`")])


def test_exercises_solutions_and_collapsed_cells(book, tmp_path):
    cells = [
        nbformat.v4.new_markdown_cell("# T"),
        nbformat.v4.new_code_cell("print('setup')"),
        nbformat.v4.new_markdown_cell(":::{exercise} A NAND unit\n:label: ex-01_history-1\n\nChoose $w$.\n:::"),
        nbformat.v4.new_code_cell("answer = None"),
        nbformat.v4.new_code_cell("# Check your answer to Exercise 1.1\nprint('check')",
                                  metadata={"tags": ["hide-input"]}),
        nbformat.v4.new_markdown_cell(":::{solution-start} ex-01_history-1\n:class: dropdown\n:::\n\nNegate it."),
        nbformat.v4.new_code_cell("print(42)", outputs=[nbformat.v4.new_output("stream", text="42\n")]),
        nbformat.v4.new_markdown_cell(":::{solution-end}\n:::"),
        nbformat.v4.new_markdown_cell("## Summary"),
    ]
    nb = convert_cells(book, tmp_path, cells)
    sources = [cell.source for cell in nb.cells]
    assert sources[2] == "### Exercise 1.1: A NAND unit\n\nChoose $w$."
    assert sources[5].startswith("<details>\n<summary><b>Solution to Exercise 1.1</b>") and "Negate it." in sources[5]
    assert sources[5].rstrip().endswith("</details>")
    setup, answer, check, solution = nb.cells[1], nb.cells[3], nb.cells[4], nb.cells[6]
    for cell, title in ((setup, "#@title Setup"), (check, "#@title Check your answer to Exercise 1.1"),
                        (solution, "#@title Solution to Exercise 1.1")):
        assert cell.source.startswith(title)
        assert cell.metadata["cellView"] == "form" and cell.metadata["jupyter"]["source_hidden"]
    assert "cellView" not in answer.metadata and solution.outputs == []
    assert not any(":::" in source for source in sources), "the solution-end marker cell is dropped"


# --- The reader notebooks of the book ----------------------------------------------------------------


def commonmark_text(markdown):
    """The text a CommonMark renderer shows for the Markdown, with math, code and links' targets removed."""
    markdown = markdown.replace("\\$", "USD")  # an escaped dollar is text, not math
    without_math = re.sub(r"\$\$.*?\$\$|\$[^$]+?\$", " ", markdown, flags=re.S)  # inline math may span lines
    rendered = MarkdownIt("commonmark").render(without_math)
    rendered = re.sub(r"<code>.*?</code>|<pre>.*?</pre>", " ", rendered, flags=re.S)
    return re.sub(r"<[^>]+>", " ", rendered)


def solution_code_cell_count(source_nb):
    """How many code cells the source puts between a solution-start and its solution-end."""
    count, inside = 0, False
    for cell in source_nb.cells:
        if cell.cell_type == "markdown":
            if re.search(r"^:{3,}\{solution-start\}", cell.source, re.M):
                inside = True
            if re.search(r"^:{3,}\{solution-end\}", cell.source, re.M):
                inside = False
        elif inside:
            count += 1
    return count


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_reader_notebook_has_no_myst_and_folds_what_it_should(source, reader_notebooks_built):
    reader = nbformat.read(reader_notebooks_built / source.name, as_version=4)
    original = nbformat.read(source, as_version=4)
    markdown = "\n\n".join(cell.source for cell in reader.cells if cell.cell_type == "markdown")
    for leftover in MYST_LEFTOVERS:
        assert leftover not in markdown, f"MyST markup {leftover!r} left in the reader notebook"

    # Every glued value of the source appears as text, formatted as the role asks.
    glued = {}
    for cell in original.cells:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                glued[name] = "".join(next(iter(out["data"].values())))
    source_markdown = "\n".join(cell.source for cell in original.cells if cell.cell_type == "markdown")
    for role, key in re.findall(r"\{(glue:\w*)\}`([^`]+)`", source_markdown):
        name, _, spec = key.rpartition(":") if role == "glue:text" and ":" in key else (key, "", "")
        assert format_plain_text(glued[name], spec) in markdown, f"glued value {key} is not in the text"

    # Solutions: prose in <details>, code collapsed with no outputs; setup and check cells collapsed.
    exercises = len(re.findall(r"^:{3,}\{exercise\}", source_markdown, re.M))
    assert len(re.findall(r"^### Exercise \d+\.\d+: ", markdown, re.M)) == exercises
    assert len(re.findall(r"<details>\n<summary><b>Solution to Exercise", markdown)) == exercises
    assert markdown.count("<details>") == markdown.count("</details>")
    code = [cell for cell in reader.cells if cell.cell_type == "code"]
    solutions = [cell for cell in code if cell.source.startswith("#@title Solution to Exercise")]
    assert len(solutions) == solution_code_cell_count(original) >= exercises
    checks = [cell for cell in code if cell.source.startswith("#@title Check your answer to Exercise")]
    assert len(checks) == exercises, "one collapsed check cell per exercise"
    for cell in [code[0], *solutions, *checks]:
        assert cell.metadata.get("cellView") == "form" and cell.metadata["jupyter"]["source_hidden"]
    assert code[0].source.startswith("#@title Setup")
    assert all(cell.outputs == [] for cell in solutions), "a solution's output is visible"

    # The Markdown renders without leftover braces or fences.
    for cell in reader.cells:
        if cell.cell_type == "markdown":
            shown = commonmark_text(cell.source)
            assert not re.search(r"[{}]|:::|```", shown), f"leftover markup in: {shown[:300]!r}"
