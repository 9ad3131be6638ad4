"""Feed items made posts: pure functions from a parsed :class:`Feed` to the neutral model.

Every item becomes a post unless it repeats an earlier one. Its date is the
published time, else the updated time, else the time of the fetch that first
saw it: the fetch stage keeps a post's first stored copy, so an undated item
keeps the date it was first seen on. A date in the future (a clock set wrong
or a scheduled article) is taken as now, so it cannot stick to the top.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from widget.model import Author, Post, PostKind, Segment, Text
from widget.sources.rss.feed import Entry, Feed
from widget.sources.rss.html import cut_lead, html_segments
from widget.sources.rss.ids import post_id
from widget.sources.rss.links import host_of, web_url

NETWORK = "rss"


@dataclass(frozen=True)
class Normalized:
    posts: tuple[Post, ...]
    """Newest first."""
    author: Author
    problems: tuple[str, ...]


def feed_author(feed: Feed) -> Author:
    """The feed itself is every item's author: its title, its site and its image."""
    host = host_of(feed.link) or host_of(feed.url) or feed.url
    return Author(
        id=feed.url,
        name=feed.title or host,
        handle=host,
        avatar_url=feed.image_url,
        url=feed.link,
    )


def normalize_feed(feed: Feed, account: str, fetched_at: datetime) -> Normalized:
    author = feed_author(feed)
    problems = list(feed.problems)
    posts: list[Post] = []
    ids: set[str] = set()
    links: set[str] = set()
    for entry in feed.entries:
        item_id = entry_id(entry)
        if item_id in ids:
            problems.append(f"item {entry.position} repeats the id {item_id}; skipped")
            continue
        if entry.link is not None and entry.link in links:
            problems.append(f"item {entry.position} repeats the link {entry.link}; skipped")
            continue
        ids.add(item_id)
        if entry.link is not None:
            links.add(entry.link)
        posts.append(
            entry_post(entry, post_id(account, item_id), feed, author, account, fetched_at)
        )
    posts.sort(key=lambda post: post.created, reverse=True)
    return Normalized(tuple(posts), author, tuple(problems))


def entry_id(entry: Entry) -> str:
    """The item's ``id``/``guid``, else its link, else a hash of what it says."""
    if entry.id:
        return entry.id
    if entry.link:
        return entry.link
    said = f"{entry.title or ''}\n{entry.body}".encode()
    return "sha256:" + hashlib.sha256(said).hexdigest()[:32]


def entry_post(
    entry: Entry, post_id: str, feed: Feed, author: Author, account: str, fetched_at: datetime
) -> Post:
    published = entry.published
    created = fetched_at if published is None or published > fetched_at else published
    return Post(
        id=post_id,
        network=NETWORK,
        account=account,
        author=author,
        created=created,
        segments=cut_lead(_segments(entry)),
        permalink=entry.link or _web_id(entry.id) or feed.link or feed.url,
        kind=PostKind.POST,
        lang=entry.lang,
        media=(entry.image,) if entry.image else (),
        title=entry.title,
    )


def _segments(entry: Entry) -> tuple[Segment, ...]:
    if entry.body_is_html:
        return html_segments(entry.body, entry.base)
    text = re.sub(r"[ \t\f\v]+", " ", entry.body.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r" *\n[ \n]*", lambda m: "\n\n" if m.group(0).count("\n") > 1 else "\n", text)
    return (Text(text.strip()),) if text.strip() else ()


def _web_id(value: str | None) -> str | None:
    """An id that is itself a web address (Atom ids often are) can stand in for a link."""
    return web_url(value) if value else None
