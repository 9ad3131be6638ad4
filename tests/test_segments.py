"""Post text to HTML: every segment kind, link safety, and text that survives unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given
from hypothesis import strategies as st

from widget.model import Cashtag, Hashtag, Link, Mention, Segment, Text
from widget.render.segments import render_segments, safe_http_url

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "</textarea><script>",
    "{{7*7}}",
    '<a href="javascript:x">',
    "\u202eevil",
    "<p style=x>",
    "<!--",
    "]]><x>",
]
ALLOWED = {"p": set(), "a": {"href", "rel", "class"}, "br": set()}
"""What a rendered text may contain: links, line breaks (and the test's own <p>)."""


def parse(segments: list[Segment] | tuple[Segment, ...]) -> Tag:
    html = f"<p>{render_segments(segments)}</p>"
    # BeautifulSoup collapses a whitespace-only string to one space unless told otherwise.
    soup = BeautifulSoup(html, "html.parser", preserve_whitespace_tags={"p", "a"})
    paragraph = soup.p
    assert isinstance(paragraph, Tag)
    return paragraph


def visible_text(paragraph: Tag) -> str:
    """The text as a reader gets it, a line break being a newline."""
    for br in paragraph.find_all("br"):
        br.replace_with("\n")
    return paragraph.get_text()


def only_allowed_markup(paragraph: Tag) -> None:
    for element in paragraph.find_all(True):
        assert element.name in ALLOWED, element
        assert set(element.attrs) <= ALLOWED[element.name], element


def anchors(paragraph: Tag) -> list[Tag]:
    return [a for a in paragraph.find_all("a") if isinstance(a, Tag)]


# --- each kind ----------------------------------------------------------------------------


def test_text_is_escaped_and_newlines_become_line_breaks() -> None:
    html = render_segments([Text("a < b & c\nnæste linje")])
    assert html == "a &lt; b &amp; c<br>næste linje"


def test_every_kind_of_line_ending_becomes_a_line_break() -> None:
    assert render_segments([Text("a\r\nb\rc\nd")]) == "a<br>b<br>c<br>d"


def test_link_points_at_its_real_destination() -> None:
    link = anchors(parse([Link("kommune.example/nyt…", "https://kommune.example/nyt/2026")]))[0]
    assert link["href"] == "https://kommune.example/nyt/2026"
    assert link["rel"] == ["noopener", "noreferrer"]
    assert link.get_text() == "kommune.example/nyt…"


def test_mention_links_to_the_profile() -> None:
    link = anchors(parse([Mention("@Kommune_Test", "Kommune_Test")]))[0]
    assert (link["class"], link["href"]) == (["wdg__mention"], "https://x.com/Kommune_Test")
    assert link.get_text() == "@Kommune_Test"


def test_hashtag_links_to_the_tag_page_with_the_tag_quoted() -> None:
    link = anchors(parse([Hashtag("#grøn omstilling", "grøn omstilling")]))[0]
    assert link["class"] == ["wdg__hashtag"]
    assert link["href"] == "https://x.com/hashtag/gr%C3%B8n%20omstilling"
    assert link.get_text() == "#grøn omstilling"


def test_cashtag_links_to_a_search() -> None:
    link = anchors(parse([Cashtag("$NOVO", "NOVO")]))[0]
    assert link["href"] == "https://x.com/search?q=%24NOVO"
    assert link.get_text() == "$NOVO"


def test_unknown_network_renders_mentions_and_tags_as_text() -> None:
    html = render_segments([Mention("@a", "a"), Hashtag("#b", "b")], network="elsewhere")
    assert html == "@a#b"


# --- t.co ---------------------------------------------------------------------------------


def test_shortener_shown_as_text_is_replaced_by_the_real_destination() -> None:
    link = anchors(parse([Link("https://t.co/AbC123", "https://kommune.example/a?b=1")]))[0]
    assert link["href"] == "https://kommune.example/a?b=1"
    assert link.get_text() == "kommune.example/a?b=1"


def test_shortener_url_is_not_used_when_the_text_names_the_destination() -> None:
    link = anchors(parse([Link("kommune.example/side", "https://t.co/AbC123")]))[0]
    assert link["href"] == "https://kommune.example/side"


def test_shortener_is_kept_only_when_nothing_else_is_known() -> None:
    link = anchors(parse([Link("kommune.example/lang-sti…", "https://t.co/AbC123")]))[0]
    assert link["href"] == "https://t.co/AbC123"


def test_no_href_is_a_shortener_when_a_real_url_exists() -> None:
    links: list[Segment] = [
        Link("https://t.co/a", "https://one.example/"),
        Link("two.example/x", "https://t.co/b"),
        Link("t.co/c", "https://three.example/"),
    ]
    hrefs = [a["href"] for a in anchors(parse(links))]
    assert hrefs == ["https://one.example/", "https://two.example/x", "https://three.example/"]


# --- safe URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&#104;ttps://looks-fine.example/",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "http:/x",
        "http://",
        "https:\\\\evil.example",
        "https://exa mple.example/",
        "http://[::1",
        "http://host.example:99999/",
        "ftp://files.example/",
        "",
    ],
)
def test_safe_http_url_rejects(url: str) -> None:
    assert safe_http_url(url) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://kommune.example/", "https://kommune.example/"),
        ("http://kommune.example/a/b?c=1&d=2#e", "http://kommune.example/a/b?c=1&d=2#e"),
        ("https://ærø.example/sti/æøå?q=ü", "https://ærø.example/sti/æøå?q=ü"),
        ("  HTTPS://Kommune.example/x  ", "https://Kommune.example/x"),
        ("https://kommune.example/?a=1&not=2", "https://kommune.example/?a=1&not=2"),
        ("https://kommune.example/\u200bskjult", "https://kommune.example/skjult"),
    ],
)
def test_safe_http_url_accepts_and_normalises(url: str, expected: str) -> None:
    assert safe_http_url(url) == expected


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example"])
def test_unsafe_link_is_rendered_as_plain_text(url: str) -> None:
    paragraph = parse([Link("klik her", url)])
    assert anchors(paragraph) == []
    assert paragraph.get_text() == "klik her"


