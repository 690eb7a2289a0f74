"""Text scanning in the main process stays linear on a hostile repository.

The parsers run in worker processes under a deadline; everything else (the inventory's classifier,
the .gitignore excludes, the sensitive-data detectors, redaction, the report and the LLM layer)
runs in the main process on whatever the analysed repository holds, where one regex that
backtracks would stall the whole run. So every module-level regex outside ``modernize/parsers`` is
tried on strings built from its own pieces (its literals and members of its character classes,
repeated, after a prefix of what it matches, or as a blank run that ends in a character nothing
expects), and the time for 100 KB must stay within a linear budget of the time for 10 KB. The
known attacks are tried directly too, each in a child process that is killed when it overruns, so a
regression fails the test instead of hanging it.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import multiprocessing
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pathspec
import pytest

import modernize
from modernize.findings import find_in_text
from modernize.inventory import (
    ExcludeRules,
    ignore_patterns,
    ignored,
    inspect_file,
    read_text,
    take_inventory,
)
from modernize.model import SourceFile
from modernize.parsers import ParseContext

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

SMALL, MEDIUM, LARGE = 1_000, 10_000, 100_000
RATIO = 30  # 10x the text may cost at most 30x the time ...
FLOOR = 0.25  # ... or this many CPU seconds, so that timings of a few milliseconds cannot flake
SAMPLES = 4  # walks through each regex: the i-th takes alternative i of every branch, the last
# takes the first alternatives again and leaves every optional part out
MAX_ATOMS = 12


# -- which regexes run in the main process -------------------------------------------------------

def main_process_modules() -> Iterator[Any]:
    """The modules outside modernize/parsers that compile regexes (a module that does not import
    re can only hold a regex another module made, and that module is here)."""
    for info in pkgutil.walk_packages(modernize.__path__, "modernize."):
        if info.name.startswith("modernize.parsers") or info.name.endswith("__main__"):
            continue
        spec = importlib.util.find_spec(info.name)
        source = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
        if not re.search(r"^(?:import re\b|from re import)", source, re.M):
            continue
        try:
            yield importlib.import_module(info.name)
        except ImportError:  # an optional extra (mcp, dask) that is not installed
            continue


def patterns_in(value: Any, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value
    elif depth < 3 and isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from patterns_in(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from patterns_in(item, depth + 1)


# Modules whose regexes only ever see text of a bounded length (their own MAX_TRANSLATED): timed
# through the function that bounds it (test_plan_sentences_are_translated_in_bounded_time).
BOUNDED_MODULES = ("modernize.plan.wording",)


def main_process_patterns() -> dict[str, re.Pattern[str]]:
    """Every module-level regex (also inside module-level lists, tuples and dicts), by the name of
    the first module that holds it."""
    found: dict[int, tuple[str, re.Pattern[str]]] = {}
    for module in main_process_modules():
        if module.__name__ in BOUNDED_MODULES:
            continue
        for name, value in vars(module).items():
            for index, pattern in enumerate(patterns_in(value)):
                suffix = "" if isinstance(value, re.Pattern) else f"[{index}]"
                found.setdefault(id(pattern), (f"{module.__name__}.{name}{suffix}", pattern))
    return dict(found.values())


PATTERNS = main_process_patterns()


# -- adversarial strings from a regex's own pieces ----------------------------------------------

CANDIDATES = " a1-.+:/'\"(),;=_@#$*\tZ\n"
OP = sre_constants


def category_has(category: Any, char: str) -> bool:
    name = str(category)
    word = char.isalnum() or char == "_"
    tests = {"DIGIT": char.isdigit(), "SPACE": char.isspace(), "WORD": word, "LINEBREAK": char == "\n"}
    for key, result in tests.items():
        if name.endswith("NOT_" + key):
            return not result
        if name.endswith(key):
            return result
    return False


def class_has(items: list[tuple[Any, Any]], char: str) -> bool:
    negate = False
    inside = False
    for op, av in items:
        if op is OP.NEGATE:
            negate = True
        elif op is OP.LITERAL:
            inside |= ord(char) == av
        elif op is OP.RANGE:
            inside |= av[0] <= ord(char) <= av[1]
        elif op is OP.CATEGORY:
            inside |= category_has(av, char)
    return inside != negate


def class_members(items: list[tuple[Any, Any]]) -> list[str]:
    """A few characters the class accepts: a blank, a word character, punctuation, when it has them."""
    members = [c for c in CANDIDATES if class_has(items, c)]
    chosen: list[str] = []
    for group in (str.isspace, lambda c: c.isalnum() or c == "_", lambda c: not c.isalnum() and not c.isspace()):
        chosen += [c for c in members if group(c)][:1]
    literals = [chr(av) for op, av in items if op is OP.LITERAL and class_has(items, chr(av))]
    return chosen or literals[:1] or ["a"]


Atom = tuple[str, ...]  # what one piece of a regex can be: a literal run, or members of a class


def walk(tree: Any, sample: int, atoms: list[Atom], literals: set[str]) -> None:
    """Append the atoms of one string that (nearly) matches ``tree``, taking alternative ``sample``
    of every branch (the last sample: the first, without optional parts); collect the literal runs
    of every alternative."""
    bare = sample == SAMPLES - 1
    run = ""
    for op, av in tree:
        if op is OP.LITERAL:
            run += chr(av)
            continue
        if run:
            atoms.append((run,))
            literals.add(run)
            run = ""
        if op is OP.NOT_LITERAL:
            atoms.append(("a" if chr(av) != "a" else "b", " "))
        elif op is OP.ANY:
            atoms.append(("x", " "))
        elif op is OP.IN:
            atoms.append(tuple(class_members(av)))
        elif op is OP.BRANCH:
            alternatives = av[1]
            for alternative in alternatives:
                walk(alternative, sample, [], literals)
            walk(alternatives[0 if bare else sample % len(alternatives)], sample, atoms, literals)
        elif op in (OP.MAX_REPEAT, OP.MIN_REPEAT, getattr(OP, "POSSESSIVE_REPEAT", None)):
            low, _high, body = av
            inner: list[Atom] = []
            walk(body, sample, inner, literals)
            if bare and low == 0:
                continue
            count = max(1, min(low, 8))
            if len(inner) == 1:
                atoms.append(tuple(option * count for option in inner[0]))
            elif inner:
                atoms.append(("".join(a[0] for a in inner) * count,))
        elif op is OP.SUBPATTERN:
            walk(av[-1], sample, atoms, literals)
        elif op is getattr(OP, "ATOMIC_GROUP", None):
            walk(av, sample, atoms, literals)
        elif op is OP.ASSERT:
            walk(av[1], sample, atoms if av[0] == 1 else [], literals)  # a lookahead's text comes next
        elif op is OP.ASSERT_NOT:
            walk(av[1], sample, [], literals)
        elif op is OP.GROUPREF_EXISTS:
            walk(av[1], sample, atoms, literals)
    if run:
        atoms.append((run,))
        literals.add(run)


def adversarial_units(pattern: re.Pattern[str]) -> list[tuple[str, str, str]]:
    """(head, pump, tail): the string is head + pump repeated + tail.

    Blank runs that end in a character nothing expects; every literal run repeated; and along each
    walk through the regex, for each piece: the pieces up to it repeated as a whole, and what leads
    up to it followed by that piece pumped, each with every member of the piece's class."""
    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    literals: set[str] = set()
    units: list[tuple[str, str, str]] = [("", " ", "X"), ("", "\t", "X"), ("", " \n", "X"), ("", "\n", "X")]
    for sample in range(SAMPLES):
        atoms: list[Atom] = []
        walk(tree, sample, atoms, literals)
        atoms = [a for a in atoms if a[0]][:MAX_ATOMS]
        for k, atom in enumerate(atoms):
            head = "".join(a[0] for a in atoms[:k])
            for option in atom:
                if len(atom) > 1 or k == len(atoms) - 1:
                    units.append(("", head + option, "\x00"))
                units.append((head, option, "\x00"))
            if k and len(atoms[k - 1][0]) == len(atom[0]) == 1:
                units.append((head, atoms[k - 1][0] + atom[-1], "\x00"))  # two characters taking turns: A-B-C-
    for literal in sorted(literals):
        units += [("", literal, "\x00"), ("", literal + " ", "\x00")]
    return list(dict.fromkeys(u for u in units if u[1]))


