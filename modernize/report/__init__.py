"""The static HTML report: OUT/index.html and its pages, self-contained so it opens from a file share.

Pages: the estate summary with charts (inline SVG), one page per documented module (its document
rendered from Markdown with raw HTML disabled, the source with COBOL highlighting by pygments,
links to what it uses and what uses it), the plan with its waves drawn, the diagnostics and the
sensitive-data findings. No script or style is loaded from anywhere: a Content-Security-Policy
forbids it. No page links anywhere outside the report: the Markdown renderer accepts relative links
only, whatever a document holds. With ``mask_findings`` every finding's value is masked: in the
findings list, in the highlighted sources (asterisks of the same width, so columns stay) and in the
rendered documents. Module pages are lazy outputs: the writer renders one only when what it shows
changed, and removes the pages of modules that are gone, so no page outlives its source unmasked.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pygments import highlight
from pygments.filter import simplefilter
from pygments.formatters import HtmlFormatter
from pygments.lexers import CobolLexer, JavaLexer, TextLexer
from pygments.token import Punctuation, Text, Whitespace

from modernize.document import Document
from modernize.findings import Finding, mask
from modernize.inventory import read_text
from modernize.model import Diagnostic, Module, SourceFile
from modernize.output import Lazy, Output, safe_stem, utf8
from modernize.plan.build import Step
from modernize.report.cobol_source import cobol_html, fixed_format
from modernize.report.dictionary import has_data_page, node_page
from modernize.report.flows import flow_page
from modernize.report.markdown import render_markdown
from modernize.report.sources import SourceLinks

MAX_SOURCE_LINES = 20_000
SOURCE_KINDS = ("program", "copybook", "jcl", "proc", "class")  # module pages that show their source
REPORT_VERSION = hashlib.sha256(
    b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.rglob("*")) if p.suffix in (".py", ".j2"))
).hexdigest()  # templates or code changed: cached module pages are rendered again


@functools.cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("modernize", "report/templates"), autoescape=select_autoescape(["html", "j2"]))


def bar_chart(title: str, items: list[tuple[str, float]], width: int = 520) -> Markup:
    """A horizontal bar chart as inline SVG, with a text alternative for screen readers."""
    if not items:
        return Markup("")
    top = max(v for _, v in items) or 1
    row = 22
    height = row * len(items) + 10
    parts = [f'<svg role="img" aria-label="{html.escape(title)}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f"<title>{html.escape(title)}</title>"]
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        length = max(1, int((width - 230) * value / top))
        parts.append(f'<text x="0" y="{y + 14}" font-size="12" fill="#1d2430">{html.escape(label[:26])}</text>')
        parts.append(f'<rect x="180" y="{y + 2}" width="{length}" height="16" fill="#2f5fa8"></rect>')
        parts.append(f'<text x="{184 + length}" y="{y + 14}" font-size="12" fill="#1d2430">{value:,.0f}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def waves_svg(steps: list[Step]) -> Markup:
    """The plan drawn: one column per wave, a box per step."""
    if not steps:
        return Markup("")
    waves: dict[int, list[Step]] = {}
    for step in steps:
        waves.setdefault(step.wave, []).append(step)
    column, box = 250, 64
    height = max(len(v) for v in waves.values()) * (box + 12) + 40
    width = column * len(waves) + 10
    parts = [f'<svg role="img" aria-label="plan waves" width="{width}" height="{height}" viewBox="0 0 {width} {height}"><title>Plan waves</title>']
    for index, wave in enumerate(sorted(waves)):
        x = 5 + index * column
        parts.append(f'<text x="{x}" y="18" font-size="13" font-weight="bold" fill="#1d2430">Wave {wave}</text>')
        for row, step in enumerate(waves[wave]):
            y = 30 + row * (box + 12)
            parts.append(f'<a href="plan.html#{step.id}"><rect x="{x}" y="{y}" width="{column - 20}" height="{box}" rx="6" fill="#e8eef8" stroke="#2f5fa8"></rect>')
            parts.append(f'<text x="{x + 8}" y="{y + 20}" font-size="13" font-weight="bold" fill="#1d2430">{step.id}</text>')
            parts.append(f'<text x="{x + 8}" y="{y + 40}" font-size="11" fill="#1d2430">{html.escape(step.title[:30])}</text>')
            parts.append(f'<text x="{x + 8}" y="{y + 56}" font-size="11" fill="#3b4452">{step.effort["low"]}–{step.effort["high"]} person-days</text></a>')
    parts.append("</svg>")
    return Markup("".join(parts))


def page_name(module: Module) -> str:
    return f"modules/{safe_stem(module.name)}.{module.kind}.html"


def mask_spans(text: str, findings: list[Finding]) -> str:
    """Replace each finding's value in ``text`` (one file) by asterisks of the same width."""
    lines = text.split("\n")
    for finding in findings:
        remaining, line, column = len(finding.value), finding.line - 1, finding.column - 1
        while remaining > 0 and line < len(lines):
            current = lines[line]
            taken = min(remaining, len(current) - column)
            lines[line] = current[:column] + "*" * taken + current[column + taken:]
            remaining -= taken + 1  # a value running past the line end continues after the newline
            line, column = line + 1, 0
    return "\n".join(lines)


def source_html(root: Path, source: SourceFile | None, findings: list[Finding] | None = None) -> Markup:
    if source is None:
        return Markup("")
    try:
        text = read_text(root, source)
    except OSError:
        return Markup("")
    if findings:
        text = mask_spans(text, findings)
    lines = text.split("\n")[:MAX_SOURCE_LINES]
    if source.language == "cobol" and fixed_format(lines):
        return Markup(cobol_html(lines))
    lexer = CobolLexer() if source.language == "cobol" else JavaLexer() if source.language == "java" else TextLexer()
    lexer.add_filter(plain_whitespace())
    return Markup(highlight("\n".join(lines), lexer, SOURCE_FORMATTER))


@simplefilter
def plain_whitespace(self: Any, lexer: Any, stream: Any, options: Any) -> Any:
    """Blanks and periods as plain text: a span around each was a fifth of a large page."""
    for kind, value in stream:
        yield (Text if kind in Whitespace or kind in Punctuation else kind, value)


# Colours as classes with one style sheet per page (source_css), not a style attribute on every
# token: a 9 500-line program's page went from 4.1 MB to about a third of that.
SOURCE_FORMATTER = HtmlFormatter(linenos="inline", anchorlinenos=True, lineanchors="L", cssclass="highlight", style="default")


@functools.cache
def source_css() -> Markup:
    return Markup(SOURCE_FORMATTER.get_style_defs(".highlight"))


@dataclass(frozen=True)
class ModulePage:
    """Everything one module page is rendered from, so pages can be rendered in other processes."""

    target: str
    title: str
    document: str
    source: SourceFile | None
    masked: list[Finding]
    uses: list[tuple[str, str, str | None]]
    used_by: list[tuple[str, str, str | None]]
    screens: str = ""  # the BMS maps it sends, receives, holds the symbolic map of or defines, drawn (report/screens.py)
    flow: str | None = None  # a transaction's or job's flow page
    sources: SourceLinks = SourceLinks()


# An edge kind that needs a word to be read right on a module page.
KIND_NOTES = {"returns-to": "returns-to (next screen, no dependency)"}


def render_page(page: ModulePage, root: Path, name: str) -> bytes:
    links = [[(KIND_NOTES.get(kind, kind), {"label": label, "href": href}) for kind, label, href in group] for group in (page.uses, page.used_by)]
    return utf8(environment().get_template("module.html.j2").render(
        title=page.title, name=name, depth="../",
        document=Markup(render_markdown(page.document, page.sources, page.target, page.source.path if page.source else "")),
        source=source_html(root, page.source, page.masked) if page.source else Markup(""), source_css=source_css(), uses=links[0], used_by=links[1],
        screens=Markup(page.screens), flow=page.flow))


def one_page_each(modules: list[Module]) -> list[Module]:
    """The modules that get a page: a module defined more than once (a program in two folders, a class
    in its project and its archive) gets one, from its first definition by path, as its document."""
    seen: set[str] = set()
    kept = []
    for module in modules:
        key = f"{module.kind}:{module.name}"
        if key in seen:
            continue
        seen.add(key)
        kept.append(module)
    return kept


