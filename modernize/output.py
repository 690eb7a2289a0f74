"""Writing outputs safely: a reader (or a killed run) never sees a half-written file."""

from __future__ import annotations

import os
import re
import tempfile
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


def write_text_atomic(path: Path, text: str) -> None:
    """UTF-8 text with ``\\n`` line ends, written atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


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


WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_stem(name: str) -> str:
    """A file name stem from a source-derived name that cannot leave OUT: no separators, no
    leading dots, no absolute paths, and no device names Windows reserves (CON, NUL, ...)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", name).strip(".") or "UNNAMED"
    if stem.split(".")[0].upper() in WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem
