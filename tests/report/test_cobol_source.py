"""Fixed-format COBOL highlighted a line at a time, in pygments' frame and classes (issue 24)."""

from pygments import highlight
from pygments.lexers import CobolLexer

from modernize.report import SOURCE_FORMATTER, plain_whitespace
from modernize.report.cobol_source import cobol_html, fixed_format

SOURCE = [
    "000100 IDENTIFICATION DIVISION.                                         TAG00001",
    "000200*A COMMENT WITH <b>MARKUP</b> & 'QUOTES'",
    "000300     MOVE 'A<B' TO WS-X. DISPLAY \"Q&A\" WS-Y 12 *> NOTE <i>",
    "      /",
    "",
]


def test_same_frame_anchors_and_line_numbers_as_pygments():
    ours = cobol_html(SOURCE)
    lexer = CobolLexer()
    lexer.add_filter(plain_whitespace())
    theirs = highlight("\n".join(SOURCE), lexer, SOURCE_FORMATTER)
    assert ours.startswith('<div class="highlight"><pre><span></span>') and ours.endswith("</pre></div>\n")
    for number in range(1, len(SOURCE)):  # the last, empty, is the final newline
        anchor = f'<a id="L-{number}" name="L-{number}"></a><a href="#L-{number}"><span class="linenos">{number}</span></a>'
        assert anchor in ours and anchor in theirs
    assert ours.count("\n") == theirs.count("\n") and "L-5" not in ours


def test_positions_words_strings_and_escaping():
    html = cobol_html(SOURCE)
    lines = html.split("\n")
    assert '<span class="c">000100</span>' in lines[0] and '<span class="kr">IDENTIFICATION</span>' in lines[0]
    assert lines[0].endswith('<span class="c">TAG00001</span>')  # columns 73-80 are no code
    assert '<span class="c">000200*A COMMENT WITH &lt;b&gt;MARKUP&lt;/b&gt; &amp; \'QUOTES\'</span>' in lines[1]
    assert '<span class="s1">\'A&lt;B\'</span>' in lines[2] and '<span class="s2">"Q&amp;A"</span>' in lines[2]
    assert '<span class="kr">MOVE</span>' in lines[2] and '<span class="mi">12</span>' in lines[2]
    assert '<span class="c">*&gt; NOTE &lt;i&gt;</span>' in lines[2]
    assert "WS-X" in lines[2] and "<b>" not in html and "<i>" not in html


def test_free_format_is_left_to_pygments():
    assert fixed_format(SOURCE)
    assert not fixed_format(["IDENTIFICATION DIVISION.", "PROGRAM-ID. FREE.", "PROCEDURE DIVISION.", "    DISPLAY 'X'."])
