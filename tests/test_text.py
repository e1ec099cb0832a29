"""plain_text is the one sanitiser: whatever a feed sends, what comes out is safe to print."""

from __future__ import annotations

import re

import pytest

from feeds.text import SUMMARY_LIMIT, TITLE_LIMIT, plain_text

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_html_is_reduced_to_its_words_with_block_breaks_as_spaces():
    assert plain_text("<p>Talks <b>resume</b> in Istanbul</p><p>Second round</p>") == (
        "Talks resume in Istanbul Second round"
    )


def test_entities_are_decoded_once():
    assert plain_text("AT&amp;T &lt;rocks&gt; &eacute;t&#233; &#x2014;") == "AT&T <rocks> été —"


def test_script_and_style_contents_never_show():
    assert plain_text("<script>alert(1)</script><style>p{color:red}</style>ok") == "ok"


def test_cdata_inside_html_keeps_its_text():
    assert plain_text("<![CDATA[kept]]> text") == "kept text"


def test_text_that_merely_looks_like_markup_survives():
    assert plain_text("a < b and c > d") == "a < b and c > d"
    assert plain_text("1 <2") == "1 <2"


def test_plain_fields_keep_angle_brackets_and_ampersands():
    assert plain_text("<3 AT&T &amp;", html_markup=False) == "<3 AT&T &amp;"


@pytest.mark.parametrize(
    "hostile",
    [
        "\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07",  # OSC 8 hyperlink
        "\x1b]52;c;cHduZWQ=\x07copied",  # OSC 52 clipboard write
        "\x1b[2J\x1b[31mred",  # CSI clear screen, colour
        "\x9b2Jc1 csi",  # 8-bit CSI
        "&#27;[31m by reference",  # ESC as a character reference
        "nul\x00in\x00side",
        "\u202eevil\u202c \u2066iso\u2069 \u200emark\u200f \u061calm",
        "lone \ud800 surrogate",
    ],
)
def test_terminal_controls_and_bidi_overrides_are_removed(hostile):
    cleaned = plain_text(hostile)
    assert not UNSAFE.search(cleaned)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in cleaned)
    assert cleaned.encode("utf-8")  # printable: no lone surrogate makes this raise


@pytest.mark.parametrize(
    "markup", ["[bold red]x[/]", "[@click=app.quit]quit[/]", "[link=http://x]y[/link]", "[$accent]"]
)
def test_rich_and_textual_markup_is_just_text(markup):
    assert plain_text(markup) == markup


def test_whitespace_of_every_kind_folds_to_single_spaces():
    assert plain_text("  a\tb\n\nc\r\nd\x0be\x0cf\x85g\u2028h\xa0i  ") == "a b c d e f g h i"


def test_long_text_is_capped_with_an_ellipsis():
    title = plain_text("word " * 1000, TITLE_LIMIT)
    assert len(title) == TITLE_LIMIT and title.endswith("…")
    assert len(plain_text("x" * 100_000)) == SUMMARY_LIMIT


def test_a_huge_summary_costs_little():
    giant = "<p>" + "news " * 2_000_000 + "</p>"
    assert len(plain_text(giant)) == SUMMARY_LIMIT


def test_empty_and_none_are_empty():
    assert plain_text("") == plain_text(None) == ""



@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<a href=x>link</a>text", "linktext"),
        ("<A HREF='q>x'>quoted</A> attr", "quoted attr"),
        ("<!-- hidden --> shown", "shown"),
        ("a<br/>b<br />c<BR>d", "a b c d"),
        ("<div class=lead>x</div><span>y</span>", "x y"),
        ("left <b", "left <b"),
        ("&lt;b&gt;escaped&lt;/b&gt; <i>real</i>", "<b>escaped</b> real"),
    ],
)
def test_simple_and_tricky_markup_read_the_same_way(html, text):
    assert plain_text(html) == text
