"""file:line references in module pages as links to the highlighted source.

Documents cite where things stand as code spans, `cbl/TSB010.cbl:123` (or a file's bare name,
`TSB010.cbl:123`). The documents stay plain Markdown, as their golden files have them; the report
makes each such span a link to the line's anchor (pygments' ``#L-n``) on the page that shows that
file: the same page when it is the module's own file, another module's page when it is that
module's file, plain text when no page shows the file or the line is past what the page shows.
The link is built from the report's own page names and the line's digits only, never from the
document's text, so a document cannot make it point anywhere else.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceLinks:
    """The files module pages show: path -> (page, lines shown); a bare file name -> its path when
    only one shown file has that name."""

    pages: dict[str, tuple[str, int]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, shown: dict[str, tuple[str, int]]) -> SourceLinks:
        by_name: dict[str, list[str]] = {}
        for path in shown:
            by_name.setdefault(posixpath.basename(path), []).append(path)
        return cls(dict(shown), {name: paths[0] for name, paths in by_name.items() if len(paths) == 1})

    def href(self, text: str, here: str, own: str = "") -> str | None:
        """The link for a code span's text on page ``here`` (pages as ``modules/X.html``), which
        shows the file ``own`` ("" when it shows none)."""
        path, colon, line = text.strip().rpartition(":")
        if not colon or not path or not line.isdigit() or not line.isascii():
            return None
        path = path if path in self.pages else self.names.get(path, "")
        page, shown = self.pages.get(path, ("", 0))
        if not page or not 0 < int(line) <= shown:
            return None
        anchor = f"#L-{int(line)}"
        return anchor if page == here or path == own else posixpath.basename(page) + anchor
