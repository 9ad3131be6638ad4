"""Feed bytes read into a :class:`Feed`: RSS and Atom through feedparser, JSON Feed by hand.

feedparser gets the body as a file object and the feed's URL as its
``Content-Location``: a bare ``bytes``/``str`` may be taken for a URL or a file
path, and without the URL relative Atom links stay relative.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

import feedparser

from widget.sources.rss.dates import from_struct, localized_date
from widget.sources.rss.feed import Entry, Feed, NotAFeed
from widget.sources.rss.html import plain_text
from widget.sources.rss.jsonfeed import looks_like_json, read_json_feed
from widget.sources.rss.links import web_url
from widget.sources.rss.media import item_image
from widget.sources.web import one_line

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def read_feed(body: bytes, url: str, content_type: str | None) -> Feed:
    """The feed in ``body``; raises NotAFeed with one line when it is none."""
    if looks_like_json(body, content_type):
        return read_json_feed(body, url)
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={
            "content-location": url,
            "content-type": content_type or "application/xml",
        },
    )
    channel = _mapping(parsed.get("feed"))
    raw_entries = parsed.get("entries")
    items = raw_entries if isinstance(raw_entries, list) else []
    version = parsed.get("version")
    rss = isinstance(version, str) and version.startswith("rss")
    title = _title(channel, rss=rss)
    if not items and not title and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        reason = one_line(str(problem)) if problem else "no feed elements in it"
        raise NotAFeed(f"the feed at {url} is not RSS or Atom: {reason}")
    base = _base(channel, url)
    lang = _language(channel.get("language")) or _detail_language(channel, "title_detail")
    entries = tuple(
        _entry(position, item, base, lang, rss=rss)
        for position, item in enumerate(items, start=1)
        if isinstance(item, Mapping)
    )
    skipped = len(items) - len(entries)
    problems = (f"{skipped} item(s) of {url} had no fields",) if skipped else ()
    return Feed(
        url=url,
        title=title,
        link=web_url(channel.get("link"), base),
        image_url=_feed_image(channel, base),
        lang=lang,
        entries=entries,
        problems=problems,
    )


def _entry(
    position: int, item: Mapping[str, Any], base: str, feed_lang: str | None, *, rss: bool
) -> Entry:
    item_base = _base(item, base)
    body, body_type, body_base, body_lang = _body(item)
    return Entry(
        position=position,
        id=_text(item.get("id")),
        link=web_url(item.get("link"), item_base),
        title=_title(item, rss=rss),
        body=body,
        body_is_html=body_type in _HTML_TYPES,
        base=body_base or item_base,
        lang=_detail_language(item, "title_detail") or body_lang or feed_lang,
        published=(
            from_struct(item.get("published_parsed"))
            or localized_date(item.get("published"))
            or from_struct(_own(item, "updated_parsed"))
            or localized_date(_own(item, "updated"))
        ),
        image=item_image(item, item_base),
    )


def _own(item: Mapping[str, Any], key: str) -> Any:
    """``item[key]`` without feedparser's fallback from "updated" to "published", which
    warns (DeprecationWarning) when an entry's date is missing or unreadable."""
    return dict.get(item, key) if isinstance(item, dict) else item.get(key)


def _body(item: Mapping[str, Any]) -> tuple[str, str, str | None, str | None]:
    """The summary (a teaser is what a widget shows), else the first non-empty content."""
    candidates = [_mapping(item.get("summary_detail"))]
    content = item.get("content")
    if isinstance(content, list):
        candidates += [_mapping(part) for part in content]
    for detail in candidates:
        value = detail.get("value")
        if isinstance(value, str) and value.strip():
            kind = detail.get("type")
            return (
                value,
                kind.lower() if isinstance(kind, str) else "text/html",
                _text(detail.get("base")),
                _language(detail.get("language")),
            )
    return "", "text/plain", None, None


def _title(item: Mapping[str, Any], *, rss: bool) -> str | None:
    """The title as text. RSS says nothing of a title's type and CMSs put escaped HTML in
    it, which feedparser does not always notice (``<script>`` is left as text): in RSS,
    anything that looks like a tag is taken for one."""
    detail = _mapping(item.get("title_detail"))
    value = detail.get("value", item.get("title"))
    if not isinstance(value, str):
        return None
    html = detail.get("type") in _HTML_TYPES or (rss and _TAG.search(value) is not None)
    text = plain_text(value) if html else _SPACE.sub(" ", value).strip()
    return text or None


def _feed_image(channel: Mapping[str, Any], base: str) -> str | None:
    image = _mapping(channel.get("image"))
    for candidate in (
        image.get("href"),
        image.get("url"),
        channel.get("icon"),
        channel.get("logo"),
    ):
        url = web_url(candidate, base)
        if url:
            return url
    return None


def _base(item: Mapping[str, Any], fallback: str) -> str:
    """The ``xml:base`` in effect for ``item`` (feedparser records it on each detail)."""
    base = web_url(_mapping(item.get("title_detail")).get("base"))
    return base or fallback


def _detail_language(item: Mapping[str, Any], key: str) -> str | None:
    return _language(_mapping(item.get(key)).get("language"))


def _language(value: object) -> str | None:
    """A language tag as written (``da``, ``en-gb``); anything that is no tag is ignored."""
    if not isinstance(value, str):
        return None
    tag = value.strip()
    return tag if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", tag) else None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
