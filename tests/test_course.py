"""The course around the chapters: quizzes, experiment exercises, progress cells, study times,
exercise numbering, slides, the syllabus, the capstone projects and the instructor's guide."""

import re

import course
import exercises
import nbformat
import pytest
import quiz
import reader_notebooks
import slides
import study_time
from book_paths import BOOK, ROOT, chapter_notebooks, load_toc
from plain_math import plain_math, plain_text

CHAPTERS = chapter_notebooks()
NUMBERS = reader_notebooks.Book(ROOT).exercise_numbers


def load(path):
    return nbformat.read(path, as_version=4)


def headings(nb):
    return {line.lstrip("#").strip() for c in nb.cells if c.cell_type == "markdown"
            for line in c.source.split("\n") if re.match(r"#{2,3} ", line)}


def shared_functions():
    return quiz.shared()


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_a_quiz_rendered_from_its_file(path):
    questions = quiz.load(path)
    assert 6 <= len(questions) <= 10, f"{len(questions)} quiz questions; the course asks for 6 to 10"
    assert {q["kind"] for q in questions} == set(quiz.KINDS), "mix choice, true/false and number questions"
    missing = {q["section"] for q in questions} - headings(load(path))
    assert not missing, f"quiz sections that are not headings of the chapter: {sorted(missing)}"
    nb = load(path)
    first, end = quiz.quiz_span(nb)
    shown = [(c.cell_type, c.source) for c in nb.cells[first:end]]
    expected = [(c.cell_type, c.source) for c in quiz.rendered_cells(path)]
    assert shown == expected, "the quiz cells differ from tools/quizzes: run `python tools/quiz.py`"
    assert nb.cells[end].source.startswith("## Summary"), "the quiz and progress cells come just before the Summary"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_quiz_key_accepts_the_answers_and_sends_wrong_ones_to_a_section(path):
    functions, questions = shared_functions(), quiz.load(path)
    cells = quiz.rendered_cells(path)
    exec(cells[2].source.split("\nprint(")[0], functions)  # the sealed key, QUIZ
    right = {n: q["answer"] for n, q in enumerate(questions, 1)}
    report = functions["check_quiz"](right, functions["QUIZ"])
    assert report.startswith(f"Quiz {quiz.chapter_number(path)}: {len(questions)} of {len(questions)} correct")
    for n, q in enumerate(questions, 1):
        why = plain_text(q["why"])
        assert why in report, f"Q{n}: the explanation is not unsealed by the right answer"
        assert not re.search(r"[$\\]", why), f"Q{n}: the explanation prints LaTeX: {why}"
    wrong = {}
    for n, q in enumerate(questions, 1):
        if q["kind"] == "choice":
            wrong[n] = next(letter for letter in "abcdef" if letter != q["answer"])
        elif q["kind"] == "true/false":
            wrong[n] = not q["answer"]
        else:
            wrong[n] = q["answer"] + 10 ** (1 - q.get("decimals", 0))
    report = functions["check_quiz"](wrong, functions["QUIZ"])
    assert report.startswith(f"Quiz {quiz.chapter_number(path)}: 0 of"), report
    assert report.count("reread the section") == len(questions)
    for q in questions:
        assert plain_text(q["why"]) not in report, "a wrong answer must not unseal the explanation"
    cell_text = "\n".join(c.source for c in cells)
    for q in questions:
        assert plain_text(q["why"]) not in cell_text, "the key shows an explanation in plain text"


