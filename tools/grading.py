"""Graded assignments from a chapter's exercises, with nbgrader: the worked example of the
instructor's guide (book/instructor.md), which tests/test_grading.py runs.

    python tools/grading.py book/03_losses.ipynb COURSE [--name ch3]

writes an nbgrader course folder COURSE (if new) with `nbgrader_config.py`, and the source
version of assignment NAME, `COURSE/source/NAME/NAME.ipynb`: the chapter's reader edition
without its solutions, each check cell locked, and after it an autograder test worth one
point that passes when the chapter's own check says "correct". The answer cells stay
ordinary cells (`x = None`), which the learner edits; nbgrader would replace a "solution"
cell without solution markers by a stub. Then, in COURSE, nbgrader's usual commands do the rest:
`nbgrader generate_assignment NAME` (the version to hand out), `nbgrader autograde NAME`
(after collecting submissions into `submitted/<student>/NAME/`) and `nbgrader export`
(a CSV of scores).
"""

import pathlib
import re
import sys

import nbformat
import reader_notebooks
from book_paths import ROOT
from exercises import checked_call

CONFIG = """\
# nbgrader configuration of a course made from the course book's chapters.
c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "course-book"
c.ExecutePreprocessor.timeout = 600  # a chapter runs in about a minute on a laptop
"""
CHECK_TITLE = re.compile(r"^# Check your answer to Exercise ([\d.]+)")


def nbgrader_metadata(grade_id, *, grade=False, locked=False, points=None):
    data = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": False, "task": False}
    if points is not None:
        data["points"] = points
    return data


def without_solutions(cells):
    """The cells outside the solutions' {solution-start} ... {solution-end} spans."""
    kept, inside = [], False
    for cell in cells:
        if re.search(r"^:{3,}\{solution-start\}", cell.source, re.M):
            inside = True
        if not inside:
            kept.append(cell)
        if re.search(r"^:{3,}\{solution-end\}", cell.source, re.M):
            inside = False
    return kept


def assignment(chapter):
    """The nbgrader source notebook for a chapter, and the exercises it grades."""
    converter = reader_notebooks.ChapterConverter(reader_notebooks.Book(ROOT), chapter.resolve())
    checks = {}  # exercise number -> (check function, answer names), from the source
    for cell in converter.nb.cells:
        found = CHECK_TITLE.match(cell.source) if cell.cell_type == "code" else None
        if found:
            checks[found.group(1)] = checked_call(cell.source)
    converter.nb.cells = without_solutions(converter.nb.cells)
    nb = converter.convert()
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        found = re.match(r"^#@title Check your answer to Exercise ([\d.]+)", cell.source)
        if cell.cell_type != "code" or not found:
            continue
        number = found.group(1)
        tag = number.replace(".", "-")
        cell.metadata["nbgrader"] = nbgrader_metadata(f"check-{tag}", locked=True)
        function, names = checks[number]
        call = f"{function}({', '.join(names)})"
        test = nbformat.v4.new_code_cell(
            f"# Autograder test of Exercise {number} (1 point)\n"
            f'assert {call} == "correct", {call}'
        )
        test.id = f"test-{tag}"
        test.metadata["nbgrader"] = nbgrader_metadata(
            f"test-{tag}", grade=True, locked=True, points=1
        )
        cells.append(test)
    nb.cells = cells
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb, sorted(checks)


def write_course(chapter, course, name):
    """The course folder with its configuration and the assignment's source version."""
    course = pathlib.Path(course)
    folder = course / "source" / name
    folder.mkdir(parents=True, exist_ok=True)
    if not (course / "nbgrader_config.py").exists():
        (course / "nbgrader_config.py").write_text(CONFIG)
    nb, graded = assignment(pathlib.Path(chapter))
    nbformat.write(nb, folder / f"{name}.ipynb")
    return folder / f"{name}.ipynb", graded


if __name__ == "__main__":
    arguments = sys.argv[1:]
    name = "assignment"
    if "--name" in arguments:
        at = arguments.index("--name")
        name = arguments[at + 1]
        del arguments[at : at + 2]
    written, graded = write_course(arguments[0], arguments[1], name)
    print(f"{written}: exercises {', '.join(graded)}, one point each")
