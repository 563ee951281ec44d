"""The HTML book builds from the stored outputs with warnings as errors, and shows what it should."""
import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())

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


def test_history_page_offers_colab_and_binder(html):
    page = (html / "book" / "01_history.html").read_text()
    repo = CONFIG["repository"]["url"].removeprefix("https://github.com/")
    colab = re.search(r'https://colab\.research\.google\.com/github/[^"]+', page)
    assert colab, "no Colab launch link"
    branch = CONFIG["sphinx"]["config"].get("reader_notebooks_branch", "notebooks")  # the reader edition
    assert colab[0] == f"https://colab.research.google.com/github/{repo}/blob/{branch}/book/01_history.ipynb"
    assert "https://mybinder.org/v2/gh/" + repo in page, "no Binder launch link"
    assert "_sources/book/01_history.ipynb" in page, "no download-as-notebook button"
    assert "copybtn" in page or "copybutton" in page, "no copy buttons on code cells"


def test_pages_hold_no_build_machine_paths_or_tensorflow_logs(html):
    for page in html.rglob("*.html"):
        text = page.read_text()
        assert not re.search(r"(/work/|/root/|/tmp/|site-packages/)", text), f"{page.name} shows a machine path"
        assert not re.search(r"[IWE]\d{4} \d\d:\d\d:\d+\.\d+ |absl::InitializeLog\(\) is called", text), \
            f"{page.name} shows TF logs"


def test_bibliography_glossary_and_report_pages_exist(html):
    assert "Rosenblatt" in (html / "book" / "appendix" / "references.html").read_text()
    glossary = (html / "book" / "appendix" / "glossary.html").read_text()
    assert "感知机" in glossary and "perceptron" in glossary
    assert "01_history.ipynb" in (html / "book" / "appendix" / "execution-report.html").read_text()
