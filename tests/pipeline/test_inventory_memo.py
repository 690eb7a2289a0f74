"""A rerun does not decode and classify unchanged files again: the store remembers (issue 24)."""

import shutil
from pathlib import Path

import modernize.inventory as inventory
from modernize.config import Settings
from modernize.pipeline.parse import scan
from modernize.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "cobol"


def test_unchanged_files_come_from_the_memo_and_a_changed_one_is_classified_again(tmp_path, monkeypatch):
    root = tmp_path / "estate"
    shutil.copytree(EXAMPLES, root)
    calls: list[str] = []
    real = inventory.inspect_file

    def counted(relpath, raw, overrides=None):
        calls.append(relpath)
        return real(relpath, raw, overrides)

    monkeypatch.setattr(inventory, "inspect_file", counted)
    settings = Settings(cache_dir=str(tmp_path / "cache"), jobs=1)
    with Store(tmp_path / "cache") as store:
        first = scan(root, settings, store)
    assert len(calls) == len(first.inventory.files) > 10
    calls.clear()
    program = next(f for f in first.inventory.files if f.path.endswith("TSB010.cbl"))
    changed = root / program.path
    changed.write_text(changed.read_text() + "      * one more comment line\n")
    with Store(tmp_path / "cache") as store:
        second = scan(root, settings, store)
    assert calls == [program.path]
    unchanged = {f.path: f for f in second.inventory.files if f.path != program.path}
    assert unchanged == {f.path: f for f in first.inventory.files if f.path != program.path}
    assert [d.to_dict() for d in second.inventory.diagnostics] == [d.to_dict() for d in first.inventory.diagnostics]
    # without a store nothing is remembered
    calls.clear()
    scan(root, Settings(use_cache=False, jobs=1), None)
    assert len(calls) == len(first.inventory.files)
