"""Bluesky facets: UTF-8 byte offsets, and hostile facets that never garble the text."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from widget.model import Hashtag, Link, Mention, Text
from widget.sources.bluesky.text import LINK, MENTION, TAG, segments


def facet(start: Any, end: Any, feature: Any) -> dict[str, Any]:
    return {"index": {"byteStart": start, "byteEnd": end}, "features": [feature]}


def link(uri: str = "https://example.org/x") -> dict[str, str]:
    return {"$type": LINK, "uri": uri}


def around(text: str, piece: str, feature: dict[str, str]) -> dict[str, Any]:
    data = text.encode("utf-8")
    start = data.index(piece.encode("utf-8"))
    return facet(start, start + len(piece.encode("utf-8")), feature)


def plain(result: tuple[Any, ...]) -> str:
    return "".join(segment.text for segment in result)


def test_a_link_after_an_emoji_and_danish_letters_lands_on_its_own_text() -> None:
    text = "Hej 👋🏽 fra Ærø: se ø.example/æ nu"
    result = segments(text, [around(text, "ø.example/æ", link("https://ø.example/æ"))])
    assert result == (
        Text("Hej 👋🏽 fra Ærø: se "),
        Link("ø.example/æ", "https://ø.example/æ"),
        Text(" nu"),
    )


def test_mentions_and_tags_carry_their_profile_and_tag_addresses() -> None:
    text = "Tak @ven.bsky.social for #Grøn"
    result = segments(
        text,
        [
            around(text, "#Grøn", {"$type": TAG, "tag": "Grøn"}),
            around(text, "@ven.bsky.social", {"$type": MENTION, "did": "did:plc:ven"}),
        ],
    )
    assert result == (
        Text("Tak "),
        Mention("@ven.bsky.social", "ven.bsky.social", "https://bsky.app/profile/did:plc:ven"),
        Text(" for "),
        Hashtag("#Grøn", "Grøn", "https://bsky.app/hashtag/Gr%C3%B8n"),
    )


def test_overlapping_backwards_out_of_range_and_half_character_facets_stay_plain() -> None:
    text = "ab 😀 cd ef"
    data = text.encode("utf-8")
    emoji = data.index("😀".encode())
    cd = data.index(b"cd")
    facets = [
        facet(cd, cd + 2, link("https://example.org/cd")),
        facet(cd + 1, cd + 5, link("https://example.org/overlap")),
        facet(emoji + 1, emoji + 3, link("https://example.org/half")),
        facet(5, 2, link("https://example.org/backwards")),
        facet(len(data) - 1, len(data) + 10, link("https://example.org/beyond")),
        facet(-3, 1, link("https://example.org/negative")),
        facet(True, 2, link("https://example.org/bool")),
        facet("0", "2", link("https://example.org/strings")),
    ]
    assert segments(text, facets) == (
        Text("ab 😀 "),
        Link("cd", "https://example.org/cd"),
        Text(" ef"),
    )


def test_facets_without_a_known_feature_or_on_whitespace_stay_plain() -> None:
    text = "one two three"
    facets = [
        facet(0, 3, {"$type": "app.bsky.richtext.facet#sparkle"}),
        facet(3, 4, link()),
        facet(4, 7, {"$type": LINK, "uri": ""}),
        facet(8, 13, {"$type": ["not", "hashable"], "uri": "https://example.org"}),
        {"index": "nonsense", "features": [link()]},
        "not a facet",
    ]
    assert segments(text, facets) == (Text(text),)


def test_facets_of_the_wrong_type_are_ignored() -> None:
    assert segments("hello", {"index": 1}) == (Text("hello"),)
    assert segments("", None) == ()


def test_a_lone_surrogate_from_a_json_escape_survives() -> None:
    text = "a\ud800b link"
    data = text.encode("utf-8", "surrogatepass")
    start = data.index(b"link")
    result = segments(text, [facet(start, start + 4, link())])
    assert plain(result) == text
    assert result[-1] == Link("link", "https://example.org/x")


# --- properties ------------------------------------------------------------------------

_PIECES = st.sampled_from(["a", "æ", "ø", "å", "Æ", "😀", "👋🏽", "🇩🇰", " ", "\n", "字", "é"])
_WORDS = st.lists(_PIECES, max_size=12).map("".join)


@given(before=_WORDS, target=_WORDS.filter(lambda w: w.strip() != ""), after=_WORDS)
def test_a_link_anywhere_lands_on_exactly_its_text(before: str, target: str, after: str) -> None:
    text = before + target + after
    start = len(before.encode("utf-8"))
    end = start + len(target.encode("utf-8"))
    result = segments(text, [facet(start, end, link())])
    links = [segment for segment in result if isinstance(segment, Link)]
    assert links == [Link(target, "https://example.org/x")]
    assert plain(result) == text


_HOSTILE_INDEX = st.one_of(
    st.integers(min_value=-5, max_value=80),
    st.none(),
    st.booleans(),
    st.text(max_size=3),
    st.floats(allow_nan=True),
)
_FEATURES = st.sampled_from(
    [
        link(),
        {"$type": MENTION, "did": "did:plc:x"},
        {"$type": TAG, "tag": "t"},
        {"$type": "unknown"},
        {},
        None,
        {"$type": LINK, "uri": 5},
    ]
)
_FACETS = st.lists(
    st.one_of(
        st.builds(facet, _HOSTILE_INDEX, _HOSTILE_INDEX, _FEATURES),
        st.none(),
        st.integers(),
        st.fixed_dictionaries({"index": st.integers()}),
    ),
    max_size=8,
)


@given(text=st.text(max_size=40), facets=_FACETS)
def test_no_facets_however_hostile_change_the_text(text: str, facets: list[Any]) -> None:
    result = segments(text, facets)
    assert plain(result) == text
    assert all(segment.text for segment in result)
    assert not any(isinstance(a, Text) and isinstance(b, Text) for a, b in pairwise(result))


@given(text=_WORDS, facets=_FACETS)
def test_every_marked_segment_is_the_exact_bytes_of_a_facet(text: str, facets: list[Any]) -> None:
    data = text.encode("utf-8")
    ranges = {
        data[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode("utf-8", "replace")
        for f in facets
        if isinstance(f, dict)
        and isinstance(f.get("index"), dict)
        and isinstance(f["index"].get("byteStart"), int)
        and isinstance(f["index"].get("byteEnd"), int)
    }
    for segment in segments(text, facets):
        if not isinstance(segment, Text):
            assert segment.text in ranges
