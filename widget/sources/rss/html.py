"""A feed item's HTML turned into plain text and links, and cut to a teaser.

Feed HTML is never trusted (feedparser's sanitizer lets ``img src=javascript:``
and ``data:`` through): only text and ``http(s)`` links survive. Everything
else is reduced to its text; scripts, styles and other non-content elements are
dropped with their text. Paragraph-like elements become blank lines and
``<br>`` a line break, so the renderer can show the shape of the text.
"""

from __future__ import annotations

import re

from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from widget.model import Link, Segment, Text
from widget.sources.rss.links import web_url
from widget.sources.soup import parse_post_html

LEAD_CHARACTERS = 500
"""A widget shows a teaser; the full article is one click away."""

ELLIPSIS = "…"

_DROPPED = frozenset(
    {
        "script", "style", "template", "noscript", "iframe", "object", "embed", "svg",
        "math", "head", "title", "select", "textarea", "button", "canvas", "audio", "video",
    }
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "p", "div", "blockquote", "pre", "ul", "ol", "dl", "table", "section", "article",
        "aside", "header", "footer", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "address", "details", "summary", "main", "nav", "form", "fieldset",
    }
)  # fmt: skip
_LINES = frozenset({"li", "dt", "dd", "tr", "caption"})
"""Each starts a line; the list or table around them ends the paragraph."""
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_BREAK = "\0"
"""Marks a line break while whitespace is collapsed; becomes ``\\n`` at the end."""


def html_segments(markup: str, base: str | None) -> tuple[Segment, ...]:
    """Text and links of ``markup``; link targets resolved against ``base``."""
    soup = parse_post_html(markup)
    pieces: list[Segment] = []
    _walk(soup, base, pieces, preformatted=False)
    return _tidy(pieces)


def plain_text(markup: str) -> str:
    """The text of an HTML fragment on one line (for titles and names)."""
    text = "".join(segment.text for segment in html_segments(markup, None))
    return _SPACE.sub(" ", text).strip()


def _walk(node: Tag, base: str | None, out: list[Segment], *, preformatted: bool) -> None:
    for child in node.children:
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            text = str(child)
            if preformatted:
                text = text.replace("\n", _BREAK)
            out.append(Text(text))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _DROPPED:
            continue
        if name == "br":
            out.append(Text(_BREAK))
            continue
        block = name in _BLOCKS
        line = name in _LINES
        if block:
            out.append(Text(_BREAK * 2))
        elif line:
            out.append(Text(_BREAK))
        if name == "a":
            _link(child, base, out, preformatted=preformatted)
        else:
            _walk(child, base, out, preformatted=preformatted or name == "pre")
        if block:
            out.append(Text(_BREAK * 2))


def _link(tag: Tag, base: str | None, out: list[Segment], *, preformatted: bool) -> None:
    inner: list[Segment] = []
    _walk(tag, base, inner, preformatted=preformatted)
    href = tag.get("href")
    url = web_url(href, base) if isinstance(href, str) else None
    text = "".join(piece.text for piece in inner)
    if url is None or not _SPACE.sub("", text.replace(_BREAK, "")):
        out.extend(Text(piece.text) for piece in inner)
        return
    out.append(Link(text, url))


def _tidy(pieces: list[Segment]) -> tuple[Segment, ...]:
    """Collapses whitespace as a browser would, merges neighbouring text, trims the ends."""
    merged: list[Segment] = []
    for piece in pieces:
        if isinstance(piece, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + piece.text)
        else:
            merged.append(piece)
    result: list[Segment] = []
    for index, piece in enumerate(merged):
        text = _collapse(piece.text, first=index == 0, last=index == len(merged) - 1)
        if isinstance(piece, Link):
            link_text = _SPACE.sub(" ", text.replace(_BREAK, " ")).strip()
            result.append(Link(link_text, piece.url))
        elif text:
            result.append(Text(text))
    return tuple(result)


def _collapse(text: str, *, first: bool, last: bool) -> str:
    text = _SPACE.sub(" ", text)
    text = re.sub(rf" *{_BREAK}[ {_BREAK}]*", _breaks, text)
    if first:
        text = text.lstrip(" \n")
    if last:
        text = text.rstrip(" \n")
    return text


def _breaks(match: re.Match[str]) -> str:
    return "\n\n" if match.group(0).count(_BREAK) > 1 else "\n"


def cut_lead(segments: tuple[Segment, ...], limit: int = LEAD_CHARACTERS) -> tuple[Segment, ...]:
    """The first ``limit`` characters or so, cut at a word boundary and ended with ``…``."""
    if sum(len(segment.text) for segment in segments) <= limit:
        return segments
    kept: list[Segment] = []
    room = limit
    for segment in segments:
        if len(segment.text) <= room:
            kept.append(segment)
            room -= len(segment.text)
            continue
        head = _word_cut(segment.text, room)
        if head:
            kept.append(Link(head, segment.url) if isinstance(segment, Link) else Text(head))
        break
    while kept and isinstance(kept[-1], Text) and not kept[-1].text.strip():
        kept.pop()
    if kept and isinstance(kept[-1], Text):
        kept[-1] = Text(kept[-1].text.rstrip() + ELLIPSIS)
    else:
        kept.append(Text(ELLIPSIS))
    return tuple(kept)


def _word_cut(text: str, room: int) -> str:
    """At most ``room`` characters of ``text``, ending at a word boundary when there is one."""
    head = text[: room + 1]
    boundary = max(head.rfind(" "), head.rfind("\n"))
    if boundary > 0:
        return head[:boundary].rstrip(" \n,;:")
    return text[:room].rstrip()
