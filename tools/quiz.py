"""Self-check quizzes: one YAML file per chapter in tools/quizzes/ is the one source.

`python tools/quiz.py` writes each chapter's quiz and progress cells into its notebook,
just before `## Summary`: the questions (Markdown), the answer cell, the check cell with
the answer key sealed (each answer stored only as a hash, each explanation readable only
with the right answer), and the progress cell. `rendered_cells(path)` gives the cells the
tests compare against. A quiz file looks like this:

    questions:
      - kind: choice          # or true/false, or number (then `decimals:`)
        text: Which ...?
        options: [first, second, third]
        answer: b
        section: Text to numbers   # the heading of the section to reread
        why: One sentence shown once the answer is right (its $...$ math is printed as plain text).
        objective: 2          # the learning objective it tests (or a list)
    exercises:                # exercise n of the notebook (label ex-<notebook>-n) ->
      1: [1, 3]               # the objectives it tests (see tools/course.py)
"""

import base64
import pathlib
import subprocess
import sys

import nbformat
import yaml
from book_paths import ROOT, book_notebooks
from plain_math import plain_text  # explanations print as text, so no raw $...$
from study_time import chapter_number  # one rule for "6.1" from 06_1_language

QUIZ_FOLDER = ROOT / "tools" / "quizzes"
CELL = (ROOT / "tools" / "exercise_cell.py").read_text()
KINDS = {"choice": "a letter", "true/false": "True or False", "number": "a number"}
QUIZ_HEADING = "## Self-check quiz"
PROGRESS_HEADING = "## Your progress"


def shared():
    """The answer-checking cell's functions, so the key is made exactly as it is read."""
    namespace = {}
    exec(compile(CELL, "exercise_cell.py", "exec"), namespace)
    return namespace


def quiz_file(path):
    return QUIZ_FOLDER / f"{pathlib.Path(path).stem}.yml"


def load(path):
    """The chapter's quiz questions, checked for the fields each kind needs."""
    questions = yaml.safe_load(quiz_file(path).read_text())["questions"]
    for number, question in enumerate(questions, 1):
        missing = {"kind", "text", "answer", "section", "why", "objective"} - set(question)
        assert not missing, f"{quiz_file(path).name} Q{number} lacks {sorted(missing)}"
        assert question["kind"] in KINDS, f"Q{number}: unknown kind {question['kind']}"
        if question["kind"] == "choice":
            letters = "abcdef"[: len(question["options"])]
            assert question["answer"] in letters, f"Q{number}: answer not an option"
    return questions


