"""The built book in a real browser: every page as a reader gets it, checked in Chromium and by axe-core.

The site built by the `html` fixture (conftest.py, shared with test_build.py) is served on 127.0.0.1 and
opened in Debian's Chromium, headless, driven by Playwright. The `visits` fixture loads every page of the
table of contents, and the search page asked for "cross-entropy", once each (two at a time), and records
what the tests below check: no page or console errors and no failed requests; math typeset by MathJax; every
image loaded, and every figure described by alt text or a caption; no axe-core violation of serious or
critical impact, colour contrast included, in the light theme and (contrast) in the dark theme; on chapter
pages (the toc's notebooks) a Colab launch link to the chapter's reader notebook and a download of its reader
edition, every solution's code and output inside its closed dropdown, and a full-page screenshot, saved under
_build/browser/screenshots/ (not committed). The search page must find "cross-entropy", the glossary's and
the references' links must resolve, and the site must offer the whole book's notebooks as one archive.
The figures' colours, which need no browser, are checked in test_colour_vision.py.
"""
import asyncio
import dataclasses
import functools
import http.server
import json
import os
import pathlib
import re
import shutil
import threading
import urllib.parse
import urllib.request
import zipfile

import nbformat
import pytest
import reader_notebooks
from book_paths import ROOT, load_config, toc_documents

CONFIG = load_config()
READER_BRANCH = CONFIG["sphinx"]["config"].get("reader_notebooks_branch", "notebooks")
NODE_MODULES = ROOT / "tools" / "browser" / "node_modules"
SCREENSHOTS = ROOT / "_build" / "browser" / "screenshots"
MATHJAX_CDN = "https://cdn.jsdelivr.net/npm/mathjax@3/"  # Sphinx's default mathjax_path, in every math page
# Playwright starts Chromium with a fresh, empty --user-data-dir of its own, and with --no-sandbox.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES_AT_ONCE = 2  # pages loaded side by side: the machine has two cores
FAILING_IMPACTS = {"serious", "critical"}  # axe findings of "moderate" and "minor" impact are printed only
SEARCH = "search.html?q=cross-entropy"

DOCUMENTS = toc_documents()
CHAPTERS = [document for document in DOCUMENTS if (ROOT / f"{document}.ipynb").exists()]  # the notebooks
PAGES = [*DOCUMENTS, "search"]


def address(document):
    return SEARCH if document == "search" else f"{document}.html"


