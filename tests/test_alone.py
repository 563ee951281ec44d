"""The 'alone' kernel that nbval runs every notebook in really is isolated (tests/alone_kernel.py)."""
import os

import pytest
from book_paths import NOTEBOOK_UNDER_TEST, ROOT, book_notebooks
from jupyter_client.manager import start_new_kernel

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
import subprocess, sys
child = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('pypi.org', 443), 5)"],
                       capture_output=True, text=True)
print("child network:", "blocked" if child.returncode != 0 and "blocked" in child.stderr else "open")
shell = subprocess.run("curl -sS --max-time 5 https://pypi.org || wget -q -T 5 -O - https://pypi.org", shell=True,
                       capture_output=True, text=True)
print("shell network:", "blocked" if shell.returncode != 0 else "open")
import numpy, torch, tensorflow, keras, sklearn, matplotlib
print("frameworks: importable")
"""


@pytest.fixture(scope="module")
def alone_kernel():
    """A kernel started exactly as nbval starts one, for the first chapter."""
    notebook = book_notebooks()[0]
    os.environ[NOTEBOOK_UNDER_TEST] = str(notebook)
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
    lines = printed.splitlines()
    assert lines.count("network: blocked") == 2 and "network: open" not in lines
    assert "child network: blocked" in printed, "a Python process the notebook starts can reach the network"
    assert "shell network: blocked" in printed, "a shell command the notebook runs can reach the network"
    assert "frameworks: importable" in printed
