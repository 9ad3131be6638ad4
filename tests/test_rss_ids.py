"""RSS post ids carry their feed's store key: two feeds may number their items alike.

A store written before that (ids without the key) is upgraded when it is read:
every stored item keeps its place, under its new id, and is never shown twice.
All feeds here are invented (``.example`` hosts).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from widget.config import Config, load_config
from widget.fetch import fetch_sources, posts_by_feed
from widget.http import REPLAY_CACHE_FILE
from widget.sources.base import SourceSpec
from widget.sources.rss import KIND
from widget.sources.rss.ids import stored_post
from widget.store import AccountState, Store

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
FEEDS = ("https://kommune.example/nyheder.rss", "https://region.example/nyheder.rss")


def feed_bytes(title: str, items: list[tuple[str, str]]) -> bytes:
    """An invented RSS 2.0 feed; every item has a numeric guid, as many CMSs write them."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>',
        f"<title>{title} (fiktiv)</title><link>https://{title}.example/</link>",
    ]
    for guid, headline in items:
        parts.append(
            f'<item><title>{headline}</title><guid isPermaLink="false">{guid}</guid>'
            f"<link>https://{title}.example/nyt/{guid}</link>"
            "<pubDate>Mon, 23 Nov 2026 09:00:00 +0000</pubDate>"
            "<description>Opdigtet nyhed.</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def site(tmp_path: Path, *, news: dict[str, list[tuple[str, str]]]) -> Config:
    recorded = tmp_path / "recorded"
    for url in FEEDS:
        host = url.split("/")[2]
        target = recorded / host / "nyheder.rss"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(feed_bytes(host.split(".")[0], news[url]))
    sources = ", ".join(f'"rss:{url}"' for url in FEEDS)
    (tmp_path / "widget.toml").write_text(
        f'state = ".widget"\n\n[rss]\nreplay = "recorded"\n\n'
        f'[feeds.nyt]\ntitle = "Nyt"\nsources = [{sources}]\n',
        encoding="utf-8",
    )
    return load_config(tmp_path / "widget.toml")


def account(url: str) -> str:
    return KIND.account(SourceSpec("rss", url))


def shown(config: Config) -> list[str]:
    posts = posts_by_feed(Store(config.state), config.feeds.values())["nyt"]
    return sorted(post.title or "" for post in posts)


def test_two_feeds_with_the_same_guid_both_keep_their_item(tmp_path: Path) -> None:
    config = site(
        tmp_path,
        news={FEEDS[0]: [("1", "Kommunens nyhed")], FEEDS[1]: [("1", "Regionens nyhed")]},
    )
    fetch_sources(config, Store(config.state), now=NOW, log=lambda line: None)
    posts = posts_by_feed(Store(config.state), config.feeds.values())["nyt"]
    assert sorted(post.key for post in posts) == sorted(f"rss:{account(u)}/1" for u in FEEDS)
    assert shown(config) == ["Kommunens nyhed", "Regionens nyhed"]


def test_the_ids_differ_only_by_the_store_key_of_their_feed() -> None:
    assert account(FEEDS[0]) != account(FEEDS[1])
    assert "/" not in account(FEEDS[0])  # the key ends where the item's own id begins


def downgraded(config: Config, url: str) -> Path:
    """Rewrites the feed's store file as the previous version wrote it: ids without a key."""
    store = Store(config.state)
    path = store.path("rss", account(url))
    document = json.loads(path.read_text(encoding="utf-8"))
    prefix = account(url) + "/"
    for post in document["posts"]:
        assert post["id"].startswith(prefix)
        post["id"] = post["id"].removeprefix(prefix)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_store_with_ids_of_the_previous_form_is_upgraded_when_read(tmp_path: Path) -> None:
    news = {FEEDS[0]: [("1", "Første"), ("2", "Anden")], FEEDS[1]: [("1", "Tredje")]}
    config = site(tmp_path, news=news)
    fetch_sources(config, Store(config.state), now=NOW, log=lambda line: None)
    path = downgraded(config, FEEDS[0])
    assert '"id":"1"' in path.read_text(encoding="utf-8").replace(" ", "")

    state = Store(config.state).load("rss", account(FEEDS[0]))
    assert sorted(state.posts) == [f"{account(FEEDS[0])}/1", f"{account(FEEDS[0])}/2"]
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(p["id"] for p in on_disk["posts"]) == sorted(state.posts)  # saved upgraded
    assert shown(config) == ["Anden", "Første", "Tredje"]


def test_after_the_upgrade_a_changed_feed_adds_only_its_new_items(tmp_path: Path) -> None:
    news = {FEEDS[0]: [("1", "Første")], FEEDS[1]: [("1", "Tredje")]}
    config = site(tmp_path, news=news)
    fetch_sources(config, Store(config.state), now=NOW, log=lambda line: None)
    downgraded(config, FEEDS[0])
    # The feed changes (a new item on top), so the fetch gets every item again.
    site(tmp_path, news={**news, FEEDS[0]: [("2", "Anden"), ("1", "Første")]})
    (config.state / REPLAY_CACHE_FILE).unlink()  # the HTTP cache keeps time by the wall clock
    later = NOW + timedelta(hours=1)
    report = fetch_sources(config, Store(config.state), now=later, log=lambda line: None)
    assert {status.source: status.new_posts for status in report.accounts} == {
        f"rss:{FEEDS[0]}": 1,
        f"rss:{FEEDS[1]}": 0,
    }
    assert shown(config) == ["Anden", "Første", "Tredje"]


def test_the_upgrade_leaves_posts_of_todays_form_alone(tmp_path: Path) -> None:
    config = site(tmp_path, news={FEEDS[0]: [("1", "Første")], FEEDS[1]: [("7", "Syvende")]})
    fetch_sources(config, Store(config.state), now=NOW, log=lambda line: None)
    state: AccountState = Store(config.state).load("rss", account(FEEDS[1]))
    (post,) = state.posts.values()
    assert stored_post(post) is post
    assert stored_post(stored_post(post)) == post
