"""Curation: which stored posts a feed shows, in what order, and why.

A pure function of the configuration, the stored posts and the time passed in,
so the same input always gives the same feed, and ``widget explain`` can give
the reason for every post in words that name the configuration key involved.

The stored posts of several accounts become *entries*: a post and every repost
of it are one entry (the original shown once, with the accounts that shared it),
including the original itself when it is among the stored posts (it then comes
from one of the feed's own timelines). Rules are applied in this order, and the
first that applies is the reason given: hidden, reposts, replies and quotes,
sensitive content, hashtags, keywords, languages, images without alt text, age;
then pinned entries come first and the limit cuts the rest. The editor's alt text
is filled in first, so it counts wherever an image's alt text does.
"""

from __future__ import annotations

import functools
import heapq
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TypeVar

from widget.config import FeedConfig
from widget.curate_alt import alt_index, post_references, with_editor_alt
from widget.curate_rules import content_reason, kind_reason, repost_reason
from widget.model import Author, Post, PostKind, post_to_dict


@dataclass(frozen=True)
class Entry:
    post: Post
    """What is displayed: for a repost, the original post."""
    shared_by: tuple[Author, ...]
    """The feed's accounts that reposted it, in the order they did."""
    pinned: bool
    sort_time: datetime
    """The latest of the post's own time and the times it was reposted."""
    source_ids: tuple[str, ...]
    """The stored posts this entry stands for, by key: the original (when stored), then
    reposts."""


@dataclass(frozen=True)
class Decision:
    post_id: str
    shown: bool
    position: int | None
    """1-based position in the feed when shown."""
    reason: str


@dataclass(frozen=True)
class CuratedFeed:
    feed: FeedConfig
    entries: tuple[Entry, ...]
    decisions: Mapping[str, Decision]
    """One per stored post, and one per original of the reposts, by key (``network:id``)."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Who posted each post and when ("x:1234 by @handle (2026-11-20 09:15 UTC)")."""
    permalinks: Mapping[str, str] = field(default_factory=dict)
    """Each post's public address, by key: ``pinned``, ``hidden`` and ``explain`` take it too."""

    def find(self, reference: str) -> str | None:
        """The key of the stored post ``reference`` names (``network:id``, a bare id, or its
        address), or None."""
        if reference in self.decisions:
            return reference
        for key in self.decisions:
            if key.split(":", 1)[1] == reference or self.permalinks.get(key) == reference:
                return key
        return None

    def explain(self, reference: str) -> str:
        """What ``widget explain FEED POST_ID`` prints: one line."""
        post_id = self.find(reference) or reference
        decision = self.decisions.get(post_id)
        if decision is None:
            listed = [key for key in ("pinned", "hidden") if reference in getattr(self.feed, key)]
            note = "".join(f"; it is listed in feeds.{self.feed.name}.{key}" for key in listed)
            return (
                f"{reference} is not among the stored posts of feed {self.feed.name!r} "
                f"(feeds.{self.feed.name}.sources); check the id, or fetch again{note}"
            )
        head = self.labels.get(post_id, post_id)
        if not decision.shown or decision.position is None:
            return f"{head}: {decision.reason}"
        entry = self.entries[decision.position - 1]
        parts = [f"shown at position {decision.position}"]
        if entry.post.key != post_id:
            parts.append(f"collapsed into {entry.post.key} (the same original)")
        if entry.pinned:
            parts.append(f"pinned (listed in feeds.{self.feed.name}.pinned)")
        if entry.shared_by:
            parts.append(_shared_by(entry.shared_by, with_handles=True))
        return f"{head}: " + "; ".join(parts)


def curate(feed: FeedConfig, posts: Iterable[Post], *, now: datetime) -> CuratedFeed:
    """Chooses, orders and explains the posts a feed shows at the moment ``now``.

    Only the posts that can reach the feed are judged here: pinned ones, then the rest
    newest first until ``limit`` are accepted and no post left can come before them. The
    decisions for every stored post, which ``widget explain`` reads, are worked out on
    first use, by judging everything.
    """
    if now.tzinfo is None:
        raise ValueError("curate: now must be timezone-aware")
    posts = tuple(posts)
    groups, pin_rank = _grouped(feed, posts)
    shown = tuple(_ordered(_candidates(feed, groups, pin_rank, now), pin_rank)[: feed.limit])
    # What explain needs is worked out again from the posts: keeping every group of every
    # feed alive through a build would cost more memory than the posts themselves.
    explained = functools.cache(lambda: _explained(feed, posts, now))
    return CuratedFeed(
        feed=feed,
        entries=shown,
        decisions=_Lazy(lambda: explained().decisions),
        labels=_Lazy(lambda: explained().labels),
        permalinks=_Lazy(lambda: explained().permalinks),
    )


