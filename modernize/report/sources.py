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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token


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


def in_link(tokens: Sequence[Token], idx: int) -> bool:
    """Whether the token stands inside a Markdown link (a link in a link is no link)."""
    depth = 0
    for token in tokens[:idx]:
        depth += 1 if token.type == "link_open" else -1 if token.type == "link_close" else 0
    return depth > 0


def code_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    """markdown-it's code span, wrapped in a link to its source line where ``env`` knows the file."""
    code = f"<code{self.renderAttrs(tokens[idx])}>{escapeHtml(tokens[idx].content)}</code>"
    links: SourceLinks | None = env.get("sources")
    href = links.href(tokens[idx].content, env.get("page", ""), env.get("own", "")) if links is not None and not in_link(tokens, idx) else None
    return f'<a class="source-line" href="{escapeHtml(href)}">{code}</a>' if href else code
