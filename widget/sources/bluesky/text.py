"""A post's ``record.text`` and its facets as typed segments.

Facets address the text in **UTF-8 bytes** (``byteStart`` inclusive, ``byteEnd``
exclusive); slicing by characters misplaces every link after an emoji or an
``æ``. Real posts carry wrong facets too, so a facet that overlaps an earlier
one, runs backwards, leaves the text or cuts a character in half is dropped and
its text stays plain: a facet can change how text is marked, never the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from widget.model import Hashtag, Link, Mention, Segment, Text

LINK = "app.bsky.richtext.facet#link"
MENTION = "app.bsky.richtext.facet#mention"
TAG = "app.bsky.richtext.facet#tag"
_FEATURE_FIELDS = {LINK: "uri", MENTION: "did", TAG: "tag"}

# Lone surrogates can arrive through JSON escapes; they must survive the round trip.
_ENCODING_ERRORS = "surrogatepass"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    feature: Mapping[str, Any]


def segments(text: str, facets: Any) -> tuple[Segment, ...]:
    """The text as segments; joining their texts always gives ``text`` back."""
    data = text.encode("utf-8", _ENCODING_ERRORS)
    result: list[Segment] = []
    position = 0
    for span in _usable_spans(data, facets):
        _add_text(result, _decode(data[position : span.start]))
        _add(result, _segment(_decode(data[span.start : span.end]), span.feature))
        position = span.end
    _add_text(result, _decode(data[position:]))
    return tuple(result)


def _usable_spans(data: bytes, facets: Any) -> list[_Span]:
    """Valid facets in text order, each starting after the previous one ended."""
    candidates = sorted(
        (span for facet in _as_list(facets) if (span := _span(data, facet)) is not None),
        key=lambda span: (span.start, span.end),
    )
    usable: list[_Span] = []
    for span in candidates:
        if not usable or span.start >= usable[-1].end:
            usable.append(span)
    return usable


def _span(data: bytes, facet: Any) -> _Span | None:
    if not isinstance(facet, Mapping):
        return None
    index = facet.get("index")
    if not isinstance(index, Mapping):
        return None
    start, end = index.get("byteStart"), index.get("byteEnd")
    if not (isinstance(start, int) and isinstance(end, int)):
        return None
    if isinstance(start, bool) or isinstance(end, bool):
        return None
    if not 0 <= start < end <= len(data):
        return None
    if not (_on_boundary(data, start) and _on_boundary(data, end)):
        return None
    feature = next((f for f in _as_list(facet.get("features")) if _known(f)), None)
    return None if feature is None else _Span(start, end, feature)


def _known(feature: Any) -> bool:
    if not isinstance(feature, Mapping):
        return False
    kind = feature.get("$type")
    field = _FEATURE_FIELDS.get(kind) if isinstance(kind, str) else None
    return field is not None and isinstance(feature.get(field), str) and bool(feature[field])


def _segment(text: str, feature: Mapping[str, Any]) -> Segment:
    if not text.strip():
        return Text(text)  # a facet on whitespace only links nothing a reader can see
    kind = feature["$type"]
    if kind == LINK:
        return Link(text=text, url=feature["uri"])
    if kind == MENTION:
        did = feature["did"]
        return Mention(text=text, handle=text.removeprefix("@"), url=profile_url(did))
    tag = feature["tag"]
    return Hashtag(text=text, tag=tag, url=f"https://bsky.app/hashtag/{quote(tag, safe='')}")


def profile_url(handle_or_did: str) -> str:
    return f"https://bsky.app/profile/{quote(handle_or_did, safe=':.')}"


def _add(result: list[Segment], segment: Segment) -> None:
    if isinstance(segment, Text):
        _add_text(result, segment.text)
    else:
        result.append(segment)


def _add_text(result: list[Segment], text: str) -> None:
    if not text:
        return
    if result and isinstance(result[-1], Text):
        result[-1] = Text(result[-1].text + text)
    else:
        result.append(Text(text))


def _decode(data: bytes) -> str:
    return data.decode("utf-8", _ENCODING_ERRORS)


def _on_boundary(data: bytes, index: int) -> bool:
    """True where a character starts (or the text ends): never inside a multi-byte one."""
    return index == len(data) or (data[index] & 0xC0) != 0x80


def _as_list(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list) else ()
