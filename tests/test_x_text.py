"""Text + entities -> segments: offsets over escaped text, untrusted offsets, dropped links."""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from widget.model import Cashtag, Hashtag, Link, Mention, Segment, Text
from widget.sources.x.text import segments_from_v1, segments_from_v2


def span(text: str, token: str) -> dict[str, int]:
    start = text.index(token)
    return {"start": start, "end": start + len(token)}


def test_astral_emoji_before_a_mention_count_as_one_code_point_each() -> None:
    text = "🇩🇰😀 hej @kommune_test"
    entities = {"mentions": [{"start": 7, "end": 20, "username": "kommune_test"}]}
    assert segments_from_v2(text, entities) == (
        Text("🇩🇰😀 hej "),
        Mention("@kommune_test", "kommune_test"),
    )


def test_offsets_count_the_escaped_text_and_pieces_are_unescaped_after_cutting() -> None:
    text = "R&amp;D &lt;3 #Aarhus &amp; mere"
    entities = {"hashtags": [{**span(text, "#Aarhus"), "tag": "Aarhus"}]}
    assert segments_from_v2(text, entities) == (
        Text("R&D <3 "),
        Hashtag("#Aarhus", "Aarhus"),
        Text(" & mere"),
    )


def test_escaped_link_text_inside_an_entity_is_unescaped() -> None:
    text = "Opslaget er tilbageholdt. Q&amp;A om regler."
    entities = {"urls": [{**span(text, "Q&amp;A"), "url": "https://hjaelp.example/qa",
                          "display_url": "Q&A"}]}  # fmt: skip
    assert segments_from_v2(text, entities)[1] == Link("Q&A", "https://hjaelp.example/qa")


def test_links_show_display_url_and_point_at_expanded_url_never_t_co() -> None:
    text = "Læs mere https://t.co/abc123"
    url = {**span(text, "https://t.co/abc123"), "url": "https://t.co/abc123"}
    expanded = {**url, "expanded_url": "https://kommune.example/a", "display_url": "kommune…"}
    assert segments_from_v2(text, {"urls": [expanded]})[-1] == Link(
        "kommune…", "https://kommune.example/a"
    )
    # without an expanded_url the t.co address is all there is
    assert segments_from_v2(text, {"urls": [url]})[-1] == Link(
        "https://t.co/abc123", "https://t.co/abc123"
    )


def test_dropped_media_link_takes_the_whitespace_before_it() -> None:
    text = "Se billedet\n https://t.co/pic1"
    entities = {"urls": [{**span(text, "https://t.co/pic1"), "url": "https://t.co/pic1"}]}
    assert segments_from_v2(text, entities, drop_urls={"https://t.co/pic1"}) == (
        Text("Se billedet"),
    )
    middle = "Før https://t.co/pic1 efter"
    entities = {"urls": [{**span(middle, "https://t.co/pic1"), "url": "https://t.co/pic1"}]}
    assert segments_from_v2(middle, entities, drop_urls={"https://t.co/pic1"}) == (
        Text("Før efter"),
    )


def test_overlapping_and_out_of_range_entities_are_skipped_without_crashing() -> None:
    text = "#Aarhus er fin"
    entities = {
        "hashtags": [
            {"start": 0, "end": 7, "tag": "Aarhus"},
            {"start": 3, "end": 9, "tag": "hus er"},
            {"start": 10, "end": 99, "tag": "fin"},
            {"start": -4, "end": 2, "tag": "x"},
            {"start": 5, "end": 2, "tag": "x"},
            {"start": "0", "end": 7, "tag": "Aarhus"},
            "ikke en entitet",
        ],
        "urls": None,
    }
    assert segments_from_v2(text, entities) == (Hashtag("#Aarhus", "Aarhus"), Text(" er fin"))


def test_entity_at_wrong_offsets_is_found_by_its_token_or_left_as_text() -> None:
    # offsets counted in UTF-16 units, as some tools do: one too far per astral emoji
    text = "😀 #Aarhus og @Kommune_Test"
    entities = {
        "hashtags": [{"start": 3, "end": 10, "tag": "Aarhus"}],
        "mentions": [{"start": 15, "end": 27, "username": "kommune_test"}],
        "cashtags": [{"start": 0, "end": 2, "tag": "FINDES_IKKE"}],
    }
    assert segments_from_v2(text, entities) == (
        Text("😀 "),
        Hashtag("#Aarhus", "Aarhus"),
        Text(" og "),
        Mention("@Kommune_Test", "kommune_test"),
    )


def test_token_search_does_not_link_part_of_a_longer_word() -> None:
    text = "#Aarhusiansk"
    entities = {"hashtags": [{"start": 5, "end": 12, "tag": "Aarhus"}]}
    assert segments_from_v2(text, entities) == (Text("#Aarhusiansk"),)


def test_adjacent_text_pieces_merge_into_one_segment() -> None:
    text = "a &amp; b"
    entities = {"mentions": [{"start": 2, "end": 7, "username": "amp"}]}  # not a mention
    assert segments_from_v2(text, entities) == (Text("a & b"),)
    assert segments_from_v2(text, None) == (Text("a & b"),)
    assert segments_from_v2("", {}) == ()


