"""LLM narratives on top of the fact-based documents, checked against the facts.

litellm is the only client, imported lazily (it is slow to import and, unless told otherwise,
fetches a cost map from the network). Modules are narrated bottom-up: callees before callers, whose
prompts get the callees' summaries. Large programs are summarised in parts first. Every answer is
cached in the store by (model, template version, prompt hash), so an unchanged module is never
sent twice. Failures (429 storms, 5xx, timeouts, garbage) become diagnostics; the module keeps its
fact-based document and the run goes on.

An answer is bounded, whatever the endpoint sends: the request asks for at most MAX_ANSWER_TOKENS,
the HTTP body is read up to MAX_BODY_BYTES (decompressed) and no further, and an answer longer than
MAX_ANSWER_CHARS is a failed answer with a diagnostic, never a document. The body limit sits in the
HTTP client litellm is given: its shared session for the providers litellm drives through the
OpenAI SDK (openai/, azure/ and the OpenAI-compatible ones), a handler of its own for the
providers in BODY_HANDLER_PROVIDERS (ollama/, ollama_chat/, hosted_vllm/); any other provider is
bounded by the token and character limits only.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import hashlib
import json
import os
import random
import re
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from modernize.document.compact import compact_source
from modernize.document.facts_doc import graph_edges, label
from modernize.document.redact import redact, redact_prompt
from modernize.graph.analyze import cycles
from modernize.inventory import read_text
from modernize.model import Diagnostic, Module, SourceFile
from modernize.prompts import load
from modernize.store import Store

NARRATED_KINDS = ("program", "copybook")
MAX_SOURCE_CHARS = 40_000  # about 10 000 tokens: larger programs are summarised in parts first
RETRYABLE = ("RateLimitError", "Timeout", "APITimeoutError", "InternalServerError", "ServiceUnavailableError", "APIConnectionError", "BadGatewayError")
# A name starts where no name character is before it, so a run like 1@1@1@... is scanned once, not
# again from each of its positions (model answers can quote the repository).
RE_NAME = re.compile(r"(?<![\w.$#@-])([A-Z0-9][A-Z0-9$#@]*(?:[-.][A-Z0-9$#@]+)+|[A-Z]{2,}[0-9][A-Z0-9]*|[0-9]+[A-Z][A-Z0-9]*)(?![\w-])")
RE_LINE = re.compile(r"\blines?\s+(\d{1,7})\b", re.I)
LANGUAGE_NAMES = {"en": "English", "nl": "Dutch (Nederlands)"}
MAX_ANSWER_CHARS = 200_000  # a narrative is a few thousand characters; more is not an answer
MAX_ANSWER_TOKENS = 8_192  # asked of the model (lowered to the model's own output limit when litellm knows it)
SMALL_ANSWER_TOKENS = 1_536  # at most this many tokens per answer: a small model explains five rules, not all
MAX_BODY_BYTES = 16 * MAX_ANSWER_CHARS  # the answer JSON-escaped (at most 12 bytes a character) and the envelope
BODY_HANDLER_PROVIDERS = ("ollama", "ollama_chat", "hosted_vllm")


@dataclass
class LLMSettings:
    model: str
    api_base: str | None = None
    concurrency: int = 8
    timeout: float = 120.0
    retries: int = 3
    redact: bool = False
    lang: str = "en"
    dry_run: bool = False
    max_tokens: int = MAX_ANSWER_TOKENS  # asked of the model per answer; a small local model needs far fewer
    only: frozenset[str] = frozenset()  # narrate just these module names (upper-case); empty: every program and copybook


@dataclass
class Narrative:
    summary: str
    business_purpose: str = ""
    rules_explained: list[dict[str, str]] = field(default_factory=list)
    glossary: list[dict[str, str]] = field(default_factory=list)
    open_questions: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)  # every unknown name or line: marked in the document
    checked: int = 0  # names and line numbers the model claimed, checked against the facts
    lines_checked: int = 0  # of which line numbers
    asked: list[str] = field(default_factory=list)  # unknown names only in open questions: asked, not claimed

    @property
    def grounding(self) -> float:
        """Verified claims / claims. A question about a name the facts lack is no claim: saying
        "I don't know" costs a model nothing here, guessing does."""
        claimed = len(self.unverified) - len(self.asked)
        return 1.0 if not self.checked else max(0.0, (self.checked - claimed) / self.checked)


@dataclass
class ModuleUsage:
    """How one module's answers came back: what a model benchmark compares between models and prompts."""

    requests: int = 0
    cached: int = 0
    valid_first: int = 0  # answers usable as the model first sent them
    repaired: int = 0  # answers usable only after the one repair request
    truncated: int = 0  # answers cut off at max_tokens (finish_reason "length")
    salvaged: int = 0  # cut-off answers closed after their last complete item instead of asked again
    failed: bool = False
    tokens_in: int = 0
    tokens_out: int = 0
    seconds: float = 0.0  # time spent waiting for the model's answers


