"""A small OpenAI-compatible chat-completions server on 127.0.0.1, for tests and benchmarks.

It answers like a well-behaved model by default (a JSON narrative naming the module and one of its
paragraphs), and can be told to misbehave: 429, 500, hang past the client's timeout, garbage,
hallucinate a paragraph that does not exist, answer at great length ("long": a megabyte of answer)
or send an endless body ("huge": ``huge_bytes`` of answer, streamed without a length, from one
buffer so the server itself allocates nothing per byte; "bomb": the same gzip-compressed, a few
kilobytes on the wire). Every request body is kept for inspection.
"""

from __future__ import annotations

import json
import re
import threading
import time
import zlib
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeModel:
    def __init__(self, delay: float = 0.0):
        self.bodies: list[dict[str, Any]] = []
        self.modes: deque[str] = deque()
        self.by_module: dict[str, deque[str]] = {}
        self.default = "ok"
        self.delay = delay
        self.huge_bytes = 64 * 1024 * 1024
        self.huge_sent = 0  # bytes of the huge body the client took before it hung up
        self.schemas = True  # False: a server that refuses response_format json_schema (400), as some do
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    @property
    def requests(self) -> int:
        return len(self.bodies)

    def __enter__(self) -> FakeModel:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def misbehave(self, module: str, *modes: str) -> None:
        """The next requests about ``module`` get these modes, whatever order requests arrive in."""
        self.by_module[module] = deque(modes)

    def next_mode(self, prompt: str) -> str:
        found = re.search(r"^Module: \S+ (\S+)", prompt, re.M)
        with self.lock:
            script = self.by_module.get(found.group(1)) if found else None
            if script:
                return script.popleft()
            return self.modes.popleft() if self.modes else self.default

    def answer(self, prompt: str, mode: str) -> str:
        module = re.search(r"^Module: (\S+) (\S+)", prompt, re.M)
        name = module.group(2) if module else "ONBEKEND"
        paragraphs = re.search(r"^Paragraphs: (.*)$", prompt, re.M)
        first = paragraphs.group(1).split(", ")[0] if paragraphs and paragraphs.group(1) != "none" else name
        if mode == "garbage":
            return "Sorry, I cannot help with that <html>"
        if mode == "empty":
            return ""
        if prompt.startswith("You answer a question about a legacy mainframe estate"):
            return self.answer_question(prompt)
        if "Answer with one JSON object and nothing else: {\"summary\": \"what these paragraphs do" in prompt:
            return json.dumps({"summary": f"Deze paragrafen van {name} verwerken records."})
        paragraph = "PARA-DIE-NIET-BESTAAT" if mode == "hallucinate" else first
        return json.dumps(
            {
                "summary": f"{name} checks applications; the work starts in paragraph {paragraph}.",
                "business_purpose": "Allowance administration.",
                "rules_explained": [{"rule": "income above the threshold", "explanation": "the application is rejected"}],
                "glossary": [{"name": "WS-TOETSINKOMEN", "term": "assessment income"}],
                "open_questions": [],
            }
        )

    @staticmethod
    def answer_question(prompt: str) -> str:
        """Cites the first passage it was given (correctly) and one paragraph that does not exist."""
        first = re.search(r"^\[1\] \w+ in \w+:(\S+?)(?:, paragraph (\S+))?, (\S+?):(\d+)", prompt, re.M)
        if first is None:
            return json.dumps({"answer": "The passages do not say.", "citations": []})
        module, paragraph, path, line = first.groups()
        return json.dumps({"answer": f"It happens in {module}.", "citations": [
            {"module": module, "paragraph": paragraph, "path": path, "line": int(line)},
            {"module": module, "paragraph": "PARA-DIE-NIET-BESTAAT", "path": path, "line": int(line)},
        ]})

    def handler(self) -> type[BaseHTTPRequestHandler]:
        model = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with model.lock:
                    model.bodies.append(body)
                if not model.schemas and (body.get("response_format") or {}).get("type") == "json_schema":
                    self.send_response(400)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(json.dumps({"error": {"message": "response_format json_schema is not supported",
                                                           "type": "invalid_request_error"}}).encode())
                    return
                messages = body.get("messages") or [{"content": ""}]
                mode = model.next_mode(messages[0]["content"])
                if model.delay:
                    time.sleep(model.delay)
                if mode in ("429", "500"):
                    self.send_response(int(mode))
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(json.dumps({"error": {"message": f"status {mode}", "type": "server_error"}}).encode())
                    return
                if mode == "hang":
                    time.sleep(30)
                    return
                if mode in ("huge", "bomb"):
                    self.send_huge(compressed=mode == "bomb")
                    return
                prompt = body["messages"][-1]["content"] if body.get("messages") else ""
                first_prompt = body["messages"][0]["content"] if body.get("messages") else ""
                content = model.answer(first_prompt if len(body.get("messages", [])) > 1 else prompt, mode)
                if mode == "long":
                    content = json.dumps({"summary": "x" * 1_000_000})
                payload = {
                    "id": f"chatcmpl-{model.requests}",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model", "test"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": len(content) // 4, "total_tokens": (len(prompt) + len(content)) // 4},
                }
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def send_huge(self, compressed: bool) -> None:
                """200 OK and an answer that never ends, without Content-Length (read until close)."""
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                if compressed:
                    self.send_header("Content-Encoding", "gzip")
                self.end_headers()
                gzip = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16) if compressed else None

                def write(data: bytes) -> None:
                    self.wfile.write(gzip.compress(data) if gzip else data)

                block = b"x" * (1024 * 1024)
                try:
                    write(b'{"id": "chatcmpl-huge", "object": "chat.completion", "created": 0, "model": "test", '
                          b'"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "')
                    sent = 0
                    while sent < model.huge_bytes:
                        write(block)
                        sent += len(block)
                        model.huge_sent = sent
                    write(b'"}}]}')
                    if gzip:
                        self.wfile.write(gzip.flush())
                except OSError:  # the client stopped reading: what it should do
                    pass
                self.close_connection = True

        return Handler
