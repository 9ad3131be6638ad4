"""A post's embed view (``post.embed``) as media, a link card and the quoted post.

Bluesky adds embed types over time (``gallery#view`` came in 2026), so a type
this module does not know is left out with one problem line; it never costs
the post.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from widget.model import Card, Media

PREFIX = "app.bsky.embed."
IMAGES = PREFIX + "images#view"
VIDEO = PREFIX + "video#view"
EXTERNAL = PREFIX + "external#view"
RECORD = PREFIX + "record#view"
RECORD_WITH_MEDIA = PREFIX + "recordWithMedia#view"
VIEW_RECORD = PREFIX + "record#viewRecord"
UNAVAILABLE = frozenset(
    PREFIX + name for name in ("record#viewNotFound", "record#viewBlocked", "record#viewDetached")
)
"""A quoted post that was deleted, blocks someone or was detached: the quote shows alone."""


@dataclass(frozen=True)
class Embedded:
    media: tuple[Media, ...] = ()
    card: Card | None = None
    quoted: Mapping[str, Any] | None = None
    """The quoted post's ``#viewRecord``, still raw: the normalizer makes it a post."""


def read_embed(view: Any, problems: list[str], where: str) -> Embedded:
    """``where`` names the post in problem lines."""
    if view is None:
        return Embedded()
    if not isinstance(view, Mapping):
        problems.append(f"{where}: its embed is not an object; shown without it")
        return Embedded()
    kind = view.get("$type")
    if kind == RECORD:
        return Embedded(quoted=_quoted(view.get("record"), problems, where))
    if kind == RECORD_WITH_MEDIA:
        media = _media_embed(view.get("media"), problems, where)
        return Embedded(media.media, media.card, _quoted(view.get("record"), problems, where))
    return _media_embed(view, problems, where)


def _media_embed(view: Any, problems: list[str], where: str) -> Embedded:
    kind = view.get("$type") if isinstance(view, Mapping) else None
    if kind == IMAGES:
        return Embedded(media=_images(view, problems, where))
    if kind == VIDEO:
        video = _video(view)
        if video is None:
            problems.append(f"{where}: its video has no playlist; shown without it")
        return Embedded(media=(video,) if video else ())
    if kind == EXTERNAL:
        return Embedded(card=_card(view.get("external"), problems, where))
    problems.append(f"{where}: its embed of type {_describe(kind)} is not supported; left out")
    return Embedded()


def _quoted(view: Any, problems: list[str], where: str) -> Mapping[str, Any] | None:
    # recordWithMedia wraps a whole record#view (its $type often left out, as real
    # answers show); record#view holds the record itself.
    if isinstance(view, Mapping) and view.get("$type") in (RECORD, None) and "record" in view:
        view = view.get("record")
    if not isinstance(view, Mapping):
        problems.append(f"{where}: the record it embeds is not an object; left out")
        return None
    kind = view.get("$type")
    if kind == VIEW_RECORD:
        return view
    if kind not in UNAVAILABLE:
        problems.append(f"{where}: the record it embeds, {_describe(kind)}, is not supported")
    return None


def _images(view: Mapping[str, Any], problems: list[str], where: str) -> tuple[Media, ...]:
    images = view.get("images")
    found = []
    for image in images if isinstance(images, list) else ():
        url = _url(image, "fullsize") or _url(image, "thumb")
        if url is None:
            problems.append(f"{where}: an image without an address was left out")
            continue
        width, height = _aspect(image.get("aspectRatio"))
        found.append(Media("photo", url, _alt(image.get("alt")), width, height))
    return tuple(found)


def _video(view: Mapping[str, Any]) -> Media | None:
    playlist = _url(view, "playlist")
    if playlist is None:
        return None
    width, height = _aspect(view.get("aspectRatio"))
    return Media("video", _url(view, "thumbnail"), _alt(view.get("alt")), width, height, playlist)


def _card(external: Any, problems: list[str], where: str) -> Card | None:
    uri = _url(external, "uri")
    if uri is None:
        problems.append(f"{where}: its link card has no address; left out")
        return None
    title = external.get("title")
    description = external.get("description")
    return Card(
        url=uri,
        title=title.strip() if isinstance(title, str) else "",
        description=description.strip() if isinstance(description, str) else "",
        image_url=_url(external, "thumb"),
    )


def _url(holder: Any, key: str) -> str | None:
    value = holder.get(key) if isinstance(holder, Mapping) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _alt(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _aspect(ratio: Any) -> tuple[int | None, int | None]:
    if not isinstance(ratio, Mapping):
        return None, None
    width, height = ratio.get("width"), ratio.get("height")
    if _positive(width) and _positive(height):
        return width, height
    return None, None


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100_000


def _describe(kind: Any) -> str:
    if isinstance(kind, str) and kind:
        return repr(kind[:80])
    return "(none given)"
