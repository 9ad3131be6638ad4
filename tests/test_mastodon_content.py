"""Mastodon HTML content as segments: hostile markup, the visible text, emoji."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widget.model import Emoji, Hashtag, Link, Mention, Segment, Text
from widget.sources.mastodon.content import Context, segments_from_html, web_url


def plain(segments: tuple[Segment, ...]) -> str:
    return "".join(segment.text for segment in segments)


HOSTILE = [
    ("<p>hi<script>alert(1)</script></p>", (Text("hi"),)),
    ('<p><a href="javascript:alert(1)" onclick="alert(2)">klik</a></p>', (Text("klik"),)),
    ('<a href="  JaVa\tScRiPt:alert(1)">x</a>', (Text("x"),)),
    ('<a href="&#106;avascript:alert(1)">x</a>', (Text("x"),)),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', (Text("x"),)),
    ('<a href="vbscript:msgbox(1)">x</a>', (Text("x"),)),
    (
        '<p style="x" onmouseover="alert(1)"><a href="https://ok.example/a" onclick="x">ok</a></p>',
        (Link("ok", "https://ok.example/a"),),
    ),
    ("<svg onload=alert(1)><text>svg</text></svg>ud", (Text("ud"),)),
    ("<style>p{color:red}</style><iframe src=https://evil.example/>f</iframe>t", (Text("t"),)),
    ("&lt;img src=x onerror=alert(1)&gt;", (Text("<img src=x onerror=alert(1)>"),)),
    ('<img src="x" onerror="alert(1)" alt="pic">efter', (Text("efter"),)),
    ("<!-- hidden --><p>shown</p>", (Text("shown"),)),
    ('"><b>fed</b>', (Text('">fed'),)),
    ("<a>no href</a>", (Text("no href"),)),
    ('<a href="https://x.example/">', ()),
    ("", ()),
]


@pytest.mark.parametrize(("content", "expected"), HOSTILE)
def test_hostile_html_keeps_only_visible_text_and_web_links(
    content: str, expected: tuple[Segment, ...]
) -> None:
    assert segments_from_html(content, Context()) == expected


def test_deep_nesting_does_not_exhaust_the_stack() -> None:
    content = "<span>" * 5000 + "deep" + "</span>" * 5000
    assert segments_from_html(content, Context()) == (Text("deep"),)


def test_paragraphs_are_blank_lines_and_br_a_line_break() -> None:
    content = "<p>one<br>two</p>\n<p>three</p><ul><li>a</li><li>b</li></ul><p><br></p>"
    assert plain(segments_from_html(content, Context())) == "one\ntwo\n\nthree\n\na\nb"


def test_mastodon_markup_becomes_mention_hashtag_and_full_link() -> None:
    content = (
        '<p><span class="h-card"><a href="https://other.example/@ann" class="u-url mention">'
        '@<span>ann</span></a></span> see <a href="https://social.example/tags/Vej" '
        'class="mention hashtag" rel="tag">#<span>Vej</span></a> '
        '<a href="https://kommune.example/a/very/long/path"><span class="invisible">https://'
        '</span><span class="ellipsis">kommune.example/a/ve</span><span class="invisible">'
        "ry/long/path</span></a></p>"
    )
    context = Context(mentions={"https://other.example/@ann": "ann@other.example"})
    assert segments_from_html(content, context) == (
        Mention("@ann", "ann@other.example", "https://other.example/@ann"),
        Text(" see "),
        Hashtag("#Vej", "Vej", "https://social.example/tags/Vej"),
        Text(" "),
        Link("kommune.example/a/very/long/path", "https://kommune.example/a/very/long/path"),
    )


def test_no_ellipsis_is_invented_or_kept() -> None:
    content = (
        '<a href="https://x.example/abcdef"><span class="invisible">https://</span>'
        '<span class="ellipsis">x.example/abc…</span><span class="invisible">def</span></a>'
    )
    assert segments_from_html(content, Context()) == (
        Link("x.example/abcdef", "https://x.example/abcdef"),
    )


def test_links_without_classes_are_told_apart_by_mentions_and_tags() -> None:
    """Misskey and others send plain <a>; the status's mentions[] and tags[] say what it is."""
    content = (
        '<a href="https://mk.example/@mi">@mi@mk.example</a> '
        '<a href="https://mk.example/tags/demo">#Demo</a> '
        '<a href="https://elsewhere.example/@bo" class="u-url mention">@bo</a>'
    )
    context = Context(
        mentions={"https://mk.example/@mi": "mi@mk.example"}, tags=frozenset({"demo"})
    )
    assert segments_from_html(content, context) == (
        Mention("@mi@mk.example", "mi@mk.example", "https://mk.example/@mi"),
        Text(" "),
        Hashtag("#Demo", "Demo", "https://mk.example/tags/demo"),
        Text(" "),
        Mention("@bo", "bo@elsewhere.example", "https://elsewhere.example/@bo"),
    )


