"""The embedded SQLite store: facts per file content, findings, LLM answers and runs.

Facts are keyed by what they were computed from: the file's content hash, its path and the parser
version. A COBOL program's facts also depend on the copybooks it pulled in, so each entry records
its dependencies (name -> content hash, or None when the copybook was missing) and is only reused
while they are unchanged. WAL mode and a commit per batch mean a killed run leaves a store the next
run opens and continues from.

The store is ours, not the repository's: a store directory can sit inside the analysed repository
(``.modernize`` by default), so a store shipped with it must not be able to hide a program's calls
or its personal data. Every cached entry carries an HMAC under a secret key kept in the user's own
cache directory (never in the store or the repository); an entry without a valid MAC is a miss
and is recomputed, and a store that this user did not create is emptied. A damaged store (garbage,
a directory, a read-only file) is moved aside or replaced by an in-memory one, with one line in
``problems``, never a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

SCHEMA_VERSION = 6
STORE_FILE = "store.sqlite"
KEY_FILE = "store.key"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    parser TEXT NOT NULL,
    dependencies TEXT NOT NULL,
    facts TEXT NOT NULL,
    bodies TEXT NOT NULL,
    created REAL NOT NULL,
    mac TEXT NOT NULL,
    PRIMARY KEY (sha256, path, parser)
);
CREATE TABLE IF NOT EXISTS llm_cache (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    template TEXT NOT NULL,
    response TEXT NOT NULL,
    created REAL NOT NULL,
    mac TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (key TEXT PRIMARY KEY, findings TEXT NOT NULL, mac TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stages (key TEXT PRIMARY KEY, value TEXT NOT NULL, mac TEXT NOT NULL);
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
TABLES = ("facts", "runs", "llm_cache", "findings", "stages", "meta")


def loads(text: str) -> Any:
    """JSON as the store wrote it, read with orjson (cached facts are most of a rerun's time; it
    reads them in a third of the time), or with the standard library where orjson declines (an
    integer past 64 bits)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


@dataclass(frozen=True, slots=True)
class CachedFacts:
    """One file's cached facts: a parse result's dict, and the JSON text of what it keeps apart to be
    read on demand (the modules' bodies, ``model.split_bodies``)."""

    facts: dict[str, Any]
    bodies: str


def dump_facts(facts: Any) -> str:
    """Facts as the store keeps them: orjson (the standard library's encoder was 9 s of a cold scan of
    1.7 million lines), keys in insertion order as ``json.dumps`` keeps them; the standard library
    where orjson declines (an integer past 64 bits, a key that is no string)."""
    try:
        return orjson.dumps(facts).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(facts)