def seal(text, secret, quiz_hash):
    """The inverse of the cell's `unseal`."""
    data = text.encode()
    stream = b"".join(quiz_hash(secret.hex(), i) for i in range(len(data) // 32 + 1))
    return base64.b64encode(bytes(a ^ b for a, b in zip(data, stream))).decode()


def key_entry(chapter, number, question, functions):
    """(kind, decimals, hash of the answer, section, sealed explanation)."""
    decimals = question.get("decimals", 0)
    given = functions["quiz_answer_text"](question["kind"], question["answer"], decimals)
    secret = functions["quiz_hash"](chapter, number, given)
    digest = functions["quiz_hash"](secret.hex(), "check").hex()[:16]
    sealed = seal(plain_text(question["why"]), secret, functions["quiz_hash"])
    return question["kind"], decimals, digest, question["section"], sealed


def key_source(number, entry):
    """One key entry as source, its long sealed text split into short string pieces."""
    kind, decimals, digest, section, sealed = entry
    pieces = "\n".join(f"            {sealed[i:i + 64]!r}" for i in range(0, len(sealed), 64))
    return (f"        {number}: (\n            {kind!r},\n            {decimals},\n"
            f"            {digest!r},\n            {section!r},\n{pieces},\n        ),\n")


def ruff_format(source):
    """The source as `ruff format` writes it (the tests require formatted chapters)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", "cell.py", "-"],
        input=source, capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return result.stdout.strip()


def question_markdown(number, question):
    text = question["text"].strip()
    if question["kind"] == "true/false":
        text = f"*True or false?* {text}"
    if question["kind"] == "number":
        places = question.get("decimals", 0)
        form = "a whole number" if places == 0 else f"a number to {places} decimals"
        text = f"{text} *(Answer with {form}.)*"
    lines = [f"**Q{number}.** {text}"]
    if question["kind"] == "choice":
        lines.append("")
        lines += [f"- ({letter}) {option}" for letter, option in zip("abcdef", question["options"])]
    return "\n".join(lines)


def rendered_cells(path):
    """The quiz and progress cells of a chapter, as the notebook must hold them."""
    questions, chapter = load(path), chapter_number(path)
    functions = shared()
    intro = (
        f"{QUIZ_HEADING}\n\n{len(questions)} questions on the ideas of this chapter. Answer them "
        "in the cell below (replace each `None`), then run the check cell after it: it prints "
        "your score, and for each answer that is not right yet, the section to reread. A "
        "right answer unlocks a sentence on why it is right. The key is stored as hashes, so "
        "reading the check cell does not give the answers away."
    )
    markdown = "\n\n".join([intro] + [question_markdown(n, q) for n, q in enumerate(questions, 1)])
    answers = "quiz_answers = {\n" + "".join(
        f"    {n}: None,  # {KINDS[q['kind']]}\n" for n, q in enumerate(questions, 1)) + "}"
    entries = "".join(key_source(n, key_entry(chapter, n, q, functions))
                      for n, q in enumerate(questions, 1))
    check = ruff_format(
        "# Check your quiz answers\n"
        f'QUIZ = {{\n    "chapter": "{chapter}",\n    "questions": {{\n{entries}    }},\n}}\n'
        "print(check_quiz(quiz_answers, QUIZ))\n"
    )
    progress_text = (
        f"{PROGRESS_HEADING}\n\nThe cell below lists this chapter's exercises and its quiz as "
        "solved or not, from the answers now in this notebook. Run it whenever you like."
    )
    stem = pathlib.Path(path).stem
    cells = [
        nbformat.v4.new_markdown_cell(markdown),
        nbformat.v4.new_code_cell(ruff_format(answers)),
        nbformat.v4.new_code_cell(check, metadata={"tags": ["hide-input"]}),
        nbformat.v4.new_markdown_cell(progress_text),
        nbformat.v4.new_code_cell("progress()"),
    ]
    for index, cell in enumerate(cells):
        cell.id = f"quiz-{stem.replace('_', '-')}-{index}"
    return cells


def quiz_span(nb):
    """(first, end) indices of the quiz and progress cells, or the insertion point before
    `## Summary` as an empty span."""
    headings = [c.source.split("\n")[0] if c.cell_type == "markdown" else "" for c in nb.cells]
    summary = headings.index("## Summary")
    first = headings.index(QUIZ_HEADING) if QUIZ_HEADING in headings else summary
    return first, summary


def write(path):
    """Put the chapter's rendered quiz and progress cells into its notebook (outputs of
    unchanged cells kept)."""
    nb = nbformat.read(path, as_version=4)
    first, end = quiz_span(nb)
    old = {cell.id: cell for cell in nb.cells[first:end]}
    new = rendered_cells(path)
    for cell in new:
        previous = old.get(cell.id)
        if previous is not None and previous.source == cell.source and cell.cell_type == "code":
            cell.outputs, cell.execution_count = previous.outputs, previous.execution_count
    nb.cells[first:end] = new
    nbformat.write(nb, path)


if __name__ == "__main__":
    targets = sys.argv[1:] or sorted(str(p) for p in book_notebooks()
                                     if quiz_file(p).exists())
    for target in targets:
        write(target)
        print(f"{target}: {len(load(target))} questions")
