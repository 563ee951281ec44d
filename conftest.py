"""Test set-up: the "alone" kernel in which nbval runs every notebook (tests/alone_kernel.py), and the builds
that several test files share."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import pytest
from book_paths import NOTEBOOK_UNDER_TEST, ROOT

ALONE_KERNEL = "book-alone"
KERNEL_FOLDER = pytest.StashKey[pathlib.Path]()  # where this session registered it


def pytest_sessionstart(session):
    """Register the alone kernel for this test session only: a kernel spec in a temporary folder on
    JUPYTER_PATH."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="book-kernels-"))
    spec = folder / "kernels" / ALONE_KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(ROOT / "tests" / "alone_kernel.py"), "-f", "{connection_file}"],
        "display_name": "Python 3 (alone, offline, as on Colab)",
        "language": "python",
    }))
    os.environ["JUPYTER_PATH"] = os.pathsep.join([str(folder), os.environ.get("JUPYTER_PATH", "")])
    session.config.stash[KERNEL_FOLDER] = folder


def pytest_sessionfinish(session):
    folder = session.config.stash.get(KERNEL_FOLDER, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a notebook's kernel starts, tell it which notebook to copy into its empty folder."""
    if item.fspath.ext == ".ipynb":
        os.environ[NOTEBOOK_UNDER_TEST] = str(item.fspath)


@pytest.fixture(scope="session")
def html(tmp_path_factory):
    """Build the book once into a temporary folder; return the folder of its HTML (test_build, test_browser)."""
    out = tmp_path_factory.mktemp("book")
    jupyter_book = pathlib.Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jupyter_book), "build", str(ROOT), "--path-output", str(out),
                             "--warningiserror", "--keep-going"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return out / "_build" / "html"


def run_make(target):
    """Run one of the Makefile's targets as a reader or CI would; fail the test with its output if it fails."""
    result = subprocess.run(["make", "--no-print-directory", target], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


@pytest.fixture(scope="session")
def reader_notebooks_built():
    """Run `make notebooks` once (test_reader); return the folder it wrote."""
    run_make("notebooks")
    return ROOT / "_build" / "notebooks"


@pytest.fixture(scope="session")
def published_site():
    """Run `make site` once (test_publish): the folder the publishing workflow deploys."""
    run_make("site")
    return ROOT / "_build" / "site"