def user_cache_dir() -> Path:
    """The user's own cache directory ($XDG_CACHE_HOME/modernize, else ~/.cache/modernize)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "modernize"


_process_key: bytes | None = None
_checked: set[tuple[str, int, int]] = set()  # store files (path, size, mtime) this process has checked


def file_stamp(path: str) -> tuple[str, int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return (path, -1, -1)
    return (path, status.st_size, status.st_mtime_ns)


def user_key() -> tuple[bytes, str | None]:
    """This user's secret store key, created once with mode 0600; (key, problem). Where it cannot be
    kept, a key for this process only: the cache then lasts one run, and that is said."""
    global _process_key
    path = user_cache_dir() / KEY_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        key = path.read_bytes()
        if len(key) >= 32:
            return key, None
        problem = f"{path} is not a valid store key"
    except OSError as exc:
        problem = f"the store key {path} cannot be kept ({exc.strerror or exc})"
    if _process_key is None:
        _process_key = secrets.token_bytes(32)
    return _process_key, f"{problem}: cached facts last for this run only"


def text_key(value: str) -> str:
    """A path as a store key: file names that are not UTF-8 (lone surrogates) become escapes."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class Store:
    """A thin wrapper over one SQLite file; safe to open after a crash, a tampered or damaged file."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.path = self.directory / STORE_FILE
        self._problems: list[str] = []
        self.rejected = 0  # entries whose MAC did not verify: damaged, or not written by this user
        self.key, problem = user_key()
        if problem:
            self._problems.append(problem)
        self.db = self._open()

    @property
    def problems(self) -> list[str]:
        """What went wrong with the store, in one line each (for the user, not a traceback)."""
        if not self.rejected:
            return list(self._problems)
        return [*self._problems, f"{self.rejected} cached entr{'y' if self.rejected == 1 else 'ies'} in {self.path} failed the "
                                 "integrity check (damaged, or not written by you) and were computed again"]

    def _open(self) -> sqlite3.Connection:
        """Connect, moving a damaged store aside once; an in-memory store when nothing else works."""
        if self.directory.is_symlink() or self.path.is_symlink():
            self._problems.append(f"the store {self.path} is a symbolic link; it is not used (an in-memory store is used instead)")
            return self._connect(":memory:")
        for attempt in range(2):
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                return self._connect(str(self.path))
            except sqlite3.DatabaseError as exc:
                if attempt == 0 and self._move_aside(exc):
                    continue
                self._problems.append(f"the store {self.path} cannot be used ({exc}); cached facts are neither read nor kept this run")
            except OSError as exc:
                self._problems.append(f"the store directory {self.directory} cannot be used ({exc.strerror or exc}); "
                                     "cached facts are neither read nor kept this run")
            break
        return self._connect(":memory:")

    def _connect(self, target: str) -> sqlite3.Connection:
        db = sqlite3.connect(target, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            stamp = file_stamp(target)
            if target != ":memory:" and stamp not in _checked:
                # Garbage in the middle of the file shows here, not at connect (0.4 s for 400 MB, once per process).
                verdict = db.execute("PRAGMA quick_check(1)").fetchone()
                if not verdict or verdict[0] != "ok":
                    raise sqlite3.DatabaseError(f"integrity check failed: {verdict[0] if verdict else 'no answer'}")
                _checked.add(stamp)
            version = self._schema_version(db)
            owner = self._meta(db, "owner")
            if version is not None and (version != SCHEMA_VERSION or owner != self._owner_mac()):
                if version == SCHEMA_VERSION:
                    self._problems.append(f"the store {self.path} was not created by you (another user's or shipped with the "
                                         "repository); its cache is discarded and rebuilt")
                # Cached facts are cheap to recompute: a schema change or a foreign store rebuilds cleanly.
                db.executescript("".join(f"DROP TABLE IF EXISTS {table};" for table in TABLES))
            db.executescript(SCHEMA)
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('owner', ?)", (self._owner_mac(),))
        except BaseException:
            db.close()
            raise
        return db

    def _owner_mac(self) -> str:
        return self._mac("owner")

    def _mac(self, *parts: str) -> str:
        message = "\0".join(parts).encode("utf-8", "surrogatepass")
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def _verified(self, mac: str, *parts: str) -> bool:
        if hmac.compare_digest(str(mac), self._mac(*parts)):
            return True
        self.rejected += 1
        return False

    @staticmethod
    def _schema_version(db: sqlite3.Connection) -> int | None:
        value = Store._meta(db, "schema_version")
        try:
            return int(value) if value is not None else None
        except ValueError:
            return -1

    @staticmethod
    def _meta(db: sqlite3.Connection, key: str) -> str | None:
        row = db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not row:
            return None
        value = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return str(value[0]) if value else None

    def _move_aside(self, exc: BaseException) -> bool:
        """A file (or directory) that is not a usable SQLite database is moved aside, never deleted."""
        moved = False
        for suffix in ("", "-wal", "-shm"):
            candidate = Path(str(self.path) + suffix)
            if candidate.exists() or candidate.is_symlink():
                target = candidate.with_name(candidate.name + ".damaged")
                number = 1
                while target.exists():
                    target, number = candidate.with_name(f"{candidate.name}.damaged-{number}"), number + 1
                try:
                    candidate.rename(target)
                except OSError:
                    return False
                moved = True
        if moved:
            self._problems.append(f"the store {self.path} was damaged ({exc}); it was moved aside to {self.path.name}.damaged "
                                 "and rebuilt")
        return moved

    def _guarded(self, operation: Callable[[], Any], default: Any = None) -> Any:
        """Run one database operation; damage found on the way (garbage in the middle of the file,
        a file made read-only) turns the store into a fresh one instead of a traceback."""
        try:
            return operation()
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            if "readonly" in str(exc) or not self._move_aside(exc):
                self._problems.append(f"the store {self.path} cannot be used ({exc}); cached facts are neither read nor kept this run")
                self.db = self._connect(":memory:")
            else:
                self.db = self._open()
            return default

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # facts -----------------------------------------------------------------------------------

    def has_facts(self, sha256: str, path: str, parser: str, current: Callable[[str], str | None]) -> bool:
        """Whether facts for this content are cached with every dependency unchanged, their JSON not
        read: the scan starts parsing what is not cached first (``get_facts`` checks the entry when it
        is read)."""
        key = text_key(path)
        row = self._guarded(lambda: self.db.execute(
            "SELECT dependencies FROM facts WHERE sha256=? AND path=? AND parser=?", (sha256, key, parser)
        ).fetchone())
        try:
            return row is not None and not any(current(name) != digest for name, digest in json.loads(row[0]).items())
        except (ValueError, AttributeError, TypeError):
            return False

    def get_facts(
        self, sha256: str, path: str, parser: str, current: Callable[[str], str | None]
    ) -> CachedFacts | None:
        """Cached facts for this content, if every dependency still has the hash it had and the
        entry is one this user wrote. The bodies come back as the JSON text they were stored as."""
        key = text_key(path)
        row = self._guarded(lambda: self.db.execute(
            "SELECT dependencies, facts, bodies, mac FROM facts WHERE sha256=? AND path=? AND parser=?", (sha256, key, parser)
        ).fetchone())
        if row is None or not self._verified(row[3], "facts", sha256, key, parser, row[0], row[1], row[2]):
            return None
        try:
            dependencies = json.loads(row[0])
            if any(current(name) != digest for name, digest in dependencies.items()):
                return None
            facts = loads(row[1])
        except (ValueError, AttributeError, TypeError):
            return None  # cached JSON that does not load is parsed again
        return CachedFacts(facts, str(row[2])) if isinstance(facts, dict) else None

    def put_facts(self, entries: Iterable[tuple[str, str, str, dict[str, str | None], dict[str, Any], list[Any]]]) -> None:
        """Store (sha256, path, parser, dependencies, facts, bodies) entries in one transaction."""
        now = time.time()
        rows = []
        for sha, path, parser, deps, facts, bodies in entries:
            key = text_key(path)
            # Insertion order is kept (no sort_keys): cached facts must equal fresh ones exactly, order
            # included, so every output is the same whether a file was parsed now or earlier.
            dependencies, payload, rest = json.dumps(deps, sort_keys=True), dump_facts(facts), dump_facts(bodies)
            rows.append((sha, key, parser, dependencies, payload, rest, now,
                         self._mac("facts", sha, key, parser, dependencies, payload, rest)))
        if rows:
            self._guarded(lambda: self._write_many("INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows))

    def _write_many(self, statement: str, rows: list[tuple[Any, ...]]) -> None:
        with closing(self.db.cursor()) as cursor:
            cursor.execute("BEGIN")
            try:
                cursor.executemany(statement, rows)
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")

    def count_facts(self) -> int:
        return int(self._guarded(lambda: self.db.execute("SELECT COUNT(*) FROM facts").fetchone()[0], 0))

    # LLM answers ---------------------------------------------------------------------------------

    def get_answer(self, key: str) -> str | None:
        row = self._guarded(lambda: self.db.execute("SELECT model, template, response, mac FROM llm_cache WHERE key=?", (key,)).fetchone())
        if row is None or not self._verified(row[3], "llm", key, row[0], row[1], row[2]):
            return None
        return str(row[2])

    def put_answer(self, key: str, model: str, template: str, response: str) -> None:
        """A model's answer, keyed by (model, template version, prompt): never asked twice."""
        mac = self._mac("llm", key, model, template, response)
        self._guarded(lambda: self.db.execute("INSERT OR REPLACE INTO llm_cache VALUES (?, ?, ?, ?, ?, ?)",
                                              (key, model, template, response, time.time(), mac)))

    # sensitive-data findings ---------------------------------------------------------------------

    def get_findings(self, key: str) -> str | None:
        key = text_key(key)
        row = self._guarded(lambda: self.db.execute("SELECT findings, mac FROM findings WHERE key=?", (key,)).fetchone())
        if row is None or not self._verified(row[1], "findings", key, row[0]):
            return None
        return str(row[0])

    def put_findings(self, entries: Iterable[tuple[str, str]]) -> None:
        """Findings per file content, so a rerun does not read unchanged files again."""
        rows = [(text_key(key), findings, self._mac("findings", text_key(key), findings)) for key, findings in entries]
        if rows:
            self._guarded(lambda: self._write_many("INSERT OR REPLACE INTO findings VALUES (?, ?, ?)", rows))

    # stage results -------------------------------------------------------------------------------

    def get_stage(self, key: str) -> str | None:
        """A later stage's result (the graph analyses, say) for inputs whose hash is ``key``."""
        row = self._guarded(lambda: self.db.execute("SELECT value, mac FROM stages WHERE key=?", (key,)).fetchone())
        if row is None or not self._verified(row[1], "stage", key, row[0]):
            return None
        return str(row[0])

    def put_stage(self, key: str, value: str) -> None:
        self._guarded(lambda: self.db.execute("INSERT OR REPLACE INTO stages VALUES (?, ?, ?)", (key, value, self._mac("stage", key, value))))

    # runs ------------------------------------------------------------------------------------

    def start_run(self, command: str, root: str) -> int:
        cursor = self._guarded(lambda: self.db.execute(
            "INSERT INTO runs (command, root, started, status) VALUES (?, ?, ?, 'running')", (command, text_key(root), time.time())
        ))
        return int(cursor.lastrowid) if cursor is not None else 0

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        self._guarded(lambda: self.db.execute(
            "UPDATE runs SET finished=?, status=?, summary=? WHERE id=?",
            (time.time(), status, json.dumps(summary, sort_keys=True), run_id),
        ))

    def runs(self) -> list[dict[str, Any]]:
        cursor = self.db.execute("SELECT id, command, root, started, finished, status, summary FROM runs ORDER BY id")
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
