"""Documents (Markdown) as HTML for the report: markdown-it's CommonMark with tables, in Rust.

The pure-Python markdown-it took half of a large report's time (76 MB of fact documents for a
1.7-million-line estate: 160 s on one core); markdown-it.rs renders the same HTML in a tenth of
it. Three things the report adds are done on its output, each on text the renderer escaped:

- raw HTML is never rendered (the ``html_block`` and ``html_inline`` rules are off): a document
  quotes source comments and a model's answer, neither of which may inject markup;
- a link or image whose address leaves the report (a scheme, ``//host``, a backslash) is left as
  its text: opening a page fetches nothing and leads nowhere outside;
- a code span citing ``file:line`` becomes a link to that line's anchor (``sources.SourceLinks``),
  except inside a link (a link in a link is no link).
"""

from __future__ import annotations

import html
import re

import markdown_it_pyrs
import re2

from modernize.report.sources import SourceLinks

RULES = ("blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference", "autolink",
         "backticks", "emphasis", "entity", "escape", "image", "link", "newline", "table")
RENDERER = markdown_it_pyrs.MarkdownIt("zero").enable_many(list(RULES))

RE_OUTSIDE_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|[/\\]{2}|/\\)", re.I)
# In the renderer's output (attribute values and text escaped by it): a whole link, an image, or an
# inline code span (not a code block's <pre><code>).
# RE2: linear on any text (a code block's own <code> is consumed by its <pre><code, never linked).
IMAGE = r'<img src="([^"]*)" alt="([^"]*)"[^>]*>'
RE_IMAGE = re2.compile(IMAGE)
RE_LINKED = re2.compile(rf'(?s)(<a href="([^"]*)"[^>]*>)(.*?)</a>|{IMAGE}|(<pre><code)|<code>([^<]*)</code>')


def local_link(url: str) -> bool:
    """Only links inside the report: no scheme (https:, mailto:, javascript:, data:…), no
    protocol-relative ``//host`` and no backslash, which browsers read as a slash."""
    return not RE_OUTSIDE_URL.match(url) and "\\" not in url and "%5c" not in url.lower()


def image(whole: str, src: str, alt: str) -> str:
    """An image stays when its address is inside the report, else its alternative text does."""
    return whole if local_link(html.unescape(src)) else alt


def render_markdown(text: str, sources: SourceLinks | None = None, page: str = "", own: str = "") -> str:
    """HTML of a Markdown document; ``sources`` (with the page it goes on and the file that page
    shows) turns ``file:line`` code spans into links."""

    def checked(match: re.Match[str]) -> str:
        opening, href, inner, src, alt, block, code = match.groups()
        if block is not None:
            return block
        if href is not None:  # code spans in it stay plain; an image in it is checked like any other
            inner = RE_IMAGE.sub(lambda m: image(m.group(0), m.group(1), m.group(2)), inner)
            return f"{opening}{inner}</a>" if local_link(html.unescape(href)) else inner
        if src is not None:
            return image(match.group(0), src, alt)
        target = sources.href(html.unescape(code), page, own) if sources is not None else None
        return f'<a class="source-line" href="{html.escape(target)}">{match.group(0)}</a>' if target else match.group(0)

    return RE_LINKED.sub(checked, RENDERER.render(text))