def report_outputs(name: str, root: Path, modules: list[Module], files: list[SourceFile], graph: nx.MultiDiGraph,
                   documents: dict[str, Document], steps: list[Step], diagnostics: list[Diagnostic], analysis: dict[str, Any],
                   plan_markdown: str, findings: list[Finding] | None = None, mask_findings: bool = False) -> dict[str, Output]:
    """index.html, modules/*.html, plan.html, diagnostics.html and findings.html. A module page is
    rendered only when the writer needs it: its key covers everything it shows."""
    from modernize.report.screens import module_screens, screen_node_pages

    env = environment()
    findings = findings or []
    screens = module_screens(modules)
    by_path = {f.path: f for f in files}
    findings_by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        findings_by_path.setdefault(finding.path, []).append(finding)
    documented = one_page_each([m for m in modules if f"{m.kind}:{m.name}" in documents])
    pages = {f"{m.kind}:{m.name}": page_name(m) for m in documented}
    node_pages = {m.node_id: pages[f"{m.kind}:{m.name}"] for m in documented}
    node_pages = screen_node_pages(modules) | node_pages
    outputs: dict[str, Output] = {}
    shown: dict[str, tuple[str, int]] = {}
    for m in documented:
        if m.kind in SOURCE_KINDS and m.path in by_path:
            shown.setdefault(m.path, (pages[f"{m.kind}:{m.name}"], min(by_path[m.path].lines, MAX_SOURCE_LINES)))
    sources = SourceLinks.of(shown)
    pages_key = hashlib.sha256(repr((sorted(node_pages.items()), sorted(shown.items()))).encode("utf-8", "backslashreplace")).hexdigest()

    def link(node: str) -> tuple[str, str | None]:
        label = f"{graph.nodes[node].get('kind', '')} {graph.nodes[node].get('name', node)}"
        if node in node_pages:
            return label, "../" + node_pages[node]
        return label, "../" + node_page(graph, node) if has_data_page(graph, node) else None  # a table, data set or file page

    for module in documented:
        text = documents[f"{module.kind}:{module.name}"].text
        if mask_findings:
            text = mask(text)
        nid = module.node_id
        uses = sorted({(d.get("kind", ""), v) for _, v, d in graph.out_edges(nid, data=True)}) if nid in graph else []
        used_by = sorted({(d.get("kind", ""), u) for u, _, d in graph.in_edges(nid, data=True)}) if nid in graph else []
        target = pages[f"{module.kind}:{module.name}"]
        source = by_path.get(module.path)
        drawn = screens.get(f"{module.kind}:{module.name}", "")
        key = hashlib.sha256(repr((REPORT_VERSION, text, source.sha256 if source else "", mask_findings, uses, used_by, pages_key, drawn))
                             .encode("utf-8", "backslashreplace")).hexdigest()
        page = ModulePage(
            target, f"{module.kind} {module.name}", text,
            source if module.kind in SOURCE_KINDS else None,
            findings_by_path.get(module.path, []) if mask_findings else [],
            [(kind, *link(node)) for kind, node in uses], [(kind, *link(node)) for kind, node in used_by], screens=drawn,
            flow="../" + flow_page(module.kind, module.name) if module.kind in ("transaction", "jcl") else None, sources=sources)
        outputs[target] = Lazy(key, functools.partial(render_page, page, root, name), heavy=True)
    lines_by_kind = Counter()
    for f in files:
        lines_by_kind[f.kind] += f.lines
    complexity = Counter()
    for m in modules:
        if m.kind == "program":
            value = m.complexity
            bucket = "1–10" if value <= 10 else "11–20" if value <= 20 else "21–50" if value <= 50 else "over 50"
            complexity[bucket] += 1
    severities = Counter(d.severity for d in diagnostics)
    hubs = [(h["id"].split(":", 1)[1], h["fan_in"] + h["fan_out"]) for h in analysis.get("hubs", [])]
    counts = Counter(m.kind for m in modules)
    outputs["index.html"] = utf8(env.get_template("index.html.j2").render(
        title=f"{name}: estate report", name=name, depth="", counts=sorted(counts.items()), files=len(files),
        lines=sum(f.lines for f in files), steps=steps, diagnostics=severities, findings=Counter(f.kind for f in findings),
        charts=[bar_chart("Lines by file kind", sorted(lines_by_kind.items(), key=lambda i: -i[1])),
                bar_chart("Programs by cyclomatic complexity", [(k, complexity[k]) for k in ("1–10", "11–20", "21–50", "over 50") if complexity[k]]),
                bar_chart("Most connected modules (fan-in + fan-out)", hubs),
                bar_chart("Diagnostics by severity", [(k, severities[k]) for k in ("error", "warning", "info") if severities[k]])],
        chart_titles=["Lines by file kind", "Programs by cyclomatic complexity", "Most connected modules", "Diagnostics by severity"],
        modules=sorted(((m.kind, m.name, pages[f"{m.kind}:{m.name}"]) for m in documented), key=lambda x: (x[0] != "program", x[0], x[1])),
    ))
    outputs["plan.html"] = utf8(env.get_template("plan.html.j2").render(title=f"{name}: replacement plan", name=name, depth="",
                                                                       waves=waves_svg(steps),
                                                                       plan=Markup(anchor_steps(render_markdown(plan_markdown)))))
    outputs["diagnostics.html"] = utf8(env.get_template("diagnostics.html.j2").render(title=f"{name}: diagnostics", name=name, depth="",
                                                                                     diagnostics=diagnostics))
    source_pages = {m.path: pages[f"{m.kind}:{m.name}"] for m in documented if m.kind in SOURCE_KINDS}
    rows = [{"kind": f.kind, "rule": f.rule, "path": f.path, "line": f.line, "column": f.column, "fingerprint": f.fingerprint,
             "value": f.masked if mask_findings else f.value,
             "href": f"{source_pages[f.path]}#L-{f.line}" if f.path in source_pages else None} for f in findings]
    outputs["findings.html"] = utf8(env.get_template("findings.html.j2").render(title=f"{name}: sensitive data", name=name, depth="",
                                                                               findings=rows, masked=mask_findings))
    return outputs


def anchor_steps(rendered: str) -> str:
    """Give every step heading an id, so the waves drawing can link to it."""
    return re.sub(r"<h2>(Step|Stap) (S\d+)", lambda m: f'<h2 id="{m.group(2)}">{m.group(1)} {m.group(2)}', rendered)
