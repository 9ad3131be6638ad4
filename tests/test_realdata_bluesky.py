"""The Bluesky normalizer on real recorded answers (read from ../shared/fixtures/bluesky)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from widget.model import Hashtag, Link, Mention, Post, PostKind, Segment
from widget.sources.bluesky.normalize import (
    HIDDEN_LABEL,
    REPOST,
    Hidden,
    Normalizer,
    author_of,
    normalize_feed,
    parse_time,
)
from widget.sources.bluesky.text import LINK, MENTION, TAG

pytestmark = pytest.mark.realdata

_SEGMENT_TYPES: dict[str, type[Segment]] = {LINK: Link, MENTION: Mention, TAG: Hashtag}
Marked = tuple[type[Segment], str, str]
"""A segment that is no plain text: its type, its text and where it points."""


def feed_items(fixtures: Path) -> Iterator[tuple[str, Any]]:
    """Every recorded post as a feed item: the author feed's items, and the posts of the
    quote and thread answers wrapped the way an author feed would carry them."""
    folder = fixtures / "bluesky"
    feed = json.loads((folder / "getAuthorFeed_chriskenny.json").read_text(encoding="utf-8"))
    for number, item in enumerate(feed["feed"]):
        yield f"getAuthorFeed #{number}", item
    quotes = json.loads((folder / "getQuotes.json").read_text(encoding="utf-8"))
    for number, post in enumerate(quotes["posts"]):
        yield f"getQuotes #{number}", {"post": post}
    thread = json.loads((folder / "getPostThread.json").read_text(encoding="utf-8"))
    yield "getPostThread", {"post": thread["thread"]["post"]}


def is_hidden(item: Mapping[str, Any]) -> bool:
    holders = [item["post"], item["post"]["author"], item.get("reason", {}).get("by", {})]
    return any(
        label.get("val") == HIDDEN_LABEL for holder in holders for label in holder.get("labels", [])
    )


def expected_facets(record: Mapping[str, Any]) -> list[Marked]:
    """(segment type, text, address) of each facet a reader must see, by the lexicon's rules:
    UTF-8 byte ranges, end exclusive, overlapping ones dropped."""
    data = record.get("text", "").encode("utf-8")
    found = []
    end = 0
    for facet in sorted(record.get("facets", []), key=lambda f: f["index"]["byteStart"]):
        start, stop = facet["index"]["byteStart"], facet["index"]["byteEnd"]
        if start < end or not 0 <= start < stop <= len(data):
            continue
        try:
            text = data[start:stop].decode("utf-8")
        except UnicodeDecodeError:
            continue
        feature = facet["features"][0]
        kind = _SEGMENT_TYPES.get(feature["$type"])
        if kind is None or not text.strip():
            continue
        address = feature.get("uri") or feature.get("did") or feature.get("tag")
        found.append((kind, text, address))
        end = stop
    return found


def actual_facets(post: Post) -> list[Marked]:
    found: list[Marked] = []
    for segment in post.segments:
        if isinstance(segment, Link):
            found.append((Link, segment.text, segment.url))
        elif isinstance(segment, Mention):
            assert segment.url is not None
            found.append((Mention, segment.text, segment.url.rsplit("/", 1)[-1]))
        elif isinstance(segment, Hashtag):
            found.append((Hashtag, segment.text, segment.tag))
    return found


def expected_kinds(items: Iterator[Mapping[str, Any]]) -> Counter[str]:
    """What each item is, read straight from the lexicon's fields."""
    kinds: Counter[str] = Counter()
    for item in items:
        post = item["post"]
        embed = post.get("embed", {})
        record = embed.get("record", {})
        quoted = record.get("record", record).get("$type") == "app.bsky.embed.record#viewRecord"
        if item.get("reason", {}).get("$type") == REPOST:
            kinds["repost"] += 1
        elif quoted:
            kinds["quote"] += 1
        elif "reply" in post["record"]:
            kinds["reply"] += 1
        else:
            kinds["post"] += 1
    return kinds


def card_count(embed: Mapping[str, Any]) -> int:
    media = embed.get("media", embed)
    return int(media.get("$type") == "app.bsky.embed.external#view")


