"""Shared helpers for the authoring tools: find the book's notebooks and run one in a fresh kernel."""
import pathlib
import re
import tempfile
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"

# TensorFlow's C++ start-up lines; they must never be stored in a notebook or shown in the book.
TF_LOG_LINE = re.compile(r"(^[IWE]\d{4} \d\d:\d\d:\d+\.\d+ |absl::InitializeLog|oneDNN custom operations)", re.M)


def book_notebooks():
    """Every notebook under book/, in file-name order."""
    return sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts)


def execute(path, timeout=600, monitor=None):
    """Execute a notebook top to bottom in a fresh kernel whose working folder is an empty temporary folder.

    `monitor(kernel_pid)`, if given, is called once the kernel has started and returns a function that is
    called after the last cell. Returns (executed notebook, wall seconds, what that function returned).
    """
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    with tempfile.TemporaryDirectory(prefix="chapter-run-") as workdir:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": workdir}})
        start = time.perf_counter()
        extra = None
        with client.setup_kernel():
            # Run the cells here rather than with client.execute(), so the kernel is still alive afterwards.
            info = client.wait_for_reply(client.kc.kernel_info())
            nb.metadata["language_info"] = info["content"]["language_info"]
            finish = monitor(client.km.provisioner.process.pid) if monitor is not None else None
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            if finish is not None:
                extra = finish()
        wall = time.perf_counter() - start
    return nb, wall, extra
