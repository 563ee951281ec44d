"""After publishing: every chapter's page on the site and its reader notebook on GitHub resolve.

Usage: python3 tools/check_published.py   (standard library only, so it runs without the book's environment)
The Colab button opens https://colab.research.google.com/github/OWNER/REPO/blob/BRANCH/book/NAME.ipynb,
which Colab reads from GitHub; the raw file at the same place must be a reader notebook.
"""
import json
import re
import sys
import time
import urllib.request

from book_paths import ROOT, book_notebooks

CONFIG = (ROOT / "_config.yml").read_text()


def setting(name, default=None):
    """A scalar setting of _config.yml (the first line `name: value`)."""
    found = re.search(rf"^\s*{name}:\s*([^\s#]+)", CONFIG, re.M)
    return found.group(1).strip("\"'") if found else default


def fetch(url, tries=5):
    """The body at the address, retrying while a fresh deployment propagates."""
    for attempt in range(tries):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read()
        except OSError as error:
            if attempt == tries - 1:
                raise RuntimeError(f"{url}: {error}") from error
            time.sleep(20)


def main():
    owner, repo = setting("url").rstrip("/").split("/")[-2:]
    site = setting("baseurl") or f"https://{owner}.github.io/{repo}/"
    branch = setting("reader_notebooks_branch", "notebooks")
    chapters = [path.stem for path in book_notebooks()]  # every notebook has a page and a reader notebook
    failures = []
    for name in chapters:
        try:
            page = fetch(f"{site.rstrip('/')}/book/{name}.html").decode()
            if f"/blob/{branch}/book/{name}.ipynb" not in page:
                failures.append(f"{name}: the page's Colab button does not open the reader notebook")
            notebook = json.loads(fetch(f"https://raw.githubusercontent.com/{owner}/{repo}/{branch}/book/{name}.ipynb"))
            if notebook.get("nbformat") != 4 or "{glue" in json.dumps(notebook):
                failures.append(f"{name}: the notebook on {branch} is not a reader notebook")
        except RuntimeError as error:
            failures.append(str(error))
    for pdf in ("book.pdf",):
        try:
            if not fetch(f"{site.rstrip('/')}/{pdf}").startswith(b"%PDF"):
                failures.append(f"{pdf} on the site is not a PDF")
        except RuntimeError as error:
            failures.append(str(error))
    print("\n".join(failures) or f"{len(chapters)} chapters: pages, Colab notebooks and the PDF resolve")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
