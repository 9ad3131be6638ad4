"""A status's HTML ``content`` as typed segments: no markup of it survives.

Servers send sanitized HTML, but other fediverse software sanitizes less and a
widget must not trust any of it. So the HTML is only *read*: its visible text
becomes ``Text``; an ``<a>`` with an http(s) destination becomes a ``Mention``,
``Hashtag`` or ``Link``; any other ``<a>`` is plain text; paragraphs become
blank lines and ``<br>`` a line break; ``:shortcode:`` of the status's custom
emoji become ``Emoji``. Scripts, styles and every attribute are dropped.

Visible text is what Mastodon's own page shows: ``<span class="invisible">``
is left out (the ``https://`` of a link). A long link is shown cut short
(``<span class="ellipsis">``, the "…" added by CSS); here its text is the
address completed with its hidden tail and without the scheme, so a reader sees
where it leads and no "…" is invented.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4.element import (
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    PageElement,
    ProcessingInstruction,
    Tag,
)

from widget.model import Emoji, Hashtag, Link, Mention, Segment, Text
from widget.sources.soup import parse_post_html

SKIPPED = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "svg", "math", "noscript",
     "head", "title", "img", "video", "audio", "picture", "source", "canvas", "form",
     "input", "button", "select", "textarea"}
)  # fmt: skip
"""Elements whose content is no part of a post's visible text."""

PARAGRAPHS = frozenset(
    {"p", "div", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
     "table", "section", "article", "header", "footer", "figure", "hr"}
)  # fmt: skip
LINES = frozenset({"li", "tr", "dt", "dd", "figcaption"})

PARAGRAPH = "\n\n"
LINE = "\n"
_SHORTCODE = re.compile(r":([A-Za-z0-9_]{1,100}):")
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)


@dataclass(frozen=True)
class Context:
    """What the status says about the links in its content, to tell them apart."""

    mentions: Mapping[str, str] = field(default_factory=dict)
    """Profile URL -> handle (``user@host``), from ``mentions[]``."""
    tags: frozenset[str] = frozenset()
    """Hashtag URLs and lower-cased names, from ``tags[]``."""
    emoji: Mapping[str, str] = field(default_factory=dict)
    """Shortcode -> image URL, from ``emojis[]``."""
    hide_quote: bool = False
    """Leave out the ``quote-inline`` "RE: …" paragraph: the quoted post is shown instead."""


@dataclass(frozen=True)
class _Break:
    text: str


_Piece = str | Segment | _Break


def web_url(value: object) -> str | None:
    """``value`` as an http(s) URL with a host, or None for any other scheme or shape."""
    if not isinstance(value, str):
        return None
    clean = _CONTROL.sub("", value)
    try:
        parts = urlsplit(clean)
    except ValueError:
        return None
    return clean if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def emoji_segments(text: str, emoji: Mapping[str, str]) -> list[Segment]:
    """``text`` with each known ``:shortcode:`` as an Emoji segment."""
    segments: list[Segment] = []
    start = 0
    for match in _SHORTCODE.finditer(text):
        image = emoji.get(match.group(1))
        if image is None:
            continue
        if match.start() > start:
            segments.append(Text(text[start : match.start()]))
        segments.append(Emoji(match.group(0), image))
        start = match.end()
    if start < len(text):
        segments.append(Text(text[start:]))
    return segments


def segments_from_html(content: str, context: Context) -> tuple[Segment, ...]:
    """The segments of a status's ``content``; never raises on odd HTML."""
    soup = parse_post_html(content)
    return _assemble(_pieces(soup, context), context)


def _classes(tag: Tag) -> set[str]:
    value = tag.get("class")
    if isinstance(value, str):
        return set(value.split())
    return {str(item) for item in value or ()}


def _rel(tag: Tag) -> set[str]:
    value = tag.get("rel")
    return set(value.split()) if isinstance(value, str) else {str(v) for v in value or ()}


def _hidden(tag: Tag, context: Context) -> bool:
    classes = _classes(tag)
    return (
        tag.name in SKIPPED
        or "invisible" in classes
        or (context.hide_quote and "quote-inline" in classes)
    )


