"""Inline LaTeX as plain text, for what a cell prints (a quiz's explanations print as text, where `$...$` would
show raw). Covers the notation the quizzes use; `plain_text` raises ValueError on anything it cannot write out,
so a new command is noticed when the quizzes are sealed rather than by a reader.

    >>> plain_text(r"the ratio is $n/2 = 100$ and $\\partial L/\\partial \\hat y_i = \\tfrac12 x^2$")
    'the ratio is n/2 = 100 and ∂L/∂ŷ_i = ½ x²'
"""
import re

SYMBOLS = {
    "partial": "∂", "times": "×", "cdot": "·", "approx": "≈", "le": "≤", "ge": "≥", "lfloor": "⌊",
    "rfloor": "⌋", "infty": "∞", "cap": "∩", "ldots": "…", "top": "ᵀ", "alpha": "α", "beta": "β",
    "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ",
    "pi": "π", "sigma": "σ", "tanh": "tanh", "log": "log", "ln": "ln", "exp": "exp", "cos": "cos",
    "max": "max", "min": "min", "big": "", "Big": "",
}
FRACTIONS = {("1", "2"): "½", ("1", "3"): "⅓", ("1", "4"): "¼", ("3", "4"): "¾"}
SUPERSCRIPTS = str.maketrans("0123456789-+n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿ")
HATS = {"y": "ŷ"}


def _argument(text, at):
    """(the argument of a command at text[at:], the index after it): a braced group or one character."""
    if text[at] == "{":
        depth = 0
        for end in range(at, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                return text[at + 1:end], end + 1
        raise ValueError(f"unbalanced braces in {text!r}")
    if text[at] == "\\":  # a command such as \\top
        name = re.match(r"\\[A-Za-z]+|\\.", text[at:]).group(0)
        if name[1:] in ("text", "mathbf", "operatorname", "sqrt", "hat"):  # with its own argument
            inside, end = _argument(text, at + len(name))
            return f"{name}{{{inside}}}", end
        return name, at + len(name)
    return text[at], at + 1


def plain_math(tex):
    """One inline formula (without its dollars) as plain text."""
    out, at = [], 0
    while at < len(tex):
        char = tex[at]
        if char == "\\":
            name = re.match(r"[A-Za-z]+|.", tex[at + 1:]).group(0)
            at += 1 + len(name)
            if name in ("frac", "tfrac"):
                top, at = _argument(tex, at)
                bottom, at = _argument(tex, at)
                top, bottom = plain_math(top), plain_math(bottom)
                fraction = FRACTIONS.get((top, bottom)) or f"{_group(top)}/{_group(bottom)}"
                if len(fraction) > 1 and at < len(tex) and (tex[at] == "(" or tex[at].isalnum()):
                    fraction = f"({fraction})"  # \\frac2n(x) is (2/n)(x), not 2/n(x)
                out.append(fraction)
            elif name == "sqrt":
                inside, at = _argument(tex, at)
                out.append("√" + _group(plain_math(inside)))
            elif name in ("text", "mathbf", "operatorname"):
                inside, at = _argument(tex, at)
                out.append(plain_math(inside) if name != "text" else inside)
            elif name == "hat":
                inside, at = _argument(tex, at + (tex[at] == " "))
                out.append(HATS.get(inside, inside + "\u0302"))
            elif name in (",", " ", ";"):
                out.append(" ")
            elif name in ("{", "}", "%", "_"):
                out.append(name)
            elif name in SYMBOLS:
                out.append(SYMBOLS[name])
                if name not in ("partial", "big", "Big") and at < len(tex) and tex[at].isalnum():
                    out.append(" ")  # `\times x` and the like keep their space
            else:
                raise ValueError(f"no plain form for \\{name} in {tex!r}")
        elif char == "^":
            inside, at = _argument(tex, at + 1)
            text = plain_math(inside)
            if text and set(text) <= set("0123456789-+nᵀ"):
                out.append(text.translate(SUPERSCRIPTS))
            else:
                out.append("^" + _group(text))
        elif char == "_":
            inside, at = _argument(tex, at + 1)
            text = plain_math(inside)
            out.append("_" + (text if len(text) == 1 or text.isalnum() else f"({text})"))
        elif char == "{":
            inside, at = _argument(tex, at)
            out.append(plain_math(inside))
        else:
            out.append(char)
            at += 1
    return re.sub(r" {2,}", " ", "".join(out).replace("∂ ", "∂"))


def _group(text):
    """Parentheses around a fraction's or root's part when it is more than one symbol."""
    return text if re.fullmatch(r"[\w.]+|\(.*\)", text) else f"({text})"


def plain_text(text):
    """Text whose inline `$...$` formulas are written out in plain characters."""
    return re.sub(r"\$([^$]+)\$", lambda m: plain_math(m.group(1)), text)