def _grouped(feed: FeedConfig, posts: Iterable[Post]) -> tuple[list[_Group], dict[str, int]]:
    if feed.alt_text:
        index = alt_index(feed.alt_text)
        posts = (with_editor_alt(post, index) for post in posts)
    groups = _groups(_dedupe(posts))
    return groups, _pin_ranks(feed, groups)


@dataclass(frozen=True)
class _Explanation:
    decisions: dict[str, Decision]
    labels: dict[str, str]
    permalinks: dict[str, str]


def _explained(feed: FeedConfig, posts: Iterable[Post], now: datetime) -> _Explanation:
    groups, pin_rank = _grouped(feed, posts)
    subjects = _subjects(groups)
    return _Explanation(
        decisions=_judge_all(feed, groups, pin_rank, now),
        labels={key: _label(post) for key, post in subjects.items()},
        permalinks={key: post.permalink for key, post in subjects.items()},
    )


_Value = TypeVar("_Value")


class _Lazy(Mapping[str, _Value]):
    """A mapping worked out on first use: a build reads none of the decisions."""

    def __init__(self, make: Callable[[], Mapping[str, _Value]]) -> None:
        self._make: Callable[[], Mapping[str, _Value]] | None = make
        self._made: Mapping[str, _Value] = {}

    def _value(self) -> Mapping[str, _Value]:
        if self._make is not None:
            self._made, self._make = self._make(), None
        return self._made

    def __getitem__(self, key: str) -> _Value:
        return self._value()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._value())

    def __len__(self) -> int:
        return len(self._value())

    def __repr__(self) -> str:
        return repr(self._value())


def _candidates(
    feed: FeedConfig, groups: list[_Group], pin_rank: Mapping[str, int], now: datetime
) -> list[Entry]:
    """The entries that can be shown: every pinned one, and the newest ``limit`` of the rest.

    A group's entry is never newer than its newest stored post, so once ``limit`` entries
    are newer than that bound of every group not yet judged, the rest cannot be shown.
    """
    reasons: dict[str, str] = {}  # the build reads no reasons; explain judges afresh
    entries = [
        entry
        for group in groups
        if group.key in pin_rank
        and (entry := _judge(feed, group, pin_rank[group.key], now, reasons)) is not None
    ]
    unpinned = [group for group in groups if group.key not in pin_rank] if pin_rank else groups
    newest: list[datetime] = []  # a heap of the ``limit`` latest sort times accepted
    for group in sorted(unpinned, key=_newest, reverse=True):
        if len(newest) >= feed.limit and newest[0] > _newest(group):
            break
        entry = _judge(feed, group, None, now, reasons)
        if entry is None:
            continue
        entries.append(entry)
        heapq.heappush(newest, entry.sort_time)
        if len(newest) > feed.limit:
            heapq.heappop(newest)
    return entries


def _newest(group: _Group) -> datetime:
    """The latest sort time the group's entry can have."""
    if not group.reposts:
        return group.display.created
    return max(group.display.created, *(repost.created for repost in group.reposts))


def _order_key(entry: Entry) -> tuple[datetime, tuple[str, int, int, str]]:
    return (entry.sort_time, _id_key(entry.post.key))


def _ordered(candidates: Iterable[Entry], pin_rank: Mapping[str, int]) -> list[Entry]:
    """Pinned entries in the order they are listed, then the rest newest first."""
    pinned = sorted((e for e in candidates if e.pinned), key=lambda e: pin_rank[e.post.key])
    by_time = sorted((e for e in candidates if not e.pinned), key=_order_key, reverse=True)
    return pinned + by_time


