"""The instructor's table: each chapter's learning objectives, and the exercises and quiz
questions that test them.

Each chapter's file in tools/quizzes/ says what tests which objective: every quiz question
has `objective: N` (or a list), and `exercises:` maps each exercise (its number within the
notebook, as in its label `ex-<notebook>-<n>`) to the objectives it tests. The objectives
themselves are read from the chapter's *Learning objectives* admonition.
`python tools/course.py` writes the table into book/instructor.md between its markers; the
tests check that it is current and that every objective is tested at least once.
"""

import re
from typing import NamedTuple

import nbformat
import quiz
import reader_notebooks
import yaml
from book_paths import ROOT, chapter_notebooks

START, END = "<!-- objectives table: start -->", "<!-- objectives table: end -->"


class ObjectiveRow(NamedTuple):
    chapter: str  # "6.1"
    objective: int
    text: str
    exercises: list  # site numbers, "6.3"
    questions: list  # quiz question numbers


def objectives(path):
    """The numbered items of the chapter's Learning objectives admonition."""
    first = nbformat.read(path, as_version=4).cells[0].source
    block = first.split("Learning objectives", 1)[1].split(":::", 1)[0]
    items = re.split(r"^\d+\. ", block, flags=re.M)[1:]
    return [" ".join(item.split()).rstrip(";.") for item in items]


def as_list(value):
    return value if isinstance(value, list) else [value]


def objective_rows(root=ROOT):
    numbers = reader_notebooks.Book(root).exercise_numbers
    rows = []
    for path in chapter_notebooks(root):
        data = yaml.safe_load(quiz.quiz_file(path).read_text())
        by_exercise = data.get("exercises", {})
        chapter = quiz.chapter_number(path)
        for k, text in enumerate(objectives(path), 1):
            tested = [numbers[f"ex-{path.stem}-{n}"] for n, objs in by_exercise.items()
                      if k in as_list(objs)]
            asked = [n for n, q in enumerate(data["questions"], 1)
                     if k in as_list(q.get("objective", []))]
            rows.append(ObjectiveRow(chapter, k, text, tested, asked))
    return rows


def objective_table(rows):
    lines = ["| Chapter | Objective | Ex. | Quiz |", "|---|---|---|---|"]
    for row in rows:
        quiz_text = ", ".join(f"Q{n}" for n in row.questions)
        text = row.text.replace("|", "\\|")
        lines.append(f"| {row.chapter} | {row.objective}. {text} | {', '.join(row.exercises)} "
                     f"| {quiz_text} |")
    return "\n".join(lines)


def write(root=ROOT):
    page = root / "book" / "instructor.md"
    text = page.read_text()
    start, end = text.index(START) + len(START), text.index(END)
    page.write_text(text[:start] + "\n" + objective_table(objective_rows(root)) + "\n" + text[end:])


if __name__ == "__main__":
    write()
    untested = [r for r in objective_rows() if not (r.exercises or r.questions)]
    for row in untested:
        print(f"untested: {row.chapter} objective {row.objective}: {row.text}")
