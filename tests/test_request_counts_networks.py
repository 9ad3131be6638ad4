"""What a whole ``build`` asks of Mastodon, Bluesky and an RSS feed: first, within, after.

Each network's sources of the dk-i-verden example (invented recordings) are
built alone, through the real cached session, with a counting adapter mounted
under it (as tests/test_build.py does for X), so only what would reach the
network is counted. The HTTP cache keeps time by the wall clock, so its clock is
moved with the build's: "after the window" is after it for both.

- first build: the account once (Mastodon's lookup, Bluesky's profile), one page
  of posts, and the pictures;
- a build within ``refresh_minutes``: nothing at all;
- steady state after the window: one request per account for what is newer than
  the cursor (Mastodon ``since_id``; Bluesky one feed page; the feed one
  conditional GET, answered ``304 Not Modified``), and no picture again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import requests_cache.models.response
import requests_cache.policy.actions
import requests_cache.policy.expiration

import widget.build
from tests.helpers import NOW, CountingAdapter, build_folder, copy_example
from widget.build import BuildOptions
from widget.config import Config, load_config
from widget.sources.replay import make_response
from widget.sources.rss.replay import is_feed_request

NETWORKS = ("mastodon", "bluesky", "rss")
REFRESH = timedelta(minutes=15)


@dataclass
class Counter(CountingAdapter):
    """Counts like the build tests' adapter, and answers a feed as a server with validators
    does: an ``ETag`` on every answer, ``304`` when the request names it again."""

    statuses: list[int] = field(default_factory=list)

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        response = super().send(request, **kwargs)
        if is_feed_request(request) and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:16] + '"'
            if request.headers.get("If-None-Match") == etag:
                response = make_response(request, 304, b"", {"ETag": etag})
            else:
                response.headers["ETag"] = etag
        self.statuses.append(response.status_code)
        return response

    def clear(self) -> None:
        super().clear()
        self.statuses.clear()

    def queries(self, path_part: str) -> list[dict[str, str]]:
        found = []
        for url in self.posts_urls:
            parts = urlsplit(url)
            if path_part in parts.path:
                found.append({k: v[-1] for k, v in parse_qs(parts.query).items()})
        return found


class CacheClock:
    """The HTTP cache's idea of now: the wall clock moved on by ``ahead``."""

    def __init__(self) -> None:
        self.ahead = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self.ahead


@pytest.fixture
def cache_clock(monkeypatch: pytest.MonkeyPatch) -> CacheClock:
    clock = CacheClock()
    for module in (
        requests_cache.models.response,
        requests_cache.policy.actions,
        requests_cache.policy.expiration,
    ):
        monkeypatch.setattr(module, "utcnow", clock)
    return clock


def network_site(tmp_path: Path, network: str) -> tuple[Path, Config]:
    """The example's recordings, with one feed of only ``network``'s sources."""
    folder = copy_example("dk-i-verden", tmp_path)
    example = load_config(folder / "widget.toml")
    sources = sorted(
        {s.label for feed in example.feeds.values() for s in feed.sources if s.kind == network}
    )
    listed = ", ".join(f'"{label}"' for label in sources)
    (folder / "widget.toml").write_text(
        'locale = "da"\noutput = "public/widget"\nbase_url = "/widget/"\nstate = ".widget"\n\n'
        f'[{network}]\nreplay = "recorded"\nrefresh_minutes = {REFRESH.seconds // 60}\n\n'
        f'[feeds.alle]\ntitle = "Alle"\nsources = [{listed}]\nlimit = 30\n',
        encoding="utf-8",
    )
    return folder, load_config(folder / "widget.toml")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Counter]:
    counter = Counter(tmp_path / "dk-i-verden" / "recorded")
    real_open_session = widget.build.open_session

    def open_counted(config: Config, options: BuildOptions) -> requests.Session:
        session = real_open_session(config, options)
        session.mount("https://", counter)
        return session

    monkeypatch.setattr(widget.build, "open_session", open_counted)
    yield counter


def three_builds(folder: Path, counter: Counter, clock: CacheClock) -> list[Counter]:
    """First build, one within the window, one after it: a snapshot of the counter each."""
    snapshots = []
    for later in (timedelta(0), REFRESH - timedelta(minutes=1), REFRESH + timedelta(minutes=1)):
        counter.clear()
        clock.ahead = later
        built = build_folder(folder, BuildOptions(now=NOW + later))
        assert built.result.exit_code == 0, built.log
        snapshot = Counter(counter.folder, list(counter.urls), list(counter.posts_urls))
        snapshot.statuses = list(counter.statuses)
        snapshots.append(snapshot)
    return snapshots


def accounts(config: Config) -> int:
    return len({s for feed in config.feeds.values() for s in feed.sources})


def test_mastodon_costs_a_lookup_and_a_page_then_nothing_then_one_since_id_request(
    tmp_path: Path, counted: Counter, cache_clock: CacheClock
) -> None:
    folder, config = network_site(tmp_path, "mastodon")
    first, within, after = three_builds(folder, counted, cache_clock)
    count = accounts(config)
    assert count == 2
    assert len(first.queries("/accounts/lookup")) == count
    assert first.queries("/statuses") == [{"limit": "40"}] * count
    assert first.media, "the first build downloads avatars, pictures, emoji and cards"
    assert within.urls == []
    assert after.queries("/accounts/lookup") == []
    statuses = after.queries("/statuses")
    assert len(after.posts_urls) == len(statuses) == count
    assert all(query.get("since_id") for query in statuses)
    assert after.media == []


def test_bluesky_costs_a_profile_and_a_page_then_nothing_then_one_page(
    tmp_path: Path, counted: Counter, cache_clock: CacheClock
) -> None:
    folder, config = network_site(tmp_path, "bluesky")
    first, within, after = three_builds(folder, counted, cache_clock)
    count = accounts(config)
    assert count == 2
    assert len(first.queries("getProfile")) == len(first.queries("getAuthorFeed")) == count
    assert len(first.posts_urls) == 2 * count
    assert first.media
    assert within.urls == []
    assert after.queries("getProfile") == []
    pages = after.queries("getAuthorFeed")
    assert len(after.posts_urls) == len(pages) == count
    assert all("cursor" not in page for page in pages), "only the newest page"
    assert after.media == []


def test_rss_costs_one_get_then_nothing_then_one_conditional_get_answered_304(
    tmp_path: Path, counted: Counter, cache_clock: CacheClock
) -> None:
    folder, config = network_site(tmp_path, "rss")
    first, within, after = three_builds(folder, counted, cache_clock)
    assert accounts(config) == 1
    assert len(first.posts_urls) == 1 and first.statuses.count(200) == len(first.urls)
    assert first.media, "the enclosure picture"
    assert within.urls == []
    assert after.urls == after.posts_urls == first.posts_urls
    assert after.statuses == [304]
    state = folder / ".widget"
    assert any(state.rglob("*.json")), "the store kept the items the 304 did not repeat"
    page = (folder / "public" / "widget" / "alle.html").read_text(encoding="utf-8")
    assert "Ny (fiktiv) aftale om kulturudveksling" in page