def _judge_all(
    feed: FeedConfig, groups: list[_Group], pin_rank: Mapping[str, int], now: datetime
) -> dict[str, Decision]:
    """A decision for every stored post and every original of the reposts."""
    reasons: dict[str, str] = {}
    candidates: list[Entry] = []
    for group in groups:
        entry = _judge(feed, group, pin_rank.get(group.key), now, reasons)
        if entry is not None:
            candidates.append(entry)
    ordered = _ordered(candidates, pin_rank)
    return _decisions(feed, groups, tuple(ordered[: feed.limit]), ordered[feed.limit :], reasons)


# --- grouping -----------------------------------------------------------------------------


@dataclass(slots=True)  # a merged feed of many accounts holds one per stored post
class _Group:
    """A displayed post and the stored posts that show it."""

    key: str
    display: Post
    original: Post | None = None
    """The stored post with the displayed id, when there is one."""
    reposts: list[Post] = field(default_factory=list)

    @property
    def ids(self) -> tuple[str, ...]:
        return (self.key, *(repost.key for repost in self.reposts))


def _dedupe(posts: Iterable[Post]) -> dict[str, Post]:
    """Overlapping sources can store one post twice; the choice between copies must not
    depend on the order the sources were read in."""
    chosen: dict[str, Post] = {}
    for post in posts:
        other = chosen.get(post.key)
        if other is None or (other != post and _copy_key(post) < _copy_key(other)):
            chosen[post.key] = post
    return chosen


def _copy_key(post: Post) -> str:
    return json.dumps(post_to_dict(post), sort_keys=True, ensure_ascii=False)


def _displayed_key(post: Post) -> str:
    if post.kind is PostKind.REPOST and post.original is not None:
        return post.original.key
    return post.key


def _groups(stored: Mapping[str, Post]) -> list[_Group]:
    """In no particular order; within a group the reposts go oldest first, and without the
    original stored, the oldest repost's copy of it is displayed."""
    groups: dict[str, _Group] = {}
    for post in stored.values():
        key = _displayed_key(post)
        if key == post.key:
            group = groups.setdefault(key, _Group(key, post))
            group.display, group.original = post, post
        else:
            assert post.original is not None
            groups.setdefault(key, _Group(key, post.original)).reposts.append(post)
    for group in groups.values():
        if len(group.reposts) > 1:
            group.reposts.sort(key=lambda p: (p.created, _id_key(p.key)))
        if group.original is None:
            group.display = group.reposts[0].original or group.display
    return list(groups.values())


def _id_key(key: str) -> tuple[str, int, int, str]:
    """Within a network, numeric ids compare as numbers ("10" is newer than "9")."""
    network, _, post_id = key.partition(":")
    if post_id.isascii() and post_id.isdigit() and len(post_id) <= 30:  # never "²"
        return (network, 1, int(post_id), post_id)
    return (network, 0, 0, post_id)


def _pin_ranks(feed: FeedConfig, groups: list[_Group]) -> dict[str, int]:
    """A pinned post may be an original or any repost of it; the first listing counts."""
    if not feed.pinned:
        return {}
    group_of: dict[str, str] = {}
    for group in sorted(groups, key=lambda group: _id_key(group.key)):
        for member in (group.display, *group.reposts):
            for reference in post_references(member):
                group_of.setdefault(reference, group.key)
    ranks: dict[str, int] = {}
    for rank, reference in enumerate(feed.pinned):
        key = group_of.get(reference)
        if key is not None:
            ranks.setdefault(key, rank)
    return ranks


def _listed(post: Post, listing: tuple[str, ...]) -> bool:
    return any(reference in listing for reference in post_references(post))


# --- judging ------------------------------------------------------------------------------


