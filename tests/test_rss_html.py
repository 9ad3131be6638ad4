"""Feed HTML becomes text and http(s) links only; long text is cut to a teaser."""

from __future__ import annotations

import pytest

from widget.model import Link, Text
from widget.sources.rss.html import ELLIPSIS, cut_lead, html_segments, plain_text
from widget.sources.rss.links import web_url

BASE = "https://news.example/nyheder/2024/"


def test_paragraphs_and_line_breaks_become_blank_lines_and_newlines() -> None:
    segments = html_segments("<p>Første  afsnit\n fortsat.</p><p>Andet<br>linje</p>", BASE)
    assert segments == (Text("Første afsnit fortsat.\n\nAndet\nlinje"),)


def test_relative_links_are_resolved_against_the_base() -> None:
    segments = html_segments('Se <a href="../plan.pdf">planen</a> &amp; mere.', BASE)
    assert segments == (
        Text("Se "),
        Link("planen", "https://news.example/nyheder/plan.pdf"),
        Text(" & mere."),
    )


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="javascript:alert(1)">klik</a>',
        '<a href=" JaVaScRiPt:alert(1)">klik</a>',
        '<a href="java&#x09;script:alert(1)">klik</a>',
        '<a href="javascript&#58;alert(1)">klik</a>',
        '<a href="data:text/html,<script>alert(1)</script>">klik</a>',
        '<a href="vbscript:msgbox(1)">klik</a>',
        '<a href="mailto:a@news.example">klik</a>',
        '<a onclick="alert(1)">klik</a>',
    ],
)
def test_links_that_are_not_http_become_plain_text(markup: str) -> None:
    assert html_segments(markup, BASE) == (Text("klik"),)


def test_scripts_styles_images_and_handlers_leave_no_trace() -> None:
    markup = (
        "<script>alert('x')</script><style>p{color:red}</style>"
        '<p onclick="alert(2)">Harmløs</p><img src="javascript:alert(3)" onerror="alert(4)">'
        '<svg onload="alert(5)"><text>svg-tekst</text></svg><iframe src="https://evil.example">'
        "ramme</iframe><!-- kommentar --><noscript>ingen script</noscript>"
    )
    segments = html_segments(markup, BASE)
    assert segments == (Text("Harmløs"),)


def test_a_link_without_text_is_dropped_and_nested_markup_keeps_its_text() -> None:
    markup = '<a href="/x"><img src="/a.jpg"></a><a href="/y"><b>fed</b> <i>tekst</i></a>'
    assert html_segments(markup, BASE) == (Link("fed tekst", "https://news.example/y"),)


def test_preformatted_text_keeps_its_lines() -> None:
    assert html_segments("<pre>a\nb</pre>", None) == (Text("a\nb"),)


def test_list_items_are_lines() -> None:
    assert html_segments("<ul><li>en</li><li>to</li></ul>", None) == (Text("en\nto"),)


def test_broken_markup_never_raises() -> None:
    for markup in ["<p><a href='", "<<<>>>", "</p></div>", "&#99999999;", "<a href=/x>x", ""]:
        html_segments(markup, BASE)


def test_plain_text_strips_tags_for_titles() -> None:
    assert plain_text("Ny plan for <b>grønne</b>\n cykelstier") == "Ny plan for grønne cykelstier"


def test_short_text_is_not_cut() -> None:
    segments = (Text("kort"),)
    assert cut_lead(segments) is segments


def test_long_text_is_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    words = " ".join(["ord"] * 300)
    (cut,) = cut_lead((Text(words),), limit=50)
    assert isinstance(cut, Text)
    assert cut.text.endswith(" ord" + ELLIPSIS)
    assert len(cut.text) <= 51
    assert not cut.text[:-1].endswith(" ")


def test_a_cut_inside_a_link_keeps_the_link() -> None:
    segments = (Text("a " * 10), Link("lang linktekst " * 10, "https://news.example/"))
    cut = cut_lead(segments, limit=40)
    assert isinstance(cut[1], Link) and cut[1].url == "https://news.example/"
    assert cut[-1] == Text(ELLIPSIS)
    assert sum(len(segment.text) for segment in cut) <= 41


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [
        ("/a b", "https://news.example/x", "https://news.example/a%20b"),
        (" https://news.example/\n", None, "https://news.example/"),
        ("HTTPS://news.example/", None, "HTTPS://news.example/"),
        ("//cdn.example/i.jpg", "https://news.example/", "https://cdn.example/i.jpg"),
        ("javascript:alert(1)", "https://news.example/", None),
        ("javascript&#58;alert(1)", "https://news.example/", None),
        ("ftp://news.example/", None, None),
        ("https://", None, None),
        ("/relative", None, None),
        (42, None, None),
        ("http://[::1", None, None),
    ],
)
def test_web_url(value: object, base: str | None, expected: str | None) -> None:
    assert web_url(value, base) == expected


@pytest.mark.parametrize("markup", ["https://", "https://news.example/nyheder", "index.html"])
def test_a_description_that_looks_like_an_address_is_text_and_warns_nothing(markup: str) -> None:
    # pytest turns warnings into errors: BeautifulSoup's "looks like a URL" guess fails here.
    assert html_segments(markup, BASE) == (Text(markup),)
