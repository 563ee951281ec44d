"""Execution report: run each notebook in a fresh kernel and record wall time, peak memory and device.

Usage: python tools/benchmark.py [NOTEBOOK ...]   (default: every notebook under book/)
Results for this machine replace its earlier results in book/appendix/execution-report.json, and
book/appendix/execution-report.md is rewritten from that file, one table per machine.
A benchmark, not a test: the notebooks' stored outputs are left untouched.
"""
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
from importlib.metadata import version

import psutil
from book_paths import BOOK, ROOT, book_notebooks
from notebooks import execute

REPORT_JSON = BOOK / "appendix" / "execution-report.json"
REPORT_MD = BOOK / "appendix" / "execution-report.md"
CHAPTER_BUDGET_S, CHAPTER_BUDGET_MB, BOOK_BUDGET_S = 60, 3 * 1024, 600
MEMORY_METHODS = {"kernel": "peak memory of the kernel process alone (its child processes not counted)",
                  "tree": "peak memory of the kernel and its child processes together"}


def peak_memory_mb(pid):
    """Peak resident memory of a process (Linux /proc VmHWM), in MB; None where unavailable."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def tree_memory_monitor(pid, every_s=0.05):
    """Sample the resident memory of a kernel and all its descendants (e.g. 5.3's torchrun workers).

    Returns a function, to call after the last cell, that stops the sampling and gives the peak in MB: the largest sum seen over the whole
    process tree, or the kernel's own recorded peak if that is larger (a spike between two samples).
    """
    kernel, peak, done = psutil.Process(pid), [0.0], threading.Event()

    def sample():
        while not done.is_set():
            total = 0
            for process in [kernel, *kernel.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:  # the process ended between listing and reading
                    pass
            peak[0] = max(peak[0], total / 2**20)
            done.wait(every_s)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()

    def finish():
        own = peak_memory_mb(pid) or 0.0
        done.set()
        thread.join()
        return max(peak[0], own) or None

    return finish


def cpu_model():
    """The processor's model name."""
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def gpu_name():
    """Name of the first NVIDIA GPU, or None."""
    if shutil.which("nvidia-smi"):
        out = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
                             capture_output=True, text=True).stdout.strip()
        return out.splitlines()[0] if out else None
    return None


def machine_description():
    """A one-line description of this machine, used as the key of its table."""
    gpu = gpu_name()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu_model()}, {cores} cores" + (f", GPU: {gpu}" if gpu else ", no GPU")


def write_markdown(report):
    """Render the JSON report as the appendix page."""
    lines = [
        "# Execution report",
        "",
        "How long each chapter takes to execute from a fresh kernel, how much memory it needs, and on what",
        "machine. Written by `make benchmark` (`tools/benchmark.py`); each run replaces that machine's table.",
        f"Budgets: each chapter at most {CHAPTER_BUDGET_S} s and {CHAPTER_BUDGET_MB // 1024} GB on a 2-core CPU "
        f"without a GPU; the whole book at most {BOOK_BUDGET_S // 60} minutes. Wall time includes starting the "
        "kernel and importing both frameworks; peak memory is the largest resident memory of the kernel and all the",
        "processes it started (such as 5.3's two training workers), summed, sampled every 50 ms (tables from before",
        "that method say so).",
        "",
    ]
    for machine, run in sorted(report.items()):
        method = MEMORY_METHODS[run.get("memory", "kernel")]
        lines += [f"## {machine}", "",
                  f"Run on {run['date']} with Python {run['python']}, {run['packages']}; {method}.", "",
                  "| notebook | wall time (s) | peak memory (MB) | within the CPU budget |",
                  "|---|---:|---:|---|"]
        total, judged = 0.0, ", no GPU" in machine  # the budgets are for a CPU machine; a GPU's table is not judged
        for name, row in sorted(run["notebooks"].items()):
            total += row["wall_s"]
            memory = f"{row['peak_mb']:.0f}" if row["peak_mb"] is not None else "n/a"
            ok = row["wall_s"] <= CHAPTER_BUDGET_S and (row["peak_mb"] or 0) <= CHAPTER_BUDGET_MB
            verdict = ("yes" if ok else "no") if judged else "not a CPU machine"
            lines.append(f"| {name} | {row['wall_s']:.1f} | {memory} | {verdict} |")
        verdict = ("yes" if total <= BOOK_BUDGET_S else "no") if judged else "not a CPU machine"
        lines += [f"| **all notebooks** | **{total:.1f}** | | {verdict} |", ""]
    REPORT_MD.write_text("\n".join(lines))


def main(paths):
    """Benchmark the notebooks and update the report."""
    report = json.loads(REPORT_JSON.read_text()) if REPORT_JSON.exists() else {}
    machine = machine_description()
    run = {
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "packages": f"PyTorch {version('torch')}, TensorFlow {version('tensorflow')}, Keras {version('keras')}",
        "notebooks": dict(report.get(machine, {}).get("notebooks", {})),
        "memory": "tree",
    }
    for path in paths:
        run_of_notebook = execute(path, watch_kernel=tree_memory_monitor)
        wall, peak = run_of_notebook.wall_s, run_of_notebook.watched
        name = str(path.relative_to(BOOK))
        run["notebooks"][name] = {"wall_s": round(wall, 1), "peak_mb": round(peak) if peak else None}
        print(f"{name}: {wall:.1f} s, peak {peak or float('nan'):.0f} MB", flush=True)
    report[machine] = run
    REPORT_JSON.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    write_markdown(report)
    print(f"wrote {REPORT_MD.relative_to(ROOT)} for: {machine}")


if __name__ == "__main__":
    chosen = [(ROOT / arg).resolve() for arg in sys.argv[1:]]
    main(chosen or book_notebooks())
