"""Sphinx extension for the HTML book (`sphinx: local_extensions` in _config.yml).

- Readers get the reader edition (tools/reader_notebooks.py): every HTML build (`make book`, or
  `jupyter-book build` as the tests run it) writes each chapter's reader notebook over the page's `.ipynb`
  download (`_sources/book/01_history.ipynb`), and `notebooks.zip` at the root of the site holds every reader
  notebook under its path in the repository (`course-book/book/01_history.ipynb`). Each page's download menu
  links the archive beside the page's own `.ipynb`. The same notebooks give the same bytes.
- The Colab launch button opens the reader notebook: its address names the branch `reader_notebooks_branch`
  (default `notebooks`), to which the publishing workflow writes the reader notebooks under the same paths.
- Canonical addresses: `html_baseurl` defaults to the published site, GitHub Pages of the repository in
  _config.yml (`https://OWNER.github.io/REPO/`), so every page names its canonical URL; the download menu
  offers the PDF edition (`book.pdf`, put beside the pages by `make site`) and, on a chapter's page, the
  chapter's slides (`slides/<chapter>.slides.html`, written by `make slides` and published by `make site`).
- Each inline script once: sphinx-thebe 0.3.1 registers its configuration script (`const THEBE_JS_URL = ...`)
  twice, once with no file name as None and once as "", which Sphinx does not see as the same script; a page
  that declares a `const` twice stops with "Identifier 'THEBE_JS_URL' has already been declared" in the
  reader's console. Repeated script entries are dropped from each page.
- static/book-accessibility.js and static/book.css on every page: repairs of the theme's, Sphinx's and
  sphinx-exercise's markup and colours that axe-core finds serious or critical (see those files).
tests/test_browser.py checks all of this in a browser.
"""
import pathlib
import tempfile
import zipfile

import reader_notebooks  # tools/ is on the path as the folder of this local extension
from book_paths import chapter_notebooks

ARCHIVE = "notebooks.zip"
PDF = "book.pdf"  # the PDF edition, which `make site` puts at the root of the published site
FOLDER = "course-book"  # the one folder the archive unpacks into
STATIC = pathlib.Path(__file__).resolve().parent / "static"


def write_reader_edition(app, exception):
    """Put the reader notebooks where the site offers notebooks: each page's .ipynb and notebooks.zip."""
    if exception is not None or app.builder.format != "html":
        return
    srcdir, outdir = pathlib.Path(app.srcdir), pathlib.Path(app.outdir)
    with tempfile.TemporaryDirectory() as folder:
        readers = {path.name: path for path in reader_notebooks.write_reader_notebooks(folder, srcdir)}
        found = []
        for docname in app.env.found_docs:
            path = pathlib.Path(app.env.doc2path(docname))
            if path.suffix == ".ipynb":
                reader = readers[path.name]  # every notebook is a chapter with a reader edition
                relative = path.relative_to(srcdir).as_posix()
                (outdir / "_sources" / relative).write_bytes(reader.read_bytes())
                found.append((f"{FOLDER}/{relative}", reader))
        write_archive(outdir, sorted(found))


def write_archive(outdir, notebooks):
    """notebooks.zip with the given (name in the archive, path on disk) pairs."""
    with zipfile.ZipFile(outdir / ARCHIVE, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in notebooks:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # fixed, so the bytes repeat
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


DOWNLOADS = (  # (file at the site's root, menu text, tooltip, icon, label)
    (ARCHIVE, "all notebooks (.zip)", "Download every chapter's notebook in one archive", "fas fa-file-zipper",
     "download-all-notebooks-button"),
    (PDF, "the book (.pdf)", "Download the whole book as a PDF", "fas fa-file-pdf", "download-book-pdf-button"),
)


SLIDES = "slides"  # the folder of the chapters' reveal.js decks, put beside the pages by `make site`


def add_archive_to_download_menu(app, pagename, templatename, context, doctree):
    """Offer the archive and the PDF in the page's download menu, which sphinx-book-theme fills just before,
    and on a chapter's page its slides."""
    downloads = list(DOWNLOADS)
    chapters = {path.stem for path in chapter_notebooks(pathlib.Path(app.srcdir))}
    stem = pagename.rsplit("/", 1)[-1]
    if stem in chapters:
        downloads.append((f"{SLIDES}/{stem}.slides.html", "slides (.html)", "This chapter as reveal.js slides",
                          "fas fa-chalkboard", "download-slides-button"))
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"] += [{"type": "link", "url": context["pathto"](file, 1), "text": text,
                                   "tooltip": tooltip, "icon": icon, "label": label}
                                  for file, text, tooltip, icon, label in downloads]


def set_canonical_address(app, config):
    """Give pages canonical URLs on the published site unless _config.yml sets html: baseurl: itself."""
    if not config.html_baseurl:
        config.html_baseurl = reader_notebooks.site_address(pathlib.Path(app.srcdir))


def launch_reader_notebooks(app, pagename, templatename, context, doctree):
    """Point the Colab button at the reader notebook on the branch the publishing workflow writes."""
    branch, reader_branch = app.config.html_theme_options.get("repository_branch", "main"), \
        app.config.reader_notebooks_branch
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if isinstance(group, dict) else []:
            url = button.get("url", "")
            if url.startswith("https://colab.research.google.com/") and f"/blob/{branch}/" in url:
                button["url"] = url.replace(f"/blob/{branch}/", f"/blob/{reader_branch}/", 1)


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    unique, seen = [], set()
    for script in context.get("script_files", []):
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def add_static_path(app):
    app.config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("builder-inited", add_static_path)
    app.add_js_file("book-accessibility.js")
    app.add_css_file("book.css")
    app.add_config_value("reader_notebooks_branch", "notebooks", "html")
    app.connect("config-inited", set_canonical_address)
    app.connect("html-page-context", add_archive_to_download_menu, priority=502)
    app.connect("html-page-context", launch_reader_notebooks, priority=502)
    app.connect("html-page-context", drop_repeated_scripts)
    app.connect("build-finished", write_reader_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
