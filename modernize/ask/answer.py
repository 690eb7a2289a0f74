"""The LLM answer to a question: the top passages go to the model (through the same litellm layer,
cache, retries and redaction as the documents), and every citation in the answer is checked
against the facts: the module exists, the paragraph is one of its paragraphs, and the line lies
in that paragraph (or at least in the module's file)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from modernize.ask.search import Passage
from modernize.document.llm import AnswerError, LLMSettings, Narrator
from modernize.document.redact import redact
from modernize.pipeline.estate import Estate
from modernize.prompts import load
from modernize.store import Store

LANGUAGES = {"en": "English", "nl": "Dutch"}


@dataclass
class Citation:
    module: str
    paragraph: str | None
    path: str | None
    line: int | None
    verified: bool = False
    problem: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class LLMAnswer:
    text: str
    citations: list[Citation] = field(default_factory=list)

    @property
    def grounding(self) -> float:
        return sum(c.verified for c in self.citations) / len(self.citations) if self.citations else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"answer": self.text, "citations": [c.to_dict() for c in self.citations], "grounding": self.grounding}


def check_citation(estate: Estate, raw: dict[str, Any]) -> Citation:
    """A citation from the model, marked verified only when the facts confirm every part of it."""
    name = str(raw.get("module") or "").strip()
    paragraph = str(raw.get("paragraph") or "").strip() or None
    if paragraph and paragraph.lower() in ("null", "none"):
        paragraph = None
    try:
        line = int(raw["line"]) if raw.get("line") not in (None, "") else None
    except (TypeError, ValueError):
        line = None
    citation = Citation(name, paragraph, str(raw.get("path") or "") or None, line)
    module = estate.module(name.split(":", 1)[-1]) if name else None
    if module is None:
        citation.problem = f"no module {name} in the estate"
        return citation
    citation.module = module.name
    if citation.path and citation.path != module.path:
        citation.problem = f"{module.name} is defined in {module.path}, not {citation.path}"
        return citation
    citation.path = module.path
    if paragraph:
        symbol = next((s for s in module.symbols if s.kind in ("paragraph", "section") and s.name == paragraph.upper()), None)
        if symbol is None:
            citation.problem = f"{module.name} has no paragraph {paragraph}"
            return citation
        citation.paragraph = symbol.name
        if line is not None and not (symbol.line or 0) <= line <= (symbol.end_line or symbol.line or 0):
            citation.problem = f"line {line} is not in paragraph {symbol.name} ({symbol.line}-{symbol.end_line})"
            return citation
    elif line is not None and not 1 <= line <= len(estate.source_lines(module.path)):
        citation.problem = f"{module.path} has no line {line}"
        return citation
    citation.verified = True
    return citation


def ask_model(estate: Estate, question: str, found: list[Passage], settings: LLMSettings, store: Store) -> LLMAnswer:
    """The model's answer from the passages, with each citation checked; raises AnswerError when
    the model gives nothing usable."""
    template, version = load("ask")
    shown = [p if not settings.redact else Passage(p.id, p.kind, p.module, p.paragraph, p.path, p.line, p.end_line, redact(p.text))
             for p in found]
    prompt = template.render(question=redact(question, literals=False) if settings.redact else question, passages=shown,
                             language=LANGUAGES.get(settings.lang, "English"))
    narrator = Narrator(settings, store, estate.root, estate.modules, estate.graph, estate.files_by_path)

    async def run() -> dict[str, Any]:
        narrator.semaphore = asyncio.Semaphore(1)
        return await narrator.ask(version, prompt, ("answer", "citations"))

    data = asyncio.run(run())
    citations = data.get("citations")
    if not isinstance(citations, list):
        raise AnswerError("citations is not a list")
    return LLMAnswer(str(data.get("answer") or ""), [check_citation(estate, c) for c in citations if isinstance(c, dict)])
