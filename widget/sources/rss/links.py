"""Which URLs from a feed may become links or images: absolute ``http(s)`` only.

Feeds carry relative links (resolved against the item's or the feed's base) and
hostile ones (``javascript:``, ``data:``, schemes hidden behind whitespace,
control characters or entities), so every URL passes through :func:`web_url`.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_WEB_SCHEME = re.compile(r"^https?:", re.IGNORECASE)


def web_url(value: object, base: str | None = None) -> str | None:
    """``value`` resolved against ``base`` when it is an ``http(s)`` URL with a host, else None."""
    if not isinstance(value, str):
        return None
    # As browsers do: controls and line breaks inside a URL are dropped, spaces encoded.
    cleaned = _INVISIBLE.sub("", value).strip().replace(" ", "%20")
    if not cleaned:
        return None
    # An entity-encoded scheme (``javascript&#58;``) must not pass as a relative path.
    decoded = _INVISIBLE.sub("", html.unescape(cleaned)).strip()
    if _SCHEME.match(decoded) and not _WEB_SCHEME.match(decoded):
        return None
    try:
        absolute = urljoin(base, cleaned) if base else cleaned
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return absolute


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return None
