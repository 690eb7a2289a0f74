"""The one writer: the only code that knows the layout of OUT.

Stages hand over outputs as ``{path: bytes | Lazy}``; ``layout`` places them in OUT, ``write`` writes
each one whose key changed since the last write (bytes are keyed by their hash, a ``Lazy`` by a hash
of its inputs, so an unchanged module page or graph export is not even computed), renders heavy
outputs in parallel, removes what an earlier write wrote and this one does not (a page of a module
that is gone), and records it all in OUT's manifest. A rerun whose inputs are all unchanged (the
run stamp) writes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modernize.forked import forking
from modernize.model import dumps
from modernize.output import (
    Lazy,
    Output,
    claim_output,
    read_manifest,
    remove_stale_temporaries,
    utf8,
    write_bytes_atomic,
    write_manifest,
)
from modernize.pipeline.stamps import run_stamp

PARTS = ("run", "docs", "plan", "tests")
PARALLEL_HEAVY = 64  # fewer heavy outputs than this: not worth a process pool
OUR_FOLDERS = ("graph", "docs", "plan", "tests", "modules")


@dataclass
class Written:
    """What a write did: nothing (``up_to_date``), or which files it wrote, kept and removed."""

    up_to_date: bool = False
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    capture: Any = None  # testgen.Capture when golden masters were asked for

    @property
    def captured(self) -> int:
        """Cases with a golden master in OUT after this write."""
        return sum(1 for path in (*self.written, *self.unchanged) if path.endswith("/returncode") and "/golden/" in path)


def layout(estate: Any, out: Path, part: str = "run") -> tuple[dict[str, Output], Any]:
    """Every output of ``part`` at its place in OUT (``run``: all of them; ``docs``, ``plan``,
    ``tests``: that part alone, at the top of OUT). Stages are evaluated in their order."""
    outputs: dict[str, Output] = {}
    capture, tests = None, None
    if part in ("run", "tests"):  # a capture keeps the cases that reach a rule: the plan cites those
        from modernize.testgen import Capture

        capture = Capture(estate.tests, estate.root.resolve(), work_folder(out, part), estate.options.sandbox, estate.options.capture_budget)
        with estate.timed("capture", "measuring which rules the cases reach"):
            tests = capture.measured
    if part == "run":
        from modernize.findings import findings_json

        outputs["facts.json"] = utf8(dumps(estate.scanned.to_dict()))
        outputs["findings.json"] = utf8(findings_json(estate.findings, estate.options.mask_findings))
        outputs.update(place("graph", graph_outputs(estate)))
    if part in ("run", "docs"):
        documents = {document.name: utf8(document.text) for document in estate.documents.values()}
        outputs.update(place("docs" if part == "run" else "", documents))
    if part == "run":
        outputs["diagnostics.json"] = utf8(dumps([d.to_dict() for d in estate.diagnostics]))  # the model's too
    if part in ("run", "plan"):
        from modernize.plan.interfaces import contract_outputs

        outputs.update(place("plan" if part == "run" else "", estate.plan.outputs(estate.options.lang, (tests or estate.tests).test_files())))
        outputs.update(place("plan" if part == "run" else "", contract_outputs(estate.plan.steps, estate.modules, estate.graph, estate.name)))
    if part == "run":
        from modernize.plan.archimate import to_archimate

        outputs["graph/graph.archimate.xml"] = utf8(to_archimate(estate.graph, estate.plan.steps, estate.modules, estate.name))
    if capture is not None and tests is not None:
        outputs.update(place("tests" if part == "run" else "", tests.files))
        outputs.update(place("tests" if part == "run" else "", capture.outputs()))
    if part == "run":
        from modernize.report import report_outputs
        from modernize.report.coverage import coverage_outputs
        from modernize.report.crud import crud_outputs
        from modernize.report.dictionary import dictionary_outputs
        from modernize.report.flows import flow_outputs
        from modernize.report.screens import screen_outputs

        with estate.timed("report", "writing the HTML report"):
            outputs.update(report_outputs(estate.name, estate.root, estate.modules, estate.files, estate.graph, estate.documents,
                                          estate.plan.steps, estate.diagnostics, estate.analysis, estate.plan.markdown(estate.options.lang, (tests or estate.tests).test_files()),
                                          estate.findings, estate.options.mask_findings))
            outputs.update(crud_outputs(estate.name, estate.graph, estate.modules, estate.plan.steps))
            outputs.update(screen_outputs(estate.name, estate.modules, estate.documents))
            outputs.update(flow_outputs(estate.name, estate.graph, estate.modules, estate.documents))
            outputs.update(dictionary_outputs(estate.name, estate.graph, estate.modules, set(estate.documents), estate.options.mask_findings))
            outputs.update(coverage_outputs(estate.name, (tests or estate.tests).test_files(), estate.options.sandbox is not None))
    return outputs, capture


def work_folder(out: Path, part: str) -> Path:
    """Where GnuCOBOL builds and runs the legacy programs: OUT/tests/.build (never a manifest entry)."""
    return out / ("tests" if part == "run" else "") / ".build"


def place(folder: str, outputs: dict[str, Output]) -> dict[str, Output]:
    return {f"{folder}/{name}" if folder else name: output for name, output in outputs.items()}


def graph_outputs(estate: Any) -> dict[str, Output]:
    """OUT/graph/: graph.json (the contract), analysis.json, the viewer and the other exports."""
    from modernize.graph.export import export_outputs
    from modernize.graph.viewer import render_html

    with estate.timed("graph", "exporting the dependency graph"):
        outputs: dict[str, Output] = {"graph.json": utf8(estate.graph_json), "analysis.json": utf8(dumps(estate.analysis))}
        outputs.update(export_outputs(estate.graph, estate.graph_key, estate.analysis["components"]))
        outputs["graph.html"] = Lazy(estate.graph_key, lambda: utf8(render_html(estate.graph, estate.analysis["components"], estate.name)))
    return outputs


def key_of(output: Output) -> str:
    return output.key if isinstance(output, Lazy) else hashlib.sha256(output).hexdigest()


def write(estate: Any, out: Path, force: bool = False, part: str = "run") -> Written:
    """Write ``part`` of ``estate`` into ``out``; raises ``output.OutputNotOurs`` for a folder of the user's."""
    out = Path(out)
    foreign = claim_output(out, force)
    manifest = read_manifest(out) or {}
    previous = manifest.get("files") if isinstance(manifest.get("files"), dict) else {}
    remove_stale_temporaries(out, OUR_FOLDERS)
    stamp = run_stamp(estate, part)
    if estate.options.llm is None and manifest.get("stamp") == stamp and all((out / path).is_file() for path in previous):
        return Written(up_to_date=True, unchanged=sorted(previous))
    if manifest.get("stamp"):
        write_manifest(out, foreign, previous, "")  # a write that stops half-way leaves no stamp
    outputs, capture = layout(estate, out, part)
    result = Written(capture=capture)
    keys: dict[str, str] = {}
    heavy: list[tuple[str, Lazy]] = []
    light: list[tuple[str, Output, str]] = []
    with estate.timed("write", "writing outputs"):
        for path, output in outputs.items():
            key = key_of(output)
            if previous.get(path) == key and (out / path).is_file():
                keys[path] = key
                result.unchanged.append(path)
            elif isinstance(output, Lazy) and output.heavy:
                heavy.append((path, output))
            else:
                light.append((path, output, key))
        with producing(out, heavy, estate.settings.worker_count) as produced:
            for path, output, key in light:  # while the workers render the heavy ones
                if (data := output.produce() if isinstance(output, Lazy) else output) is not None:
                    write_bytes_atomic(out / path, data)
                    keys[path] = key
                    result.written.append(path)
            for path, output in produced():
                keys[path] = output.key
                result.written.append(path)
        for path in sorted(set(previous) - set(outputs)):
            target = out / path
            if ".." not in Path(path).parts and target.is_file() and not target.is_symlink():
                target.unlink()
                result.removed.append(path)
        write_manifest(out, foreign, keys, stamp)
    return result


@contextmanager
def producing(out: Path, items: list[tuple[str, Lazy]], jobs: int) -> Iterator[Callable[[], list[tuple[str, Lazy]]]]:
    """Heavy outputs (highlighted pages) are most of a large report's time: spread them over ``jobs``
    forked processes, which inherit the outputs. They start at once; the caller writes the light
    outputs meanwhile (graph exports, tables: half a minute on a large estate that the main process
    would otherwise spend waiting), then calls the function it was given for the heavy ones written."""
    def produce_one(index: int) -> bool:
        path, output = items[index]
        data = output.produce()
        if data is not None:
            write_bytes_atomic(out / path, data)
        return data is not None

    with forking(produce_one, len(items), jobs, PARALLEL_HEAVY) as results:
        yield lambda: [item for item, ok in zip(items, results(), strict=True) if ok]
