"""One X API v2 timeline answer -> neutral posts.

The answer is trusted for nothing: a post that lacks what a post needs is left out
with a problem line, and so is everything else the renderer could not show
faithfully. A 200 answer may also carry ``errors[]`` (a referenced post that has
been deleted, say); those become problem lines too, so a build can report them
without failing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from widget.errors import SourceError
from widget.model import Author, Media, MediaKind, Post, PostKind
from widget.sources.x.common import (
    NETWORK,
    as_int,
    as_list,
    as_mapping,
    as_mappings,
    best_mp4,
    permalink,
    snowflake_time,
    utc,
    valid_post_id,
)
from widget.sources.x.text import segments_from_v2

_MAX_DEPTH = 2  # a repost of a quote still shows the quoted post; deeper is never expanded
_MEDIA_LINK = re.compile(r"/status/([^/]+)/(?:photo|video)/\d+$")
"""A post's link to its own picture or video; compared by id, one pattern for every post."""
_STATUS_LINK = re.compile(r"/status/([^/?#]+)(?=[/?#]|$)")
"""Links to a post (the quoted one, say), by its id."""
_MEDIA_KINDS: dict[str, MediaKind] = {"photo": "photo", "video": "video", "animated_gif": "gif"}


@dataclass(frozen=True)
class NormalizedPage:
    posts: tuple[Post, ...]
    """Newest first, as the API orders them."""
    users: Mapping[str, Author]
    """By user id, from ``includes.users``."""
    problems: tuple[str, ...]
    """One readable line for each partial error or post left out."""


class _Skip(Exception):
    """A post this answer cannot turn into a Post; the message is its problem line."""


def author_from_v2(user: Mapping[str, Any]) -> Author:
    """An Author from a v2 user object, with the bigger avatar (the ``_normal`` one is 48 px)."""
    user_id, handle = user.get("id"), user.get("username")
    if not isinstance(user_id, str) or not isinstance(handle, str) or not handle:
        raise SourceError(f"X user object without 'id' and 'username': {_brief(user)}")
    name = user.get("name")
    avatar = user.get("profile_image_url")
    return Author(
        id=user_id,
        name=name if isinstance(name, str) and name.strip() else handle,
        handle=handle,
        avatar_url=avatar.replace("_normal.", "_400x400.") if isinstance(avatar, str) else None,
    )


def normalize_page(body: Mapping[str, Any], account: str) -> NormalizedPage:
    """``account`` is the lower-case handle of the timeline this answer belongs to."""
    includes = as_mapping(body.get("includes"))
    problems = [_error_line(error) for error in as_list(body.get("errors"))]
    users: dict[str, Author] = {}
    for user in as_list(includes.get("users")):
        try:
            author = author_from_v2(as_mapping(user))
        except SourceError as error:
            problems.append(error.message)
            continue
        users[author.id] = author
    page = _Page(
        account=account,
        users=users,
        media={
            m["media_key"]: m
            for m in as_mappings(includes.get("media"))
            if isinstance(m.get("media_key"), str)
        },
        tweets={
            t["id"]: t for t in as_mappings(includes.get("tweets")) if isinstance(t.get("id"), str)
        },
        problems=problems,
    )
    data = body.get("data")
    posts = []
    for raw in [data] if isinstance(data, Mapping) else as_list(data):
        try:
            posts.append(page.post(as_mapping(raw), depth=0))
        except _Skip as skip:
            problems.append(str(skip))
    return NormalizedPage(posts=tuple(posts), users=users, problems=tuple(problems))


