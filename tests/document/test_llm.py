"""The LLM layer through the real litellm client against a local OpenAI-compatible server."""

import re
import socket

import pytest
from click.testing import CliRunner

from modernize.cli import cli
from tests.conftest import EXAMPLES, copy_store, fixed, write_tree
from tests.llm_server import FakeModel

MODEL = "openai/test-model"


def flat(text: str) -> str:
    """Console output with its line wrapping undone."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(autouse=True)
def api_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")


def docs(tmp_path, root, fake, *extra, cache=None):
    args = ["docs", str(root), "-o", str(tmp_path / "docs"), "--cache-dir", str(cache or tmp_path / "cache"), "--model", MODEL,
            "--api-base", fake.url, *extra]
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.slow  # a model through litellm, whose import alone takes seconds
def test_narratives_appear_and_a_rerun_sends_nothing(tmp_path, warm_cache):
    with FakeModel() as fake:
        result = docs(tmp_path, EXAMPLES, fake, cache=warm_cache)
        assert result.exit_code == 0, result.output
        first = fake.requests
        assert first >= 15
        document = (tmp_path / "docs" / "TSU020.md").read_text()
        assert "## Narrative (by the model openai/test-model, grounding 100%)" in document
        assert "TSU020 checks applications; the work starts in paragraph 0000-HOOFD." in document
        assert "## Stated purpose" in document  # the fact-based document is still there, first
        again = docs(tmp_path, EXAMPLES, fake, cache=warm_cache)
        assert again.exit_code == 0
        assert fake.requests == first
        assert f"0 request(s), {first} from the cache" in flat(again.output)


@pytest.mark.slow  # litellm; a request that hangs until the 2 s timeout, retries with backoff
def test_rate_limits_server_errors_timeouts_and_garbage_are_survived(tmp_path, warm_cache):
    with FakeModel() as fake:
        fake.misbehave("TSB010", "429", "500")  # retried with backoff, then answered
        fake.misbehave("TSU030", "hang")  # times out after 2 s, retried
        fake.misbehave("TSU020", "garbage", "garbage")  # one repair attempt, then given up
        fake.misbehave("TSLPERS", "empty", "empty")
        result = docs(tmp_path, EXAMPLES, fake, "--llm-timeout", "2", cache=warm_cache)
        assert result.exit_code == 0, result.output
        output = flat(result.output)
        assert "2 failed" in output
        documents = sorted(p.name for p in (tmp_path / "docs").iterdir() if p.suffix == ".md")
        assert len(documents) == 42
        narrated = {name for name in documents if "## Narrative" in (tmp_path / "docs" / name).read_text()}
        assert len(narrated) == 30 and {"TSB010.md", "TSU030.md"} <= narrated
        assert "TSU020.md" not in narrated and "## Business rules" in (tmp_path / "docs" / "TSU020.md").read_text()
        # The rerun asks again for the two failed modules, and for TSB020, whose prompt now carries the
        # summary of its callee TSU020; the other 29 answers come from the cache.
        rerun = docs(tmp_path, EXAMPLES, fake, cache=warm_cache)
        assert "32 narrative(s), 3 request(s), 29 from the cache, 0 failed" in flat(rerun.output)


@pytest.mark.slow  # a model through litellm, whose import alone takes seconds
def test_a_hallucinated_paragraph_is_flagged_unverified(tmp_path):
    root = write_tree(
        tmp_path / "repo",
        {"cbl/KLEIN.cbl": fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. KLEIN.\n PROCEDURE DIVISION.\n HOOFD.\n     GOBACK.")},
    )
    with FakeModel() as fake:
        fake.default = "hallucinate"
        result = docs(tmp_path, root, fake)
        assert result.exit_code == 0, result.output
    document = (tmp_path / "docs" / "KLEIN.md").read_text()
    assert "PARA-DIE-NIET-BESTAAT _(unverified)_" in document
    assert "Unverified names: PARA-DIE-NIET-BESTAAT" in document
    # Identifier-like names checked: PARA-DIE-NIET-BESTAAT and WS-TOETSINKOMEN, neither in this estate.
    assert "grounding 0%" in document


@pytest.mark.slow  # a model through litellm, whose import alone takes seconds
def test_redact_keeps_citizen_numbers_and_ibans_from_the_estate_out_of_every_request(tmp_path, warm_cache):
    secrets = ["111222333", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"]
    with FakeModel() as fake:
        assert docs(tmp_path / "plain", EXAMPLES, fake, cache=warm_cache).exit_code == 0
        plain = "\n".join(str(body) for body in fake.bodies)
        assert all(secret in plain for secret in secrets)  # the estate really contains them
    with FakeModel() as fake:
        redacted_cache = copy_store(warm_cache, tmp_path / "redacted-cache")  # not the cache the plain run filled
        assert docs(tmp_path / "redacted", EXAMPLES, fake, "--redact", cache=redacted_cache).exit_code == 0
        redacted = "\n".join(str(body) for body in fake.bodies)
        assert fake.requests >= 15
        assert not any(secret in redacted for secret in secrets)


@pytest.mark.slow  # a run of its own
def test_offline_and_no_model_open_no_connection(tmp_path, monkeypatch, warm_cache):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    result = CliRunner().invoke(cli, ["run", str(EXAMPLES), "-o", str(tmp_path / "out"), "--cache-dir", str(warm_cache), "-q"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["docs", str(EXAMPLES), "-o", str(tmp_path / "d"), "--cache-dir", str(warm_cache), "--offline", "--model", MODEL, "--api-base", "http://127.0.0.1:9/v1"])
    assert result.exit_code == 2 and "--offline refuses" in result.output
    assert attempts == []


@pytest.mark.slow  # more than about a second
def test_dry_run_sends_nothing_and_estimates_tokens(tmp_path, warm_cache):
    with FakeModel() as fake:
        result = docs(tmp_path, EXAMPLES, fake, "--dry-run", cache=warm_cache)
        assert result.exit_code == 0, result.output
        assert fake.requests == 0
        assert "dry run: 32 prompt(s) would be sent" in flat(result.output)


@pytest.mark.slow  # a model through litellm, whose import alone takes seconds
def test_model_settings_from_modernize_toml(tmp_path):
    root = write_tree(
        tmp_path / "repo",
        {"cbl/KLEIN.cbl": fixed(" IDENTIFICATION DIVISION.\n PROGRAM-ID. KLEIN.\n PROCEDURE DIVISION.\n HOOFD.\n     GOBACK.")},
    )
    with FakeModel() as fake:
        (root / "modernize.toml").write_text(f'[llm]\nmodel = "{MODEL}"\napi_base = "{fake.url}"\nredact = true\n')
        result = CliRunner().invoke(cli, ["docs", str(root), "-o", str(tmp_path / "docs"), "--cache-dir", str(tmp_path / "cache")])
        assert result.exit_code == 0, result.output
        assert fake.requests == 0 and "llm.model, llm.api_base" in flat(result.output)  # the repository cannot choose the model
        result = CliRunner().invoke(cli, ["docs", str(root), "-o", str(tmp_path / "docs"), "--cache-dir", str(tmp_path / "cache"),
                                          "--trust-repo-config"])
        assert result.exit_code == 0, result.output
        assert fake.requests == 1 and "(redacted)" in flat(result.output)
    (root / "modernize.toml").write_text('[llm]\nmodle = "x"\n')
    result = CliRunner().invoke(cli, ["docs", str(root), "-o", str(tmp_path / "docs"), "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 2 and "llm.modle" in flat(result.output)


@pytest.mark.slow  # litellm
def test_the_answer_schema_bounds_the_lists_and_a_server_without_schemas_gets_json_mode(tmp_path, warm_cache):
    with FakeModel() as fake:
        result = docs(tmp_path, EXAMPLES, fake, cache=warm_cache)
        assert result.exit_code == 0, result.output
        formats = [b["response_format"] for b in fake.bodies if "Module: program TSU020" in b["messages"][0]["content"]]
        schema = formats[0]["json_schema"]["schema"]
        assert formats[0]["type"] == "json_schema"
        assert [schema["properties"][k]["maxItems"] for k in ("rules_explained", "glossary", "open_questions")] == [5, 8, 3]
        # a grammar's shortest way out is an empty list: TSU020 has rules and data items, three of each are asked
        assert [schema["properties"][k].get("minItems") for k in ("rules_explained", "glossary", "open_questions")] == [3, 3, None]
    with FakeModel() as fake:
        fake.schemas = False  # refused (400): the layer asks again in plain JSON mode and stays there
        result = docs(tmp_path, EXAMPLES, fake, cache=tmp_path / "cache2")
        assert result.exit_code == 0, result.output
        kinds = [b.get("response_format", {}).get("type") for b in fake.bodies]
        assert "json_schema" in kinds and kinds[-1] == "json_object" and not re.search(r"\b[1-9]\d* failed", flat(result.output))
        assert "TSU020 checks applications" in (tmp_path / "docs" / "TSU020.md").read_text()
