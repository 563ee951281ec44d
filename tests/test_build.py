"""The HTML book builds from the stored outputs with warnings as errors, and shows what it should."""
import html as html_text
import pathlib
import re
import subprocess
import sys

import reader_notebooks
from book_paths import MACHINE_PATH, ROOT, TF_LOG_LINE, load_config, toc_notebooks
from reader_notebooks import site_address

CONFIG = load_config()
OUTPUT_BLOCK = re.compile(r'<div class="output[^"]*">(.*?)</div>', re.S)  # what a cell printed, not its code

# The `html` fixture (the book built once into a temporary folder, shared with tests/test_browser.py) is in
# conftest.py.


def test_history_page_is_rendered_with_figures_glue_and_citations(html):
    page = (html / "book" / "01_history.html").read_text()
    assert "History: from threshold logic to foundation models" in page
    assert len(re.findall(r'<img[^>]+src="[^"]+\.png"', page)) >= 3, "figures missing"
    assert 'class="pasted-text">100%</span>' in page, "glued XOR accuracy not rendered"
    assert "{glue" not in page and "{cite" not in page, "an unresolved role reached the page"
    assert "McCulloch" in page and 'id="id' in page, "citations not rendered"
    assert 'class="solution dropdown' in page and "Exercise 1.1" in page, "no folded solution"


def test_history_page_offers_colab_and_a_canonical_address(html):
    page = (html / "book" / "01_history.html").read_text()
    repo = CONFIG["repository"]["url"].removeprefix("https://github.com/")
    colab = re.search(r'https://colab\.research\.google\.com/github/[^"]+', page)
    assert colab, "no Colab launch link"
    branch = CONFIG["sphinx"]["config"].get("reader_notebooks_branch", "notebooks")  # the reader edition
    assert colab[0] == f"https://colab.research.google.com/github/{repo}/blob/{branch}/book/01_history.ipynb"
    assert "mybinder.org" not in page, "a Binder link, but the book has no Binder environment"
    assert f'<link rel="canonical" href="{site_address()}book/01_history.html"' in page, "no canonical address"
    assert "_sources/book/01_history.ipynb" in page, "no download-as-notebook button"
    assert "copybtn" in page or "copybutton" in page, "no copy buttons on code cells"


def printed_text(page_html):
    """The text of a page's cell outputs (the setup cell's code quotes the log pattern itself)."""
    return "\n".join(html_text.unescape(re.sub(r"<[^>]+>", "", block)) for block in OUTPUT_BLOCK.findall(page_html))


def test_pages_hold_no_build_machine_paths_or_tensorflow_logs(html):
    for page in html.rglob("*.html"):
        text = page.read_text()
        found = MACHINE_PATH.search(text)
        assert not found, f"{page.name} shows a machine path: {found and found[0]}"
        assert not TF_LOG_LINE.search(printed_text(text)), f"{page.name} shows TensorFlow's C++ log lines"


def test_printed_text_is_what_cells_print():
    page = '<div class="cell_input"><pre>r"^I\\d{4} "</pre></div><div class="output stream x">' \
           '<div class="highlight"><pre><span>I1130 06:19:16.123456 start</span>\n</pre></div></div>'
    assert printed_text(page).startswith("I1130 06:19:16.123456 start") and TF_LOG_LINE.search(printed_text(page))


def test_bibliography_glossary_and_report_pages_exist(html):
    assert "Rosenblatt" in (html / "book" / "appendix" / "references.html").read_text()
    glossary = (html / "book" / "appendix" / "glossary.html").read_text()
    assert "感知机" in glossary and "perceptron" in glossary
    assert "01_history.ipynb" in (html / "book" / "appendix" / "execution-report.html").read_text()


def test_jupyterlab_renders_myst_for_authors():
    """`make venv` installs jupyterlab-myst, compatible with the pinned JupyterLab, so sources render there."""
    jupyter = pathlib.Path(sys.executable).with_name("jupyter")
    listed = subprocess.run([str(jupyter), "labextension", "list"], capture_output=True, text=True)
    lines = [line for line in (listed.stdout + listed.stderr).splitlines() if "jupyterlab-myst" in line]
    assert lines and "enabled" in lines[0] and "OK" in lines[0], "\n".join(lines) or "jupyterlab-myst missing"


def test_figures_are_numbered_as_the_reader_edition_numbers_them(html):
    """The site's figure numbers (Sphinx's) and the reader edition's captions and {numref}s (the converter's) agree."""
    book = reader_notebooks.Book(ROOT)
    for path in toc_notebooks():
        document = path.relative_to(ROOT).with_suffix("").as_posix()
        on_site = re.findall(r'caption-number">Figure ([\d.]+)', (html / f"{document}.html").read_text())
        in_reader = [number for (doc, _), number in sorted(book.figure_numbers.items()) if doc == document]
        assert on_site == in_reader, f"{document}: the site numbers its figures {on_site}, the reader edition {in_reader}"
