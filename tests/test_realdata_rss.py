"""The rss kind on real recorded feeds (read from ../shared/fixtures/rss, never copied here)."""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest

from widget.model import Link, Post
from widget.sources.rss.normalize import normalize_feed
from widget.sources.rss.parse import read_feed

pytestmark = pytest.mark.realdata

FETCHED = datetime(2030, 1, 1, tzinfo=timezone.utc)

ADDRESSES = {
    "feed-rs_atom_relative.xml": "https://example.com/blog/feed.xml",
    "feed-rs_atom_xml_base.xml": "https://numi.st/feed.xml",
    "feed-rs_rss_2.0_relurl_2.xml": "https://kryogenix.org/random/relurleg.xml",
    "rss-parser_guardian.rss": "https://www.theguardian.com/uk/rss",
    "rss-parser_heise.atom": "https://www.heise.de/developer/rss/news-atom.xml",
}
"""Where each feed was served from, as its Content-Location (relative links need it)."""


def feeds(fixtures: Path) -> list[Path]:
    found = sorted(p for p in (fixtures / "rss").iterdir() if p.name != "SOURCE.txt")
    assert found, "no recorded feeds"
    return found


def web(url: str | None) -> bool:
    return bool(url) and re.match(r"^https?://[^/\s]+", url or "") is not None


def test_every_item_of_every_feed_becomes_a_post(shared_fixtures: Path) -> None:
    for path in feeds(shared_fixtures):
        body = path.read_bytes()
        url = ADDRESSES.get(path.name, f"https://feeds.example/{path.name}")
        raw = feedparser.parse(io.BytesIO(body))
        result = normalize_feed(read_feed(body, url, "application/xml"), "account", FETCHED)
        assert len(result.posts) == len(raw.entries) > 0, path.name
        assert result.problems == (), path.name
        assert len({post.id for post in result.posts}) == len(result.posts)
        for post in result.posts:
            assert web(post.permalink), (path.name, post.permalink)
            assert post.title, (path.name, post.id)
            assert post.created.tzinfo is not None and post.created < FETCHED
            assert all(web(m.image_url) for m in post.media), (path.name, post.media)
            for segment in post.segments:
                if isinstance(segment, Link):
                    assert web(segment.url) and segment.text, (path.name, segment)
            assert "<p>" not in post.plain_text and "<a " not in post.plain_text
            assert len(post.plain_text) <= 501
        assert web(result.author.url) and result.author.name


def test_relative_links_and_enclosures_are_made_absolute(shared_fixtures: Path) -> None:
    def posts(name: str) -> list[Post]:
        body = (shared_fixtures / "rss" / name).read_bytes()
        return list(normalize_feed(read_feed(body, ADDRESSES[name], None), "a", FETCHED).posts)

    (atom,) = posts("feed-rs_atom_relative.xml")
    assert atom.permalink == "https://example.com/blog/2003/12/13/atom03"
    (enclosed,) = posts("feed-rs_rss_2.0_relurl_2.xml")
    assert enclosed.media[0].image_url == "https://kryogenix.org/images/me/hackergotchi-simpler.png"


def test_guardian_items_keep_language_images_and_dates(shared_fixtures: Path) -> None:
    name = "rss-parser_guardian.rss"
    body = (shared_fixtures / "rss" / name).read_bytes()
    result = normalize_feed(read_feed(body, ADDRESSES[name], None), "a", FETCHED)
    assert len(result.posts) == 55
    assert {post.lang for post in result.posts} == {"en-gb"}
    assert all(post.media and post.media[0].width == 460 for post in result.posts)
    assert {post.created.year for post in result.posts} == {2017, 2018}  # none is the fetch time
    assert result.author.avatar_url and result.author.avatar_url.startswith("https://assets.")


def test_heise_entries_use_published_over_updated(shared_fixtures: Path) -> None:
    name = "rss-parser_heise.atom"
    body = (shared_fixtures / "rss" / name).read_bytes()
    result = normalize_feed(read_feed(body, ADDRESSES[name], None), "a", FETCHED)
    first = next(post for post in result.posts if post.id == "a/http://heise.de/-3088438")
    assert first.created == datetime(2016, 2, 1, 16, 22, tzinfo=timezone.utc)
    assert "Enterprise-Java-Servers" in first.plain_text
