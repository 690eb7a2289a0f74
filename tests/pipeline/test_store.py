import sqlite3

from modernize.store import SCHEMA_VERSION, Store


def test_facts_are_reused_only_while_dependencies_are_unchanged(tmp_path):
    with Store(tmp_path) as store:
        store.put_facts([("abc", "a.cbl", "cobol/1", {"copybook:X": "h1", "copybook:Y": None}, {"modules": []})])
        assert store.get_facts("abc", "a.cbl", "cobol/1", {"copybook:X": "h1"}.get) == {"modules": []}
        assert store.get_facts("abc", "a.cbl", "cobol/1", {"copybook:X": "h2"}.get) is None
        assert store.get_facts("abc", "a.cbl", "cobol/1", {"copybook:X": "h1", "copybook:Y": "new"}.get) is None
        assert store.get_facts("abc", "a.cbl", "cobol/2", {"copybook:X": "h1"}.get) is None


def test_an_older_schema_is_rebuilt_cleanly(tmp_path):
    with Store(tmp_path) as store:
        store.put_facts([("abc", "a.cbl", "cobol/1", {}, {"modules": []})])
        store.db.execute("UPDATE meta SET value='0' WHERE key='schema_version'")
    with Store(tmp_path) as store:
        assert store.count_facts() == 0
        assert store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_a_damaged_store_file_is_moved_aside_and_replaced(tmp_path):
    (tmp_path / "store.sqlite").write_bytes(b"this is not a database" * 100)
    with Store(tmp_path) as store:
        store.put_facts([("abc", "a.cbl", "cobol/1", {}, {"modules": []})])
        assert store.count_facts() == 1
    assert (tmp_path / "store.sqlite.damaged").exists()


def test_store_uses_write_ahead_logging_and_records_runs(tmp_path):
    with Store(tmp_path) as store:
        run = store.start_run("scan", "/repo")
        store.finish_run(run, "ok", {"files": 3})
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.runs()[0]["status"] == "ok"
    assert sqlite3.connect(tmp_path / "store.sqlite").execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1
