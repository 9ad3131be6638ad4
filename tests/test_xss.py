"""Hostile text in every field a post or feed carries adds nothing to the page.

Each payload is placed in one field at a time; the page is compared with the same
feed carrying harmless text there. Elements and attribute names must be the same
(for URL fields, where a refused URL removes a link, no more than the same).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest

from tests.render_support import (
    local_images,
    make_author,
    make_entry,
    make_feed,
    make_post,
    parse,
    photo,
    render,
    shape,
)
from widget.curate import CuratedFeed
from widget.model import Hashtag, Link, Mention, Post, PostKind, Text

CORPUS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    '" onmouseover="alert(1)',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "</textarea><script>alert(1)</script>",
    "</bdi></p></article><script>alert(1)</script>",
    "{{7*7}}",
    "{% print 7*7 %}",
    '<a href="javascript:x">x</a>',
    "<iframe src=//evil.example>",
    "<style>*{display:none}</style>",
    "\u202eevil\u202c",
    "<!--",
    "]]><x>&amp;\x00\x1b",
]
HARMLESS = "Harmless words"
HARMLESS_URL = "https://kommune.example/harmless"
URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "cite", "action", "formaction", "data"}
BAD_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


def _feed(post: Post, *, title: str = "Nyheder", sharer: str = "Borger") -> CuratedFeed:
    quoted = make_post("2", (Text("Citeret"),), author=make_author("borger", "Borger"))
    quote = make_post("3", (Text("Se her"),), kind=PostKind.QUOTE, original=quoted)
    return make_feed(
        make_entry(post, shared_by=(make_author("a", sharer), make_author("b", "B"))),
        make_entry(quote),
        title=title,
    )


def _post(**fields: str) -> Post:
    """A post with one of its fields set; every field has a harmless default."""
    values = {
        "text": HARMLESS,
        "name": "Kommune Test",
        "handle": "kommune_test",
        "alt": "Rådhuset",
        "url": HARMLESS_URL,
        "link_text": "kommune.example/harmless",
        "tag": "borgerservice",
        "mention": "borger",
        "lang": "da",
        "permalink": "https://x.com/kommune_test/status/1",
        **fields,
    }
    author = make_author(values["handle"], values["name"])
    post = make_post(
        "1",
        (
            Text(values["text"]),
            Link(values["link_text"], values["url"]),
            Hashtag("#" + values["tag"], values["tag"]),
            Mention("@" + values["mention"], values["mention"]),
        ),
        author=author,
        media=(photo("p", alt=values["alt"]),),
        lang=values["lang"],
    )
    return replace(post, permalink=values["permalink"])


FIELDS: dict[str, Callable[[str], CuratedFeed]] = {
    "post text": lambda v: _feed(_post(text=v)),
    "display name": lambda v: _feed(_post(name=v)),
    "handle": lambda v: _feed(_post(handle=v)),
    "alt text": lambda v: _feed(_post(alt=v)),
    "link display text": lambda v: _feed(_post(link_text=v)),
    "hashtag": lambda v: _feed(_post(tag=v)),
    "mention": lambda v: _feed(_post(mention=v)),
    "post language": lambda v: _feed(_post(lang=v)),
    "feed title": lambda v: _feed(_post(), title=v),
    "shared-by name": lambda v: _feed(_post(), sharer=v),
}
URL_FIELDS: dict[str, Callable[[str], CuratedFeed]] = {
    "link url": lambda v: _feed(_post(url=v)),
    "permalink": lambda v: _feed(_post(permalink=v)),
}


def _page(feed: CuratedFeed) -> str:
    return render(feed, local_images(*(entry.post for entry in feed.entries)))


def _assert_no_dangerous_values(html: str) -> None:
    for element in parse(html).find_all(True):
        assert element.name not in {"script", "style", "iframe", "svg", "textarea"}, element
        for name, value in element.attrs.items():
            assert not name.startswith("on"), element
            if name in URL_ATTRIBUTES:
                assert not BAD_SCHEMES.match(str(value)), element


@pytest.mark.parametrize("payload", CORPUS)
@pytest.mark.parametrize("field", sorted(FIELDS))
def test_payload_adds_no_element_or_attribute(field: str, payload: str) -> None:
    expected = _page(FIELDS[field](HARMLESS))
    page = _page(FIELDS[field](payload))
    assert shape(page) == shape(expected)
    _assert_no_dangerous_values(page)


@pytest.mark.parametrize("payload", [*CORPUS, 'https://ok.example/"><script>alert(1)</script>'])
@pytest.mark.parametrize("field", sorted(URL_FIELDS))
def test_payload_as_url_can_only_remove_a_link(field: str, payload: str) -> None:
    expected_tags, expected_attributes = shape(_page(URL_FIELDS[field](HARMLESS_URL)))
    page = _page(URL_FIELDS[field](payload))
    tags, attributes = shape(page)
    assert not tags - expected_tags, tags - expected_tags
    for name, names in attributes.items():
        assert names <= expected_attributes[name], name
    _assert_no_dangerous_values(page)


def test_template_syntax_in_text_is_not_evaluated() -> None:
    harmless = _page(FIELDS["post text"](HARMLESS))
    page = _page(FIELDS["post text"]("{{7*7}} {% print 7*7 %}"))
    assert "49" not in harmless and "49" not in page
    assert "{{7*7}} {% print 7*7 %}" in parse(page).get_text()


def test_bidi_override_in_a_name_stays_inside_its_isolate() -> None:
    page = _page(FIELDS["display name"]("\u202eevil"))
    names = [bdi.get_text() for bdi in parse(page).find_all("bdi", class_="wdg__name")]
    assert "\u202eevil" in names


def test_hostile_payload_shows_as_the_same_text() -> None:
    payload = '"><img src=x onerror=alert(1)>'
    page = parse(_page(FIELDS["post text"](payload)))
    assert payload in page.get_text()