def test_v1_entities_use_string_indices_and_v1_key_names() -> None:
    text = "@region_test #Klima $KOMM https://t.co/x1 https://t.co/m1"
    entities = {
        "user_mentions": [{"screen_name": "region_test", "indices": ["0", "12"]}],
        "hashtags": [{"text": "Klima", "indices": ["13", "19"]}],
        "symbols": [{"text": "KOMM", "indices": ["20", "25"]}],
        "urls": [
            {
                "url": "https://t.co/x1",
                "expanded_url": "https://kommune.example",
                "display_url": "kommune.example",
                "indices": [26, 41],
            }
        ],
        "media": [{"url": "https://t.co/m1", "indices": ["42", "57"]}],
    }
    assert segments_from_v1(text, entities, drop_urls={"https://t.co/m1"}) == (
        Mention("@region_test", "region_test"),
        Text(" "),
        Hashtag("#Klima", "Klima"),
        Text(" "),
        Cashtag("$KOMM", "KOMM"),
        Text(" "),
        Link("kommune.example", "https://kommune.example"),
    )


def test_v1_indices_that_are_not_numbers_are_skipped() -> None:
    text = "#Klima"
    bad = [{"text": "Klima", "indices": ["nul", "6"]}, {"text": "Klima", "indices": [0]}]
    assert segments_from_v1(text, {"hashtags": bad}) != ()
    assert all(isinstance(s, (Text, Hashtag)) for s in segments_from_v1(text, {"hashtags": bad}))


# --- properties ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    raw: str
    entities: dict[str, list[dict[str, Any]]]
    drop: frozenset[str]
    plain: str  # what the reader should see
    tokens: tuple[Segment, ...]  # the entity segments expected, in order


_PLAIN = st.text(alphabet="ab æø&<>\"'@#$\n🇩🇰😀👉", max_size=12)
_WORD = st.text(alphabet="abcXYZ019_æ", min_size=1, max_size=10)


@st.composite
def posts(draw: st.DrawFn) -> Generated:
    raw, plain = "", ""
    entities: dict[str, list[dict[str, Any]]] = {"urls": [], "mentions": [], "hashtags": []}
    tokens: list[Segment] = []
    drop: set[str] = set()
    for number in range(draw(st.integers(0, 5))):
        piece = draw(_PLAIN)
        if tokens or plain:
            piece = " " + piece  # tokens stand apart, as X itself requires
        raw += html.escape(piece, quote=False) + " "
        plain += piece + " "
        kind = draw(st.sampled_from(["urls", "mentions", "hashtags"]))
        word = draw(_WORD)
        entity: dict[str, str | int]
        token: Segment
        if kind == "mentions":
            typed, entity, token = "@" + word, {"username": word}, Mention("@" + word, word)
        elif kind == "hashtags":
            typed, entity, token = "#" + word, {"tag": word}, Hashtag("#" + word, word)
        else:
            typed = f"https://t.co/{number}{word}"
            display = draw(st.sampled_from(["kommune.example/…", "Q&A", "x.dk"]))
            expanded = f"https://e.example/{word}"
            entity = {"url": typed, "expanded_url": expanded, "display_url": display}
            token = Link(display, expanded)
        entity["start"], entity["end"] = len(raw), len(raw) + len(typed)
        entities[kind].append(entity)
        raw += typed
        if kind == "urls" and draw(st.booleans()):
            drop.add(typed)
            plain = plain.rstrip()
        else:
            plain += token.text
            tokens.append(token)
    tail = draw(_PLAIN)
    raw += html.escape(tail, quote=False)
    plain += tail
    return Generated(raw, entities, frozenset(drop), plain, tuple(tokens))


@given(posts())
def test_segments_spell_out_the_unescaped_text_minus_dropped_links(post: Generated) -> None:
    segments = segments_from_v2(post.raw, post.entities, drop_urls=post.drop)
    assert "".join(s.text for s in segments) == post.plain
    assert tuple(s for s in segments if not isinstance(s, Text)) == post.tokens
    for before, after in itertools.pairwise(segments):
        assert not (isinstance(before, Text) and isinstance(after, Text))
    assert all(s.text for s in segments)


@given(posts())
def test_each_mention_and_hashtag_is_the_unescaped_slice_at_its_offsets(post: Generated) -> None:
    segments = segments_from_v2(post.raw, post.entities, drop_urls=post.drop)
    found = [s.text for s in segments if isinstance(s, (Mention, Hashtag))]
    expected = [
        html.unescape(post.raw[e["start"] : e["end"]])
        for e in sorted(
            post.entities["mentions"] + post.entities["hashtags"], key=lambda e: e["start"]
        )
    ]
    assert found == expected


@given(
    st.text(max_size=40),
    st.lists(
        st.fixed_dictionaries(
            {"start": st.integers(-3, 45), "end": st.integers(-3, 45)},
            optional={"username": st.text(max_size=4), "tag": st.text(max_size=4)},
        ),
        max_size=6,
    ),
)
def test_arbitrary_offsets_never_crash(text: str, spans: list[dict[str, Any]]) -> None:
    entities = {"mentions": spans, "hashtags": spans, "cashtags": spans, "urls": spans}
    segments = segments_from_v2(text, entities)
    assert all(isinstance(s, (Text, Link, Mention, Hashtag, Cashtag)) for s in segments)


@given(
    st.text(alphabet="a@# \n😀", max_size=30),
    st.lists(st.tuples(st.integers(-3, 35), st.integers(-3, 35)), max_size=6),
)
def test_arbitrary_offsets_never_lose_or_garble_the_text(
    text: str, spans: list[tuple[int, int]]
) -> None:
    mentions = [{"screen_name": "a", "indices": [str(a), str(b)]} for a, b in spans]
    segments = segments_from_v1(text, {"user_mentions": mentions})
    assert "".join(s.text for s in segments) == text
    assert all(s == Mention("@a", "a") for s in segments if not isinstance(s, Text))
