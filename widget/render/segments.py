"""Post text to HTML: the only code that turns text from the internet into markup.

Everything here escapes first and builds tags from fixed strings, so no text,
URL, handle or tag can add an element or attribute. Links are only made for
``http``/``https`` destinations that survive the checks in :func:`safe_http_url`;
anything else is shown as the text the author's readers saw.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Iterable
from urllib.parse import quote, urlsplit, urlunsplit

from markupsafe import Markup, escape

from widget.model import Cashtag, Emoji, Hashtag, Link, Mention, Segment
from widget.sources.registry import network as find_network

SHORTENER_HOSTS = frozenset({"t.co"})
"""Link wrappers that track every click; shown only when no real destination is known."""

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Control and format characters (tab, newline, zero-width, bidi overrides): browsers drop
some of them inside URLs, which is how ``java\\tscript:`` gets past naive checks."""


EmojiImage = Callable[[str], tuple[str, int, int] | None]
"""A custom emoji's image on this site: source URL -> (src, width, height), or None."""


def _strip_invisible(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES)


def _checked(candidate: str) -> str | None:
    candidate = _strip_invisible(candidate).strip()
    if not candidate or any(ch.isspace() for ch in candidate):
        return None
    try:
        parts = urlsplit(candidate)
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    if "\\" in parts.netloc:
        return None
    return urlunsplit(parts._replace(scheme=parts.scheme.lower()))


def safe_http_url(url: str) -> str | None:
    """Returns ``url`` normalised when it is an ``http(s)`` URL with a host, else ``None``.

    Both the URL as written and its entity-decoded form must pass: the decoded form
    is what a careless consumer might see (``&#106;avascript:``), the written form is
    what we put in the attribute (returning the decoded form would turn a harmless
    ``&not=1`` query into ``¬=1``).
    """
    if _checked(html.unescape(url)) is None:
        return None
    return _checked(url)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _pattern_url(pattern: str | None, value: str) -> str | None:
    return pattern.format(quote(value, safe="")) if pattern else None


def profile_url(handle: str, network: str = "x") -> str | None:
    """The public profile of ``handle`` on ``network``; ``None`` when the network has no one
    address for profiles (or is unknown)."""
    known = find_network(network)
    return _pattern_url(known.profile, handle) if known else None


def link_destination(link: Link) -> str | None:
    """Where a link should point: the real URL, never a shortener when something better exists."""
    url = safe_http_url(link.url)
    if url is None or _host(url) not in SHORTENER_HOSTS:
        return url
    shown = link.text.strip()
    if shown and not shown.endswith("…") and "://" not in shown:
        shown = "https://" + shown
    from_text = safe_http_url(shown) if shown else None
    if (
        from_text is not None
        and _host(from_text) not in SHORTENER_HOSTS
        and "." in _host(from_text)
    ):
        return from_text
    return url


def _link_text(link: Link, destination: str) -> str:
    """The visible text; a bare shortener URL is replaced by the destination it hides."""
    shown = safe_http_url(link.text)
    if (
        shown is not None
        and _host(shown) in SHORTENER_HOSTS
        and _host(destination) not in (SHORTENER_HOSTS)
    ):
        return destination.split("://", 1)[1]
    return link.text


def _text(text: str) -> Markup:
    """Escaped text; any line ending (``\\n``, ``\\r\\n``, ``\\r``) becomes a ``<br>``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Markup("<br>").join(escape(line) for line in lines)


def _anchor(href: str, text: str, css_class: str | None = None) -> Markup:
    if css_class is None:
        return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(href, _text(text))
    return Markup('<a class="{}" href="{}" rel="noopener noreferrer">{}</a>').format(
        css_class, href, _text(text)
    )


def _tag_link(url: str | None, fallback: str | None, text: str, css_class: str) -> Markup:
    href = safe_http_url(url) if url else None
    href = href or fallback
    return _anchor(href, text, css_class) if href else _text(text)


def _emoji(segment: Emoji, images: EmojiImage | None) -> Markup:
    found = images(segment.image_url) if images else None
    if found is None:
        return _text(segment.text)
    src, width, height = found
    return Markup('<img class="wdg__emoji" src="{}" alt="{}" width="{}" height="{}">').format(
        src, segment.text, width, height
    )


def render_segment(
    segment: Segment, network: str = "x", images: EmojiImage | None = None
) -> Markup:
    known = find_network(network)
    if isinstance(segment, Link):
        destination = link_destination(segment)
        if destination is None:
            return _text(segment.text)
        return _anchor(destination, _link_text(segment, destination))
    if isinstance(segment, Emoji):
        return _emoji(segment, images)
    if isinstance(segment, Mention):
        fallback = _pattern_url(known.profile, segment.handle) if known else None
        return _tag_link(segment.url, fallback, segment.text, "wdg__mention")
    if isinstance(segment, Hashtag):
        fallback = _pattern_url(known.hashtag, segment.tag) if known else None
        return _tag_link(segment.url, fallback, segment.text, "wdg__hashtag")
    if isinstance(segment, Cashtag):
        fallback = _pattern_url(known.cashtag, segment.tag) if known else None
        return _tag_link(None, fallback, segment.text, "wdg__cashtag")
    return _text(segment.text)


def render_segments(
    segments: Iterable[Segment], *, network: str = "x", images: EmojiImage | None = None
) -> Markup:
    """The post text as HTML, safe to place inside a ``<p>``: newlines become ``<br>``."""
    return Markup("").join(render_segment(segment, network, images) for segment in segments)