def embedded_images(embed: Any) -> int:
    if not isinstance(embed, Mapping):
        return 0
    if embed.get("$type") == "app.bsky.embed.recordWithMedia#view":
        return embedded_images(embed.get("media"))
    if embed.get("$type") == "app.bsky.embed.images#view":
        return len(embed["images"])
    return 0


def check(shown: Post, view: Mapping[str, Any], record: Mapping[str, Any], embed: Any) -> int:
    """Checks one post against its raw view; returns how many facets it checked."""
    assert shown.plain_text == record.get("text", "")
    facets = expected_facets(record)
    assert actual_facets(shown) == facets
    indexed = parse_time(view["indexedAt"])
    assert indexed is not None and shown.created <= indexed
    assert shown.created - indexed < timedelta(seconds=1) or shown.created < indexed
    assert len([m for m in shown.media if m.kind == "photo"]) == embedded_images(embed)
    langs = record.get("langs") or [None]
    assert shown.lang == langs[0]
    rkey = view["uri"].rsplit("/", 1)[-1]
    assert shown.permalink == f"https://bsky.app/profile/{view['author']['handle']}/post/{rkey}"
    return len(facets)


def test_every_recorded_post_normalizes_and_its_facets_land_on_their_text(
    shared_fixtures: Path,
) -> None:
    kinds: Counter[str] = Counter()
    facets = hidden = 0
    for name, item in feed_items(shared_fixtures):
        normalizer = Normalizer("chriskenny.bsky.social")
        if is_hidden(item):
            with pytest.raises(Hidden):
                normalizer.item(item)
            hidden += 1
            continue
        post = normalizer.item(item)
        assert normalizer.problems == [], name
        kinds[post.kind.value] += 1
        shown = post.displayed
        raw = item["post"]
        facets += check(shown, raw, raw["record"], raw.get("embed"))
        if post.kind is PostKind.REPOST:
            assert item["reason"]["$type"] == REPOST
            assert post.author.id == item["reason"]["by"]["did"]
            assert post.id == f"{raw['uri']}#repost-by-{post.author.id}"
        if "reply" in raw["record"]:
            assert shown.in_reply_to == raw["record"]["reply"]["parent"]["uri"], name
        quoted = shown.quoted
        if quoted is not None:
            embed = raw["embed"]
            view = embed["record"]["record"] if "record" in embed["record"] else embed["record"]
            assert quoted.id == view["uri"]
            facets += check(quoted, view, view["value"], (view.get("embeds") or [None])[0])
    assert kinds == expected_kinds(item for _, item in feed_items(shared_fixtures))
    assert kinds["repost"] == 7 and kinds["reply"] == 24 and kinds["quote"] > 0
    assert hidden == 0
    assert facets > 40, facets  # links, mentions and tags after emoji among them


def test_the_author_feed_loses_nothing_and_keeps_its_order(shared_fixtures: Path) -> None:
    body = json.loads(
        (shared_fixtures / "bluesky" / "getAuthorFeed_chriskenny.json").read_text(encoding="utf-8")
    )
    result = normalize_feed(body["feed"], "chriskenny.bsky.social")
    assert len(result.posts) == len(body["feed"]) == 50
    assert result.problems == () and result.hidden == 0
    assert len({post.id for post in result.posts}) == 50
    media = Counter(
        m.kind
        for post in result.posts
        for shown in (post, post.original)
        if shown
        for m in shown.media
    )
    assert media["video"] == 1
    video = next(
        m for post in result.posts for shown in (post, post.original) if shown
        for m in shown.media if m.kind == "video"
    )  # fmt: skip
    assert video.video_url is not None and video.video_url.endswith(".m3u8")
    cards = sum(card_count(item["post"].get("embed", {})) for item in body["feed"])
    assert sum(1 for post in result.posts if post.displayed.card is not None) == cards >= 13


def test_the_recorded_profile_becomes_the_author(shared_fixtures: Path) -> None:
    body = json.loads(
        (shared_fixtures / "bluesky" / "getProfiles_chriskenny.json").read_text(encoding="utf-8")
    )
    author, labels = author_of(body["profiles"][0], "profile")
    assert (author.name, author.handle) == ("Chris Kenny", "chriskenny.bsky.social")
    assert author.id.startswith("did:plc:") and labels == ()
    assert author.url == "https://bsky.app/profile/chriskenny.bsky.social"
