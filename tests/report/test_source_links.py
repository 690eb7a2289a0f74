"""file:line references in module pages link to the highlighted source line (issue 22)."""

import re

from modernize.report.markdown import render_markdown
from modernize.report.sources import SourceLinks

LINKS = SourceLinks.of({"cbl/TSB010.cbl": ("modules/TSB010.program.html", 406), "cpy/TSLAANV.cpy": ("modules/TSLAANV.copybook.html", 30),
                        "a/DUP.cpy": ("modules/DUP.copybook.html", 9), "b/DUP.cpy": ("modules/DUP2.copybook.html", 9)})


def render(text: str, page: str = "modules/TSB010.program.html", own: str = "cbl/TSB010.cbl") -> str:
    return render_markdown(text, LINKS, page, own)


def test_own_file_other_modules_file_and_bare_names():
    assert render("`cbl/TSB010.cbl:123`") == '<p><a class="source-line" href="#L-123"><code>cbl/TSB010.cbl:123</code></a></p>\n'
    assert 'href="TSLAANV.copybook.html#L-16"><code>cpy/TSLAANV.cpy:16</code>' in render("`cpy/TSLAANV.cpy:16`")
    assert 'href="#L-7"><code>TSB010.cbl:7</code>' in render("`TSB010.cbl:7`")  # the bare name of one shown file
    # a page of another module that shows the same file links to its own copy
    assert 'href="#L-5"' in render("`cbl/TSB010.cbl:5`", page="modules/TSB010F.program.html")


def test_plain_text_where_no_page_shows_the_line():
    for text in ("`csd/TSLCSD.csd:20`", "`cbl/TSB010.cbl:407`", "`cbl/TSB010.cbl:0`", "`DUP.cpy:3`", "`cbl/TSB010.cbl`",
                 "`https://cbl/TSB010.cbl:80`", "`javascript:alert(1)`", "`cbl/TSB010.cbl:١٢`", "cbl/TSB010.cbl:12"):
        assert "<a" not in render(text), text
    assert "<a" not in render_markdown("`cbl/TSB010.cbl:12`")  # the plan and other pages: no links asked
    # already a link: no link inside it
    assert render("[see `cbl/TSB010.cbl:12`](other.html)").count("<a") == 1


def test_escaped():
    links = SourceLinks.of({'x/<b>"q".cbl': ("modules/Q.program.html", 10)})
    rendered = render_markdown('`x/<b>"q".cbl:3`', links, "modules/P.program.html")
    assert rendered == '<p><a class="source-line" href="Q.program.html#L-3"><code>x/&lt;b&gt;&quot;q&quot;.cbl:3</code></a></p>\n'


def test_module_pages_link_to_existing_line_anchors(example_run):
    modules = example_run / "modules"
    page = (modules / "TSB010.program.html").read_text()
    # the CALL of TSU010 at line 210, the copybook's record at its own line, the JCL's DD in the job's page
    assert '<a class="source-line" href="#L-210"><code>cbl/TSB010.cbl:210</code></a>' in page
    assert re.search(r'href="TSLAANV\.copybook\.html#L-\d+"><code>cpy/TSLAANV\.cpy:\d+</code>', page)
    assert re.search(r'href="TSJ010\.jcl\.html#L-\d+"><code>jcl/TSJ010\.jcl:\d+</code>', page)
    assert "<code>csd/TSLCSD.csd:20</code>" in (modules / "TS00.transaction.html").read_text()  # no page shows the CSD
    checked = 0
    for path in sorted(modules.glob("*.html")):
        for target, line in re.findall(r'class="source-line" href="([^"#]*)#L-(\d+)"', path.read_text()):
            target_page = (modules / target).read_text() if target else path.read_text()
            assert f'id="L-{line}"' in target_page, f"{path.name} -> {target}#L-{line}"
            checked += 1
    assert checked > 500
