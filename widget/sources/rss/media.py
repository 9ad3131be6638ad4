"""An item's picture: the first enclosure, ``media:content`` or ``media:thumbnail`` image."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from widget.model import Media
from widget.sources.rss.links import web_url


def item_image(entry: Mapping[str, Any], base: str | None) -> Media | None:
    """The picture feedparser found for ``entry``, or None.

    Enclosures come first (the RSS way to attach a file), then Media RSS
    content (the widest of an item's sizes: the media stage scales it down),
    then its thumbnail. feedparser keeps ``media:description`` out of the media
    (feedparser#53), so the author's alt text is not known: ``alt`` stays None.
    """
    for enclosure in _dicts(entry.get("enclosures")):
        if _is_image(enclosure.get("type"), enclosure.get("href")):
            url = web_url(enclosure.get("href"), base)
            if url:
                return Media("photo", url)
    contents = [
        item
        for item in _dicts(entry.get("media_content"))
        if item.get("medium") == "image"
        or (item.get("medium") in (None, "") and _is_image(item.get("type"), item.get("url")))
    ]
    contents.sort(key=lambda item: -(_number(item.get("width")) or 0))
    for item in [*contents, *_dicts(entry.get("media_thumbnail"))]:
        url = web_url(item.get("url"), base)
        if url:
            return Media(
                "photo", url, width=_number(item.get("width")), height=_number(item.get("height"))
            )
    return None


def _is_image(media_type: object, url: object) -> bool:
    """An image type, or no type and a URL whose name says image (real feeds omit the type)."""
    if isinstance(media_type, str) and media_type.strip():
        return _raster(media_type.strip().lower())
    if not isinstance(url, str):
        return False
    try:
        guessed = mimetypes.guess_type(urlsplit(url).path)[0]
    except ValueError:
        return False
    return bool(guessed and _raster(guessed))


def _raster(media_type: str) -> bool:
    """SVG is refused by the media stage (it can carry script), so it is no picture here."""
    return media_type.startswith("image/") and not media_type.startswith("image/svg")


def _dicts(value: object) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
        return number if 0 < number < 100_000 else None
    return None
