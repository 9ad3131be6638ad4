"""A parsed feed in the few fields the widget uses, whatever format it came in.

RSS, Atom (through feedparser) and JSON Feed are read into these, with every URL
already absolute; :mod:`normalize` makes posts from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from widget.model import Media


class NotAFeed(ValueError):
    """The answer is not a feed this kind reads; the message is one line."""


@dataclass(frozen=True)
class Entry:
    """One item. ``body`` is HTML when ``body_is_html``, else plain text."""

    position: int
    """1-based, for problem lines."""
    id: str | None
    link: str | None
    title: str | None
    body: str
    body_is_html: bool
    base: str | None
    """What relative links in ``body`` are resolved against."""
    lang: str | None
    published: datetime | None
    image: Media | None


@dataclass(frozen=True)
class Feed:
    url: str
    title: str | None
    link: str | None
    image_url: str | None
    lang: str | None
    entries: tuple[Entry, ...]
    problems: tuple[str, ...] = ()