@dataclass
class Usage:
    requests: int = 0
    cached: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0
    failures: int = 0
    prompts: list[tuple[str, int]] = field(default_factory=list)
    modules: dict[str, ModuleUsage] = field(default_factory=dict)  # by module key, kind:name

    @property
    def valid_first(self) -> int:
        return sum(m.valid_first for m in self.modules.values())

    @property
    def repaired(self) -> int:
        return sum(m.repaired for m in self.modules.values())


# The module being narrated in this task (each module is narrated in a task of its own).
_MODULE_USAGE: contextvars.ContextVar[ModuleUsage | None] = contextvars.ContextVar("modernize_module_usage", default=None)


def module_usage() -> ModuleUsage:
    """The current module's record, or a throw-away one outside a module's narration."""
    return _MODULE_USAGE.get() or ModuleUsage()


class AnswerError(ValueError):
    """The model's answer is not the JSON object the prompt asked for."""


class AnswerTooLarge(AnswerError):
    """The endpoint sent more than an answer can be (MAX_BODY_BYTES, MAX_ANSWER_CHARS): not read
    further, not retried, not repaired."""


class BodyTooLarge(Exception):
    """Raised inside the HTTP client when a response body passes MAX_BODY_BYTES."""


# Per request (each request runs in its own task): set when the body guard stopped reading.
_BODY_GUARD: contextvars.ContextVar[dict[str, bool] | None] = contextvars.ContextVar("modernize_body_guard", default=None)


def too_large() -> None:
    guard = _BODY_GUARD.get()
    if guard is not None:
        guard["too_large"] = True
    raise BodyTooLarge(f"response body larger than {MAX_BODY_BYTES:,} bytes")


class BoundedDecoder:
    """gzip and deflate decoded a slice at a time (zlib's max_length), so a small compressed body
    cannot expand in memory past one slice before the size is counted; any other encoding is
    passed through as it is (it was not asked for, and the answer will not parse)."""

    SLICE = 64 * 1024

    def __init__(self, encoding: str):
        self.encoding = encoding
        self.decompressor = self.make(encoding, raw=False)
        self.decoded = False

    @staticmethod
    def make(encoding: str, raw: bool) -> Any:
        if encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        if encoding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        return None

    def decode(self, data: bytes) -> Any:
        if self.decompressor is None:
            yield data
            return
        try:
            chunk = self.decompressor.decompress(data, self.SLICE)
        except zlib.error:
            if self.encoding != "deflate" or self.decoded:  # some servers send raw deflate, no zlib header
                raise
            self.decompressor = self.make("deflate", raw=True)
            chunk = self.decompressor.decompress(data, self.SLICE)
        self.decoded = True
        yield chunk
        while self.decompressor.unconsumed_tail:
            yield self.decompressor.decompress(self.decompressor.unconsumed_tail, self.SLICE)


@functools.cache
def bounded_body_class() -> type:
    """httpx is imported when a model is asked, not with this module."""
    import httpx

    class BoundedBody(httpx.AsyncByteStream):
        """A response body that yields at most ``limit`` decoded bytes, then raises BodyTooLarge."""

        def __init__(self, raw: httpx.AsyncByteStream, encoding: str, limit: int):
            self.raw = raw  # the body as received
            self.decoder = BoundedDecoder(encoding)
            self.limit = limit

        async def __aiter__(self) -> Any:
            read = 0
            async for data in self.raw:
                for chunk in self.decoder.decode(data):
                    read += len(chunk)
                    if read > self.limit:
                        too_large()
                    yield chunk

        async def aclose(self) -> None:
            await self.raw.aclose()

    return BoundedBody


async def ask_for_plain_or_gzip(request: Any) -> None:
    """httpx request hook: only encodings BoundedDecoder decodes a slice at a time."""
    request.headers["Accept-Encoding"] = "gzip, deflate"


