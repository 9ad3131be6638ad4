"""An unpacked X account export -> the account's handle and its posts.

The export keeps posts in ``data/tweets.js`` (``data/tweet.js`` in older ones, big
archives go on in ``tweets-part1.js``, ``part2`` …) as a JavaScript assignment around
JSON in the old v1.1 shape: numbers as strings, and retweets only recognisable by
their ``RT @handle:`` prefix. Pictures sit beside it in ``data/tweets_media``; when
a file is there, the post points at it, so nothing has to be fetched from X again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from widget.errors import SourceError
from widget.model import Author, Media, MediaKind, Post, PostKind
from widget.sources.x.common import (
    NETWORK,
    as_int,
    as_mapping,
    as_mappings,
    as_text,
    best_mp4,
    permalink,
    utc,
    valid_post_id,
)
from widget.sources.x.text import segments_from_v1

_RETWEET = re.compile(r"RT @(\w{1,50}): ")
_MEDIA_KINDS: dict[str, MediaKind] = {"photo": "photo", "video": "video", "animated_gif": "gif"}
_CREATED = "%a %b %d %H:%M:%S %z %Y"


def archive_handle(folder: Path) -> str:
    """The lower-case handle an export belongs to, read from its small ``account.js`` alone."""
    return _account(folder / "data", default_handle=folder.name).handle.lower()


def read_archive(folder: Path, skipped: list[str] | None = None) -> tuple[str, tuple[Post, ...]]:
    """(lower-case handle, posts newest first); a damaged export raises SourceError.

    With a ``skipped`` list, a post that cannot be read (an odd ID or date) is left
    out and its problem line added there, so one odd post never hides the others.
    """
    data = folder / "data"
    author = _account(data, default_handle=folder.name)
    posts: dict[str, Post] = {}
    edited: list[list[str]] = []
    for path in _tweet_files(data):
        for number, item in enumerate(_load(path)):
            tweet = item.get("tweet", item) if isinstance(item, Mapping) else None
            if not isinstance(tweet, Mapping):
                raise SourceError(f"{path}: item {number} is not a post object")
            try:
                post = _post(tweet, author, data / "tweets_media", f"{path}: item {number}")
            except SourceError as error:
                if skipped is None:
                    raise
                skipped.append(f"{error.message}; left out")
                continue
            posts[post.id] = post
            edited.append(_versions(tweet))
    older = _superseded(edited, posts)
    kept = [post for post in posts.values() if post.id not in older]
    kept.sort(key=lambda post: (post.created, as_int(post.id) or 0), reverse=True)
    return author.handle.lower(), tuple(kept)


def _superseded(edited: list[list[str]], present: Mapping[str, Post]) -> set[str]:
    """An edited post appears once per version; readers last saw the latest one."""
    older: set[str] = set()
    for ids in edited:
        latest = max(ids, key=int, default="")
        if latest in present:
            older.update(i for i in ids if i != latest)
    return older


def _tweet_files(data: Path) -> list[Path]:
    for stem in ("tweets", "tweet"):
        first = data / f"{stem}.js"
        if first.is_file():
            files = [first]
            while (part := data / f"{stem}-part{len(files)}.js").is_file():
                files.append(part)
            return files
    raise SourceError(f"{data / 'tweets.js'}: not found; is this an unpacked X account export?")


def _load(path: Path) -> list[Any]:
    """The JSON array of a ``window.YTD.<name>.part0 = [...]`` file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror})") from None
    start = text.find("[")
    if start < 0:
        raise SourceError(f"{path}: no JSON array after 'window.YTD…='")
    try:
        value = json.loads(text[start:])
    except json.JSONDecodeError as error:
        line = error.lineno + text.count("\n", 0, start)
        raise SourceError(f"{path}: not valid JSON at line {line}: {error.msg}") from None
    except ValueError:  # an integer of more than 4,300 digits
        raise SourceError(f"{path}: holds a number too long to read") from None
    except RecursionError:
        raise SourceError(f"{path}: JSON nested too deeply to read") from None
    if not isinstance(value, list):
        raise SourceError(f"{path}: expected a JSON array")
    return value


def _account(data: Path, default_handle: str) -> Author:
    account = _first(data / "account.js", "account")
    profile = _first(data / "profile.js", "profile")
    handle = as_text(account.get("username")) or default_handle
    account_id = as_text(account.get("accountId"))
    avatar = as_text(profile.get("avatarMediaUrl"))
    if avatar:
        avatar = _local(data / "profile_media", account_id, avatar) or avatar
    return Author(
        id=account_id,
        name=as_text(account.get("accountDisplayName")) or handle,
        handle=handle,
        avatar_url=avatar or None,
    )


def _first(path: Path, key: str) -> Mapping[str, Any]:
    """``[{key: {...}}]``'s inner object, or nothing when the export left the file out."""
    if not path.is_file():
        return {}
    items = _load(path)
    item = items[0] if items and isinstance(items[0], Mapping) else {}
    inner = item.get(key, {})
    if not isinstance(inner, Mapping):
        raise SourceError(f"{path}: '{key}' is not an object")
    return inner


