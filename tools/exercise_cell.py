# Answer checking: this cell is the same in every chapter (the tests check it). Each
# exercise's check cell registers its check with @checker; a check may raise NotYet with
# a sentence.
import functools
import math
import numbers

# exercise label -> its check, for the tests and a progress summary
EXERCISE_CHECKS = {}


class NotYet(Exception):
    """Raised by a check, with a sentence telling the learner why the answer is not
    accepted."""


def describe(value):
    """Name a value's type and show its start, for feedback on a malformed answer."""
    text = repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return f"{type(value).__name__} {text}"


def checker(exercise):
    """Register a check; every answer, however malformed, gets a sentence back and never
    a traceback."""

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
            # the learner's own function raised, or an unforeseen form
            except Exception as error:
                return (
                    f"not yet: checking the answer raised {type(error).__name__}: "
                    f"{error}"
                )

        EXERCISE_CHECKS[exercise] = safe_check
        return safe_check

    return register


def as_number(value, what="a number"):
    """The answer as a finite float; NotYet with a sentence for anything else."""
    if hasattr(value, "numpy") and not hasattr(value, "item"):
        value = value.numpy()  # a TensorFlow tensor
    if (
        hasattr(value, "shape")
        and hasattr(value, "item")
        and math.prod(tuple(value.shape)) == 1
    ):
        # a one-element NumPy array, PyTorch tensor or TensorFlow tensor
        value = value.item()
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


def verdict(is_correct, hint):
    """'correct', or 'not yet: ' followed by a hint that does not give the answer
    away."""
    return "correct" if is_correct else f"not yet: {hint}"