async def bound_response_body(response: Any) -> None:
    """httpx response hook: refuse a declared body over MAX_BODY_BYTES and cut a streamed or
    compressed one at that size, counted after decompression (a small gzip bomb is cut too)."""
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        await response.aclose()
        too_large()
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    response.stream = bounded_body_class()(response.stream, encoding, MAX_BODY_BYTES)
    for header in ("content-encoding", "content-length"):  # httpx must not decode it again
        if header in response.headers:
            del response.headers[header]


def salvage(text: str) -> str | None:
    """A JSON object cut off at max_tokens, closed after its last complete list item or member (a
    small model at temperature 0 loops over its list until the limit: what came before is whole).
    None when there is nothing to close. One pass over the text."""
    start = text.find("{")
    if start < 0:
        return None
    stack: list[str] = []
    in_string = escaped = False
    cut: tuple[int, str] | None = None
    for index in range(start, len(text)):
        char = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            stack.append(char)
        elif char in "}]":
            if not stack or stack.pop() != ("{" if char == "}" else "["):
                return None
            if not stack:
                return None  # the object is complete: cutting would not help
            cut = (index + 1, "".join(stack))
    if cut is None:
        return None
    end, still_open = cut
    return text[start:end] + "".join("}" if opened == "{" else "]" for opened in reversed(still_open))


# How many rules, glossary items and questions the prompt asks for, and an answer keeps.
AT_MOST = {"rules_explained": 5, "glossary": 8, "open_questions": 3}
NAMING_KEYS = ("line", "rule", "name")  # what an item is about; the rest is what the model says of it


def said(item: Any) -> bool:
    """An item that says something: a question, or an explanation or term that is not empty or the
    prompt's placeholder ("The copybook contains…: " with nothing after it says nothing)."""
    if isinstance(item, dict):
        return any(str(v).strip() not in ("", "...", "…") for k, v in item.items() if k not in NAMING_KEYS)
    return str(item).strip() not in ("", "...", "…")


def listing(items: dict[str, Any], most: int, least: int = 0) -> dict[str, Any]:
    return {"type": "array", "items": items, "maxItems": most, **({"minItems": least} if least else {})}


def record(**fields: str) -> dict[str, Any]:
    return {"type": "object", "properties": {name: {"type": kind} for name, kind in fields.items()}, "required": list(fields)}


def summary_schema(rules: int, items: int) -> dict[str, Any]:
    """A module narrative's answer as a JSON schema: what the prompt's example shows, with its limits.
    A small model held to a grammar takes the shortest way out (empty lists), so the module's own
    rules and data items set a floor (up to three of each must be explained) and a ceiling (a
    copybook without rules has none to explain: the 1.5 B model made up five, "line 1" to "line 5")."""
    schema = record(summary="string", business_purpose="string", rules_explained="array", glossary="array", open_questions="array")
    schema["properties"].update(
        rules_explained=listing(record(line="integer", rule="string", explanation="string"), min(AT_MOST["rules_explained"], rules),
                                min(3, rules)),
        glossary=listing(record(name="string", term="string"), min(AT_MOST["glossary"], items), min(3, items)),
        open_questions=listing({"type": "string"}, AT_MOST["open_questions"]))
    return schema


def response_format(schema: dict[str, Any] | None) -> dict[str, Any]:
    """JSON mode, with the answer's schema when there is one."""
    if schema is None:
        return {"type": "json_object"}
    return {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}


def within_limits(data: dict[str, Any]) -> None:
    """Keep what the prompt asks for: items that say something, at most ``AT_MOST`` of each (a small
    model lists every data item it sees, or asks "What is the purpose of X?" for each)."""
    for key, most in AT_MOST.items():
        if isinstance(data.get(key), list):
            data[key] = [item for item in data[key] if said(item)][:most]


