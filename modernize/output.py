"""Writing outputs safely: a reader (or a killed run) never sees a half-written file."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# mkstemp names made by write_bytes_atomic: ".<final name>.<random>.tmp"
TEMPORARY_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o666 & ~current_umask())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def utf8(text: str) -> bytes:
    """Text as an output's bytes: UTF-8, a lone surrogate (a file name that is not UTF-8) written as
    its escape ``\\udcff`` (valid in JSON, readable elsewhere)."""
    return text.encode("utf-8", "backslashreplace")


def write_text_atomic(path: Path, text: str) -> None:
    """UTF-8 text with ``\\n`` line ends, written atomically. A lone surrogate (a file name that is
    not UTF-8) is written as its escape ``\\udcff``: valid in JSON, readable elsewhere."""
    write_bytes_atomic(path, utf8(text))


def remove_stale_temporaries(directory: Path, subdirectories: tuple[str, ...] = ()) -> int:
    """Delete temporary files a killed run left behind, so a rerun's tree equals a clean run's.

    Only ``directory`` itself and the named subdirectories (ours) are searched: OUT may be a folder
    that also holds the user's own files."""
    directory = Path(directory)
    candidates = [*directory.glob(".*.tmp")] if directory.is_dir() else []
    for name in subdirectories:
        if (directory / name).is_dir() and not (directory / name).is_symlink():
            candidates.extend((directory / name).rglob(".*.tmp"))
    removed = 0
    for path in candidates:
        if path.is_file() and not path.is_symlink() and TEMPORARY_NAME.match(path.name):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


MAX_STEM = 100
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_stem(name: str) -> str:
    """The one way a source-derived name becomes part of a path: a file name stem that cannot leave
    OUT (no separators, leading dots, device names Windows reserves, over-long names) and that is
    collision-free: a name that had to be changed gets a short hash of the original, so ``A B``,
    ``A/B``, ``A_B`` and ``TSB010.`` all get distinct files."""
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", name).strip(".")[:MAX_STEM] or "UNNAMED"
    if stem.split(".")[0].upper() in WINDOWS_RESERVED:
        stem = f"_{stem}"
    if stem != name:
        stem = f"{stem}-{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return stem


MANIFEST = ".modernize-output.json"
# Files only modernize writes: a directory holding one was written by an earlier version of it.
OWN_MARKERS = (MANIFEST, ".run-stamp", ".report-manifest.json")


class OutputNotOurs(RuntimeError):
    """OUT holds files modernize did not write, and the user did not say --force."""


def claim_output(output: Path, force: bool) -> list[str]:
    """Make sure writing into ``output`` overwrites nothing of the user's: it must be new, empty, or
    written by modernize before (its manifest). With ``force`` a foreign directory is claimed and its
    files are remembered as not ours. Returns the files that are not ours; writes the manifest now, so
    a run killed half-way still leaves a directory the next run recognises."""
    output = Path(output)
    if output.exists() and not output.is_dir():
        raise OutputNotOurs(f"{output} exists and is not a directory")
    manifest = read_manifest(output)
    if manifest is not None:
        return list(manifest.get("foreign", []))
    entries = list(output.iterdir()) if output.is_dir() else []
    ours = any((output / marker).exists() for marker in OWN_MARKERS)
    if entries and not ours and not force:
        raise OutputNotOurs(
            f"{output} is not empty and was not written by modernize (it has no {MANIFEST}); choose a new or empty directory, "
            f"or pass --force to write into it (files with the names modernize uses are overwritten)")
    foreign = [] if ours else sorted(listing(output))
    write_manifest(output, foreign, {}, "")
    return foreign


def read_manifest(output: Path) -> dict | None:
    try:
        data = json.loads((Path(output) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("tool") == "modernize" else None


def listing(output: Path) -> list[str]:
    """Every file under ``output`` (relative, POSIX) but the manifest."""
    output = Path(output)
    if not output.is_dir():
        return []
    return [path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file() and path.name != MANIFEST]


def write_manifest(output: Path, foreign: list[str], files: dict[str, str], stamp: str) -> None:
    """What modernize wrote in ``output`` (path -> the key it was written for), the user's files it
    found there, and the run stamp of a complete write ('' while one is under way)."""
    data = {"tool": "modernize", "stamp": stamp, "files": dict(sorted(files.items())), "foreign": sorted(set(foreign) - set(files))}
    write_text_atomic(Path(output) / MANIFEST, json.dumps(data, indent=1, ensure_ascii=True) + "\n")


@dataclass(frozen=True)
class Lazy:
    """An output computed only when it has to be written: when its ``key`` (a hash of everything it
    is made from) differs from the key the last write recorded, or its file is gone. ``produce``
    may return None: nothing to write (a golden master whose program did not build). ``heavy``
    outputs (highlighted module pages) are worth producing in parallel."""

    key: str
    produce: Callable[[], bytes | None]
    heavy: bool = False


Output = bytes | Lazy  # what a stage hands the writer for one file
