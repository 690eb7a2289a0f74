import sqlite3

from modernize.store import SCHEMA_VERSION, CachedFacts, Store


def test_facts_are_reused_only_while_dependencies_are_unchanged(tmp_path):
    with Store(tmp_path) as store:
        store.put_facts([("abc", "a.cbl", "cobol/1", {"copybook:X": "h1", "copybook:Y": None}, {"modules": []}, [])])
        assert store.get_facts("abc", "a.cbl", "cobol/1", {"copybook:X": "h1"}.get) == CachedFacts({"modules": []}, "[]")
        assert store.get_facts("abc", "a.cbl", "cobol/1", {"copybook:X": "h2"}.get) is None
        assert store.get_facts("abc", "a.cbl", "cobol/1", {"copybook:X": "h1", "copybook:Y": "new"}.get) is None
        assert store.get_facts("abc", "a.cbl", "cobol/2", {"copybook:X": "h1"}.get) is None


def test_an_older_schema_is_rebuilt_cleanly(tmp_path):
    with Store(tmp_path) as store:
        store.put_facts([("abc", "a.cbl", "cobol/1", {}, {"modules": []}, [])])
        store.db.execute("UPDATE meta SET value='0' WHERE key='schema_version'")
    with Store(tmp_path) as store:
        assert store.count_facts() == 0
        assert store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_a_damaged_store_file_is_moved_aside_and_replaced(tmp_path):
    (tmp_path / "store.sqlite").write_bytes(b"this is not a database" * 100)
    with Store(tmp_path) as store:
        store.put_facts([("abc", "a.cbl", "cobol/1", {}, {"modules": []}, [])])
        assert store.count_facts() == 1
    assert (tmp_path / "store.sqlite.damaged").exists()


def test_store_uses_write_ahead_logging_and_records_runs(tmp_path):
    with Store(tmp_path) as store:
        run = store.start_run("scan", "/repo")
        store.finish_run(run, "ok", {"files": 3})
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.runs()[0]["status"] == "ok"
    assert sqlite3.connect(tmp_path / "store.sqlite").execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1


def stored_and_read(tmp_path, parsed):
    """``parsed`` through the store as the scan keeps it (bodies apart) and back."""
    from modernize.model import StoredBodies, split_bodies
    from modernize.parsers import ParseResult

    facts, bodies = split_bodies(parsed.to_dict())
    with Store(tmp_path) as store:
        store.put_facts([("abc", "a.cbl", "cobol/1", {}, facts, bodies)])
        cached = store.get_facts("abc", "a.cbl", "cobol/1", {}.get)
    return ParseResult.from_dict(cached.facts, StoredBodies(cached.bodies))


def two_modules():
    from modernize.model import Module, Reference, Symbol
    from modernize.parsers import ParseResult

    return ParseResult(modules=[
        Module("A", "program", "cobol", "a.cbl", 1, 9, symbols=[Symbol("WS-X", "data", 3, attributes={"level": 5, "picture": "X(3)"})],
               references=[Reference("calls", "B", "program", line=7)], attributes={"nested_in": None, "sysin": ["WS-X"]}),
        Module("B", "program", "cobol", "a.cbl", 10, 20, symbols=[Symbol("MAIN", "paragraph", 12)]),
    ])


def test_a_module_from_the_store_reads_its_symbols_only_when_asked(tmp_path):
    original = two_modules()
    first, second = stored_and_read(tmp_path, original).modules
    assert "symbols" not in first.__dict__ and "symbols" not in second.__dict__  # the heads only
    assert first.name == "A" and first.references == original.modules[0].references
    assert first.attributes == {"nested_in": None, "sysin": ["WS-X"]}  # attributes stay in the head
    assert "symbols" not in first.__dict__
    assert first.symbols == original.modules[0].symbols  # decoded now
    assert [first, second] == original.modules  # equality, to_dict and repr see the symbols too
    assert [m.to_dict() for m in (first, second)] == [m.to_dict() for m in original.modules]


def test_symbols_set_or_changed_on_a_module_from_the_store_are_kept(tmp_path):
    from modernize.model import Symbol

    first, second = stored_and_read(tmp_path, two_modules()).modules
    first.symbols = [Symbol("NEW", "paragraph")]
    second.symbols.append(Symbol("MORE", "paragraph"))
    assert [s.name for s in first.symbols] == ["NEW"]
    assert [s.name for s in second.symbols] == ["MAIN", "MORE"]


def test_bodies_the_store_cannot_decode_give_no_symbols_not_a_crash():
    from modernize.model import Module, StoredBodies

    broken = Module.from_dict({"name": "A", "kind": "program", "language": "cobol", "path": "a.cbl"}, (StoredBodies("[{"), 0))
    beyond = Module.from_dict({"name": "B", "kind": "program", "language": "cobol", "path": "a.cbl"}, (StoredBodies("[]"), 3))
    assert broken.symbols == [] and beyond.symbols == []