def parse_answer(text: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """The JSON object in a model answer (code fences tolerated), with its fields type-checked."""
    body = text.strip()
    opening, closing = body.find("```"), body.rfind("```")
    if 0 <= opening < closing:  # between the first and the last fence (string search: linear on any answer)
        fenced = body[opening + 3 : closing].removeprefix("json")
        if "{" in fenced and "}" in fenced:
            body = fenced
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise AnswerError("no JSON object in the answer")
    try:
        data = json.loads(body[start : end + 1])
    except json.JSONDecodeError as exc:
        raise AnswerError(f"invalid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise AnswerError("the answer is not a JSON object")
    first = keys[0] if keys else "summary"  # the main field (summary, answer) must be there
    if not isinstance(data.get(first), str) or not data[first].strip():
        raise AnswerError(f"'{first}' must be a non-empty string")
    for key in keys:
        data.setdefault(key, [] if key in ("rules_explained", "glossary", "open_questions") else "")
    for key in ("rules_explained", "glossary"):
        items = data.get(key) or []
        if isinstance(items, dict):
            items = [{"name": k, "term": str(v)} for k, v in items.items()]
        if not isinstance(items, list):
            raise AnswerError(f"'{key}' must be a list")
        checked = [{k: v if isinstance(v, int) and not isinstance(v, bool) else str(v) for k, v in i.items()}
                   if isinstance(i, dict) else {"rule" if key == "rules_explained" else "name": str(i)} for i in items]
        data[key] = list({json.dumps(i, sort_keys=True): i for i in reversed(checked)}.values())[::-1]  # a small model repeats items
    questions = data.get("open_questions") or []
    data["open_questions"] = [str(q) for q in questions] if isinstance(questions, list) else [str(questions)]
    within_limits(data)
    for key in ("summary", "business_purpose"):
        if key in keys:
            data[key] = str(data.get(key) or "")
    return data


def known_names(module: Module, modules: list[Module], graph: nx.MultiDiGraph) -> set[str]:
    """Every name the facts know: modules, this module's symbols, what it refers to, graph nodes."""
    names = {m.name.upper() for m in modules}
    names |= {s.name.upper() for s in module.symbols}
    names |= {r.target.upper() for r in module.references}
    names |= {str(d.get("name", "")).upper() for _, d in graph.nodes(data=True)}
    for symbol in module.symbols:
        if symbol.kind == "data":
            names |= {c.upper() for c in symbol.layout.conditions}
    return names


def layout_names(module: Module) -> set[str]:
    """The data items of the module's layouts (its own and its copybooks'), with their 88-level names."""
    names: set[str] = set()
    for symbol in module.symbols:
        if symbol.kind == "data":
            names.add(symbol.name.upper())
            names |= {c.upper() for c in symbol.layout.conditions}
    return names


def scan_text(text: str, known: set[str], module: Module) -> tuple[list[str], int, int]:
    """(unknown names and lines, names checked, lines checked) in one piece of the model's text."""
    unknown: list[str] = []
    names = lines = 0
    for match in RE_NAME.finditer(text):
        names += 1
        name = match.group(1).upper().rstrip(".")
        if name not in known:
            unknown.append(name)
    for match in RE_LINE.finditer(text):
        lines += 1
        number = int(match.group(1))
        if not (module.line or 1) <= number <= (module.end_line or number):
            unknown.append(f"line {number}")
    return unknown, names, lines


def ground(narrative: Narrative, module: Module, modules: list[Module], graph: nx.MultiDiGraph) -> None:
    """Check every name and line number the model wrote against the facts and flag the unknown
    ones: a rule's line must be a line of one of the module's rules, a glossary name a data item of
    its layouts. Unknown names only in open questions are asked, not claimed (``Narrative.asked``)."""
    known = known_names(module, modules, graph)
    rule_lines = {r.line for r in module.business_rules}
    layouts = layout_names(module)
    claims = [narrative.summary, narrative.business_purpose]
    claims += [" ".join(str(v) for k, v in item.items() if k != "line") for item in narrative.rules_explained]
    claims += [str(item.get("term", "")) for item in narrative.glossary]  # the name is checked against the layouts
    unverified: list[str] = []
    checked = lines = 0
    for text in claims:
        unknown, n, m = scan_text(text, known, module)
        unverified += unknown
        checked, lines = checked + n + m, lines + m
    for item in narrative.rules_explained:
        if isinstance(item.get("line"), int):
            checked, lines = checked + 1, lines + 1
            if item["line"] not in rule_lines:
                unverified.append(f"line {item['line']}")
    for item in narrative.glossary:
        # "10 BERK-HUUR PIC S9(05)V99" names BERK-HUUR: a level number before and clauses after are no claim
        words = [w for w in str(item.get("name", "")).upper().split() if not w.isdigit()]
        name = words[0] if words else ""
        if name:
            checked += 1
            if name not in layouts:
                unverified.append(name)
    asked = []
    for text in narrative.open_questions:
        asked += [u for u in scan_text(text, known, module)[0] if u not in unverified]
    narrative.unverified = list(dict.fromkeys(unverified + asked))
    narrative.asked = list(dict.fromkeys(asked))
    narrative.checked = checked
    narrative.lines_checked = lines


def causes(exc: BaseException) -> list[BaseException]:
    """The exception and those it was raised from or during (litellm and the SDK wrap the client's)."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found and len(found) < 20:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


class Narrator:
    """Runs the prompts for every module, bottom-up, with bounded concurrency and the cache."""

    def __init__(self, settings: LLMSettings, store: Store, root: Any, modules: list[Module], graph: nx.MultiDiGraph, files: dict[str, SourceFile]):
        self.settings = settings
        self.files = files
        self.store = store
        self.root = root
        self.modules = modules
        self.graph = graph
        self.usage = Usage()
        self.diagnostics: list[Diagnostic] = []
        self.narratives: dict[str, Narrative] = {}
        self.semaphore: asyncio.Semaphore | None = None
        self.litellm: Any = None
        self.http: tuple[Any, Any, Any] | None = None  # (event loop, shared session, handler) with the body guard

    # the model call ------------------------------------------------------------------------

    def client(self) -> Any:
        if self.litellm is None:
            os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
            import litellm

            litellm.telemetry = False
            litellm.suppress_debug_info = True
            self.litellm = litellm
        return self.litellm

    def guarded_clients(self) -> dict[str, Any]:
        """HTTP clients with the body guard for this event loop (connections belong to one loop):
        litellm's own default client with the guard added, as its shared session for the providers
        it drives through the OpenAI SDK, and a handler passed per call to BODY_HANDLER_PROVIDERS.
        Returns the extra arguments for ``acompletion``."""
        litellm = self.client()
        loop = asyncio.get_running_loop()
        if self.http is None or self.http[0] is not loop:
            from litellm.llms.custom_httpx.http_handler import AsyncHTTPHandler
            from litellm.llms.openai.common_utils import BaseOpenAILLM

            litellm.aclient_session = None  # litellm builds its default client (TLS, proxies, transport) ...
            session = BaseOpenAILLM.get_async_http_client()
            hooks = session.event_hooks
            session.event_hooks = {"request": [*hooks.get("request", []), ask_for_plain_or_gzip],
                                   "response": [*hooks.get("response", []), bound_response_body]}
            litellm.aclient_session = session  # ... and uses it, guarded, for the OpenAI SDK's requests
            handler = AsyncHTTPHandler(timeout=self.settings.timeout,
                                       event_hooks={"request": [ask_for_plain_or_gzip], "response": [bound_response_body]})
            self.http = (loop, session, handler)
        provider = ""
        with contextlib.suppress(Exception):  # an unknown model string: litellm reports it on the call itself
            provider = litellm.get_llm_provider(model=self.settings.model, api_base=self.settings.api_base)[1]
        return {"client": self.http[2]} if provider in BODY_HANDLER_PROVIDERS else {}

    async def close_clients(self) -> None:
        if self.http is None:
            return
        _, session, handler = self.http
        self.http = None
        if self.litellm is not None and self.litellm.aclient_session is session:
            self.litellm.aclient_session = None
        with contextlib.suppress(Exception):
            await session.aclose()
        with contextlib.suppress(Exception):
            await handler.close()

    @functools.cached_property
    def json_schema(self) -> bool:
        """Send the answer's JSON schema (``response_format`` json_schema) with JSON mode: on llama.cpp
        servers a grammar that also bounds the lists (``AT_MOST``), so a small model cannot spend its
        tokens listing every data item. A server that refuses it gets plain JSON mode."""
        return self.json_mode

    @functools.cached_property
    def json_mode(self) -> bool:
        """Ask for JSON mode (``response_format``; a JSON grammar on llama.cpp servers) where litellm
        says the provider takes it: a small model then cannot wrap or cut its JSON in prose."""
        with contextlib.suppress(Exception):
            litellm = self.client()
            provider = litellm.get_llm_provider(model=self.settings.model, api_base=self.settings.api_base)[1]
            return "response_format" in (litellm.get_supported_openai_params(model=self.settings.model, custom_llm_provider=provider) or [])
        return False

    @functools.cached_property
    def max_tokens(self) -> int:
        """MAX_ANSWER_TOKENS, or the model's own output limit when litellm knows a lower one."""
        limit = None
        with contextlib.suppress(Exception):  # models litellm does not know (local ones) have no entry
            limit = self.client().get_model_info(self.settings.model).get("max_output_tokens")
        asked = min(MAX_ANSWER_TOKENS, max(1, self.settings.max_tokens))
        return min(asked, int(limit)) if isinstance(limit, int) and limit > 0 else asked

    @property
    def rules_asked(self) -> int:
        """How many of a module's rules the model is asked to explain: a small answer budget holds
        five (0.5 B and 1.5 B models ran past 1 024 tokens explaining all of TSU020's 13, told to
        pick five); the fact document lists them all anyway."""
        return 5 if self.max_tokens <= SMALL_ANSWER_TOKENS else 80

    async def ask(self, template: str, prompt: str, keys: tuple[str, ...], schema: dict[str, Any] | None = None) -> dict[str, Any]:
        """One answer for ``prompt``: from the cache, or from the model with retries and one repair."""
        if self.settings.redact:
            prompt = redact_prompt(prompt)  # paths and names in it come from the repository too
        key = hashlib.sha256(f"{self.settings.model}\0{template}\0{prompt}".encode()).hexdigest()
        cached = self.store.get_answer(key)
        if cached is not None and len(cached) <= MAX_ANSWER_CHARS:  # one cached before the limit is asked again
            self.usage.cached += 1
            module_usage().cached += 1
            return parse_answer(cached, keys)
        if self.settings.dry_run:
            self.usage.prompts.append((template, len(prompt) // 4))
            raise AnswerError("dry run: not sent")
        messages = [{"role": "user", "content": prompt}]
        text = await self.complete(messages, schema)
        try:
            data = parse_answer(text, keys)
            module_usage().valid_first += 1
        except AnswerError as problem:
            closed = salvage(text)
            with contextlib.suppress(AnswerError):
                if closed is not None:
                    data = parse_answer(closed, keys)  # cut at max_tokens: keep what was whole, ask nothing more
                    module_usage().salvaged += 1
                    self.store.put_answer(key, self.settings.model, template, closed)
                    return data
            messages += [
                {"role": "assistant", "content": text[:4000]},
                {"role": "user", "content": f"That answer could not be used ({problem}). Answer again with only the JSON object asked for."},
            ]
            text = await self.complete(messages, schema)
            data = parse_answer(text, keys)
            module_usage().repaired += 1
        self.store.put_answer(key, self.settings.model, template, text)
        return data

    async def complete(self, messages: list[dict[str, str]], schema: dict[str, Any] | None = None) -> str:
        litellm = self.client()
        assert self.semaphore is not None
        attempt = 0
        clients = self.guarded_clients()
        record = module_usage()
        while True:
            attempt += 1
            guard = {"too_large": False}
            token = _BODY_GUARD.set(guard)
            # what this request asks for (requests in flight when a server refuses a format still carry it)
            sent_json = self.json_mode
            sent_schema = sent_json and schema is not None and self.json_schema
            try:
                async with self.semaphore:
                    self.usage.requests += 1
                    record.requests += 1
                    started = time.perf_counter()
                    try:
                        response = await litellm.acompletion(
                            model=self.settings.model,
                            messages=messages,
                            api_base=self.settings.api_base,
                            timeout=self.settings.timeout,
                            num_retries=0,
                            max_retries=0,
                            temperature=0,
                            max_tokens=self.max_tokens,
                            **({"response_format": response_format(schema if sent_schema else None)} if sent_json else {}),
                            **clients,
                        )
                    finally:
                        record.seconds += time.perf_counter() - started
            except Exception as exc:  # noqa: BLE001 - litellm maps provider errors to many classes
                if guard["too_large"] or any(isinstance(e, BodyTooLarge) for e in causes(exc)):
                    raise AnswerTooLarge(f"the endpoint sent a response larger than {MAX_BODY_BYTES:,} bytes; "
                                         "it was not read further") from None
                if type(exc).__name__ == "BadRequestError" and sent_json and "response_format" in str(exc):
                    if sent_schema:
                        self.json_schema = False  # no schemas here: JSON mode alone
                    else:
                        self.json_mode = False  # a server that refuses JSON mode gets the prompt's instruction only
                    continue
                if type(exc).__name__ in RETRYABLE and attempt <= self.settings.retries:
                    await asyncio.sleep(min(20.0, 0.5 * 2 ** (attempt - 1)) * (0.5 + random.random()))
                    continue
                raise
            finally:
                _BODY_GUARD.reset(token)
            usage = getattr(response, "usage", None)
            if usage is not None:
                tokens_in, tokens_out = int(getattr(usage, "prompt_tokens", 0) or 0), int(getattr(usage, "completion_tokens", 0) or 0)
                self.usage.tokens_in += tokens_in
                self.usage.tokens_out += tokens_out
                record.tokens_in += tokens_in
                record.tokens_out += tokens_out
            if getattr(response.choices[0], "finish_reason", "") == "length":
                record.truncated += 1
            with contextlib.suppress(Exception):  # no price is known for local models
                self.usage.cost += float(litellm.completion_cost(completion_response=response) or 0.0)
            content = response.choices[0].message.content or ""
            if not isinstance(content, str) or len(content) > MAX_ANSWER_CHARS:
                size = f"{len(content):,} characters" if isinstance(content, str) else type(content).__name__
                raise AnswerTooLarge(f"the answer has {size}, more than the {MAX_ANSWER_CHARS:,} an answer may have")
            return content

    # prompts -------------------------------------------------------------------------------

    def source_of(self, module: Module) -> str:
        source = self.files.get(module.path)
        if source is None:
            return ""
        try:
            text = read_text(self.root, source)
        except OSError:
            return ""
        lines = text.split("\n")[(module.line or 1) - 1 : module.end_line or None]
        fixed = source.source_format in ("fixed", "fixed-numbered") if source.language == "cobol" else None
        text = compact_source("\n".join(line[:72] for line in lines), module.header_comments, fixed)
        return redact(text) if self.settings.redact else text

    def facts_context(self, module: Module) -> dict[str, Any]:
        node = module.node_id
        def names(direction: str, kinds: tuple[str, ...]) -> str:
            return ", ".join(sorted({label(self.graph, other) for other, d in graph_edges(self.graph, node, direction) if d.get("kind") in kinds}))
        header = "\n".join(module.header_comments)
        rules = [f"line {r.line}: {r.condition} (paragraph {r.paragraph})" for r in module.business_rules]
        paragraphs = ", ".join(s.name for s in module.symbols if s.kind in ("paragraph", "section"))
        # The answer's example is this module's own first rule and data item: a small model copies
        # the example it is shown, and a copied true fact is still true ("line 123" was not).
        rule = module.business_rules[0] if module.business_rules else None
        item = next((s.name for s in module.symbols if s.kind == "data" and s.name.upper() != "FILLER"), "")
        condition = (redact(rule.condition) if self.settings.redact else rule.condition) if rule else ""
        example = {"rule": json.dumps({"line": rule.line, "rule": condition, "explanation": "..."}) if rule else "",
                   "item": json.dumps({"name": item, "term": "..."}) if item else ""}
        if self.settings.redact:
            header = redact(header)
            rules = [redact(r) for r in rules]
        return {
            "module": module, "header": header, "rules": rules[:self.rules_asked], "paragraphs": paragraphs,
            "calls": names("out", ("calls",)), "callers": names("in", ("calls", "executes", "starts")),
            "io": names("out", ("reads", "writes", "shows")), "copybooks": names("out", ("includes",)),
            "language": LANGUAGE_NAMES.get(self.settings.lang, "English"), "example": example,
            "budget": max(100, self.max_tokens * 3 // 5),  # words: about 0.75 a token, with room for the JSON
            "at_most": AT_MOST,
        }

    async def narrate(self, module: Module, callees: list[tuple[str, str]]) -> None:
        # this task's own context: the module's requests are counted on its record
        _MODULE_USAGE.set(self.usage.modules.setdefault(f"{module.kind}:{module.name}", ModuleUsage()))
        template, version = load("module_summary")
        context = self.facts_context(module)
        source = self.source_of(module)
        parts: list[str] = []
        if len(source) > MAX_SOURCE_CHARS:
            parts = await self.summarise_parts(module, source)
        prompt = template.render(**context, callees=callees, parts=parts, source=source if not parts else "")
        keys = ("summary", "business_purpose", "rules_explained", "glossary", "open_questions")
        try:
            data = await self.ask(version, prompt, keys, summary_schema(len(context["rules"]), len(layout_names(module))))
        except AnswerTooLarge as problem:
            self.fail(module, f"the model's answer was refused: {problem}")
            return
        except AnswerError as problem:
            if not self.settings.dry_run:
                self.fail(module, f"the model's answer could not be used after one repair attempt: {problem}")
            return
        except Exception as exc:  # noqa: BLE001 - the run never dies on the LLM
            self.fail(module, f"model call failed: {type(exc).__name__}: {str(exc)[:200]}")
            return
        narrative = Narrative(**{k: data[k] for k in keys})
        ground(narrative, module, self.modules, self.graph)
        self.narratives[f"{module.kind}:{module.name}"] = narrative

    async def summarise_parts(self, module: Module, source: str) -> list[str]:
        """Large programs: summarise runs of paragraphs first, then the program from those."""
        template, version = load("chunk_summary")
        lines = source.split("\n")
        offset = module.line or 1
        paragraphs = [s for s in module.symbols if s.kind in ("paragraph", "section") and s.line]
        chunks: list[tuple[str, str, str]] = []
        current: list[str] = []
        first = last = ""
        for index, paragraph in enumerate(paragraphs):
            end = paragraphs[index + 1].line - 1 if index + 1 < len(paragraphs) else (module.end_line or offset + len(lines))
            text = "\n".join(lines[paragraph.line - offset : end - offset + 1])
            if current and sum(len(c) for c in current) + len(text) > MAX_SOURCE_CHARS:
                chunks.append((first, last, "\n".join(current)))
                current = []
            if not current:
                first = paragraph.name
            current.append(text[:MAX_SOURCE_CHARS])
            last = paragraph.name
        if current:
            chunks.append((first, last, "\n".join(current)))
        summaries = []
        for first, last, text in chunks:
            prompt = template.render(module=module, first=first, last=last, source=text, language=LANGUAGE_NAMES.get(self.settings.lang, "English"))
            try:
                summaries.append(f"{first} .. {last}: {(await self.ask(version, prompt, ('summary',)))['summary']}")
            except Exception:  # noqa: BLE001 - a part without a summary is reported by the caller's prompt missing it
                summaries.append(f"{first} .. {last}: (no summary)")
        return summaries

    def fail(self, module: Module, message: str) -> None:
        self.usage.failures += 1
        self.usage.modules.setdefault(f"{module.kind}:{module.name}", ModuleUsage()).failed = True
        self.diagnostics.append(Diagnostic("warning", "llm-failed", f"{message}; the fact-based document is kept", module.path, module.line))

    async def run(self) -> None:
        """Each module starts as soon as the programs it calls are narrated (callees first), so the
        model is kept busy instead of waiting for a whole layer; a call cycle is narrated together."""
        self.semaphore = asyncio.Semaphore(max(1, self.settings.concurrency))
        try:
            await self.narrate_all()
        finally:
            await self.close_clients()

    async def narrate_all(self) -> None:
        only = self.settings.only
        candidates = sorted((m for m in self.modules if m.kind in NARRATED_KINDS and (not only or m.name.upper() in only)),
                            key=lambda m: (m.name, m.path))
        ids = {m.node_id: m for m in candidates}
        cycle_of = {node: index for index, members in enumerate(cycles(self.graph)) for node in members}
        done = {nid: asyncio.Event() for nid in ids}

        async def narrate_when_ready(nid: str, module: Module) -> None:
            try:
                for callee in sorted({v for _, v, d in self.graph.out_edges(nid, data=True) if d.get("kind") == "calls"}):
                    same_cycle = nid in cycle_of and cycle_of.get(callee) == cycle_of[nid]
                    if callee in done and callee != nid and not same_cycle:
                        await done[callee].wait()
                same = {n for n, c in cycle_of.items() if nid in cycle_of and c == cycle_of[nid]}
                await self.narrate(module, self.callee_summaries(module, same))
            finally:
                done[nid].set()

        await asyncio.gather(*(narrate_when_ready(nid, module) for nid, module in ids.items()))

    def callee_summaries(self, module: Module, same_cycle: set[str]) -> list[tuple[str, str]]:
        """Summaries of the programs this one calls; members of its own call cycle are left out,
        since they are narrated at the same time (and the prompt must not depend on who was first)."""
        node = module.node_id
        found = []
        for target, data in graph_edges(self.graph, node, "out"):
            if data.get("kind") != "calls" or target in same_cycle:
                continue
            narrative = self.narratives.get(f"program:{self.graph.nodes[target].get('name')}")
            if narrative is not None:
                found.append((self.graph.nodes[target]["name"], narrative.summary))
        return sorted(set(found))


def narrate_modules(settings: LLMSettings, store: Store, root: Any, modules: list[Module], graph: nx.MultiDiGraph, files: list[SourceFile]) -> Narrator:
    """Narratives for every program and copybook; returns the narrator with its usage and diagnostics."""
    narrator = Narrator(settings, store, root, modules, graph, {f.path: f for f in files})
    asyncio.run(narrator.run())
    return narrator
