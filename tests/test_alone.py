"""The 'alone' kernel that nbval runs every notebook in really is isolated (tests/alone_kernel.py)."""
import os
import pathlib

import pytest
from jupyter_client.manager import start_new_kernel

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROBE = r"""
import os, socket, urllib.request
print("files:", sorted(os.listdir(".")))
for module in ("myst_nb", "nbval", "jupyter_book", "sphinx"):
    try:
        __import__(module)
        print(module, "importable")
    except ModuleNotFoundError:
        print(module, "hidden")
for attempt in (lambda: socket.create_connection(("1.1.1.1", 443), timeout=2),
                lambda: urllib.request.urlopen("https://pypi.org", timeout=2)):
    try:
        attempt()
        print("network: open")
    except OSError:
        print("network: blocked")
import numpy, torch, tensorflow, keras, sklearn, matplotlib
print("frameworks: importable")
"""


@pytest.fixture(scope="module")
def alone_kernel():
    """A kernel started exactly as nbval starts one, for the first chapter."""
    notebook = next((ROOT / "book").glob("01_*.ipynb"))
    os.environ["BOOK_NOTEBOOK_UNDER_TEST"] = str(notebook)
    manager, client = start_new_kernel(kernel_name="book-alone", cwd=str(ROOT))
    yield client, notebook.name
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def run(client, code):
    """Execute code in the kernel and return what it printed."""
    printed = []
    client.execute_interactive(code, timeout=120,
                               output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
    return "".join(printed)


def test_alone_kernel_isolates_the_notebook(alone_kernel):
    client, notebook_name = alone_kernel
    printed = run(client, PROBE)
    assert f"files: [{notebook_name!r}]" in printed  # an empty folder holding only the notebook
    for module in ("myst_nb", "nbval", "jupyter_book", "sphinx"):
        assert f"{module} hidden" in printed
    assert printed.count("network: blocked") == 2 and "network: open" not in printed
    assert "frameworks: importable" in printed