def test_custom_emoji_shortcodes_become_emoji_segments() -> None:
    context = Context(emoji={"kommune": "https://files.social.example/kommune.png"})
    assert segments_from_html("<p>Hej :kommune: og :ukendt:</p>", context) == (
        Text("Hej "),
        Emoji(":kommune:", "https://files.social.example/kommune.png"),
        Text(" og :ukendt:"),
    )


def test_quote_fallback_is_hidden_only_when_the_quote_is_shown() -> None:
    content = (
        '<p class="quote-inline">RE: <a href="https://o.example/@a/1">o.example/@a/1</a></p>'
        "<p>Svar</p>"
    )
    assert plain(segments_from_html(content, Context(hide_quote=True))) == "Svar"
    assert plain(segments_from_html(content, Context())) == "RE: o.example/@a/1\n\nSvar"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://a.example/x", "https://a.example/x"),
        ("HTTP://a.example", "HTTP://a.example"),
        (" https://a.example/\n", "https://a.example/"),
        ("javascript:alert(1)", None),
        ("java\x00script:alert(1)", None),
        ("https://", None),
        ("//a.example/x", None),
        ("http://[::1", None),
        (42, None),
    ],
)
def test_web_url_accepts_only_http_and_https(value: object, expected: str | None) -> None:
    assert web_url(value) == expected


# --- property: the segments' text is the visible text --------------------------------------

_WORDS = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"),
    max_size=12,
)
_NAME = st.from_regex(r"[a-z0-9_]{1,10}", fullmatch=True)
_PATH = st.from_regex(r"[a-z0-9/_-]{1,40}", fullmatch=True)

_PIECE = st.one_of(
    _WORDS.map(lambda text: (html.escape(text), text)),
    _NAME.map(
        lambda name: (
            f'<span class="h-card"><a href="https://h.example/@{name}" class="u-url mention">'
            f"@<span>{name}</span></a></span>",
            f"@{name}",
        )
    ),
    _NAME.map(
        lambda name: (
            f'<a href="https://h.example/tags/{name}" class="mention hashtag" rel="tag">'
            f"#<span>{name}</span></a>",
            f"#{name}",
        )
    ),
    _PATH.map(
        lambda path: (
            f'<a href="https://h.example/{path}"><span class="invisible">https://</span>'
            f'<span class="ellipsis">h.example/{path[:5]}</span>'
            f'<span class="invisible">{path[5:]}</span></a>',
            f"h.example/{path}",
        )
    ),
    st.just(("<br>", "\n")),
    st.just(('<span class="invisible">hidden</span>', "")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECE, max_size=6), max_size=4))
def test_plain_text_of_the_segments_is_the_visible_text(
    paragraphs: list[list[tuple[str, str]]],
) -> None:
    content = "".join("<p>" + "".join(h for h, _ in pieces) + "</p>" for pieces in paragraphs)
    shown = ["".join(text for _, text in pieces).strip() for pieces in paragraphs]
    expected = "\n\n".join(text for text in shown if text)
    segments = segments_from_html(content, Context())
    assert plain(segments) == expected
    assert not any(isinstance(s, Text) and not s.text for s in segments)


@pytest.mark.parametrize("content", ["https://", "https://social.example/@borgerdemo"])
def test_content_that_looks_like_an_address_is_text_and_warns_nothing(content: str) -> None:
    # pytest turns warnings into errors: BeautifulSoup's "looks like a URL" guess fails here.
    assert segments_from_html(content, Context()) == (Text(content),)