def _judge(
    feed: FeedConfig, group: _Group, pin_rank: int | None, now: datetime, reasons: dict[str, str]
) -> Entry | None:
    """Records why each left-out id of the group is left out; returns the entry, if any."""
    members_of = {group.key: group.display, **{r.key: r for r in group.reposts}}
    hidden = [key for key, post in members_of.items() if feed.hidden and _listed(post, feed.hidden)]
    if hidden:
        # A takedown removes the content, however many accounts shared it.
        for key, post in members_of.items():
            listed = _listed(post, feed.hidden)
            reasons[key] = _hidden_reason(feed, listed, hidden[0], pinned=pin_rank is not None)
        return None
    members = [group.original] if group.original is not None else []
    for repost in group.reposts:
        reason = repost_reason(feed) or kind_reason(feed, group.display, shared=True)
        if reason:
            reasons[repost.key] = _despite_pin(reason, feed, pin_rank)
        else:
            members.append(repost)
    if group.original is not None and (reason := kind_reason(feed, group.original)):
        reasons[group.key] = _despite_pin(reason, feed, pin_rank)
        members.remove(group.original)
    if not members:
        if group.original is None:
            only_reposted = f"left out: only reposted (feeds.{feed.name}.reposts = false)"
            reasons[group.key] = (
                _despite_pin(only_reposted, feed, pin_rank)
                if not feed.reposts
                else reasons[group.reposts[0].key]
            )
        return None
    sort_time = max(group.display.created, *(member.created for member in members))
    reason = content_reason(feed, group.display) or _age_reason(feed, sort_time, pin_rank, now)
    if reason:
        for key in {group.key, *(member.key for member in members)}:
            reasons[key] = _despite_pin(reason, feed, pin_rank)
        return None
    reposts = [member for member in members if member is not group.original]
    return Entry(
        post=group.display,
        shared_by=_unique_authors(reposts),
        pinned=pin_rank is not None,
        sort_time=sort_time,
        source_ids=tuple(member.key for member in members),
    )


def _age_reason(
    feed: FeedConfig, sort_time: datetime, pin_rank: int | None, now: datetime
) -> str | None:
    if feed.max_age_days is None or pin_rank is not None:
        return None
    if sort_time < now - timedelta(days=feed.max_age_days):
        days = feed.max_age_days
        return (
            f"left out: older than {days} day{'s' * (days != 1)} (feeds.{feed.name}.max_age_days)"
        )
    return None


def _hidden_reason(feed: FeedConfig, listed: bool, hidden_key: str, *, pinned: bool) -> str:
    where = f"feeds.{feed.name}.hidden"
    reason = (
        f"hidden: listed in {where}"
        if listed
        else f"hidden: the same original as {hidden_key}, which is listed in {where}"
    )
    return reason + (f" (this outweighs feeds.{feed.name}.pinned)" if pinned else "")


def _despite_pin(reason: str, feed: FeedConfig, pin_rank: int | None) -> str:
    if pin_rank is None:
        return reason
    return f"{reason}; being in feeds.{feed.name}.pinned does not override this"


def _unique_authors(reposts: list[Post]) -> tuple[Author, ...]:
    authors: dict[str, Author] = {}
    for repost in reposts:
        authors.setdefault(repost.author.id, repost.author)
    return tuple(authors.values())


# --- decisions ----------------------------------------------------------------------------


def _decisions(
    feed: FeedConfig,
    groups: list[_Group],
    shown: tuple[Entry, ...],
    beyond: list[Entry],
    reasons: dict[str, str],
) -> dict[str, Decision]:
    decisions = {
        post_id: Decision(post_id, False, None, reason) for post_id, reason in reasons.items()
    }
    for entry in beyond:
        reason = f"left out: beyond the limit of {feed.limit} (feeds.{feed.name}.limit)"
        for key in (entry.post.key, *entry.source_ids):
            decisions[key] = Decision(key, False, None, reason)
    for position, entry in enumerate(shown, start=1):
        why = "pinned" if entry.pinned else "by time, newest first"
        shared = f"; {_shared_by(entry.shared_by)}" if entry.shared_by else ""
        key = entry.post.key
        decisions[key] = Decision(key, True, position, f"shown at {position}: {why}{shared}")
        for post_id in entry.source_ids:
            if post_id != key:
                reason = f"collapsed into {key} (the same original, {_shared_by(entry.shared_by)})"
                decisions[post_id] = Decision(post_id, True, position, reason)
    every_id = [post_id for group in groups for post_id in group.ids]
    return {post_id: decisions[post_id] for post_id in sorted(every_id, key=_id_key)}


def _shared_by(authors: tuple[Author, ...], *, with_handles: bool = False) -> str:
    count = f"shared by {len(authors)} account{'s' * (len(authors) != 1)}"
    if not with_handles:
        return count
    return f"{count}: " + ", ".join(f"@{author.handle}" for author in authors)


def _subjects(groups: list[_Group]) -> dict[str, Post]:
    subjects = {group.key: group.display for group in groups}
    subjects.update({repost.key: repost for group in groups for repost in group.reposts})
    return subjects


def _label(post: Post) -> str:
    moment = post.created.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"{post.key} by @{post.author.handle} ({moment})"