@dataclass
class _Page:
    account: str
    users: Mapping[str, Author]
    media: Mapping[str, Mapping[str, Any]]
    tweets: Mapping[str, Mapping[str, Any]]
    problems: list[str]

    def post(self, raw: Mapping[str, Any], depth: int) -> Post:
        post_id, created = _required(raw)
        author = self._author(raw, fallback=self.account if depth == 0 else "")
        kind, original, in_reply_to = self._references(raw, post_id, depth)
        media = tuple(self._media(key) for key in _media_keys(raw))
        shown = tuple(m for m in media if m is not None)
        # A long post's `text` is cut short; `note_tweet` holds all of it.
        note = as_mapping(raw.get("note_tweet"))
        long_text = note.get("text")
        text = long_text if isinstance(long_text, str) and long_text else str(raw["text"])
        entities = as_mapping(note.get("entities") if text is long_text else raw.get("entities"))
        drop = _hidden_links(entities, post_id, shown, original)
        lang = raw.get("lang")
        return Post(
            id=post_id,
            network=NETWORK,
            account=self.account,
            author=author,
            created=created,
            segments=segments_from_v2(text, entities, drop_urls=drop),
            permalink=permalink(author.handle, post_id),
            kind=kind,
            lang=lang if isinstance(lang, str) else None,
            media=shown,
            original=original,
            in_reply_to=in_reply_to,
            in_reply_to_handle=self._reply_handle(raw) if kind is PostKind.REPLY else None,
            sensitive=raw.get("possibly_sensitive") is True,
        )

    def _reply_handle(self, raw: Mapping[str, Any]) -> str | None:
        """The handle a reply answers, for "Replying to @x" (the post itself only has an ID)."""
        user = self.users.get(str(raw.get("in_reply_to_user_id", "")))
        return user.handle if user and user.handle else None

    def _author(self, raw: Mapping[str, Any], fallback: str) -> Author:
        author_id = raw.get("author_id")
        if isinstance(author_id, str) and author_id in self.users:
            return self.users[author_id]
        # Without `expansions=author_id` a timeline's own posts are still the account's.
        return Author(
            id=author_id if isinstance(author_id, str) else "", name=fallback, handle=fallback
        )

    def _references(
        self, raw: Mapping[str, Any], post_id: str, depth: int
    ) -> tuple[PostKind, Post | None, str | None]:
        refs = {
            ref.get("type"): ref.get("id")
            for ref in as_mappings(raw.get("referenced_tweets"))
            if isinstance(ref.get("type"), str) and valid_post_id(ref.get("id"))
        }
        in_reply_to = refs.get("replied_to")
        for kind, ref_type in ((PostKind.REPOST, "retweeted"), (PostKind.QUOTE, "quoted")):
            ref_id = refs.get(ref_type)
            if ref_id is None:
                continue
            original = self._original(ref_id, depth)
            if original is None and depth == 0:
                verb = "reposts" if kind is PostKind.REPOST else "quotes"
                self.problems.append(
                    f"post {post_id} {verb} post {ref_id}, which the answer does not include;"
                    " showing the post's own text"
                )
            return kind, original, in_reply_to
        return (PostKind.REPLY if in_reply_to else PostKind.POST), None, in_reply_to

    def _original(self, ref_id: str, depth: int) -> Post | None:
        raw = self.tweets.get(ref_id)
        if raw is None or depth >= _MAX_DEPTH:
            return None
        try:
            return self.post(raw, depth + 1)
        except _Skip as skip:
            self.problems.append(str(skip))
            return None

    def _media(self, key: str) -> Media | None:
        item = self.media.get(key)
        if item is None:
            return None
        kind = _MEDIA_KINDS.get(str(item.get("type")))
        image = item.get("url") if kind == "photo" else item.get("preview_image_url")
        if kind is None or not isinstance(image, str):
            return None
        alt = item.get("alt_text")
        return Media(
            kind=kind,
            image_url=image,
            alt=alt if isinstance(alt, str) and alt.strip() else None,
            width=as_int(item.get("width")),
            height=as_int(item.get("height")),
            video_url=None
            if kind == "photo"
            else best_mp4(item.get("variants"), rate_key="bit_rate"),
        )


def _required(raw: Mapping[str, Any]) -> tuple[str, datetime]:
    """The post's ID and time; an answer without ``created_at`` still has the ID's own time."""
    raw_id, text, created = raw.get("id"), raw.get("text"), raw.get("created_at")
    missing = [
        name
        for name, value in (("id", raw_id), ("text", text))
        if not isinstance(value, str) or not value
    ]
    label = f"post {_short(raw_id)}" if isinstance(raw_id, str) and raw_id else "a post"
    if missing:
        raise _Skip(f"{label} left out: the answer lacks {', '.join(missing)}")
    checked = valid_post_id(raw_id)
    if checked is None:
        raise _Skip(f"{label} left out: its id is not an X post id (up to 20 digits)")
    if not isinstance(created, str) or not created:
        when = snowflake_time(checked)
        if when is None:
            raise _Skip(f"{label} left out: the answer lacks created_at")
        return checked, when
    try:
        moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        raise _Skip(f"{label} left out: created_at {_brief(created)} is not a time") from None
    if moment.tzinfo is None:
        raise _Skip(f"{label} left out: created_at {_brief(created)} has no time zone")
    moment_utc = utc(moment)
    if moment_utc is None:
        raise _Skip(f"{label} left out: created_at {_brief(created)} is out of range")
    return checked, moment_utc


def _hidden_links(
    entities: Mapping[str, Any], post_id: str, media: tuple[Media, ...], original: Post | None
) -> set[str]:
    """t.co links that stand for something shown anyway: the media, or the quoted post."""
    hidden = set()
    for item in as_mappings(entities.get("urls")):
        url, expanded = item.get("url"), item.get("expanded_url")
        if not isinstance(url, str):
            continue
        expanded = expanded if isinstance(expanded, str) else ""
        own_media = (found := _MEDIA_LINK.search(expanded)) and found.group(1) == post_id
        is_media = "media_key" in item or own_media
        if (media and is_media) or (original and original.id in _STATUS_LINK.findall(expanded)):
            hidden.add(url)
    return hidden


def _media_keys(raw: Mapping[str, Any]) -> list[str]:
    keys = as_mapping(raw.get("attachments")).get("media_keys")
    return [key for key in as_list(keys) if isinstance(key, str)]


def _error_line(error: Any) -> str:
    error = as_mapping(error)
    noun = {"tweet": "post", "user": "user", "media": "media"}.get(
        str(error.get("resource_type")), str(error.get("resource_type") or "resource")
    )
    resource = error.get("resource_id") or error.get("value")
    title = str(error.get("title") or "error")
    detail = error.get("detail") or error.get("message") or ""
    not_found = str(error.get("type", "")).endswith("not-found") or "not found" in title.lower()
    if resource and not_found:
        line = f"{noun} {resource} referenced by the timeline could not be found ({title})"
    elif resource:
        line = f"{noun} {resource}: {detail or title} ({title})"
    else:
        line = f"{title}: {detail}" if detail else str(title)
    return " ".join(line.split())


def _short(text: str) -> str:
    """An ID as a problem line shows it: 5,000 digits are cut short."""
    return text if len(text) <= 40 else text[:37] + "..."


def _brief(value: Any) -> str:
    text = repr(dict(value)) if isinstance(value, Mapping) else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
