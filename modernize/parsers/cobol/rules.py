"""The text of a decision (an IF's condition, an EVALUATE's WHEN) as a reader of the business rules
reads it.

In an EVALUATE, ALSO separates subjects and the objects that go with them (``EVALUATE A ALSO B`` /
``WHEN 1 ALSO 2`` holds when A = 1 and B = 2), while WHENs stacked over one body are alternatives
(``WHEN 'AFCR' WHEN 'AFCS'`` holds for either value). Connectives written here are lower-case
(``and``, ``or``, ``not``), so they stand apart from the AND/OR/NOT of the source's own conditions.
"""

from __future__ import annotations

from itertools import zip_longest

from modernize.parsers.cobol.lexer import NUMBER, OP, STRING, WORD, Token, literal_value


def condition_text(tokens: list[Token]) -> str:
    return " ".join([t[2] if t[0] != WORD else t[1] for t in tokens])


def operand_values(tokens: list[Token]) -> list[str]:
    return [literal_value(t[2]) if t[0] == STRING else t[2] for t in tokens if t[0] in (STRING, NUMBER)]


def split_also(tokens: list[Token]) -> list[list[Token]]:
    """The parts of an EVALUATE subject or WHEN object list, between the ALSOs outside parentheses."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        if token[0] == OP and token[2] in ("(", ")"):
            depth += 1 if token[2] == "(" else -1
        elif token[0] == WORD and token[1] == "ALSO" and depth <= 0:
            parts.append([])
            continue
        parts[-1].append(token)
    return parts


def compound(tokens: list[Token]) -> bool:
    """A condition joined by AND or OR outside parentheses: it needs them when joined to another."""
    depth = 0
    for token in tokens:
        if token[0] == OP and token[2] in ("(", ")"):
            depth += 1 if token[2] == "(" else -1
        elif token[0] == WORD and token[1] in ("AND", "OR") and depth <= 0:
            return True
    return False


Test = tuple[str, str, str, bool]  # (subject, "=" or "not =", object, compound); a bare condition has subject and operator ""


def selection(subject: list[Token], objects: list[Token]) -> Test | None:
    """One subject with its object: None for ANY, which always holds."""
    words = [t[1] for t in objects if t[0] == WORD]
    if words == ["ANY"] and len(objects) == 1:
        return None
    subject_text = condition_text(subject)
    negated = bool(objects) and objects[0][0] == WORD and objects[0][1] == "NOT"
    rest = objects[1:] if negated else objects
    text = condition_text(rest)
    if subject_text.upper() in ("TRUE", "FALSE"):
        if (subject_text.upper() == "TRUE") != negated:
            return ("", "", text, compound(rest))
        return ("", "", f"not ( {text} )" if compound(rest) else f"not {text}", False)
    return (subject_text, "not =" if negated else "=", text, False)


def test_text(test: Test, alone: bool) -> str:
    """A test as text; a compound condition in parentheses unless it stands alone."""
    text = " ".join(part for part in test[:3] if part)
    return f"( {text} )" if test[3] and not alone else text


def when_text(subject: list[Token], whens: list[list[Token]], subjects: list[list[Token]] | None = None) -> str:
    """One WHEN (its stacked WHENs given as ``whens``) of ``EVALUATE subject``, as a condition:
    ``X = 'AFCR' or 'AFCS'``, ``A = 1 and B = 2``, ``OTHER``. ``subjects``: the subject split at its
    ALSOs, when the caller has it (an EVALUATE has many WHENs)."""
    if len(whens) == 1 and len(whens[0]) == 1 and whens[0][0][1] == "OTHER":
        return "OTHER"
    if subjects is None:
        subjects = split_also(subject)
    alternatives: list[list[Test]] = []
    for objects in whens:
        pairs = zip_longest(subjects, split_also(objects), fillvalue=[])
        alternatives.append([test for s, o in pairs if (test := selection(s, o)) is not None])
    if not any(alternatives):
        return "ANY"
    heads = {test[:2] for tests in alternatives for test in tests}
    if len(heads) == 1 and all(len(tests) == 1 for tests in alternatives):
        left, operator = heads.pop()
        if left and operator == "=":
            return f"{left} = " + " or ".join(tests[0][2] for tests in alternatives)
    alone = len(alternatives) == 1
    shown = []
    for tests in alternatives:
        text = " and ".join(test_text(test, alone and len(tests) == 1) for test in tests) or "ANY"
        shown.append(f"( {text} )" if len(tests) > 1 and not alone else text)
    return " or ".join(shown)
