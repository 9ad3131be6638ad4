"""A curated feed as JSON Feed 1.1 and as Atom 1.0, for readers and other sites.

Both are deterministic: the same curated feed gives the same bytes, and nothing in
them records when the build ran (Atom's ``<updated>`` is the newest entry's time), so
an unchanged feed does not look new to every reader after each build.

A post the widget shows behind a warning (``sensitive = "warn"``) is in them too, since a
subscriber expects the posts the widget shows, but a feed reader has no closed
``<details>``: the item's title (and Atom ``<summary>``, JSON Feed ``summary``) is the
warning, which is what a reader's list shows, its content starts with the warning, and it
carries no thumbnail image, which a reader would show before the item is opened.
"""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from markupsafe import Markup

from widget.curate_rules import sensitive_labels
from widget.i18n import Messages
from widget.model import Post
from widget.render.html import post_language
from widget.render.segments import profile_url, render_segments, safe_http_url

if TYPE_CHECKING:
    from widget.curate import CuratedFeed, Entry
    from widget.media import LocalImage

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TITLE_LENGTH = 80
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold even escaped; a post can contain them."""


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def shown_post(entry: Entry) -> Post:
    """The post a reader sees: the original of a repost."""
    return entry.post.displayed


def item_id(post: Post) -> str:
    """The permalink, or a stable URN when the post has no usable one."""
    return safe_http_url(post.permalink) or _urn(f"{post.network}:{post.id}")


def _urn(name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def warning(post: Post, messages: Messages) -> str | None:
    """The words the widget's warning shows for the post or the post it quotes, or None.

    The same words as the widget's ``<details>`` summary: the author's warning, the
    network's label, or ours for content flagged sensitive."""
    for shown in (post, post.quoted):
        if shown is None:
            continue
        if shown.content_warning and shown.content_warning.strip():
            return messages("content_warning", warning=shown.content_warning.strip())
        labels = sensitive_labels(shown)
        if labels:
            return messages("content_warning", warning=_label_name(labels[0], messages))
        if shown.sensitive:
            return messages("sensitive_media")
    return None


def _label_name(label: str, messages: Messages) -> str:
    try:
        return messages("label_" + label.lstrip("!").replace("-", "_"))
    except KeyError:
        return messages("sensitive_media")


def content_text(post: Post, warned: str | None = None) -> str:
    text = post.plain_text
    quoted = post.quoted
    if quoted is not None:
        text += f"\n\n{quoted.author.name} (@{quoted.author.handle}): {quoted.plain_text}"
    return f"{warned}\n\n{text}" if warned else text


def content_html(post: Post, warned: str | None = None) -> str:
    html = Markup("<p><strong>{}</strong></p>").format(warned) if warned else Markup("")
    html += Markup("<p>{}</p>").format(render_segments(post.segments, network=post.network))
    quoted = post.quoted
    if quoted is not None:
        html += Markup("<blockquote><p>{} (@{})</p><p>{}</p></blockquote>").format(
            quoted.author.name,
            quoted.author.handle,
            render_segments(quoted.segments, network=quoted.network),
        )
    return str(html)


def title(post: Post) -> str:
    """The first words of the text on one line, cut at a word near 80 characters."""
    text = " ".join(post.plain_text.split())
    if not text:
        return f"{post.author.name} (@{post.author.handle})"
    if len(text) <= TITLE_LENGTH:
        return text
    cut = text[: TITLE_LENGTH - 1]
    if " " in cut[TITLE_LENGTH // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def _author(post: Post) -> dict[str, str]:
    author = {"name": post.author.name}
    url = profile_url(post.author.handle, post.network)
    if url:
        author["url"] = url
    return author


def _first_image(post: Post, images: Mapping[str, LocalImage]) -> LocalImage | None:
    for media in post.media:
        if media.image_url and media.image_url in images:
            return images[media.image_url]
    return None


def _json_item(
    entry: Entry,
    images: Mapping[str, LocalImage],
    feed_url: str,
    base_url: str,
    messages: Messages,
) -> dict[str, Any]:
    post = shown_post(entry)
    warned = warning(post, messages)
    item: dict[str, Any] = {"id": item_id(post)}
    permalink = safe_http_url(post.permalink)
    if permalink:
        item["url"] = permalink
    # Microblog items carry no title (JSON Feed 1.1 advises leaving it out), unless a
    # warning must come first: a reader's list shows the title before the content.
    if warned:
        item["title"] = warned
        item["summary"] = warned
    item["content_text"] = content_text(post, warned)
    item["content_html"] = content_html(post, warned)
    item["date_published"] = rfc3339(post.created)
    item["date_modified"] = rfc3339(max(entry.sort_time, post.created))
    item["authors"] = [_author(post)]
    if post.hashtags:
        item["tags"] = list(post.hashtags)
    language = post_language(post.lang, "")
    if language:
        item["language"] = language
    image = None if warned else _first_image(post, images)
    if image is not None:
        item["image"] = urljoin(feed_url, base_url + image.path)
    return item


def json_feed(
    curated: CuratedFeed,
    *,
    feed_url: str,
    home_url: str,
    images: Mapping[str, LocalImage],
    base_url: str,
) -> str:
    """JSON Feed 1.1 of the entries in their curated order; images are this site's copies."""
    feed = curated.feed
    messages = Messages(feed.locale)
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": home_url,
        "feed_url": feed_url,
        "language": feed.locale.replace("_", "-"),
        "items": [
            _json_item(entry, images, feed_url, base_url, messages) for entry in curated.entries
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _NOT_XML.sub("", v) for k, v in attrs.items()})
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _atom_entry(root: ET.Element, entry: Entry, messages: Messages) -> None:
    post = shown_post(entry)
    warned = warning(post, messages)
    element = _add(root, "entry")
    language = post_language(post.lang, "")
    if language:
        element.set(XML_LANG, language)
    _add(element, "id", item_id(post))
    _add(element, "title", warned or title(post))
    permalink = safe_http_url(post.permalink)
    if permalink:
        _add(element, "link", rel="alternate", type="text/html", href=permalink)
    _add(element, "published", rfc3339(post.created))
    _add(element, "updated", rfc3339(max(entry.sort_time, post.created)))
    author = _add(element, "author")
    _add(author, "name", post.author.name)
    uri = profile_url(post.author.handle, post.network)
    if uri:
        _add(author, "uri", uri)
    for tag in post.hashtags:
        _add(element, "category", term=tag)
    if warned:
        _add(element, "summary", warned)
    _add(element, "content", content_html(post, warned), type="html")


def atom_feed(
    curated: CuratedFeed, *, feed_url: str, home_url: str, updated: datetime | None = None
) -> str:
    """Atom 1.0; ``updated`` overrides the newest entry's time (an empty feed has none)."""
    feed = curated.feed
    newest = max((max(e.sort_time, shown_post(e).created) for e in curated.entries), default=None)
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: feed.locale.replace("_", "-")})
    absolute = "://" in feed_url
    _add(root, "id", feed_url if absolute else _urn(f"widget-feed:{feed.name}"))
    _add(root, "title", feed.title)
    _add(root, "updated", rfc3339(updated or newest or EPOCH))
    _add(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    _add(root, "link", rel="alternate", type="text/html", href=home_url)
    _add(root, "generator", "widget")
    messages = Messages(feed.locale)
    for entry in curated.entries:
        _atom_entry(root, entry, messages)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
