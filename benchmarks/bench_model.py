"""A real small model on the example estate: how often its answers are usable JSON as sent, how
often the repair request is needed, how much of what it writes the grounding check verifies, what
it costs in tokens and seconds. Starts scripts/local-model.sh (or connects to ``--url``, any
OpenAI-compatible server), documents the estate through the Estate API with ``openai/<model>``
pointed at it (what ``modernize docs --model openai/<model> --api-base URL`` does), and writes a
Markdown report plus three narratives beside their fact documents. The last line is the README row.

    python benchmarks/bench_model.py --size 0.5b --modules TSU020,TSU010,TSLBERK [--label after]
    python benchmarks/bench_model.py --url http://127.0.0.1:8089/v1 [--path DIR] [--modules ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from modernize.config import load_settings  # noqa: E402
from modernize.document.llm import LLMSettings, ModuleUsage, Narrative, ground, within_limits  # noqa: E402
from modernize.pipeline.estate import Estate, RunOptions  # noqa: E402

NARRATIVE_HEADING = "\n## Narrative"


@dataclass
class Row:
    """One module's outcome, as the report shows it."""

    key: str
    usage: ModuleUsage
    narrative: Narrative | None

    @property
    def outcome(self) -> str:
        if self.narrative is None or self.usage.failed:
            return "failed"
        if self.usage.salvaged:
            return "repaired"  # cut at max_tokens and closed after its last whole item: repaired without asking again
        return "repaired" if self.usage.repaired else "valid first time"

    @property
    def verified(self) -> tuple[int, int, int, int]:
        """(names verified, names checked, lines verified, lines checked)."""
        if self.narrative is None:
            return 0, 0, 0, 0
        n = self.narrative
        claimed = [u for u in n.unverified if u not in n.asked]  # an unknown name in a question is no claim
        bad_lines = sum(1 for u in claimed if u.startswith("line "))
        names = n.checked - n.lines_checked
        return names - (len(claimed) - bad_lines), names, n.lines_checked - bad_lines, n.lines_checked