def build(unit: tuple[str, str, str], size: int) -> str:
    head, pump, tail = unit
    body = pump * (max(0, size - len(head) - len(tail)) // len(pump) + 1)
    return (head + body)[: size - len(tail)] + tail


def cpu(run: Callable[[], Any], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def scan_time(pattern: re.Pattern[str], text: str, repeat: int = 1) -> float:
    return cpu(lambda: sum(1 for _ in pattern.finditer(text)), repeat)


def over_budget(smaller: float, larger: float, last: bool, floor: float) -> bool:
    """10x the text took more than RATIO x the time (and more than ``floor``); or, before the last
    step, already 50x at a size where timings are reliable: the next step would take long only to
    say the same."""
    return larger > max(RATIO * smaller, floor) or (not last and larger > 50 * smaller and larger > floor / 5)


def super_linear(pattern: re.Pattern[str], sizes: tuple[int, ...] = (SMALL, MEDIUM, LARGE), floor: float = FLOOR) -> str | None:
    """The first string on which 10x the length costs more than the linear budget, if any.

    The sizes are tried in turn and the next is not tried once a step is over budget, so a
    regression costs seconds, not the hours its largest string would."""
    for unit in adversarial_units(pattern):
        previous = scan_time(pattern, build(unit, sizes[0]))
        if previous > floor:
            return f"{sizes[0]} characters of {unit!r} take {previous:.2f} s"
        for smaller, size in zip(sizes, sizes[1:], strict=False):
            text = build(unit, size)
            spent = scan_time(pattern, text)
            problem = over_budget(previous, spent, size == sizes[-1], floor)
            if problem and spent < 3 * max(RATIO * previous, floor):  # close: measured again, best of 3
                previous = scan_time(pattern, build(unit, smaller), 3)
                spent = scan_time(pattern, text, 3)
                problem = over_budget(previous, spent, size == sizes[-1], floor)
            if problem:
                return f"{unit!r}: {smaller} characters take {previous:.4f} s, {size} take {spent:.2f} s"
            previous = spent
    return None


def test_the_sweep_sees_the_main_process_regexes():
    for name in ("modernize.findings.RE_COBOL_VALUE", "modernize.findings.RE_EMAIL", "modernize.inventory.RE_DATA_ENTRY",
                 "modernize.document.redact.RE_LITERAL", "modernize.document.llm.RE_NAME"):
        assert name in PATTERNS
    assert not any(name.startswith("modernize.parsers") for name in PATTERNS)
    assert len(PATTERNS) >= 30


@pytest.mark.slow  # more than about a second
def test_the_generator_finds_the_classic_backtracking_shapes():
    # Shapes that backtrack, written the way they were in the detectors before: the generator must
    # build a string that shows it, or the sweep below proves nothing.
    for shape in (r"[\w-]*(?:PASSWORD|PWD)[\w-]*\s+PIC", r"^(?:[^\n]{6}[ dD]|[ \t]*)[ \t]*MOVE\b", r"PWD\s*=\s*(?:\([^)\n]*\)|[^\s,]+)",
                  r"\b[a-z][a-z0-9+.-]*://", r"\{#-?\s*version:\s*(\S+)\s*-?#\}"):
        assert super_linear(re.compile(shape, re.I | re.M), (300, 3_000, 30_000), 0.02) is not None, shape


@pytest.mark.slow  # CPU time of every main-process regex on 100 KB: about 10 s in all
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_main_process_regex_is_linear(name):
    problem = super_linear(PATTERNS[name])
    assert problem is None, f"{name} is super-linear: {problem}"


# -- the known attacks, each in a child process with a deadline --------------------------------

def bounded(seconds: float, work: Callable[[], Any]) -> Any:
    """Run ``work`` in a forked child; fail if it takes more than ``seconds`` of CPU (or 3x that
    of wall clock, when it is killed). Returns what ``work`` returned."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        start = time.process_time()
        try:
            result = work()
        except BaseException as exc:  # noqa: BLE001 - reported in the parent
            send.send((time.process_time() - start, exc))
        else:
            send.send((time.process_time() - start, result))

    process = context.Process(target=child)
    process.start()
    ready = receive.poll(max(10.0, 3 * seconds))
    if not ready:
        process.kill()
        process.join()
        pytest.fail(f"still running after {max(10.0, 3 * seconds):.0f} s; stopped")
    spent, result = receive.recv()
    process.join()
    if isinstance(result, BaseException):
        raise result
    assert spent <= seconds, f"took {spent:.1f} s of CPU, more than {seconds} s"
    return result


def test_a_line_of_password_words_is_cheap_for_the_detectors():
    line = "pwd" * 1300
    assert bounded(2, lambda: find_in_text("a.cbl", line, "cobol", "free")) == []
    assert bounded(2, lambda: find_in_text("a.txt", "       01  " + line + " PIC X(8) VALUE 'TOPSECR1'.")) != []


def test_a_long_blank_run_is_cheap_for_the_detectors_and_the_classifier():
    line = " " * 25_000 + "X"
    assert bounded(2, lambda: find_in_text("a.txt", line)) == []
    assert bounded(2, lambda: inspect_file("a.txt", (line + "\n").encode())[0].kind) == "doc"
    assert bounded(2, lambda: inspect_file("A.cbl", (line + "\n" + " " * 25_000 + "01 A-" + "B-" * 10_000 + "\n").encode())[0].kind) == "copybook"


def test_a_hostile_gitignore_costs_little_and_says_what_it_skipped(tmp_path):
    (tmp_path / ".gitignore").write_text("*a*a*a*a*a*a*a*a*ab\n\\\n" + "*" * 5000 + "\nkeep/\n")
    for index in range(5):
        (tmp_path / ("a" * 200 + str(index))).write_text("x\n")
    (tmp_path / ("a" * 200 + "b")).write_text("x\n")
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep" / "A.cbl").write_text("x\n")

    def inventory() -> tuple[list[str], list[tuple[str, str, int | None]]]:
        found = take_inventory(tmp_path)
        return sorted(f.path for f in found.files), [(d.code, d.path, d.line) for d in found.diagnostics]

    paths, diagnostics = bounded(3, inventory)
    assert "a" * 200 + "b" not in paths and "a" * 200 + "0" in paths and "keep/A.cbl" not in paths
    assert ("ignore-pattern-skipped", ".gitignore", 2) in diagnostics  # not a pattern: a lone backslash
    assert ("ignore-pattern-skipped", ".gitignore", 3) in diagnostics  # 5000 characters


def test_excludes_match_as_pathspec_does():
    lines = ["build/", "*.lst", "!keep.lst", "/top", "a/**/b", "**/tmp", "x?y", "[a-c]*.cbl", "[!a]*.cpy", "dir/", "!dir/",
             "sub/*", "foo\\ ", "\\#hash", "a&b~c", "é*", "doc/**", "!doc/keep/", "trail   ", "odd[", "\\!bang", "*/z"]
    paths = ["build/x", "build/", "a/build/x.lst", "keep.lst", "top", "sub/top", "a/b", "a/q/r/b", "tmp", "q/tmp/", "xzy", "b.cbl",
             "d.cbl", "a.cpy", "b.cpy", "dir/", "dir/f", "x/dir/", "sub/a", "sub/a/b", "foo ", "#hash", "a&b~c", "éa", "doc/keep/x",
             "doc/a", "trail", "q/z", "z", "!bang", "odd["]
    for start in range(0, len(lines), 3):
        chosen = lines[start:] + lines[:start]
        for width in (3, 7, len(lines)):
            spec = pathspec.GitIgnoreSpec.from_lines(chosen[:width], backend="simple")
            mine = ignore_patterns(chosen[:width], ".gitignore", [])
            assert [spec.match_file(p) for p in paths] == [ignored(mine, p) for p in paths], chosen[:width]
    rules = ExcludeRules(["*.tmp", "\\"])
    assert rules.excluded("x/a.tmp", False) and rules.excluded(".git", True) and not rules.excluded("a.cbl", False)
    assert [(d.code, d.path) for d in rules.diagnostics] == [("ignore-pattern-skipped", ".")]


def fixed_lines(lines: list[str]) -> str:
    return "".join(f"{number * 100:06d} {line}\n" for number, line in enumerate(lines, 1))


@pytest.mark.slow  # a COPY fan-out parsed up to the expansion limit, in a child process
def test_a_copy_fan_out_stops_at_the_limit_and_the_program_is_still_parsed(tmp_path):
    from modernize.parsers.cobol import parse

    files: dict[str, SourceFile] = {}

    def add(path: str, text: str, kind: str) -> None:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
        files[path] = SourceFile(path, "cobol", kind, "ascii", "fixed", hashlib.sha256(text.encode()).hexdigest(), text.count("\n"), len(text))

    add("cpy/K0.cpy", fixed_lines(["    05  LEAF PIC X."]), "copybook")
    for depth in range(1, 25):  # each copies the one before twice: 2**24 lines in all
        add(f"cpy/K{depth}.cpy", fixed_lines([f"    COPY K{depth - 1}.", f"    COPY K{depth - 1}."]), "copybook")
    add("cbl/FAN.cbl", fixed_lines(["IDENTIFICATION DIVISION.", "PROGRAM-ID. FAN.", "DATA DIVISION.", "WORKING-STORAGE SECTION.",
                                    "01  REC.", "    COPY K24.", "PROCEDURE DIVISION.", "MAIN-PARA.", "    CALL 'SUB1'.", "    STOP RUN."]), "program")
    libraries = {"copybook": {p.rsplit("/", 1)[1].split(".")[0]: [p] for p in files if p.startswith("cpy/")}}
    context = ParseContext(root=tmp_path, files=files, libraries=libraries, reader=read_text)
    source = files["cbl/FAN.cbl"]

    def run() -> tuple[list[str], list[tuple[str, str, str, int | None]], list[str]]:
        result = parse(source, (tmp_path / source.path).read_text(), context)
        modules = result.modules
        return ([m.name for m in modules], [(d.code, d.message, d.path, d.line) for m in modules for d in m.diagnostics],
                [r.target for m in modules for r in m.references if r.kind == "calls"])

    names, diagnostics, calls = bounded(8, run)
    assert names == ["FAN"] and calls == ["SUB1"]  # the procedure division after the fan-out is there
    [limit] = [d for d in diagnostics if d[0] == "copy-expansion-limit"]
    assert "cbl/FAN.cbl" in limit[1] and "COPY K" in limit[1] and limit[2].startswith("cpy/K")


@pytest.mark.slow
def test_plan_sentences_are_translated_in_bounded_time():
    """The plan's sentences carry the estate's names: a hostile estate's sentence of 200 KB (a list of
    names without end, the pieces the Dutch patterns look for repeated) is rendered quickly, and a
    sentence of the usual size is still translated."""
    from modernize.plan.wording import MAX_TRANSLATED, sentence

    names = ", ".join(f"PGM{i:05d}" for i in range(20_000))
    hostile = [f"calls into {names}, which are replaced before it", "written by " + "X, read by " * 20_000,
               "within the code-size range (" + "1" * 200_000, "shown by P, which changes data (through " + "A" * 200_000]
    for text in hostile:
        assert len(text) > MAX_TRANSLATED
        bounded(2.0, lambda text=text: sentence(text, "nl"))
    assert sentence("table written by TSB030", "nl") == "tabel geschreven door TSB030"
