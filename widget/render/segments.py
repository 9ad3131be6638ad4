"""Post text to HTML: the only code that turns text from the internet into markup.

Everything here escapes first and builds tags from fixed strings, so no text,
URL, handle or tag can add an element or attribute. Links are only made for
``http``/``https`` destinations that survive the checks in :func:`safe_http_url`;
anything else is shown as the text the author's readers saw.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from markupsafe import Markup, escape

from widget.model import Cashtag, Hashtag, Link, Mention, Segment, Text

SHORTENER_HOSTS = frozenset({"t.co"})
"""Link wrappers that track every click; shown only when no real destination is known."""

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Control and format characters (tab, newline, zero-width, bidi overrides): browsers drop
some of them inside URLs, which is how ``java\\tscript:`` gets past naive checks."""


@dataclass(frozen=True)
class _Network:
    profile: str
    hashtag: str
    cashtag: str


_NETWORKS = {
    "x": _Network(
        profile="https://x.com/{}",
        hashtag="https://x.com/hashtag/{}",
        cashtag="https://x.com/search?q=%24{}",
    ),
}


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


def profile_url(handle: str, network: str = "x") -> str | None:
    """The public profile of ``handle`` on ``network``; ``None`` for a network we do not know."""
    known = _NETWORKS.get(network)
    return known.profile.format(quote(handle, safe="")) if known else None


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


def render_segment(segment: Segment, network: str = "x") -> Markup:
    known = _NETWORKS.get(network)
    if isinstance(segment, Link):
        destination = link_destination(segment)
        if destination is None:
            return _text(segment.text)
        return _anchor(destination, _link_text(segment, destination))
    if known is None or isinstance(segment, Text):
        return _text(segment.text)
    if isinstance(segment, Mention):
        href = known.profile.format(quote(segment.handle, safe=""))
        return _anchor(href, segment.text, "wdg__mention")
    if isinstance(segment, Hashtag):
        href = known.hashtag.format(quote(segment.tag, safe=""))
        return _anchor(href, segment.text, "wdg__hashtag")
    if isinstance(segment, Cashtag):
        href = known.cashtag.format(quote(segment.tag, safe=""))
        return _anchor(href, segment.text, "wdg__cashtag")
    return _text(segment.text)


def render_segments(segments: Iterable[Segment], *, network: str = "x") -> Markup:
    """The post text as HTML, safe to place inside a ``<p>``: newlines become ``<br>``."""
    return Markup("").join(render_segment(segment, network) for segment in segments)