def _post(tweet: Mapping[str, Any], author: Author, media_dir: Path, where: str) -> Post:
    post_id = as_text(tweet.get("id_str")) or as_text(tweet.get("id"))
    text = tweet.get("full_text", tweet.get("text"))
    created_at = as_text(tweet.get("created_at"))
    if not post_id or not isinstance(text, str) or not created_at:
        raise SourceError(f"{where} lacks 'id_str', 'full_text' or 'created_at'")
    if valid_post_id(post_id) is None:
        raise SourceError(f"{where}: id {post_id[:40]!r} is not an X post id (up to 20 digits)")
    try:
        created = utc(datetime.strptime(created_at, _CREATED))
    except ValueError:
        created = None
    if created is None:
        raise SourceError(f"{where}: created_at {created_at[:60]!r} is not a time") from None
    entities = as_mapping(tweet.get("entities"))
    media_items = _media_items(tweet)
    media = tuple(m for item in media_items if (m := _media(item, post_id, media_dir)))
    # Both lists name the media link; in some exports they disagree about its t.co form.
    links = [*media_items, *as_mappings(entities.get("media"))]
    drop = {url for item in links if (url := as_text(item.get("url")))} if media else set()
    lang = as_text(tweet.get("lang")) or None
    reply_to = as_text(tweet.get("in_reply_to_status_id_str")) or None
    post = Post(
        id=post_id,
        network=NETWORK,
        account=author.handle.lower(),
        author=author,
        created=created,
        segments=segments_from_v1(text, entities, drop_urls=drop),
        permalink=permalink(author.handle, post_id),
        kind=PostKind.REPLY if reply_to else PostKind.POST,
        lang=lang,
        media=media,
        in_reply_to=reply_to,
        # Exports write the flag as a JSON boolean or, in older ones, as a string.
        sensitive=tweet.get("possibly_sensitive") in (True, "true"),
        in_reply_to_handle=(as_text(tweet.get("in_reply_to_screen_name")) or None)
        if reply_to
        else None,
    )
    retweet = _RETWEET.match(text)
    if retweet is None:
        return post
    # The export keeps only the reposter's cut-down copy: the original's id and author
    # are lost, so it is rebuilt from the text after the prefix (its media included).
    handle = retweet.group(1)
    sources = [as_text(item.get("source_status_id_str")) for item in media_items]
    original_id = next((s for s in sources if valid_post_id(s)), post_id)
    original = Post(
        id=original_id,
        network=NETWORK,
        account=post.account,
        author=Author(id="", name=handle, handle=handle),
        created=created,
        segments=segments_from_v1(
            text[retweet.end() :], _shifted(entities, -retweet.end()), drop_urls=drop
        ),
        permalink=permalink(handle, original_id),
        lang=lang,
        media=media,
        sensitive=post.sensitive,
    )
    # The repost itself carries no media, reply or extra fields of its own: its original does.
    return replace(
        post,
        kind=PostKind.REPOST,
        media=(),
        in_reply_to=None,
        in_reply_to_handle=None,
        original=original,
    )


def _media_items(tweet: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """``extended_entities`` holds every picture; ``entities.media`` only the first."""
    for holder in (tweet.get("extended_entities"), tweet.get("entities")):
        items = as_mappings(as_mapping(holder).get("media"))
        if items:
            return items
    return []


def _media(item: Mapping[str, Any], post_id: str, media_dir: Path) -> Media | None:
    kind = _MEDIA_KINDS.get(as_text(item.get("type")))
    remote = as_text(item.get("media_url_https")) or as_text(item.get("media_url"))
    if kind is None or not remote:
        return None
    large = as_mapping(as_mapping(item.get("sizes")).get("large"))
    alt = as_text(item.get("ext_alt_text")).strip()
    return Media(
        kind=kind,
        image_url=_local(media_dir, post_id, remote) or remote,
        alt=alt or None,
        width=as_int(large.get("w")),
        height=as_int(large.get("h")),
        video_url=best_mp4(as_mapping(item.get("video_info")).get("variants"), rate_key="bitrate"),
    )


def _local(folder: Path, prefix: str, url: str) -> str | None:
    """The export's own copy, named ``<prefix>-<file name of the URL>``, as a file: URI."""
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    candidate = folder / f"{prefix}-{name}"
    if prefix and name and candidate.is_file():
        return candidate.resolve().as_uri()
    return None


def _shifted(entities: Mapping[str, Any], by: int) -> dict[str, list[Any]]:
    """Entities with their indices moved by ``by``, for the text after a retweet's prefix."""
    return {
        key: [_shift(item, by) for item in items]
        for key, items in entities.items()
        if isinstance(items, list)
    }


def _shift(item: Any, by: int) -> Any:
    indices = item.get("indices") if isinstance(item, Mapping) else None
    if not isinstance(indices, list):
        return item
    numbers = [as_int(i) for i in indices]
    return {**item, "indices": [n + by if n is not None else -1 for n in numbers]}


def _versions(tweet: Mapping[str, Any]) -> list[str]:
    """All ids of an edited post, from whichever version this is."""
    info = as_mapping(tweet.get("edit_info"))
    control = as_mapping(info.get("initial")) or as_mapping(
        as_mapping(info.get("edit")).get("editControlInitial")
    )
    ids = control.get("editTweetIds")
    return [i for i in ids if valid_post_id(i)] if isinstance(ids, list) else []