def wait_for(url: str, seconds: float) -> str:
    """The model id the server lists, once it answers."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=5) as response:  # noqa: S310 - loopback
                return json.load(response)["data"][0]["id"]
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def run(path: Path, model: str, url: str, args: argparse.Namespace, cache: Path) -> tuple[list[Row], dict[str, str], float]:
    settings = dataclasses.replace(load_settings(path), cache_dir=str(cache))  # a fresh cache: every answer asked
    only = frozenset(m.strip().upper() for m in args.modules.split(",") if m.strip())
    llm = LLMSettings(model=model, api_base=url, concurrency=1, timeout=args.timeout, retries=0,
                      max_tokens=args.max_tokens, only=only)
    estate = Estate(path, settings, RunOptions(llm=llm))
    started = time.perf_counter()
    documents = {key: document.text for key, document in estate.documents.items()}
    elapsed = time.perf_counter() - started
    narration = estate.narration
    rows = [Row(key, usage, narration.narratives.get(key)) for key, usage in sorted(narration.usage.modules.items())]
    return rows, documents, elapsed


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def report(rows: list[Row], model: str, label: str, elapsed: float) -> tuple[str, str]:
    """(the Markdown report, the README row)."""
    lines = [f"# Model benchmark: {model} ({label})", "",
             "| module | outcome | truncated | names verified | lines verified | tokens in | tokens out | seconds |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        nv, nc, lv, lc = row.verified
        lines.append(f"| {row.key} | {row.outcome} | {row.usage.truncated} | {nv}/{nc} | {lv}/{lc} | "
                     f"{row.usage.tokens_in} | {row.usage.tokens_out} | {row.usage.seconds:.1f} |")
    count = len(rows)
    first = sum(r.outcome == "valid first time" for r in rows)
    repaired = sum(r.outcome == "repaired" for r in rows)
    failed = sum(r.outcome == "failed" for r in rows)
    verified = sum(r.verified[0] + r.verified[2] for r in rows)
    checked = sum(r.verified[1] + r.verified[3] for r in rows)
    seconds = sum(r.usage.seconds for r in rows)
    tokens_in, tokens_out = sum(r.usage.tokens_in for r in rows), sum(r.usage.tokens_out for r in rows)
    names = ", ".join(r.key.split(":", 1)[1] for r in rows)
    row = (f"| {model} | {label} | {count} ({names}) | {percent(count - failed, count)} | {percent(first, count)} | "
           f"{percent(repaired, count)} | {percent(verified, checked)} ({verified}/{checked}) | "
           f"{tokens_in}/{tokens_out} | {seconds / max(count, 1):.0f} |")
    lines += ["", f"{count} modules: {count - failed} answered, {first} valid JSON first time, {repaired} repaired, "
              f"{failed} failed; grounding {percent(verified, checked)} ({verified} of {checked} names and lines verified); "
              f"{tokens_in} tokens in, {tokens_out} out; {seconds:.0f} s with the model, {elapsed:.0f} s in all.", "",
              "| model | prompts | modules | answered | valid JSON first time | repaired | grounding | tokens in/out | s/module |",
              "|---|---|---|---|---|---|---|---|---|", row, ""]
    return "\n".join(lines), row


def side_by_side(rows: list[Row], documents: dict[str, str], show: list[str], model: str, label: str) -> str:
    """Each shown module's fact document beside the model's narrative, for a person to judge."""
    out = [f"# Narratives beside their fact documents: {model} ({label})", "",
           "Left: the fact document modernize writes without a model. Right: what the model added "
           "(names it used that are not in the facts are marked unverified).", ""]
    by_name = {row.key.split(":", 1)[1].upper(): row for row in rows}
    for name in show:
        row = by_name.get(name.upper())
        if row is None:
            continue
        text = documents.get(row.key, "")
        facts, _, narrative = text.partition(NARRATIVE_HEADING)
        narrative = f"## Narrative{narrative}" if narrative else "_(no narrative: the model's answer failed; the fact document is kept)_"
        out += [f"## {row.key} ({row.outcome}, {row.usage.seconds:.0f} s)", "", "<table><tr>",
                f'<td valign="top" width="50%"><pre>{html.escape(facts.strip())}</pre></td>',
                f'<td valign="top" width="50%"><pre>{html.escape(narrative.strip())}</pre></td>', "</tr></table>", ""]
    return "\n".join(out)


def regrade(saved: Path, path: Path) -> str:
    """The README row of answers saved by an earlier run, checked again with today's grounding checks:
    a change to the checks is measured on the same answers, without asking the model again."""
    data = json.loads(saved.read_text(encoding="utf-8"))
    estate = Estate(path, load_settings(path))
    modules = {f"{m.kind}:{m.name}": m for m in estate.modules}
    rows = []
    for key, entry in sorted(data["modules"].items()):
        narrative = checked(entry["narrative"], modules[key], estate) if entry["narrative"] else None
        rows.append(Row(key, ModuleUsage(**entry["usage"]), narrative))
    return report(rows, data["model"], f"{data['label']}, checked again", data["elapsed"])[1]


def checked(saved: dict[str, Any], module: Any, estate: Estate) -> Narrative:
    """A saved answer as today's checks take it: within the prompt's limits, grounded again."""
    fields = {k: saved[k] for k in ("summary", "business_purpose", "rules_explained", "glossary", "open_questions")}
    within_limits(fields)
    narrative = Narrative(**fields)
    ground(narrative, module, estate.modules, estate.graph)
    return narrative


def rendered(saved: list[Path], show: list[str], path: Path) -> str:
    """One side-by-side file from the answers several runs saved (each shown module from the first
    run that has it), so a person reads the best of a slow CPU's hours in one place."""
    estate = Estate(path, load_settings(path))
    parts = []
    for name in show:
        for run in saved:
            data = json.loads(run.read_text(encoding="utf-8"))
            entry = next((e for key, e in data["modules"].items() if key.split(":", 1)[1].upper() == name.upper()), None)
            if entry is None or entry["narrative"] is None:
                continue
            key = next(k for k in data["modules"] if k.split(":", 1)[1].upper() == name.upper())
            narrative = checked(entry["narrative"], next(m for m in estate.modules if f"{m.kind}:{m.name}" == key), estate)
            row = Row(key, ModuleUsage(**entry["usage"]), narrative)
            text = side_by_side([row], data["documents"], [name], data["model"], data["label"])
            parts.append(text.split("\n", 4)[4].replace(f"## {key} (", f"## {key}: {data['model']}, prompts {data['label']} (", 1))
            break
    head = ["# Narratives beside their fact documents", "",
            "Left: the fact document modernize writes without a model. Right: what the model added (names it used "
            "that are not in the facts are marked unverified). Written by `benchmarks/bench_model.py --render`.", ""]
    return "\n".join(head + parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an OpenAI-compatible server already running (…/v1); default: start scripts/local-model.sh")
    parser.add_argument("--size", default="0.5b", choices=("0.5b", "1.5b"), help="the model local-model.sh serves")
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--path", type=Path, default=ROOT / "examples" / "cobol")
    parser.add_argument("--modules", default="", help="comma-separated module names to narrate (default: every program and copybook)")
    parser.add_argument("--show", default="TSU020,TSU030,TSLBERK", help="the three modules shown beside their fact documents")
    parser.add_argument("--max-tokens", type=int, default=1024)
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--label", default="", help="which prompts these are (before, after), for the report")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--regrade", type=Path, help="a model-*.json an earlier run wrote: check its answers again, ask nothing")
    parser.add_argument("--render", type=Path, nargs="+", help="model-*.json files: write the --show modules side by side to narratives.md")
    args = parser.parse_args()
    if args.render:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "narratives.md").write_text(rendered(args.render, args.show.split(","), args.path), encoding="utf-8")
        return
    if args.regrade:
        print(regrade(args.regrade, args.path))
        return
    os.environ.setdefault("OPENAI_API_KEY", "local")  # the openai/ provider wants one; a local server ignores it
    server = None
    url = args.url
    if url is None:
        url = f"http://127.0.0.1:{args.port}/v1"
        args.out.mkdir(parents=True, exist_ok=True)
        log = (args.out / f"server-{args.size}-{args.label or 'run'}.log").open("w")  # a line per request: tokens, seconds
        server = subprocess.Popen([str(ROOT / "scripts" / "local-model.sh"), args.size, str(args.port)], stdout=log)  # noqa: S603
    try:
        model = f"openai/{wait_for(url.rstrip('/'), 600)}"
        with tempfile.TemporaryDirectory() as cache:
            rows, documents, elapsed = run(args.path, model, url, args, Path(cache))
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    label = args.label or "current prompts"
    text, row = report(rows, model, label, elapsed)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"{model.split('/', 1)[1]}-{args.label or 'run'}"
    (args.out / f"model-{stem}.md").write_text(text, encoding="utf-8")
    (args.out / f"narratives-{stem}.md").write_text(side_by_side(rows, documents, args.show.split(","), model, label), encoding="utf-8")
    raw = {"model": model, "label": label, "elapsed": elapsed, "documents": {r.key: documents.get(r.key, "") for r in rows},
           "modules": {r.key: {"usage": dataclasses.asdict(r.usage), "narrative": dataclasses.asdict(r.narrative) if r.narrative else None}
                       for r in rows}}
    (args.out / f"model-{stem}.json").write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")
    print(text)
    print(row)


if __name__ == "__main__":
    main()