def chromium():
    for candidate in (os.environ.get("BOOK_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate:
            return candidate
    pytest.fail("Chromium is not installed: run `make browser` (Debian's chromium package), or set BOOK_CHROMIUM")


# ----------------------------------------------------------------------------------------------------------
# The site, and one visit of each page


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(html):
    """The built site served on 127.0.0.1: its base address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def visits(site):
    """{page: what it showed}, each page loaded once in Chromium."""
    for asset in ("axe-core/axe.min.js", "mathjax/es5/tex-mml-chtml.js"):
        if not (NODE_MODULES / asset).exists():
            pytest.fail(f"{NODE_MODULES / asset} is missing: run `make browser` (npm ci in tools/browser)")
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return asyncio.run(visit_all(site))


async def visit_all(site):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        axe = (NODE_MODULES / "axe-core" / "axe.min.js").read_text()
        at_once = asyncio.Semaphore(PAGES_AT_ONCE)

        async def one(document):  # each page in a fresh context: a reader's first visit, nothing stored
            async with at_once:
                context = await browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
                await context.route(lambda url: not url.startswith(site), answer_from_outside)
                seen = await visit(context, site, document, axe)
                await context.close()
                return document, seen

        found = dict(await asyncio.gather(*(one(document) for document in PAGES)))
        await browser.close()
    return found


async def answer_from_outside(route):
    """Requests that would leave the machine: MathJax's CDN from node_modules, the rest refused."""
    url = route.request.url
    file = NODE_MODULES / "mathjax" / urllib.parse.urlsplit(url).path.removeprefix("/npm/mathjax@3/")
    if url.startswith(MATHJAX_CDN) and file.is_file():
        await route.fulfill(path=file)
    else:
        await route.abort("blockedbyclient")


@dataclasses.dataclass
class PageVisit:
    """What one page showed in Chromium; the tests below read it."""

    status: int | None = None
    error: str | None = None  # why the page could not be looked at, if it could not
    console_errors: list = dataclasses.field(default_factory=list)
    page_errors: list = dataclasses.field(default_factory=list)
    failed_requests: list = dataclasses.field(default_factory=list)
    outside: list = dataclasses.field(default_factory=list)  # requests that would leave the site
    seconds: dict = dataclasses.field(default_factory=dict)  # time spent on each look, for the log
    has_mathjax: bool = False
    math: dict = dataclasses.field(default_factory=dict)
    images: list = dataclasses.field(default_factory=list)
    solutions: list = dataclasses.field(default_factory=list)
    launch: dict = dataclasses.field(default_factory=dict)  # launch button name -> address
    launch_visible: bool = False
    downloads: dict = dataclasses.field(default_factory=dict)  # download button class -> address
    links: list = dataclasses.field(default_factory=list)
    search_results: list = dataclasses.field(default_factory=list)
    axe: list = dataclasses.field(default_factory=list)
    axe_dark: list = dataclasses.field(default_factory=list)

    def listen(self, page, site):
        """Record the page's errors, failed requests and requests out of the site as they happen."""
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("request", lambda request: self.on_request(request, site))
        page.on("requestfailed", lambda request: self.failed_requests.append(f"{request.url}: {request.failure}"))
        page.on("response", self.on_response)

    def on_console(self, message):
        if message.type == "error":
            self.console_errors.append(f"{message.text} (at {message.location.get('url', '')})")

    def on_request(self, request, site):
        if not request.url.startswith((site, MATHJAX_CDN, "data:")):
            self.outside.append(request.url)

    def on_response(self, response):
        if response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")


async def visit(context, site, document, axe):
    seen = PageVisit()
    page = await context.new_page()
    seen.listen(page, site)
    try:
        response = await page.goto(site + address(document), wait_until="load")
        seen.status = response.status
        if response.ok:
            await look(page, document, seen, axe)
        else:
            seen.error = f"{document}: HTTP {response.status}"
    except Exception as error:  # one page's failure is reported by its own tests
        seen.error = f"{type(error).__name__}: {error}"
    await page.close()
    return seen


async def look(page, document, seen, axe):
    """Look at a loaded page in the order a reader would, timing each look."""
    clock = asyncio.get_running_loop().time
    start = clock()

    def lap(name):
        nonlocal start
        seen.seconds[name], start = round(clock() - start, 2), clock()

    seen.has_mathjax, seen.math = await typeset_math(page)
    lap("math")
    seen.images = await images(page)
    lap("images")
    seen.solutions = await solutions(page)
    if document in CHAPTERS:  # as the reader first sees it, before the menus below are opened
        await page.screenshot(path=SCREENSHOTS / f"{document.replace('/', '__')}.jpg", full_page=True,
                              type="jpeg", quality=80)
        lap("screenshot")
    seen.launch, seen.launch_visible = await launch_menu(page)
    seen.downloads = await download_menu(page)
    seen.links = await page.eval_on_selector_all(".bd-article a[href]", "links => links.map(a => a.href)")
    lap("menus")
    if document == "search":
        seen.search_results = await search_results(page)
    seen.axe = await accessibility(page, axe)
    lap("axe")
    seen.axe_dark = await contrast_in_dark_theme(page)
    lap("axe dark")


async def typeset_math(page):
    """(whether the page loads MathJax, what became of its math): pages with math wait for MathJax."""
    has_mathjax = await page.locator("script[src*='mathjax']").count() > 0
    if has_mathjax:
        await page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        await page.evaluate("() => MathJax.startup.promise.then(() => true)")
    math = await page.evaluate("""() => {
        const all = [...document.querySelectorAll('.bd-article .math')];
        const untypeset = all.filter(el => !el.querySelector('mjx-container')).map(el => el.textContent.slice(0, 80));
        const errors = [...document.querySelectorAll('mjx-merror')].map(el => el.textContent.slice(0, 80));
        const prose = document.querySelector('.bd-article')?.cloneNode(true);
        let raw = [];
        if (prose) {
            prose.querySelectorAll('pre, code, script, style, mjx-container, .highlight').forEach(el => el.remove());
            const delimiters = /.{0,40}(\\$\\$|\\\\\\(|\\\\\\[|\\\\begin\\{).{0,40}/gs;
            raw = [...prose.textContent.matchAll(delimiters)].map(m => m[0]);
        }
        return {count: all.length, untypeset, errors, raw};
    }""")
    return has_mathjax, math


async def images(page):
    """Every image, loaded now (lazy ones too): whether it loaded and what describes it."""
    return await page.evaluate("""async () => {
        const images = [...document.querySelectorAll('img')];
        images.forEach(img => { img.loading = 'eager'; });
        await Promise.all(images.map(img => img.complete ? null :
            new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })));
        return images.map(img => ({
            src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0,
            alt: img.getAttribute('alt'), in_article: !!img.closest('.bd-article'),
            caption: img.closest('figure')?.querySelector('figcaption')?.textContent.trim() || ''}));
    }""")


async def solutions(page):
    """Each solution dropdown as the page loads, closed: its title and how much of its code and output shows."""
    return await page.evaluate("""() => [...document.querySelectorAll('.bd-article .solution')].map(el => ({
        title: el.querySelector('.admonition-title')?.textContent.trim(),
        outputs: el.querySelectorAll('.cell_output').length,
        visible: [...el.querySelectorAll('.cell_input, .cell_output')]
            .filter(part => part.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
                            && part.getBoundingClientRect().height > 0).length}))""")


async def launch_menu(page):
    """({launch button name: address}, whether each showed), opening the menu with a click as a reader does."""
    launch, visible = {}, []
    button = page.locator(".dropdown-launch-buttons > button")
    if await button.count():
        await button.click()
        for name, prefix in (("colab", "https://colab.research.google.com/"), ("binder", "https://mybinder.org/")):
            link = page.locator(f".dropdown-launch-buttons a[href^='{prefix}']")
            if await link.count() == 1:
                launch[name] = await link.get_attribute("href")
                visible.append(await link.is_visible())
        await page.keyboard.press("Escape")
    return launch, bool(visible) and all(visible)


async def download_menu(page):
    """{download button class: address}."""
    return await page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('.dropdown-download-buttons a')].map(a =>
            [[...a.classList].find(c => c.startsWith('btn-download-')), a.href]))""")


async def search_results(page):
    """The addresses the search page lists once its search has run."""
    await page.wait_for_function("() => document.querySelector('#search-results h2')?.textContent"
                                 " === 'Search Results'", timeout=30_000)
    return await page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")


AXE_RUN = "options => axe.run(document, options).then(result => result.violations)"


async def accessibility(page, axe):
    """axe-core's violations on the page as loaded, in the light theme."""
    await page.add_script_tag(content=axe)
    return await page.evaluate(AXE_RUN, {"resultTypes": ["violations"]})


