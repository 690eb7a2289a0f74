"""Ranked passages for a question: BM25 (bm25s) over module summaries, paragraphs with their
source and comments, and business rules, each with the path and lines it comes from.

Lexical on purpose: it runs offline in milliseconds and needs no model download. Names are split
at hyphens too (WS-INKOMENSGRENS also matches "inkomensgrens"), and a small stopword list covers
English and Dutch questions.
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass
from typing import Any

from modernize.pipeline.estate import Estate

STOPWORDS = set(["a", "an", "and", "are", "as", "at", "be", "by", "does", "do", "for", "from", "how", "in", "is", "it", "of", "on", "or", "the", "this", "that", "to", "what", "where", "which", "who", "why", "with", "de", "het", "een", "en", "van", "in", "is", "op", "te", "wat", "waar", "welke", "wie", "hoe", "voor", "met", "door", "wordt", "worden", "aan", "bij", "die", "dat", "er", "om"])
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_PASSAGE_LINES = 60


@dataclass(frozen=True)
class Passage:
    """A piece of the estate that can answer a question, and where it comes from."""

    id: str
    kind: str
    module: str
    paragraph: str | None
    path: str
    line: int | None
    end_line: int | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def where(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}" + (f"-{self.end_line}" if self.end_line and self.end_line != self.line else "")


def tokens(text: str) -> list[str]:
    found = []
    for word in WORD.findall(text.lower()):
        parts = word.split("-")
        for token in ([word, *parts] if len(parts) > 1 else [word]):
            if token not in STOPWORDS and len(token) > 1:
                found.append(token)
    return found


def passages(estate: Estate) -> list[Passage]:
    """Every passage of the estate: per program its summary, paragraphs and rules; per other
    module its summary."""
    found: list[Passage] = []
    for node, module in sorted(estate.by_node.items()):
        header = " ".join(module.header_comments)
        found.append(Passage(f"{node}#summary", "module", node, None, module.path, module.line, module.end_line,
                             f"{module.kind} {module.name}. {header}".strip()))
        if module.kind != "program":
            continue
        lines = estate.source_lines(module.path)
        for symbol in module.symbols:
            if symbol.kind != "paragraph" or not symbol.line or symbol.path not in (None, module.path):
                continue
            end = min(symbol.end_line or symbol.line, symbol.line + MAX_PASSAGE_LINES - 1)
            source = "\n".join(lines[symbol.line - 1:end])
            found.append(Passage(f"{node}#{symbol.name}", "paragraph", node, symbol.name, module.path, symbol.line, end,
                                 f"paragraph {symbol.name} of {module.name}\n{source}"))
        for index, rule in enumerate(module.business_rules):
            found.append(Passage(f"{node}#rule{index + 1}", "rule", node, rule.paragraph, rule.path or module.path, rule.line, rule.line,
                                 f"business rule in {module.name} paragraph {rule.paragraph}: {rule.kind} {rule.condition}"))
    return found


class Index:
    """BM25 over the estate's passages."""

    def __init__(self, estate: Estate):
        import bm25s

        self.passages = passages(estate)
        self.retriever = bm25s.BM25()
        self.vocabulary: set[str] = set()
        if self.passages:  # bm25s cannot index nothing: an estate without modules answers no search
            self.retriever.index([tokens(p.text) or ["-"] for p in self.passages], show_progress=False)
            self.vocabulary = set(self.retriever.vocab_dict)

    def search(self, question: str, top: int = 8) -> list[tuple[Passage, float]]:
        query = [t for t in tokens(question) if t in self.vocabulary]
        if not query or not self.passages:
            return []
        found, scores = self.retriever.retrieve([query], k=min(top, len(self.passages)), show_progress=False)
        return [(self.passages[int(i)], float(s)) for i, s in zip(found[0], scores[0], strict=True) if s > 0]


@functools.cache
def index_for(estate: Estate) -> Index:
    """One index per loaded estate (the MCP server answers many searches from one)."""
    return Index(estate)
