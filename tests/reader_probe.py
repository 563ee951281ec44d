"""The reader edition with a probe: every reader notebook, and after its last cell one that
answers every exercise check, and the quiz check, with malformed input and asserts that each
answers with a sentence (never a traceback, never "correct"), that every exercise registered
its check, and that the progress cell runs.

`make test-colab` runs these notebooks alone and offline with the versions Colab ships:

    python tests/reader_probe.py _build/notebooks _build/notebooks-probed
"""

import pathlib
import sys

import nbformat

PROBE = r'''
# Probe added by the tests: every check answers malformed input with a sentence.
import inspect as _inspect, numpy as _np
def _raising(*args, **kwargs):
    raise RuntimeError("the learner's function failed")
_bad = {"a string": "0.28", "NaN": float("nan"), "a wrong-shaped array": _np.zeros((7, 3)),
        "a function that raises": _raising, "an object": object()}
_checks = globals().get("EXERCISE_CHECKS", {})  # a capstone starter has none
_problems = []
for _label, _check in _checks.items():
    _arity = len(_inspect.signature(_inspect.unwrap(_check)).parameters)
    for _name, _value in _bad.items():
        for _args in [[_value] * _arity] + ([[_value] + [None] * (_arity - 1)] if _arity > 1 else []):
            try:
                _result = _check(*_args)
            except BaseException as _error:
                _problems.append(f"Exercise {_label}, {_name}: raised {_error!r}")
                continue
            if not isinstance(_result, str) or not _result.startswith(("not yet: ", "no answer yet")):
                _problems.append(f"Exercise {_label}, {_name}: answered {_result!r}")
            elif _name != "a function that raises" and "checking the answer raised" in _result:
                _problems.append(f"Exercise {_label}, {_name}: no specific sentence: {_result}")
if "QUIZ" in globals():
    for _name, _value in _bad.items():
        for _answers in (_value, {_n: _value for _n in QUIZ["questions"]}):
            try:
                _result = check_quiz(_answers, QUIZ)
            except BaseException as _error:
                _problems.append(f"quiz, {_name}: raised {_error!r}")
                continue
            if not isinstance(_result, str) or ": correct." in _result:
                _problems.append(f"quiz, {_name}: answered {_result!r}")
    progress()
assert len(_checks) == EXERCISES, f"registered checks {sorted(_checks)} for {EXERCISES} exercises"
assert not _problems, "\n".join(_problems)
print(f"probe: {len(_checks)} exercise checks and the quiz answer malformed input with a sentence")
'''


def probed(path):
    """The reader notebook with the probe appended."""
    nb = nbformat.read(path, as_version=4)
    exercises = sum(c.source.startswith("### Exercise ") for c in nb.cells if c.cell_type == "markdown")
    cell = nbformat.v4.new_code_cell(f"EXERCISES = {exercises}\n" + PROBE.strip())
    cell.id = "reader-probe"
    nb.cells.append(cell)
    return nb


if __name__ == "__main__":
    source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.ipynb")):
        nbformat.write(probed(path), target / path.name)
        print(target / path.name)