async def contrast_in_dark_theme(page):
    """axe-core's colour-contrast violations in the dark theme (after `accessibility`, which loads axe)."""
    # The theme fades colours in 0.15 s; without transitions axe reads the dark theme's colours, not a blend.
    await page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    await page.emulate_media(color_scheme="dark")  # as a reader whose system prefers dark: the theme follows
    await page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")
    return await page.evaluate(AXE_RUN, {"resultTypes": ["violations"],
                                         "runOnly": {"type": "rule", "values": ["color-contrast"]}})


def describe(violations):
    return "\n".join(
        f"{violation['impact']} {violation['id']} ({violation['help']}): {node['target']} {node['html'][:200]}"
        for violation in violations for node in violation["nodes"])


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


# ----------------------------------------------------------------------------------------------------------
# Every page


@pytest.mark.parametrize("document", PAGES)
def test_page_loads_without_errors(visits, document):
    seen = visits[document]
    print(f"{document}: seconds {seen.seconds}")
    assert seen.error is None, seen.error
    assert seen.status == 200
    assert not seen.page_errors, f"uncaught script errors: {seen.page_errors}"
    assert not seen.console_errors, f"console errors: {seen.console_errors}"
    assert not seen.outside, f"the page fetches from outside the site: {seen.outside}"
    assert not seen.failed_requests, f"failed requests: {seen.failed_requests}"


