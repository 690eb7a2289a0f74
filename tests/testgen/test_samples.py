"""The estate's data files are read once per run for their shapes; the samples a layout gets are those
a reading of every file for every layout gives (text lines of the length, or blocks of it)."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from modernize.model import SourceFile
from modernize.testgen.inputs import SAMPLE_RECORDS, DataFiles, samples, text_records


def read_every_file(files: list[SourceFile], root: Path, length: int, ddname: str, record: str) -> list[bytes]:
    """The reading before shapes were kept: every data file, read for this layout."""
    found = []
    for file in files:
        if file.kind != "data" or length <= 1:
            continue
        raw = (root / file.path).read_bytes()
        records = text_records(raw, length)
        if records is None:
            records = [raw[i:i + length] for i in range(0, len(raw), length)]
            if len(raw) % length or not records or (b"\n" in raw and not all(r.endswith(b"\n") and b"\n" not in r[:-1] for r in records)):
                continue
        stem = Path(file.path).stem.upper()
        score = 0 if stem in (ddname.upper(), record.upper()) or stem[:4] in record.upper() or stem[:4] in ddname.upper() else 1
        found.append((score, file.path, records[:SAMPLE_RECORDS]))
    return min(found)[2] if found else []


LINES = st.lists(st.sampled_from([b"ABCD", b"ABC", b"ABCDE", b"AB\r", b"ABC\r", b"", b"\r"]), max_size=6)
FILES = st.lists(st.tuples(LINES, st.sampled_from([b"", b"\n", b"\r\n", b"ABCD"])), min_size=1, max_size=4)


@settings(max_examples=150, deadline=None)
@given(FILES, st.integers(min_value=0, max_value=7))
def test_samples_from_shapes_are_those_of_reading_every_file(tmp_path_factory, contents, length):
    root = tmp_path_factory.mktemp("estate")
    files = []
    for i, (lines, tail) in enumerate(contents):
        raw = b"\n".join(lines) + tail
        (root / f"F{i}.dat").write_bytes(raw)
        files.append(SourceFile(f"F{i}.dat", "", "data", "ascii", "", "", raw.count(b"\n"), len(raw)))
    data = DataFiles(files, root)
    for ddname, record in (("F0", "REC"), ("IN", "F1")):
        assert samples(data, length, ddname, record) == read_every_file(files, root, length, ddname, record)
