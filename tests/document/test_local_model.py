"""Two example programs documented through a real small model on 127.0.0.1 (scripts/local-model.sh's
server over node-llama-cpp). Skipped unless MODERNIZE_LOCAL_MODEL names a GGUF file and the Node
runtime is installed beside it (MODERNIZE_MODEL_DIR/node, default the GGUF's folder): the model is
never downloaded here, and nothing leaves the machine. Not in CI: the model (491 MB), the runtime
(83 MB) and two programs on a 2-core runner take far longer than CI's few minutes. Last measured
with the 0.5 B model (benchmarks/README.md): TSU020's answer was cut at --llm-max-tokens 1024 twice
(it explained all 13 rules), so the TSU020 assertions fail until the prompt bounds its lists.

    scripts/local-model.sh --prepare-only 0.5b      # prints the GGUF path
    MODERNIZE_LOCAL_MODEL=/work/models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf pytest -m slow tests/document/test_local_model.py
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from modernize.config import load_settings
from modernize.document.facts_doc import md
from modernize.document.llm import RE_NAME, LLMSettings
from modernize.pipeline.estate import Estate, RunOptions

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "cobol"
PROGRAMS = ("TSU020", "TSO900")
MODEL = Path(os.environ.get("MODERNIZE_LOCAL_MODEL", "/nonexistent.gguf"))
RUNTIME = Path(os.environ.get("MODERNIZE_MODEL_DIR", str(MODEL.parent))) / "node" / "node_modules"
# TSU020 tests the assessment income against the income limit (WS-INKOMENSGRENS, line 83)
THRESHOLD = re.compile(r"INKOMENSGRENS|income (?:limit|threshold|ceiling|cap)|inkomensgrens|GRENS-(?:ALLEEN|PARTNER)", re.I)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MODEL.is_file() or not (RUNTIME / "node-llama-cpp").is_dir() or shutil.which("node") is None,
                       reason="no local model: set MODERNIZE_LOCAL_MODEL to a GGUF file (scripts/local-model.sh --prepare-only)"),
]


@pytest.fixture(scope="module")
def server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(["node", str(ROOT / "scripts" / "local-model-server.mjs"), "--model", str(MODEL),  # noqa: S603, S607
                                "--port", str(port), "--threads", "1"], env={**os.environ, "NODE_PATH": str(RUNTIME)},
                               stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=5) as response:  # noqa: S310 - loopback
                    yield url, json.load(response)["data"][0]["id"]
                    break
            except OSError:
                assert process.poll() is None, "the model server stopped"
                assert time.monotonic() < deadline, "the model server did not start within 120 s"
                time.sleep(1)
    finally:
        process.terminate()
        process.wait(30)


@pytest.fixture(scope="module")
def documented(server, tmp_path_factory):
    url, model = server
    os.environ.setdefault("OPENAI_API_KEY", "local")
    settings = dataclasses.replace(load_settings(EXAMPLES), cache_dir=str(tmp_path_factory.mktemp("cache")))
    llm = LLMSettings(model=f"openai/{model}", api_base=url, concurrency=1, timeout=2400, retries=0, max_tokens=1024,
                      only=frozenset(PROGRAMS))
    estate = Estate(EXAMPLES, settings, RunOptions(llm=llm))
    return estate, estate.documents, estate.narration


def test_every_program_is_answered_or_marked_failed_with_its_fact_document_kept(documented):
    estate, documents, narration = documented
    assert sorted(narration.usage.modules) == sorted(f"program:{p}" for p in PROGRAMS)
    failed = {d.path for d in narration.diagnostics if d.code == "llm-failed"}
    for program in PROGRAMS:
        key = f"program:{program}"
        text = documents[key].text
        assert f"# program {program}" in text and "## Business rules" in text  # the fact document, first
        if key in narration.narratives:
            assert "## Narrative (by the model openai/" in text
        else:
            assert narration.usage.modules[key].failed and f"cbl/{program}.cbl" in failed
            assert "## Narrative" not in text


def test_no_unverified_name_survives_unmarked(documented):
    estate, documents, narration = documented
    names = {m.name.upper() for m in estate.modules} | {str(d.get("name", "")).upper() for _, d in estate.graph.nodes(data=True)}
    for key, narrative in narration.narratives.items():
        module = next(m for m in estate.modules if f"{m.kind}:{m.name}" == key)
        known = names | {s.name.upper() for s in module.symbols} | {r.target.upper() for r in module.references}
        known |= {c.upper() for s in module.symbols if s.kind == "data" for c in s.layout.conditions}
        fields = [narrative.summary, narrative.business_purpose, *narrative.open_questions,
                  *(str(v) for item in narrative.rules_explained + narrative.glossary for v in item.values())]
        invented = {m.group(1).upper().rstrip(".") for text in fields for m in RE_NAME.finditer(text)} - known
        assert invented <= set(narrative.unverified)
        section = documents[key].text.partition("## Narrative")[2].rpartition("\nUnverified names:")[0] or documents[key].text.partition("## Narrative")[2]
        for name in narrative.unverified:
            written = re.findall(rf"(?<![\w-]){re.escape(md(name))}(?![\w-])( _\(unverified\)_)?", section, re.I)
            assert all(written), f"{name} appears unmarked in {key}'s narrative"


def test_the_narrative_of_tsu020_mentions_the_income_threshold(documented):
    _, _, narration = documented
    narrative = narration.narratives.get("program:TSU020")
    assert narrative is not None, "TSU020 was not answered"
    text = " ".join([narrative.summary, narrative.business_purpose,
                     *(str(v) for item in narrative.rules_explained + narrative.glossary for v in item.values())])
    assert THRESHOLD.search(text), text
