"""``app.bsky.feed.getAuthorFeed`` items as neutral posts: pure functions, no network.

An item is ``{post, reply?, reason?}``. A repost (``#reasonRepost``) becomes a
post of its own, written by whoever reposted, carrying the shared post; a
quote keeps its text and carries the quoted post. Anything malformed costs one
item and one problem line, never the page.

A post whose author asked not to be shown to logged-out readers
(``!no-unauthenticated``) is dropped here, before it can be stored: the
AppView still returns such posts in author feeds, so the widget must honour it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from widget.model import Author, Post, PostKind
from widget.sources.bluesky.embeds import read_embed
from widget.sources.bluesky.text import profile_url, segments

NETWORK = "bluesky"
REPOST = "app.bsky.feed.defs#reasonRepost"
PIN = "app.bsky.feed.defs#reasonPin"
HIDDEN_LABEL = "!no-unauthenticated"
SENSITIVE_LABELS = frozenset({"porn", "sexual", "nudity", "graphic-media", "!hide", "!warn"})
INVALID_HANDLE = "handle.invalid"

_POST_URI = re.compile(r"^at://([^/\s]+)/app\.bsky\.feed\.post/([^/\s]+)$")
_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?"
)


class Skip(Exception):
    """An item that cannot become a post; the message is its problem line."""


class Hidden(Exception):
    """An item its author (or the network) keeps from logged-out readers."""


@dataclass(frozen=True)
class NormalizedFeed:
    posts: tuple[Post, ...]
    problems: tuple[str, ...]
    hidden: int


def normalize_feed(feed: Any, account: str) -> NormalizedFeed:
    """Every item of a ``feed`` list, newest first; ``account`` is the timeline's store key."""
    normalizer = Normalizer(account)
    posts = []
    hidden = 0
    for item in feed if isinstance(feed, list) else ():
        try:
            posts.append(normalizer.item(item))
        except Hidden:
            hidden += 1
        except Skip as skip:
            normalizer.problems.append(str(skip))
    problems = normalizer.problems + ([hidden_line(hidden)] if hidden else [])
    posts.sort(key=lambda post: post.created, reverse=True)
    return NormalizedFeed(tuple(posts), tuple(problems), hidden)


def hidden_line(count: int) -> str:
    return (
        f"{count} post(s) left out: their authors asked not to be shown to readers "
        f"who are not logged in ({HIDDEN_LABEL})"
    )


def is_pin(item: Any) -> bool:
    """A pinned post shown first on page 1, out of date order."""
    return bool(_reason_type(item) == PIN)


def identity(item: Any) -> tuple[str, datetime | None] | None:
    """The post id an item becomes and its place in time, read without normalizing it,
    so that even items that are skipped or hidden can mark where the feed was read to."""
    if not isinstance(item, Mapping) or not isinstance(item.get("post"), Mapping):
        return None
    post = item["post"]
    uri = post.get("uri")
    if not isinstance(uri, str):
        return None
    if _reason_type(item) == REPOST:
        reason = item["reason"]
        by = reason.get("by")
        did = by.get("did") if isinstance(by, Mapping) else None
        if not isinstance(did, str):
            return None
        return repost_id(uri, did), parse_time(reason.get("indexedAt"))
    record = post.get("record")
    created = record.get("createdAt") if isinstance(record, Mapping) else None
    return uri, _earliest(created, post.get("indexedAt"))


def repost_id(uri: str, did: str) -> str:
    return f"{uri}#repost-by-{did}"


