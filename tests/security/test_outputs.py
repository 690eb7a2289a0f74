"""Outputs are inert and honest on an untrusted repository: names, file names, comments and
literals from the estate cannot become a live link (HTML, Markdown), a spreadsheet formula (CSV),
a broken or injected file (GraphML, GEXF, DOT, Mermaid, Cypher, .docx), an unbounded document
(model answers), or a page that outlives its source (stale module pages)."""

from __future__ import annotations

import csv
import re
import tracemalloc
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from modernize.cli import cli
from tests.conftest import Analysis, fixed, write_tree
from tests.llm_server import FakeModel

LINK = "[Click to log in](https://evil.example)"
HOSTILE = {
    # A PROGRAM-ID literal that is a Markdown link, a header comment with an autolink and a bare URL,
    # and CALL literals that are a spreadsheet formula, hold control characters, end in a backslash
    # (DOT's escaped quote), carry a quote and braces, and a Mermaid directive.
    "cbl/LINK.cbl": fixed(f"""
 IDENTIFICATION DIVISION.
 PROGRAM-ID. '{LINK}'.
*LOGIN PAGE <https://evil.example/a> AND www.evil.example
 PROCEDURE DIVISION.
 HOOFD.
     CALL '=HYPERLINK("https://evil.example","x")'.
     CALL 'CTL\x01X\x7fY'.
     CALL 'TRAIL\\'.
     CALL 'Q"UOTE}}{{'.
     CALL '%%{{init: {{"securityLevel": "loose"}}}}%%'.
     GOBACK.
""", margin=False),
    "cbl/FORMULA.cbl": fixed("""
 IDENTIFICATION DIVISION.
 PROGRAM-ID. '=1+2'.
 PROCEDURE DIVISION.
 HOOFD.
     GOBACK.
"""),
    # A file name with backticks around an autolink: it closed the code span of every `path:line`.
    "cbl/a`<https:evil.example>`b.cbl": fixed(f"""
 IDENTIFICATION DIVISION.
 PROGRAM-ID. TICK.
 PROCEDURE DIVISION.
 HOOFD.
     CALL '{LINK}'.
     GOBACK.
"""),
}


def run(root: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(cli, ["run", str(root), "-o", str(out), "--cache-dir", str(out.parent / f"{out.name}.cache"), "-q", *extra])
    assert result.exit_code in (0, 1), (result.output, result.exception)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("repo"), HOSTILE)
    out = tmp_path_factory.mktemp("runs") / "out"
    run(root, out)
    return out


# ---------------------------------------------------------------------------------------------
# Markdown and HTML: no live link to an outside address


