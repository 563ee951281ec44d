"""Study time: one estimate per chapter notebook, stated the same way everywhere.

The estimate is made from the notebook itself, so it grows with the chapter:

- prose is read at 120 words a minute (careful reading of technical text with maths);
- code is read and run at 10 lines a minute (non-blank, non-comment lines of the
  visible code cells: not the shared setup and answer-checking cells, the folded
  check cells or embedded data);
- each exercise takes 12 minutes, an experiment exercise (one whose title starts
  with "Experiment:") 30 minutes, and the self-check quiz 10 minutes;

rounded to the nearest half hour. `python tools/study_time.py` prints the table;
`--write` puts the estimates into each chapter's **Time.** line, the table of chapters
in `book/intro.md` and the table in `book/syllabus.md` (between its markers). The
tests check that the three agree with this estimate.
"""

import math
import pathlib
import re
import sys

import nbformat
from book_paths import ROOT, chapter_notebooks

WORDS_PER_MINUTE, CODE_LINES_PER_MINUTE = 120, 10
MINUTES_PER_EXERCISE, MINUTES_PER_EXPERIMENT, MINUTES_FOR_QUIZ = 12, 30, 10
TIME_LINE = re.compile(r"(\*\*Time\.\*\* About )([^;]*?)(;)")
STATED = "{hours} hours of study (reading, running the cells, the exercises and the quiz)"
SYLLABUS_START, SYLLABUS_END = "<!-- study-time table: start -->", "<!-- study-time table: end -->"
DATA_CELL_LINES = 60  # a folded cell longer than this is embedded data, not code to read


def chapter_number(path):
    """'6.1' for 06_1_language.ipynb, '7' for 07_policy.ipynb."""
    match = re.match(r"(\d\d)(?:_(\d)(?=_))?", pathlib.Path(path).stem)
    return str(int(match.group(1))) + (f".{match.group(2)}" if match.group(2) else "")


def is_shown_code(index, cell):
    source, tags = cell.source, cell.metadata.get("tags", [])
    if index == 0 or source.startswith(("# Answer checking", "# Check your")):
        return False
    return not ("hide-input" in tags and source.count("\n") > DATA_CELL_LINES)


def minutes(path):
    """The study-time estimate of one notebook, in minutes (not rounded)."""
    nb = nbformat.read(path, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    code = [c for c in nb.cells if c.cell_type == "code"]
    words = sum(len(re.findall(r"[A-Za-z0-9']+", text)) for text in markdown)
    lines = sum(
        1
        for index, cell in enumerate(code)
        if is_shown_code(index, cell)
        for line in cell.source.split("\n")
        if line.strip() and not line.strip().startswith("#")
    )
    titles = re.findall(r"^:{3,}\{exercise\}\s*(.*)$", "\n".join(markdown), re.M)
    experiments = sum(title.startswith("Experiment:") for title in titles)
    quiz = any(text.startswith("## Self-check quiz") for text in markdown)
    return (words / WORDS_PER_MINUTE + lines / CODE_LINES_PER_MINUTE
            + MINUTES_PER_EXERCISE * (len(titles) - experiments)
            + MINUTES_PER_EXPERIMENT * experiments + MINUTES_FOR_QUIZ * quiz)


def hours(path):
    """The estimate in hours, to the nearest half hour (at least half an hour)."""
    return max(0.5, math.floor(minutes(path) / 30 + 0.5) / 2)


def shown(value):
    """2.0 -> '2', 2.5 -> '2.5'."""
    return f"{value:g}"


def estimates(root=ROOT):
    """{notebook path: hours} for every chapter notebook, in reading order."""
    return {path: hours(path) for path in chapter_notebooks(root)}


def stated_in_chapter(path):
    """The hours the chapter's **Time.** line states, or None."""
    nb = nbformat.read(path, as_version=4)
    match = TIME_LINE.search(nb.cells[0].source)
    found = match and re.match(r"([\d.]+) hours", match.group(2))
    return float(found.group(1)) if found else None


def syllabus_table(table):
    lines = ["| Chapter | Study time (hours) |", "|---|---:|"]
    for path, value in table.items():
        lines.append(f"| {chapter_number(path)} {{doc}}`{path.stem}` | {shown(value)} |")
    lines.append(f"| **All chapters** | **{shown(sum(table.values()))}** |")
    return "\n".join(lines)


def week_row(row, table):
    """A row of a weekly plan with its hours recomputed: the linked chapters' study time,
    plus the capstone hours the row states ("4 + 3 capstone")."""
    cells = row.split(" | ")
    linked = re.findall(r"\{doc\}`(\d\d[\w]*)`", cells[1]) if len(cells) >= 4 else []
    hours_cell = re.match(r"[\d.]+( \+ [\d.]+ capstone)?$", cells[2]) if linked else None
    if not hours_cell:
        return row
    by_stem = {path.stem: value for path, value in table.items()}
    def of(stem):  # a chapter's landing page counts its section notebooks
        return by_stem.get(stem) or sum(v for k, v in by_stem.items() if k[:3] == stem[:3])

    cells[2] = shown(sum(of(stem) for stem in linked)) + (hours_cell.group(1) or "")
    return " | ".join(cells)


def intro_cell(path, table):
    """The Study time cell of the chapter's row in the intro's table of chapters."""
    chapter = chapter_number(path).split(".")[0]
    parts = [value for other, value in table.items()
             if chapter_number(other).split(".")[0] == chapter]
    return " + ".join(shown(value) for value in parts) + " h"


def write(root=ROOT):
    table = estimates(root)
    for path, value in table.items():
        nb = nbformat.read(path, as_version=4)
        first = nb.cells[0]
        stated = STATED.format(hours=shown(value))
        new = TIME_LINE.sub(lambda m, stated=stated: m.group(1) + stated + m.group(3), first.source, count=1)
        assert new != first.source or stated_in_chapter(path) == value, f"no Time line in {path}"
        if new != first.source:
            first.source = new
            nbformat.write(nb, path)
    syllabus = root / "book" / "syllabus.md"
    text = syllabus.read_text()
    start, end = text.index(SYLLABUS_START) + len(SYLLABUS_START), text.index(SYLLABUS_END)
    text = text[:start] + "\n" + syllabus_table(table) + "\n" + text[end:]
    syllabus.write_text("\n".join(week_row(row, table) for row in text.split("\n")))
    intro = root / "book" / "intro.md"
    rows = intro.read_text().split("\n")
    for i, row in enumerate(rows):
        match = re.match(r"\| (\d) \| ", row)
        if match:
            chapter_paths = [p for p in table if chapter_number(p).split(".")[0] == match.group(1)]
            if chapter_paths:
                cells = row.split(" | ")
                cells[-1] = intro_cell(chapter_paths[0], table) + " |"
                rows[i] = " | ".join(cells)
    total = f"takes about {shown(sum(table.values()))} hours of study."
    intro.write_text(re.sub(r"takes about [\d.]+ hours of study\.", total, "\n".join(rows)))
    return table


if __name__ == "__main__":
    table = write() if "--write" in sys.argv else estimates()
    for path, value in table.items():
        print(f"{chapter_number(path):<5} {path.name:<40} {minutes(path):6.0f} min  {shown(value)} h")
    print(f"all chapters: {shown(sum(table.values()))} h")