@dataclass
class Normalizer:
    account: str
    problems: list[str] = field(default_factory=list)

    def item(self, item: Any) -> Post:
        """One feed item; raises Skip or Hidden."""
        if not isinstance(item, Mapping):
            raise Skip(f"a feed item is not an object ({type(item).__name__}); left out")
        post = item.get("post")
        if not isinstance(post, Mapping):
            raise Skip("a feed item has no post; left out")
        shown = self.post(post, post.get("record"), post.get("embed"), _parent_handle(item))
        if _reason_type(item) != REPOST:
            return shown
        reason = item["reason"]
        reposter, labels = author_of(reason.get("by"), f"the repost of {shown.id}")
        if HIDDEN_LABEL in labels:
            raise Hidden()
        created = parse_time(reason.get("indexedAt"))
        if created is None:
            raise Skip(f"the repost of {shown.id} has no valid time; left out")
        return Post(
            id=repost_id(shown.id, reposter.id),
            network=NETWORK,
            account=self.account,
            author=reposter,
            created=created,
            segments=(),
            permalink=shown.permalink,
            kind=PostKind.REPOST,
            original=shown,
        )

    def post(
        self,
        view: Mapping[str, Any],
        record: Any,
        embed: Any,
        parent_handle: str | None,
        *,
        quoting: bool = True,
    ) -> Post:
        """A ``postView`` (record in ``record``) or a quoted ``#viewRecord`` (in ``value``)."""
        uri = view.get("uri")
        match = _POST_URI.match(uri) if isinstance(uri, str) else None
        if match is None:
            raise Skip(f"a post has no valid at:// address ({_short(uri)}); left out")
        uri = match.group(0)
        author, author_labels = author_of(view.get("author"), uri)
        labels = _unique([*label_values(view.get("labels")), *author_labels])
        if HIDDEN_LABEL in labels:
            raise Hidden()
        if not isinstance(record, Mapping):
            raise Skip(f"post {uri}: it has no record; left out")
        created = _earliest(record.get("createdAt"), view.get("indexedAt"))
        if created is None:
            raise Skip(f"post {uri}: it has no valid creation time; left out")
        text = record.get("text")
        embedded = read_embed(embed, self.problems, f"post {uri}")
        original = self._quoted(embedded.quoted, uri) if quoting else None
        in_reply_to = _reply_parent(record.get("reply"))
        kind = PostKind.QUOTE if original else PostKind.REPLY if in_reply_to else PostKind.POST
        langs = record.get("langs")
        lang = langs[0] if isinstance(langs, list) and langs else None
        return Post(
            id=uri,
            network=NETWORK,
            account=self.account,
            author=author,
            created=created,
            segments=segments(text if isinstance(text, str) else "", record.get("facets")),
            permalink=permalink(author, match.group(2)),
            kind=kind,
            lang=lang.strip() if isinstance(lang, str) and lang.strip() else None,
            media=embedded.media,
            original=original,
            in_reply_to=in_reply_to,
            in_reply_to_handle=parent_handle if in_reply_to else None,
            card=embedded.card,
            sensitive=any(label in SENSITIVE_LABELS for label in labels),
            labels=labels,
        )

    def _quoted(self, view: Mapping[str, Any] | None, quoting: str) -> Post | None:
        """The quoted post; one that cannot be shown leaves the quote on its own."""
        if view is None:
            return None
        embeds = view.get("embeds")
        embed = embeds[0] if isinstance(embeds, list) and embeds else None
        try:
            return self.post(view, view.get("value"), embed, None, quoting=False)
        except Hidden:
            return None
        except Skip as skip:
            self.problems.append(f"post {quoting} quotes a post that was left out: {skip}")
            return None


def author_of(profile: Any, where: Any) -> tuple[Author, tuple[str, ...]]:
    """An author and their self-labels, from a profile view of any size."""
    if not isinstance(profile, Mapping) or not _is_did(profile.get("did")):
        raise Skip(f"{_short(where)}: its author has no valid DID; left out")
    did = profile["did"]
    handle = profile.get("handle")
    if not isinstance(handle, str) or not handle.strip():
        handle = INVALID_HANDLE
    name = profile.get("displayName")
    avatar = profile.get("avatar")
    author = Author(
        id=did,
        name=name.strip() if isinstance(name, str) and name.strip() else handle,
        handle=handle,
        avatar_url=avatar if isinstance(avatar, str) and avatar.strip() else None,
        url=profile_url(_linkable(handle, did)),
    )
    return author, label_values(profile.get("labels"))


def permalink(author: Author, rkey: str) -> str:
    return f"{profile_url(_linkable(author.handle, author.id))}/post/{rkey}"


def label_values(labels: Any) -> tuple[str, ...]:
    """The values of labels that apply (a label with ``neg`` withdraws one)."""
    values = []
    for label in labels if isinstance(labels, list) else ():
        if isinstance(label, Mapping) and label.get("neg") is not True:
            value = label.get("val")
            if isinstance(value, str) and value:
                values.append(value)
    return _unique(values)


def parse_time(value: Any) -> datetime | None:
    """An RFC 3339 time, read leniently (any number of fraction digits, ``Z``), as UTC."""
    match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    date, clock, fraction, zone = match.groups()
    micro = (fraction or "").ljust(6, "0")[:6]
    offset = "+00:00" if zone in (None, "Z", "z") else zone
    try:
        return datetime.fromisoformat(f"{date}T{clock}.{micro}{offset}").astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None


def _earliest(*values: Any) -> datetime | None:
    """Bluesky sorts on the earlier of ``createdAt`` and ``indexedAt``: a back-dated
    record cannot jump ahead, and a wrong clock cannot put a post in the future."""
    times = [moment for value in values if (moment := parse_time(value)) is not None]
    return min(times) if times else None


def _reply_parent(reply: Any) -> str | None:
    parent = reply.get("parent") if isinstance(reply, Mapping) else None
    uri = parent.get("uri") if isinstance(parent, Mapping) else None
    return uri if isinstance(uri, str) and uri.startswith("at://") else None


def _parent_handle(item: Mapping[str, Any]) -> str | None:
    reply = item.get("reply")
    parent = reply.get("parent") if isinstance(reply, Mapping) else None
    author = parent.get("author") if isinstance(parent, Mapping) else None
    handle = author.get("handle") if isinstance(author, Mapping) else None
    return handle if isinstance(handle, str) and handle and handle != INVALID_HANDLE else None


def _reason_type(item: Any) -> Any:
    reason = item.get("reason") if isinstance(item, Mapping) else None
    return reason.get("$type") if isinstance(reason, Mapping) else None


def _is_did(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("did:") and len(value) < 2048


def _linkable(handle: str, did: str) -> str:
    return did if handle == INVALID_HANDLE else handle


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 100 else text[:99] + "…"
