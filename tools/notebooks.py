"""Run one of the book's notebooks in a fresh kernel (tools/execute.py, tools/benchmark.py)."""
import tempfile
import time
from collections.abc import Callable
from typing import Any, NamedTuple

import nbformat
from nbclient import NotebookClient


class Run(NamedTuple):
    """What executing a notebook gave."""

    notebook: nbformat.NotebookNode  # the notebook with its new outputs
    wall_s: float  # seconds from starting the kernel to the end of the last cell
    watched: Any  # what the watcher's stop function returned (None without a watcher)


def execute(path, timeout=600, watch_kernel: Callable[[int], Callable[[], Any]] | None = None) -> Run:
    """Execute a notebook top to bottom in a fresh kernel whose working folder is an empty temporary folder.

    `watch_kernel(kernel_pid)`, if given, is called once the kernel has started, before the first cell, and
    returns a stop function, which is called after the last cell; what it returns is `Run.watched`.
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
        watched = None
        with client.setup_kernel():
            # Run the cells here rather than with client.execute(), so the kernel is still alive afterwards.
            info = client.wait_for_reply(client.kc.kernel_info())
            nb.metadata["language_info"] = info["content"]["language_info"]
            stop_watching = watch_kernel(client.km.provisioner.process.pid) if watch_kernel else None
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            if stop_watching is not None:
                watched = stop_watching()
        wall = time.perf_counter() - start
    return Run(nb, wall, watched)
