"""Curation judges newest first and stops at the limit; explain still judges every post.

The posts are invented (tests/test_curate.py makes them).
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings

import widget.curate
from tests.test_curate import NOW, feeds, make_feed, make_post, make_repost, stored_posts
from widget.config import FeedConfig
from widget.curate import CuratedFeed, curate
from widget.model import Post, PostKind


def positions_of_entries(curated: CuratedFeed) -> dict[str, int]:
    return {
        key: position
        for position, entry in enumerate(curated.entries, start=1)
        for key in (entry.post.key, *entry.source_ids)
    }


def positions_of_decisions(curated: CuratedFeed) -> dict[str, int]:
    return {
        key: decision.position
        for key, decision in curated.decisions.items()
        if decision.shown and decision.position is not None
    }


def many_posts(seed: int, count: int) -> list[Post]:
    """Times drawn from a narrow range, so many posts share a minute."""
    draw = random.Random(seed)
    originals = [
        make_post(
            str(1000 + n),
            minutes=-draw.randrange(count // 3 + 1),
            kind=draw.choice([PostKind.POST, PostKind.POST, PostKind.REPLY]),
            tags=("reklame",) if draw.random() < 0.2 else (),
            lang=draw.choice(["da", "da", "en"]),
        )
        for n in range(count)
    ]
    posts = [post for post in originals if draw.random() < 0.8]
    for n in range(count // 4):
        original = draw.choice(originals)
        minutes = draw.randrange(-count // 3, 60)
        posts.append(make_repost(str(9000 + n), original, by="region_test", minutes=minutes))
    return posts


@settings(max_examples=200, deadline=None)
@given(feed=feeds(), posts=stored_posts())
def test_the_entries_shown_are_those_a_judgement_of_every_post_gives(
    feed: FeedConfig, posts: list[Post]
) -> None:
    curated = curate(feed, posts, now=NOW)
    assert positions_of_entries(curated) == positions_of_decisions(curated)


@pytest.mark.parametrize("seed", range(12))
def test_many_posts_sharing_minutes_give_the_entries_of_a_full_judgement(seed: int) -> None:
    draw = random.Random(seed)
    feed = make_feed(
        limit=draw.choice([1, 3, 10, 40]),
        replies=draw.random() < 0.5,
        reposts=draw.random() < 0.5,
        hashtags_deny=("reklame",) if draw.random() < 0.5 else (),
        languages=("da",) if draw.random() < 0.5 else (),
        max_age_days=draw.choice([None, 1]),
        pinned=tuple(str(1000 + draw.randrange(300)) for _ in range(draw.randrange(3))),
        hidden=tuple(str(1000 + draw.randrange(300)) for _ in range(draw.randrange(3))),
    )
    curated = curate(feed, many_posts(seed, 300), now=NOW)
    assert curated.entries
    assert positions_of_entries(curated) == positions_of_decisions(curated)


def test_a_build_judges_only_the_newest_posts_until_the_limit_is_reached(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    judged: list[str] = []
    judge = widget.curate._judge

    def counting(*args: Any, **kwargs: Any) -> Any:
        judged.append(args[1].key)
        return judge(*args, **kwargs)

    monkeypatch.setattr(widget.curate, "_judge", counting)
    posts = [make_post(str(100 + n), minutes=-n) for n in range(500)]
    curated = curate(make_feed(limit=5), posts, now=NOW)
    assert [entry.post.id for entry in curated.entries] == ["100", "101", "102", "103", "104"]
    before = len(judged)
    assert before <= 6
    assert curated.explain("x:599") == (
        "x:599 by @kommune_test (2026-11-20 00:56 UTC): "
        "left out: beyond the limit of 5 (feeds.borger.limit)"
    )
    assert len(judged) == before + 500  # explain judges every post
