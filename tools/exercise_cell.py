# Answer checking: this cell is the same in every chapter (the tests check it). Each
# exercise's check cell registers its check with @checker; a check may raise NotYet with
# a sentence. The quiz and the progress summary at the end of the chapter use it too.
import base64
import functools
import hashlib
import math
import numbers

EXERCISE_CHECKS = {}  # exercise label -> its check, for the progress summary and tests


class NotYet(Exception):
    """Raised by a check, with a sentence telling the learner why the answer is not
    accepted."""


def describe(value):
    """Name a value's type and show its start, for feedback on a malformed answer."""
    text = repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return f"{type(value).__name__} {text}"


def checker(exercise, *answer_names):
    """Register the check of an exercise whose answers are the variables answer_names;
    every answer, however malformed, gets a sentence back and never a traceback."""

    def register(check):
        @functools.wraps(check)
        def safe_check(*answers):
            if all(answer is None for answer in answers):
                return "no answer yet"
            if any(answer is None for answer in answers):
                return "not yet: part of the answer is still None"
            try:
                return check(*answers)
            except NotYet as reason:
                return f"not yet: {reason}"
            except Exception as error:  # the learner's own function raised, say
                name = type(error).__name__
                return f"not yet: checking the answer raised {name}: {error}"

        safe_check.answer_names = answer_names
        EXERCISE_CHECKS[exercise] = safe_check
        return safe_check

    return register


def as_number(value, what="a number"):
    """The answer as a finite float; NotYet with a sentence for anything else."""
    if hasattr(value, "numpy") and not hasattr(value, "item"):
        value = value.numpy()  # a TensorFlow tensor
    if hasattr(value, "shape") and hasattr(value, "item"):
        if math.prod(tuple(value.shape)) == 1:
            value = value.item()  # a one-element array or tensor of any framework
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise NotYet(f"expected {what}, got {describe(value)}")
    if not math.isfinite(value):
        raise NotYet(f"expected {what}, got {value}")
    return float(value)


def as_whole_number(value, what="a whole number"):
    """The answer as an int; NotYet for fractions, strings and the like."""
    number = as_number(value, what)
    if number != round(number):
        raise NotYet(f"expected {what}, got {value}")
    return int(round(number))


def as_numbers(value, length=None, what="a list of numbers"):
    """The answer as a list of finite floats, of the given length if one is given."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise NotYet(f"expected {what}, got {describe(value)}")
    items = [as_number(item, what) for item in list(value)]
    if length is not None and len(items) != length:
        raise NotYet(f"expected {what} with {length} entries, got {len(items)}")
    return items


def as_function(value, what="a function"):
    """The answer if it can be called; NotYet otherwise."""
    if not callable(value):
        raise NotYet(f"expected {what}, got {describe(value)}")
    return value


def matches(answer, value, atol=0.0, rtol=0.0):
    """Whether an answer equals value (a number or an array of numbers) within the
    tolerances, shapes included; False for anything that is not numbers."""
    import numpy as np

    try:
        a, b = np.asarray(answer, dtype=float), np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, atol=atol, rtol=rtol))


def judge(answer, expected, hint, slips=(), atol=0.0, rtol=0.0):
    """'correct' if the answer matches expected; else the message of the first common
    slip it matches (slips: pairs of the value a slip gives and what to say about it);
    else 'not yet: ' and the hint."""
    if matches(answer, expected, atol, rtol):
        return "correct"
    for value, message in slips:
        if matches(answer, value, atol, rtol):
            return f"not yet: {message}"
    return f"not yet: {hint}"


def verdict(is_correct, hint):
    """'correct', or 'not yet: ' followed by a hint that does not give the answer
    away."""
    return "correct" if is_correct else f"not yet: {hint}"


def quiz_answer_text(kind, answer, decimals=0):
    """A quiz answer in the one form its key was made from; NotYet if malformed."""
    if kind == "choice":
        text = answer.strip(" ()").lower() if isinstance(answer, str) else ""
        if len(text) != 1 or not "a" <= text <= "f":
            raise NotYet(f"answer with the letter of an option, got {describe(answer)}")
        return text
    if kind == "true/false":
        text = str(answer).strip().lower() if isinstance(answer, (bool, str)) else ""
        if text not in ("true", "false"):
            raise NotYet(f"answer True or False, got {describe(answer)}")
        return text
    return f"{as_number(answer):.{decimals}f}"


def quiz_hash(*parts):
    """SHA-256 of the parts: how the quiz key stores answers without showing them."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).digest()


def unseal(sealed, secret):
    """A quiz question's explanation, readable only with the right answer."""
    data = base64.b64decode(sealed)
    stream = b"".join(quiz_hash(secret.hex(), i) for i in range(len(data) // 32 + 1))
    return bytes(a ^ b for a, b in zip(data, stream)).decode()


def check_quiz(answers, quiz):
    """Score a dict {question number: answer} against a sealed key; for each wrong
    answer, name the section to reread."""
    if not isinstance(answers, dict):
        example = "{1: 'b', 2: True}"
        return f"not yet: expected a dict such as {example}, got {describe(answers)}"
    lines, right = [], 0
    for number, (kind, decimals, digest, section, sealed) in quiz["questions"].items():
        if answers.get(number) is None:
            lines.append(f"  Q{number}: no answer yet")
            continue
        try:
            given = quiz_answer_text(kind, answers[number], decimals)
        except NotYet as reason:
            lines.append(f"  Q{number}: not yet: {reason}")
            continue
        secret = quiz_hash(quiz["chapter"], number, given)
        if quiz_hash(secret.hex(), "check").hex()[:16] == digest:
            right += 1
            lines.append(f"  Q{number}: correct. {unseal(sealed, secret)}")
        else:
            lines.append(f"  Q{number}: not yet: reread the section “{section}”")
    extra = sorted(set(answers) - set(quiz["questions"]), key=str)
    if extra:
        lines.append(f"  (no question has the number{'s' * (len(extra) > 1)} {extra})")
    total = len(quiz["questions"])
    return "\n".join([f"Quiz {quiz['chapter']}: {right} of {total} correct", *lines])


def progress():
    """Each exercise of this chapter and its quiz, solved or not, from the answers in
    this notebook now."""
    names = globals()
    print("Your progress in this chapter")
    solved = 0
    for label, check in EXERCISE_CHECKS.items():
        result = check(*(names.get(name) for name in check.answer_names))
        solved += result == "correct"
        state = "solved" if result == "correct" else result.split(":")[0]
        print(f"  Exercise {label:<6} {state}")
    print(f"  {solved} of {len(EXERCISE_CHECKS)} exercises solved")
    if "QUIZ" in names and "quiz_answers" in names:
        print("  " + check_quiz(names["quiz_answers"], names["QUIZ"]).split("\n")[0])