# --- hostile text -------------------------------------------------------------------------


@pytest.mark.parametrize("payload", XSS)
def test_hostile_text_adds_no_markup(payload: str) -> None:
    paragraph = parse([Text(payload), Mention(payload, payload), Hashtag(payload, payload)])
    only_allowed_markup(paragraph)
    assert len(anchors(paragraph)) == 2
    assert visible_text(paragraph) == payload * 3


@pytest.mark.parametrize("payload", XSS)
def test_hostile_link_text_and_url_add_no_markup(payload: str) -> None:
    segments: list[Segment] = [
        Link(payload, "https://safe.example/"),
        Link("tekst", payload),
        Link(payload, "https://safe.example/" + payload),
    ]
    paragraph = parse(segments)
    only_allowed_markup(paragraph)
    for link in anchors(paragraph):
        href = str(link["href"])
        assert href.startswith("https://safe.example/"), href


# --- properties ---------------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
_urls = st.one_of(
    st.sampled_from(["https://a.example/", "http://b.example/x?y=1", "javascript:x", "x"]),
    _text,
)
_segments = st.lists(
    st.one_of(
        st.builds(Text, _text),
        st.builds(Link, _text, _urls),
        st.builds(Mention, _text, _text),
        st.builds(Hashtag, _text, _text),
        st.builds(Cashtag, _text, _text),
    ),
    max_size=8,
)


def _linked(segment: Segment) -> bool:
    if isinstance(segment, Link):
        return safe_http_url(segment.url) is not None
    return not isinstance(segment, Text)


@given(_segments)
def test_rendered_text_reads_exactly_as_the_source(segments: list[Any]) -> None:
    paragraph = parse(segments)
    only_allowed_markup(paragraph)
    source = "".join(segment.text for segment in segments)
    assert visible_text(paragraph) == source.replace("\r\n", "\n").replace("\r", "\n")


@given(_segments)
def test_each_link_wraps_exactly_its_entitys_text(segments: list[Any]) -> None:
    paragraph = parse(segments)
    texts = [visible_text(a) for a in anchors(paragraph)]
    expected = [segment.text for segment in segments if _linked(segment)]
    assert texts == [text.replace("\r\n", "\n").replace("\r", "\n") for text in expected]
