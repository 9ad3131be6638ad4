"""X post text plus entities -> typed segments, for API v2 and for archive (v1.1) posts.

X sends text HTML-escaped (``&amp;``) and counts entity offsets in code points over
that escaped text, so the raw text is cut at the offsets first and each piece is
unescaped afterwards; unescaping first would shift every later offset.

Offsets from outside are not trusted: an entity must cover the very token it names
(``@handle``, ``#tag``, its ``t.co`` link). One that does not is looked for by its
token elsewhere in the text, and otherwise left as plain text, so bad offsets can
cost a link but never garble or drop what the author wrote.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from widget.model import Cashtag, Hashtag, Link, Mention, Segment, Text

_SIGILS = {"mention": "@＠", "hashtag": "#＃", "cashtag": "$"}


@dataclass(frozen=True)
class _Entity:
    """One entity in a network-neutral shape; ``value`` is the handle, tag or t.co URL."""

    kind: str  # "url", "mention", "hashtag" or "cashtag"
    start: int
    end: int
    value: str
    target: str = ""  # a link's real destination
    display: str = ""  # a link's text as X shows it

    def covers(self, raw: str) -> bool:
        """Whether ``raw`` (the escaped text at this entity's offsets) is this entity's token."""
        if self.kind == "url":
            return raw == self.value or (bool(self.display) and html.unescape(raw) == self.display)
        return len(raw) > 1 and raw[0] in _SIGILS[self.kind] and _same(raw[1:], self.value)

    def pattern(self) -> re.Pattern[str]:
        """The token as it may stand in the text, not as part of a longer word."""
        if self.kind == "url":
            return re.compile(re.escape(self.value) + r"(?![\w/])")
        sigil = "[" + re.escape(_SIGILS[self.kind]) + "]"
        return re.compile(r"(?<![\w@#$])" + sigil + re.escape(self.value) + r"(?!\w)", re.I)

    def moved_to(self, start: int, end: int) -> _Entity:
        return _Entity(self.kind, start, end, self.value, self.target, self.display)


def _same(typed: str, value: str) -> bool:
    return typed.casefold() == value.casefold()


def segments_from_v2(
    text: str, entities: Mapping[str, Any] | None, *, drop_urls: Collection[str] = ()
) -> tuple[Segment, ...]:
    """Segments of an API v2 post (``start``/``end`` offsets)."""
    return _segments(text, _read(entities, _V2_KEYS, _v2_span), drop_urls)


def segments_from_v1(
    text: str, entities: Mapping[str, Any] | None, *, drop_urls: Collection[str] = ()
) -> tuple[Segment, ...]:
    """Segments of an archive post (v1.1 shape: ``indices``, numbers often as strings)."""
    return _segments(text, _read(entities, _V1_KEYS, _v1_span), drop_urls)


# --- reading the two entity shapes ---------------------------------------------------------

# entities key -> (our kind, key holding the value)
_V2_KEYS = {
    "urls": ("url", "url"),
    "mentions": ("mention", "username"),
    "hashtags": ("hashtag", "tag"),
    "cashtags": ("cashtag", "tag"),
}
_V1_KEYS = {
    "urls": ("url", "url"),
    "media": ("url", "url"),
    "user_mentions": ("mention", "screen_name"),
    "hashtags": ("hashtag", "text"),
    "symbols": ("cashtag", "text"),
}


def _v2_span(item: Mapping[str, Any]) -> tuple[int, int] | None:
    start, end = item.get("start"), item.get("end")
    if isinstance(start, int) and isinstance(end, int):
        return start, end
    return None


def _v1_span(item: Mapping[str, Any]) -> tuple[int, int] | None:
    indices = item.get("indices")
    if not isinstance(indices, list) or len(indices) != 2:
        return None
    try:
        return int(indices[0]), int(indices[1])
    except (TypeError, ValueError):
        return None


def _read(
    entities: Mapping[str, Any] | None,
    keys: Mapping[str, tuple[str, str]],
    span_of: Callable[[Mapping[str, Any]], tuple[int, int] | None],
) -> list[_Entity]:
    found: list[_Entity] = []
    if not isinstance(entities, Mapping):
        return found
    for key, (kind, value_key) in keys.items():
        items = entities.get(key)
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, Mapping):
                continue
            span, value = span_of(item), item.get(value_key)
            if span is None or not isinstance(value, str) or not value:
                continue
            target = item.get("expanded_url") or value
            display = item.get("display_url")
            found.append(
                _Entity(
                    kind,
                    *span,
                    value,
                    target=target if isinstance(target, str) else value,
                    display=display if isinstance(display, str) else "",
                )
            )
    return found


# --- cutting ------------------------------------------------------------------------------


def _place(text: str, entities: Iterable[_Entity]) -> list[_Entity]:
    """Entities that cover their token, sorted and without overlaps; others found by search."""
    placed: list[_Entity] = []
    astray: list[_Entity] = []
    for entity in sorted(entities, key=lambda e: (e.start, e.end)):
        in_range = 0 <= entity.start < entity.end <= len(text)
        if in_range and entity.covers(text[entity.start : entity.end]):
            if not placed or entity.start >= placed[-1].end:
                placed.append(entity)
        else:
            astray.append(entity)
    for entity in astray:
        for match in entity.pattern().finditer(text):
            if all(match.end() <= p.start or match.start() >= p.end for p in placed):
                placed.append(entity.moved_to(match.start(), match.end()))
                placed.sort(key=lambda e: e.start)
                break
    return placed


def _segment(entity: _Entity, typed: str) -> Segment:
    if entity.kind == "url":
        return Link(text=entity.display or typed, url=entity.target)
    if entity.kind == "mention":
        return Mention(text=typed, handle=entity.value)
    if entity.kind == "hashtag":
        return Hashtag(text=typed, tag=entity.value)
    return Cashtag(text=typed, tag=entity.value)


def _segments(
    text: str, entities: Iterable[_Entity], drop_urls: Collection[str]
) -> tuple[Segment, ...]:
    out: list[Segment] = []

    def add_text(piece: str) -> None:
        if not piece:
            return
        if out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + piece)
        else:
            out.append(Text(piece))

    position = 0
    for entity in _place(text, entities):
        add_text(html.unescape(text[position : entity.start]))
        position = entity.end
        if entity.kind == "url" and entity.value in drop_urls:
            # The media is shown instead; the space before its link would dangle.
            if out and isinstance(out[-1], Text):
                kept = out[-1].text.rstrip()
                out[-1:] = [Text(kept)] if kept else []
            continue
        out.append(_segment(entity, html.unescape(text[entity.start : entity.end])))
    add_text(html.unescape(text[position:]))
    return tuple(out)
