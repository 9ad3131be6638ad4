"""JSON Feed 1.x (https://jsonfeed.org/version/1.1) read into a :class:`Feed`.

feedparser does not read JSON Feed; its few fields map directly onto ours.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from widget.model import Media
from widget.sources.rss.feed import Entry, Feed, NotAFeed
from widget.sources.rss.links import web_url
from widget.sources.times import utc_from_iso


def looks_like_json(body: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type.lower():
        return True
    return body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def read_json_feed(body: bytes, url: str) -> Feed:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise NotAFeed(f"the feed at {url} is not RSS, Atom or JSON Feed: malformed JSON") from None
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise NotAFeed(f"the feed at {url} is JSON but not a JSON Feed (no jsonfeed.org version)")
    base = web_url(data.get("feed_url")) or url
    lang = _text(data.get("language"))
    items = data.get("items") if isinstance(data.get("items"), list) else []
    entries = tuple(
        _entry(position, item, base, lang)
        for position, item in enumerate(items, start=1)
        if isinstance(item, Mapping)
    )
    skipped = len(items) - len(entries)
    return Feed(
        url=url,
        title=_text(data.get("title")),
        link=web_url(data.get("home_page_url"), base),
        image_url=web_url(data.get("icon"), base) or web_url(data.get("favicon"), base),
        lang=lang,
        entries=entries,
        problems=(f"{skipped} item(s) of {url} are not objects",) if skipped else (),
    )


def _entry(position: int, item: Mapping[str, Any], base: str, lang: str | None) -> Entry:
    raw_id = item.get("id")
    html = _text(item.get("summary")) is None and _text(item.get("content_html")) is not None
    body = (
        _text(item.get("summary"))
        or _text(item.get("content_html"))
        or _text(item.get("content_text"))
        or ""
    )
    return Entry(
        position=position,
        id=str(raw_id).strip() or None if isinstance(raw_id, (str, int)) else None,
        link=web_url(item.get("url"), base) or web_url(item.get("external_url"), base),
        title=_text(item.get("title")),
        body=body,
        body_is_html=html,
        base=base,
        lang=_text(item.get("language")) or lang,
        published=utc_from_iso(item.get("date_published"))
        or utc_from_iso(item.get("date_modified")),
        image=_image(item, base),
    )


def _image(item: Mapping[str, Any], base: str) -> Media | None:
    url = web_url(item.get("image"), base) or web_url(item.get("banner_image"), base)
    if url:
        return Media("photo", url)
    attachments = item.get("attachments")
    for attachment in attachments if isinstance(attachments, list) else []:
        if not isinstance(attachment, Mapping):
            continue
        kind = attachment.get("mime_type")
        if isinstance(kind, str) and kind.lower().startswith("image/") and "svg" not in kind:
            found = web_url(attachment.get("url"), base)
            if found:
                return Media("photo", found)
    return None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