@pytest.mark.parametrize("document", PAGES)
def test_math_is_typeset(visits, document):
    seen = visits[document]
    assert seen.error is None, seen.error
    assert not seen.math["untypeset"], f"math left untypeset: {seen.math['untypeset']}"
    assert not seen.math["errors"], f"MathJax could not typeset: {seen.math['errors']}"
    assert not seen.math["raw"], f"raw TeX or $$ in the text: {seen.math['raw']}"
    assert seen.has_mathjax or not seen.math["count"]


def meaningful(alt, src):
    """Alt text that describes: not empty, not the file's name (MyST-NB's default), not a placeholder."""
    alt = (alt or "").strip()
    if len(alt) < 3 or alt == src or re.search(r"\.(png|jpe?g|gif|svg|webp)$", alt, re.IGNORECASE):
        return False
    return alt.lower() not in {"image", "figure", "plot", "png", "output", "chart"}


@pytest.mark.parametrize("document", PAGES)
def test_every_image_loads_and_every_figure_is_described(visits, document):
    seen = visits[document]
    assert seen.error is None, seen.error
    broken = [image["src"] for image in seen.images if not image["loaded"]]
    assert not broken, f"images that do not load: {broken}"
    undescribed = [image["src"] for image in seen.images
                   if image["in_article"] and not image["caption"] and not meaningful(image["alt"], image["src"])]
    assert not undescribed, ("figures with neither alt text nor a caption (give the cell metadata "
                             f"mystnb: image: alt, or mystnb: figure: caption): {undescribed}")


