"""The embedded SQLite store: facts per file content, runs, and (later) documents and LLM answers.

Facts are keyed by what they were computed from: the file's content hash, its path and the parser
version. A COBOL program's facts also depend on the copybooks it pulled in, so each entry records
its dependencies (name -> content hash, or None when the copybook was missing) and is only reused
while they are unchanged. WAL mode and a commit per batch mean a killed run leaves a store the next
run opens and continues from.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 3
STORE_FILE = "store.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    parser TEXT NOT NULL,
    dependencies TEXT NOT NULL,
    facts TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (sha256, path, parser)
);
CREATE TABLE IF NOT EXISTS llm_cache (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    template TEXT NOT NULL,
    response TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (key TEXT PRIMARY KEY, findings TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    command TEXT NOT NULL,
    root TEXT NOT NULL,
    started REAL NOT NULL,
    finished REAL,
    status TEXT NOT NULL,
    summary TEXT
);
"""


class Store:
    """A thin wrapper over one SQLite file; safe to open after a crash."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / STORE_FILE
        self.db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            version = self._schema_version(db)
        except sqlite3.DatabaseError:
            db.close()
            self._discard_files()
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            version = None
        if version is not None and version != SCHEMA_VERSION:
            # Cached facts are cheap to recompute: a schema change rebuilds the store cleanly.
            db.executescript("DROP TABLE IF EXISTS facts; DROP TABLE IF EXISTS runs; DROP TABLE IF EXISTS llm_cache; DROP TABLE IF EXISTS findings; DROP TABLE IF EXISTS meta;")
        db.executescript(SCHEMA)
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        return db

    @staticmethod
    def _schema_version(db: sqlite3.Connection) -> int | None:
        row = db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not row:
            return None
        value = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(value[0]) if value else None

    def _discard_files(self) -> None:
        """A file that is not a SQLite database (damaged, or something else) is moved aside."""
        for suffix in ("", "-wal", "-shm"):
            candidate = Path(str(self.path) + suffix)
            if candidate.exists():
                candidate.replace(candidate.with_name(candidate.name + ".damaged"))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # facts -----------------------------------------------------------------------------------

    def get_facts(
        self, sha256: str, path: str, parser: str, current: Callable[[str], str | None]
    ) -> dict[str, Any] | None:
        """Cached facts for this content, if every dependency still has the hash it had."""
        row = self.db.execute(
            "SELECT dependencies, facts FROM facts WHERE sha256=? AND path=? AND parser=?", (sha256, path, parser)
        ).fetchone()
        if row is None:
            return None
        dependencies = json.loads(row[0])
        if any(current(name) != digest for name, digest in dependencies.items()):
            return None
        return json.loads(row[1])

    def put_facts(self, entries: Iterable[tuple[str, str, str, dict[str, str | None], dict[str, Any]]]) -> None:
        """Store (sha256, path, parser, dependencies, facts) entries in one transaction."""
        now = time.time()
        rows = [
            # Insertion order is kept (no sort_keys): cached facts must equal fresh ones exactly, order
            # included, so every output is the same whether a file was parsed now or earlier.
            (sha, path, parser, json.dumps(deps, sort_keys=True), json.dumps(facts), now)
            for sha, path, parser, deps, facts in entries
        ]
        if not rows:
            return
        with closing(self.db.cursor()) as cursor:
            cursor.execute("BEGIN")
            cursor.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?, ?, ?)", rows)
            cursor.execute("COMMIT")

    def count_facts(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM facts").fetchone()[0]

    # LLM answers ---------------------------------------------------------------------------------

    def get_answer(self, key: str) -> str | None:
        row = self.db.execute("SELECT response FROM llm_cache WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def put_answer(self, key: str, model: str, template: str, response: str) -> None:
        """A model's answer, keyed by (model, template version, prompt): never asked twice."""
        self.db.execute("INSERT OR REPLACE INTO llm_cache VALUES (?, ?, ?, ?, ?)", (key, model, template, response, time.time()))

    # sensitive-data findings ---------------------------------------------------------------------

    def get_findings(self, key: str) -> str | None:
        row = self.db.execute("SELECT findings FROM findings WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def put_findings(self, entries: Iterable[tuple[str, str]]) -> None:
        """Findings per file content, so a rerun does not read unchanged files again."""
        with closing(self.db.cursor()) as cursor:
            cursor.execute("BEGIN")
            cursor.executemany("INSERT OR REPLACE INTO findings VALUES (?, ?)", entries)
            cursor.execute("COMMIT")

    # runs ------------------------------------------------------------------------------------

    def start_run(self, command: str, root: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (command, root, started, status) VALUES (?, ?, ?, 'running')", (command, root, time.time())
        )
        return int(cursor.lastrowid)

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE runs SET finished=?, status=?, summary=? WHERE id=?",
            (time.time(), status, json.dumps(summary, sort_keys=True), run_id),
        )

    def runs(self) -> list[dict[str, Any]]:
        cursor = self.db.execute("SELECT id, command, root, started, finished, status, summary FROM runs ORDER BY id")
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