def _pieces(root: Tag, context: Context) -> Iterator[_Piece]:
    """Text, segments and breaks in document order; iterative, so deep nesting cannot
    exhaust the stack."""
    stack: list[PageElement | _Break] = list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, _Break):
            yield node
        elif isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                yield _flow(str(node), node)
        elif isinstance(node, Tag) and not _hidden(node, context):
            if node.name == "br":
                yield LINE
            elif node.name == "a":
                yield from _anchor(node, context)
            else:
                gap = PARAGRAPH if node.name in PARAGRAPHS else LINE if node.name in LINES else None
                if gap:
                    yield _Break(gap)
                    stack.append(_Break(gap))
                stack.extend(reversed(node.contents))


def _flow(text: str, node: NavigableString) -> str:
    """Line breaks in the HTML source are spaces on the page, except inside ``<pre>``."""
    if node.find_parent("pre") is not None:
        return text
    return re.sub(r"[\r\n\t]+", " ", text)


def _visible_text(anchor: Tag) -> tuple[str, str]:
    """The anchor's visible text, and the text hidden after a cut-short display."""
    shown: list[str] = []
    tail: list[str] = []
    cut = False
    stack: list[PageElement] = list(reversed(anchor.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                shown.append(re.sub(r"\s+", " ", str(node)))
        elif isinstance(node, Tag):
            classes = _classes(node)
            if node.name in SKIPPED:
                continue
            if "invisible" in classes:
                if cut:
                    tail.append(node.get_text())
                continue
            if "ellipsis" in classes:
                cut = True
            stack.extend(reversed(node.contents))
    text = "".join(shown)
    if cut:  # a server that wrote the "…" itself
        text = text.removesuffix("…")
    return text, re.sub(r"\s+", "", "".join(tail))


def _anchor(anchor: Tag, context: Context) -> list[_Piece]:
    text, tail = _visible_text(anchor)
    if not text.strip():
        return []
    url = web_url(anchor.get("href"))
    if url is None:
        return [text]  # javascript:, data:, mailto: … are shown, not linked
    classes = _classes(anchor)
    classed = "mention" in classes and "hashtag" not in classes and text.startswith("@")
    if url in context.mentions or classed:
        return [Mention(text, _handle(text, url, context), url)]
    tag = text[1:] if text[:1] in ("#", "＃") else ""
    tagged = url in context.tags or tag.lower() in context.tags
    if tag and (tagged or "hashtag" in classes or "tag" in _rel(anchor)):
        return [Hashtag(text, tag, url)]
    return [Link(text + tail if tail else text, url)]


def _handle(text: str, url: str, context: Context) -> str:
    known = context.mentions.get(url)
    if known:
        return known
    handle = text.strip().removeprefix("@")
    host = (urlsplit(url).hostname or "").lower()
    return handle if "@" in handle or not host else f"{handle}@{host}"


def _assemble(pieces: Iterator[_Piece], context: Context) -> tuple[Segment, ...]:
    """Joins the pieces: breaks collapse (the widest wins) and vanish at either end,
    whitespace beside a paragraph break is dropped, adjacent texts merge."""
    out: list[Segment] = []
    pending: str | None = None
    for piece in pieces:
        if isinstance(piece, _Break):
            if out and (pending is None or len(piece.text) > len(pending)):
                pending = piece.text
            continue
        if isinstance(piece, str):
            # whitespace (a <br> too) at a paragraph's edge adds nothing to the break
            if not out:
                piece = piece.lstrip()
            elif pending is not None:
                piece = piece.lstrip() if pending == PARAGRAPH else piece.lstrip(" ")
            if not piece:
                continue
        if pending is not None:
            _rstrip_last(out)
            out.append(Text(pending))
            pending = None
        out.extend(emoji_segments(piece, context.emoji) if isinstance(piece, str) else [piece])
    _rstrip_last(out)
    return _merge(out)


def _rstrip_last(out: list[Segment]) -> None:
    while out and isinstance(out[-1], Text):
        rest = out[-1].text.rstrip()
        if rest:
            out[-1] = Text(rest)
            return
        out.pop()


def _merge(segments: list[Segment]) -> tuple[Segment, ...]:
    merged: list[Segment] = []
    for segment in segments:
        if isinstance(segment, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + segment.text)
        elif not (isinstance(segment, Text) and not segment.text):
            merged.append(segment)
    return tuple(merged)