@pytest.mark.parametrize("document", PAGES)
def test_no_serious_accessibility_violation(visits, document):
    seen = visits[document]
    assert seen.error is None, seen.error
    for violation in seen.axe:
        if violation["impact"] not in FAILING_IMPACTS:
            print(f"{document}: {violation['impact']} {violation['id']}: {len(violation['nodes'])} element(s)")
    failing = [violation for violation in seen.axe if violation["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe-core, light theme:\n{describe(failing)}"
    failing = [violation for violation in seen.axe_dark if violation["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe-core, dark theme:\n{describe(failing)}"


# ----------------------------------------------------------------------------------------------------------
# Chapters: launch, download, screenshot


@functools.cache
def reader_edition(document):
    """The chapter's reader notebook (tools/reader_notebooks.py), as JSON."""
    book = reader_notebooks.Book(ROOT)
    return json.loads(nbformat.writes(reader_notebooks.ChapterConverter(book, ROOT / f"{document}.ipynb").convert()))


def notebook_path(document):
    """The chapter's notebook as a path in the repository."""
    return (pathlib.PurePosixPath(CONFIG["repository"].get("path_to_book") or ".") / f"{document}.ipynb").as_posix()


@pytest.mark.parametrize("document", CHAPTERS)
def test_chapter_launches_its_reader_notebook_in_colab(visits, document):
    seen = visits[document]
    assert seen.error is None, seen.error
    repo = CONFIG["repository"]["url"].removeprefix("https://github.com/")
    notebook = notebook_path(document)
    assert (ROOT / notebook).is_file()
    # Colab opens the reader edition, which the publishing workflow writes to its own branch.
    assert seen.launch.get("colab") == \
        f"https://colab.research.google.com/github/{repo}/blob/{READER_BRANCH}/{notebook}"
    assert "binder" not in seen.launch, "no Binder button: the book has no Binder environment (see _config.yml)"
    assert seen.launch_visible, "the launch menu does not show the Colab link when clicked"
    assert (SCREENSHOTS / f"{document.replace('/', '__')}.jpg").stat().st_size > 10_000


@pytest.mark.parametrize("document", CHAPTERS)
def test_chapter_downloads_as_its_notebook(visits, document):
    seen = visits[document]
    assert seen.error is None, seen.error
    notebooks = [url for url in seen.downloads.values() if url.endswith(f"/_sources/{document}.ipynb")]
    assert notebooks, f"no .ipynb download: {seen.downloads}"
    assert json.loads(fetch(notebooks[0])) == reader_edition(document), "the download is not the reader notebook"


@pytest.mark.parametrize("document", CHAPTERS)
def test_solutions_keep_their_code_and_output_folded(visits, document):
    seen = visits[document]
    assert seen.error is None, seen.error
    source = nbformat.read(ROOT / f"{document}.ipynb", as_version=4)
    exercises = sum(len(re.findall(r"^:{3,}\{exercise\}", cell.source, re.M))
                    for cell in source.cells if cell.cell_type == "markdown")
    outputs, inside = 0, False
    for cell in source.cells:
        if cell.cell_type == "markdown":
            inside = bool(re.search(r"^:{3,}\{solution-start\}", cell.source, re.M)) or (
                inside and not re.search(r"^:{3,}\{solution-end\}", cell.source, re.M))
        elif inside and cell.outputs:
            outputs += 1
    assert len(seen.solutions) == exercises, f"{len(seen.solutions)} solution dropdowns for {exercises} exercises"
    assert sum(solution["outputs"] for solution in seen.solutions) == outputs, "a solution's output is outside it"
    shown = [solution["title"] for solution in seen.solutions if solution["visible"]]
    assert not shown, f"solutions whose code or output shows with the dropdown closed: {shown}"


def test_whole_book_downloads_as_one_archive_of_its_notebooks(visits, tmp_path):
    archives = {visits[document].downloads.get("btn-download-all-notebooks-button") for document in DOCUMENTS}
    assert len(archives) == 1 and None not in archives, f"every page links the one archive: {archives}"
    (tmp_path / "notebooks.zip").write_bytes(fetch(archives.pop()))
    with zipfile.ZipFile(tmp_path / "notebooks.zip") as archive:
        assert archive.namelist() == sorted(f"course-book/{chapter}.ipynb" for chapter in CHAPTERS)
        for chapter in CHAPTERS:
            assert json.loads(archive.read(f"course-book/{chapter}.ipynb")) == reader_edition(chapter)


# ----------------------------------------------------------------------------------------------------------
# Search, glossary, references


def test_search_finds_cross_entropy(visits):
    seen = visits["search"]
    assert seen.error is None, seen.error
    assert seen.search_results, "no result for cross-entropy"
    pages = {urllib.parse.urldefrag(result)[0] for result in seen.search_results}
    assert any(b"cross-entropy" in fetch(page) for page in pages), pages


@pytest.mark.parametrize("document", ["book/appendix/glossary", "book/appendix/references"])
def test_links_resolve(visits, site, document):
    seen = visits[document]
    assert seen.error is None, seen.error
    assert seen.links, "no links"
    pages, broken = {}, []
    for link in sorted(set(seen.links)):
        parts = urllib.parse.urlsplit(link)
        if not link.startswith(site):  # the machine is offline: a link out must at least be a web address
            if not (parts.scheme in ("https", "http") and parts.netloc) and parts.scheme != "mailto":
                broken.append(f"{link}: not a web address")
            continue
        target = urllib.parse.urlunsplit(parts._replace(fragment=""))
        if target not in pages:
            try:
                pages[target] = fetch(target).decode()
            except OSError:
                pages[target] = None
        anchor = urllib.parse.unquote(parts.fragment)
        if pages[target] is None:
            broken.append(f"{link}: no such page")
        elif anchor and not re.search(rf'\bid="{re.escape(anchor)}"', pages[target]):
            broken.append(f"{link}: no such anchor")
    assert not broken, "\n".join(broken)