class Links(HTMLParser):
    """Every URL-valued attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value or "" for name, value in attrs if name in ("href", "src", "action", "formaction", "xlink:href", "srcset", "poster")]


OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|[/\\]{2})", re.I)


def markdown_outside_code(text: str) -> str:
    """Markdown source without fenced blocks and code spans (where nothing becomes a link)."""
    text = re.sub(r"^(`{3,})[^\n]*\n.*?^\1`*[ \t]*$", "", text, flags=re.M | re.S)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text, flags=re.S)


def test_no_estate_text_becomes_a_link_in_any_page_or_document(out):
    pages = list(out.rglob("*.html"))
    assert {"plan.html", "index.html", "TICK.program.html"} <= {p.name for p in pages}
    for page in pages:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        outside = [url for url in parser.urls if OUTSIDE.match(url)]
        assert not outside, (page, outside)
    # Honest as well as inert: the name is shown as it is written.
    assert "[CLICK TO LOG IN](HTTPS://EVIL.EXAMPLE)" in (out / "plan.html").read_text(encoding="utf-8")
    assert "cbl/a`&lt;https:evil.example&gt;`b.cbl" in (out / "modules" / "TICK.program.html").read_text(encoding="utf-8")
    documents = [*out.glob("docs/*.md"), out / "plan" / "plan.md"]
    assert len(documents) == 4
    for document in documents:
        text = markdown_outside_code(document.read_text(encoding="utf-8"))
        # CommonMark links and autolinks, and what GitHub-flavoured renderers link on their own
        assert not re.search(r"(?<!\\)\]\((?!\s*#)", text), document
        assert not re.search(r"(?<!\\)<[a-z][a-z0-9+.-]*:", text, re.I), document
        assert not re.search(r"(?i)\b(?:https?|ftp)://|\bwww\.[a-z]", text), document


def test_markdown_escaping_round_trips_through_the_report_renderer():
    from modernize.escape import md_code, md_fence, md_text
    from modernize.report.markdown import render_markdown

    for text in (LINK, "a`b``c", "<https://x.example>", "![i](https://x.example/i.png)", "- item", "1. item", "# h", "a|b", "&amp;", "x\\"):
        rendered = render_markdown(md_text(text))
        assert "<a " not in rendered and "<img" not in rendered, text
        assert render_markdown(md_code(text)).startswith("<p><code>"), text
    assert md_fence(["```` inside", "x"])[0] == "`````"
    # The report renders no link to an outside address, whatever a document holds.
    assert "<a " not in render_markdown("[x](https://evil.example) <https://evil.example> [y](//evil.example) [z](\\\\evil.example)")
    assert '<a href="#S01">' in render_markdown("[step](#S01)")
    # a title does not let an outside link through; a local one keeps it
    assert "<a " not in render_markdown('[x](https://evil.example "t") ![i](https://evil.example/i.png "t")')
    assert '<a href="#S01" title="t">step</a>' in render_markdown('[step](#S01 "t")')


# ---------------------------------------------------------------------------------------------
# CSV: no cell a spreadsheet runs as a formula


def test_no_csv_cell_starts_a_formula(out):
    tables = list(out.rglob("*.csv"))
    assert {"plan.csv", "nodes.csv", "edges.csv"} <= {p.name for p in tables}
    cells = []
    for table in tables:
        with table.open(encoding="utf-8", newline="") as handle:
            cells += [(table.name, cell) for row in csv.reader(handle) for cell in row]
    # A signed number (a GDG generation such as +1) is a number to a spreadsheet, not a formula.
    formulas = [(name, cell) for name, cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[+-]?\d+(\.\d+)?", cell)]
    assert not formulas
    assert ("nodes.csv", "'=HYPERLINK(\"HTTPS://EVIL.EXAMPLE\",\"X\")") in cells  # still there, as text
    assert ("plan.csv", "'=1+2") in cells


# ---------------------------------------------------------------------------------------------
# XML and the other graph formats: well-formed, nothing injected


def test_graphml_and_gexf_are_well_formed_xml(out):
    for name in ("graph.graphml", "graph.gexf"):
        root = ET.parse(out / "graph" / name).getroot()
        texts = [*(e.text or "" for e in root.iter()), *(v for e in root.iter() for v in e.attrib.values())]
        assert any("CTL\\x01X" in t for t in texts), name  # the control character shown, not dropped


DOT_STRING = r'"(?:[^"\\]|\\"|\\(?!"))*"'  # as Graphviz's lexer reads it: a backslash before a quote escapes it


def test_dot_mermaid_and_cypher_keep_every_name_inside_its_quotes(out):
    dot = (out / "graph" / "graph.dot").read_text(encoding="utf-8").split("\n")
    node = re.compile(rf"^  {DOT_STRING} \[label={DOT_STRING}, shape=\w+(, style=dashed)?\];$")
    edge = re.compile(rf"^  {DOT_STRING} -> {DOT_STRING} \[label={DOT_STRING}\];$")
    body = dot[3:-2]
    assert dot[-2:] == ["}", ""] and len(body) == 8 + 6  # 8 nodes, 6 calls
    assert all(node.match(line) or edge.match(line) for line in body), [line for line in body if not (node.match(line) or edge.match(line))]
    mermaid = (out / "graph" / "graph.mmd").read_text(encoding="utf-8")
    assert "%%" not in mermaid and "{" not in mermaid  # no directive reaches Mermaid's parser
    lines = mermaid.strip("\n").split("\n")
    assert all(re.match(r'^  n\w+\["[^"\n]*"\]$|^  n\w+ -->\|\w+\| n\w+$', line) for line in lines[1:]), lines
    cypher = (out / "graph" / "graph.cypher").read_text(encoding="utf-8")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", cypher)
    string = r"'(?:[^'\\\n]|\\.)*'"
    for line in cypher.strip("\n").split("\n")[2:]:
        assert re.fullmatch(rf"(?:[^'\n]|{string})*;", line), line  # every string closes on its line


def test_graph_text_exports_keep_a_line_break_or_brace_in_a_name_inside_its_statement():
    import networkx as nx

    from modernize.graph.export import to_cypher, to_dot, to_mermaid

    graph = nx.MultiDiGraph()
    graph.add_node("program:A", kind="program", name="A\n}; digraph x {", path="a\nb.cbl")
    graph.add_node("external:B", kind="external", name='B"\r\n%%{init: {}}%%\\')
    graph.add_edge("program:A", "external:B", kind="calls")
    dot = to_dot(graph).split("\n")
    assert len(dot) == 3 + 2 + 1 + 2
    assert all(re.match(rf"^  {DOT_STRING} (-> {DOT_STRING} )?\[label={DOT_STRING}.*\];$", line) for line in dot[3:-2]), dot
    mermaid = to_mermaid(graph).strip("\n").split("\n")
    assert len(mermaid) == 1 + 2 + 1 and "%%" not in "".join(mermaid)
    cypher = to_cypher(graph).strip("\n").split("\n")
    assert len(cypher) == 2 + 2 + 1 and all(line.endswith(";") for line in cypher[1:])


def test_a_form_feed_in_a_header_comment_still_gives_a_plan_docx_and_a_report(tmp_path):
    root = write_tree(tmp_path / "repo", {"cbl/FEED.cbl": fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. FEED.\n*PAGE ONE\fPAGE TWO\n"
                                                                " PROCEDURE DIVISION.\n HOOFD.\n     GOBACK.")})
    run(root, tmp_path / "out")
    assert (tmp_path / "out" / "index.html").is_file()
    with zipfile.ZipFile(tmp_path / "out" / "plan" / "plan.docx") as docx:
        document = ET.fromstring(docx.read("word/document.xml"))
    text = "".join(e.text or "" for e in document.iter())
    assert "PAGE ONE\\x0cPAGE TWO" in text


# ---------------------------------------------------------------------------------------------
# Model answers: bounded in size and in memory, with a diagnostic


@pytest.fixture
def small_estate(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    root = write_tree(tmp_path / "repo", {"cbl/KLEIN.cbl": fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. KLEIN.\n PROCEDURE DIVISION.\n HOOFD.\n     GOBACK.")})
    return root, Analysis(root)


def narrate(tmp_path: Path, root: Path, analysis: Analysis, mode: str):
    import litellm  # noqa: F401 - imported before measuring: the import is not the answer

    from modernize.document.llm import LLMSettings, narrate_modules
    from modernize.graph.build import build_graph
    from modernize.store import Store

    graph = build_graph(analysis.modules)
    with FakeModel() as fake, Store(tmp_path / "cache") as store:
        fake.default = mode
        fake.huge_bytes = 48 * 1024 * 1024
        tracemalloc.start()
        try:
            narrator = narrate_modules(LLMSettings(model="openai/test-model", api_base=fake.url, timeout=30), store, root,
                                       analysis.modules, graph, analysis.inventory.files)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return narrator, peak, fake


@pytest.mark.slow  # litellm; tens of megabytes through a local server
@pytest.mark.parametrize("mode", ["huge", "bomb"])  # 48 MB of answer as it is, and gzip-compressed to a few kilobytes
def test_an_endless_model_answer_is_cut_off_and_reported(tmp_path, small_estate, mode):
    narrator, peak, fake = narrate(tmp_path, *small_estate, mode)
    assert fake.requests == 1  # not retried, not "repaired"
    if mode == "huge":
        assert fake.huge_sent < 24 * 1024 * 1024  # the client hung up long before the 48 MB were sent
    assert peak < 24 * 1024 * 1024, f"{peak / 1e6:.0f} MB held for one answer"
    assert not narrator.narratives
    assert [d.code for d in narrator.diagnostics] == ["llm-failed"]
    assert "larger than" in narrator.diagnostics[0].message and "not read further" in narrator.diagnostics[0].message
    assert fake.bodies[0]["max_tokens"] > 0


@pytest.mark.slow  # a model through litellm, whose import alone takes seconds
def test_an_overlong_model_answer_never_becomes_a_document(tmp_path, small_estate):
    narrator, _, fake = narrate(tmp_path, *small_estate, "long")  # a megabyte of summary, sent with its length
    assert fake.requests == 1
    assert not narrator.narratives
    assert "characters" in narrator.diagnostics[0].message and "200,000" in narrator.diagnostics[0].message


# ---------------------------------------------------------------------------------------------
# Stale pages: a removed source leaves no page behind; masking applies to every page


BSN = "111222333"  # passes the 11-proof


def test_pages_of_removed_modules_go_and_masking_reaches_every_page(tmp_path):
    source = " IDENTIFICATION DIVISION.\n PROGRAM-ID. {name}.\n DATA DIVISION.\n WORKING-STORAGE SECTION.\n" \
             f" 01  WS-BSN PIC X(9) VALUE '{BSN}'.\n PROCEDURE DIVISION.\n HOOFD.\n     GOBACK."
    root = write_tree(tmp_path / "repo", {"cbl/KEEP.cbl": fixed(source.format(name="KEEP")), "cbl/GONE.cbl": fixed(source.format(name="GONE"))})
    out = tmp_path / "out"
    (out / "modules").mkdir(parents=True)
    (out / "modules" / "MINE.html").write_text("a file of the user's own")
    run(root, out, "--force")  # a folder of the user's: only written into when told
    assert (out / "modules" / "GONE.program.html").is_file() and (out / "docs" / "GONE.md").is_file()
    assert BSN in (out / "modules" / "KEEP.program.html").read_text(encoding="utf-8")
    (root / "cbl" / "GONE.cbl").unlink()
    run(root, out, "--mask-findings")
    assert not (out / "modules" / "GONE.program.html").exists()
    assert not (out / "docs" / "GONE.md").exists()
    assert (out / "modules" / "KEEP.program.html").is_file() and (out / "docs" / "KEEP.md").is_file()
    assert (out / "modules" / "MINE.html").read_text() == "a file of the user's own"  # not ours: left alone
    unmasked = [p for p in out.rglob("*.html") if BSN in p.read_text(encoding="utf-8")]
    assert not unmasked


def test_the_fast_path_for_plain_names_escapes_exactly_what_the_full_escaping_does():
    import random
    import string

    from modernize.escape import RE_PLAIN, md_escaped, md_text

    alphabet = string.ascii_letters + string.digits + " ,;'\"/$%^{}?-"
    chooser = random.Random(7)
    for _ in range(5000):
        text = chooser.choice(string.ascii_letters) + "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 30)))
        assert RE_PLAIN.fullmatch(text) and md_escaped(text) == text == md_text(text)
    for hostile in ("1. list", "- item", "a_b", "x[y](z)", "http://e.example", "www.e.example", "a\nb", "a@b.nl"):
        assert md_text(hostile) == md_escaped(hostile) != hostile
