"""The instructor's guide's worked example: a chapter's exercises graded with nbgrader.

A learner's submission answers two exercises with the chapter's own solutions and one
wrongly, and leaves the rest; nbgrader's autograder must give exactly the two points.
"""

import ast
import os
import pathlib
import re
import shutil
import subprocess
import sys

import exercises
import grading
import nbformat
import reader_notebooks
from book_paths import ROOT

CHAPTER = ROOT / "book" / "03_losses.ipynb"


def solution_code(nb, number):
    """The chapter's solution to an exercise as code that sets the answer variables: the
    solution cells, less the lines that call the check, then answer = the value checked."""
    cells, inside, label = [], False, None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            start = re.search(r"^:{3,}\{solution-start\}\s*(\S+)", cell.source, re.M)
            if start:
                inside, label = True, start.group(1)
            if re.search(r"^:{3,}\{solution-end\}", cell.source, re.M):
                inside = False
        elif inside and label.endswith(f"-{number.split('.')[1]}"):
            cells.append(cell.source)
    tree = ast.parse("\n".join(cells))
    kept, answer = [], None
    for statement in tree.body:
        calls = [n for n in ast.walk(statement) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Name) and n.func.id.startswith("check_")]
        if calls:
            answer = answer or calls[0].args
        else:
            kept.append(ast.unparse(statement))
    return kept, [ast.unparse(arg) for arg in answer]


def test_a_chapter_becomes_an_nbgrader_assignment_that_grades_submissions(tmp_path):
    course = tmp_path / "course"
    source, graded = grading.write_course(CHAPTER, course, "ch3")
    assert graded == sorted(n for label, n in reader_notebooks.Book(ROOT).exercise_numbers.items()
                            if label.startswith("ex-03_losses-"))
    env = {**os.environ, "PATH": f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def nbgrader(*arguments):
        result = subprocess.run([sys.executable, "-m", "nbgrader", *arguments], cwd=course, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    nbgrader("generate_assignment", "ch3", "--force")
    released = course / "release" / "ch3" / "ch3.ipynb"
    handed_out = nbformat.read(released, as_version=4)
    assert not any("solution-start" in c.source or "#@title Solution" in c.source for c in handed_out.cells)
    tests = [c for c in handed_out.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(tests) == len(graded) and all(c.metadata["nbgrader"]["points"] == 1 for c in tests)

    # The submission: Exercises 3.1 and 3.4 answered with the chapter's solutions, 3.2 wrongly.
    chapter = nbformat.read(CHAPTER, as_version=4)
    submitted = course / "submitted" / "learner" / "ch3"
    submitted.mkdir(parents=True)
    answers = {}
    for number in ("3.1", "3.4"):
        code, values = solution_code(chapter, number)
        answers[number] = code, values
    for index, cell in enumerate(handed_out.cells):  # an answer cell comes just before its check
        title = re.match(r"#@title Check your answer to Exercise ([\d.]+)", cell.source)
        if title and title.group(1) in answers:
            code, values = answers[title.group(1)]
            check = next(c for c in chapter.cells
                         if c.source.startswith(f"# Check your answer to Exercise {title.group(1)}\n"))
            _, names = exercises.checked_call(check.source)
            handed_out.cells[index - 1].source = "\n".join(
                code + [f"{name} = {value}" for name, value in zip(names, values)])
        elif title and title.group(1) == "3.2":
            handed_out.cells[index - 1].source = "half_sse_step = -1.0  # a wrong answer"
    nbformat.write(handed_out, submitted / "ch3.ipynb")

    nbgrader("autograde", "ch3", "--create", "--force")
    nbgrader("export")
    header, row = (course / "grades.csv").read_text().strip().split("\n")
    scores = dict(zip(header.split(","), row.split(",")))
    assert (float(scores["score"]), float(scores["max_score"])) == (2.0, float(len(graded))), scores
    shutil.rmtree(course)
