"""Keep each exercise's cells in step with the number the site gives it.

Sphinx numbers exercises through a whole chapter (5.1 to 5.15 across 5.1, 5.2 and 5.3),
so adding an exercise renumbers the ones after it. `python tools/exercises.py` rewrites,
for every exercise, its check cell's first line (`# Check your answer to Exercise C.K`),
its `@checker("C.K", <answer variables>)` line, and each "Exercise C.K" its check and
solution cells print; the answer variables are read from the check cell's last line,
`print("Exercise C.K:", check_...(answer, ...))`, so that the progress cell can re-check
the learner's current answers. `expected_checks(path)` gives what the tests compare with.
"""

import ast
import re

import nbformat
import reader_notebooks
from book_paths import ROOT, chapter_notebooks

CHECK_LINE = re.compile(r"^# Check your answer to Exercise ([\d.]+)")
CHECKER_LINE = re.compile(r'^@checker\("([\d.]+)"[^)\n]*\)', re.M)


def checked_call(check_source):
    """(name of the check function, names of the answer variables) of the check cell's last statement."""
    last = ast.parse(check_source).body[-1]
    for node in ast.walk(last):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id.startswith("check_"):
            return node.func.id, [arg.id for arg in node.args]
    raise ValueError(f"the check cell's last line calls no check: {check_source[-120:]!r}")


def answer_names(check_source):
    """The variables the check cell's last statement passes to the check."""
    return checked_call(check_source)[1]


def exercise_spans(nb):
    """(label, index of the check cell, index of the solution-end cell) per exercise."""
    spans = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and re.match(r"^:{3,}\{exercise\}", cell.source):
            label = re.search(r"^:label:\s*(\S+)", cell.source, re.M).group(1)
            end = next(i for i in range(index, len(nb.cells))
                       if re.search(r"^:{3,}\{solution-end\}", nb.cells[i].source, re.M))
            spans.append((label, index + 2, end))
    return spans


def expected_checker_line(number, names):
    quoted = ", ".join(f'"{name}"' for name in [number, *names])
    return f"@checker({quoted})"


def sync(path, numbers):
    """Renumber one notebook's exercises and name their answers; True if it changed."""
    nb = nbformat.read(path, as_version=4)
    changed = False
    for label, check_index, end in exercise_spans(nb):
        new = numbers[label]
        check = nb.cells[check_index]
        old = CHECK_LINE.match(check.source).group(1)
        line = expected_checker_line(new, answer_names(check.source))
        source = CHECKER_LINE.sub(line, check.source, count=1)
        if source != check.source:
            check.source, changed = source, True
        for cell in nb.cells[check_index:end + 1]:
            if cell.cell_type == "code" and old != new:
                cell.source = re.sub(rf"\bExercise {re.escape(old)}(?![\d])", f"Exercise {new}",
                                     cell.source)
                changed = True
    if changed:
        nbformat.write(nb, path)
    return changed


def main():
    numbers = reader_notebooks.Book(ROOT).exercise_numbers
    for path in chapter_notebooks(ROOT):
        print(path.name, "updated" if sync(path, numbers) else "unchanged")


if __name__ == "__main__":
    main()