def test_quiz_checker_answers_malformed_input_with_a_sentence():
    functions = shared_functions()
    sealed = {"chapter": "0", "questions": {1: ("choice", 0, "0" * 16, "A", ""),
                                            2: ("true/false", 0, "0" * 16, "B", ""),
                                            3: ("number", 2, "0" * 16, "C", "")}}
    for answers in ["b", None, 3.0, [1, 2], {1: 7, 2: "maybe", 3: "1.5"}, {1: "zz", 2: float("nan"), 3: float("nan")},
                    {1: object(), 2: [True], 3: {"x": 1}}]:
        report = functions["check_quiz"](answers, sealed)
        assert isinstance(report, str) and ("not yet" in report or "no answer yet" in report), report


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_an_experiment_exercise(path):
    titles = re.findall(r"^:{3,}\{exercise\}\s*(.*)$", "\n".join(c.source for c in load(path).cells), re.M)
    assert any(t.startswith("Experiment:") for t in titles), \
        "at least one exercise per chapter is an experiment (its title starts with 'Experiment:')"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_progress_cell_is_the_last_code_cell(path):
    code = [c for c in load(path).cells if c.cell_type == "code"]
    assert code[-1].source == "progress()", "the chapter's last code cell lists its progress"
    printed = "".join(out.get("text", "") for out in code[-1].get("outputs", []))
    assert printed.startswith("Your progress in this chapter"), "execute the chapter: the progress cell has no output"
    assert "Quiz " in printed, "the progress cell does not report the quiz"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_exercise_cells_carry_the_site_number_and_name_their_answers(path):
    nb = load(path)
    for label, check_index, _ in exercises.exercise_spans(nb):
        check = nb.cells[check_index].source
        number = NUMBERS[label]
        assert check.startswith(f"# Check your answer to Exercise {number}\n"), \
            f"{label} is Exercise {number} on the site: run `python tools/exercises.py`"
        line = exercises.expected_checker_line(number, exercises.answer_names(check))
        assert line in check, f"{label}: expected {line} (run `python tools/exercises.py`)"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_study_time_is_estimated_and_stated_the_same_everywhere(path):
    estimate = study_time.hours(path)
    assert study_time.stated_in_chapter(path) == estimate, \
        f"the chapter's Time line should say {study_time.shown(estimate)} hours: run `python tools/study_time.py --write`"
    syllabus = (BOOK / "syllabus.md").read_text()
    row = f"| {study_time.chapter_number(path)} {{doc}}`{path.stem}` | {study_time.shown(estimate)} |"
    assert row in syllabus, f"the syllabus does not state {study_time.shown(estimate)} h for {path.name}"
    table = study_time.estimates(ROOT)
    intro = (BOOK / "intro.md").read_text()
    chapter = study_time.chapter_number(path).split(".")[0]
    assert re.search(rf"^\| {chapter} \|.*\| {re.escape(study_time.intro_cell(path, table))} \|$", intro, re.M), \
        "the home page's table of chapters states another study time"


def test_home_page_states_the_whole_book_s_study_time():
    total = study_time.shown(sum(study_time.estimates(ROOT).values()))
    stated = re.search(r"whole book\s+takes about ([\d.]+) hours of study", (BOOK / "intro.md").read_text())
    assert stated and stated.group(1) == total, f"the home page should say about {total} hours"


def test_syllabus_plans_cover_every_chapter_and_add_up():
    text = (BOOK / "syllabus.md").read_text()
    table = study_time.estimates(ROOT)
    for plan in ("## Ten weeks", "## Four weeks"):
        section = text.split(plan, 1)[1].split("\n## ", 1)[0]
        rows = [r for r in section.split("\n") if re.match(r"\| \d+ \|", r)]
        linked = {stem for r in rows for stem in re.findall(r"\{doc\}`(\d\d\w*)`", r)}
        covered = {p.stem for p in table if p.stem in linked or p.stem[:3] in {s[:3] for s in linked
                                                                                 if not (BOOK / f"{s}.ipynb").exists()}}
        assert covered == {p.stem for p in table}, f"{plan} leaves out {sorted({p.stem for p in table} - covered)}"
        for row in rows:
            assert study_time.week_row(row, table) == row, f"stale hours in {row!r}: run tools/study_time.py --write"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_cells_carry_slide_metadata(path):
    nb = load(path)
    for cell, kind in zip(nb.cells, slides.slide_types(nb)):
        if kind:
            have = cell.metadata.get("slideshow", {}).get("slide_type")
            assert have, f"no slide metadata on {cell.source[:50]!r}: run `python tools/slides.py --mark`"
            if kind == "skip":
                assert have == "skip", f"the deck would show {cell.source[:50]!r}"


def test_course_pages_are_in_the_table_of_contents_in_order():
    files = [entry["file"] for part in load_toc()["parts"] for entry in part["chapters"]]
    assert files[0] == "book/syllabus", "the syllabus comes first, after the preface"
    assert "book/capstone" in files and "book/instructor" in files


def test_every_objective_is_tested_by_an_exercise_or_a_quiz_question():
    rows = course.objective_rows(ROOT)
    table = (BOOK / "instructor.md").read_text()
    assert course.objective_table(rows) in table, "the instructor's table is stale: run `python tools/course.py`"
    for row in rows:
        assert row.exercises or row.questions, f"objective {row.chapter}.{row.objective} is never tested"


def test_plain_math_writes_the_quizzes_notation_as_text():
    assert plain_text(r"so $\partial\,\text{MSE}/\partial \hat y_i = \frac2n(\hat y_i - y_i)$.") \
        == "so ∂MSE/∂ŷ_i = (2/n)(ŷ_i - y_i)."
    assert plain_math(r"(\tfrac14)^{20} \approx 10^{-12}") == "(¼)²⁰ ≈ 10⁻¹²"
    assert plain_math(r"N = \sqrt{C/120}") == "N = √(C/120)"
    assert plain_math(r"QA^{-\top}") == "QA⁻ᵀ" and plain_math(r"h_{l+1}") == "h_(l+1)"
    assert plain_math(r"13{,}500") == "13,500" and plain_math(r"\{1, 2\}") == "{1, 2}"
    with pytest.raises(ValueError):
        plain_math(r"\oint f")  # a command without a plain form is an error, not printed raw
