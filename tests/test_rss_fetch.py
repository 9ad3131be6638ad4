"""The rss kind: its entry, and fetching through a real cached session with the network replaced."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import requests_cache
from requests.adapters import BaseAdapter

from widget.errors import SourceError
from widget.http import make_session
from widget.sources.base import FetchFailure, FetchRequest, NetworkSettings, SourceSpec
from widget.sources.replay import Recorder, make_response, mount_replay
from widget.sources.rss import KIND
from widget.sources.rss.replay import ACCEPT, feed_file

DATA = Path(__file__).parent / "data" / "rss"
NEWS = "https://news.example/nyheder.rss"
FEED_BYTES = (DATA / "news.example" / "nyheder.rss").read_bytes()

Answer = Callable[[requests.PreparedRequest], requests.Response]


class Transport(BaseAdapter):
    """Stands in for the network under the cached session and keeps what reached it."""

    def __init__(self, answer: Answer) -> None:
        super().__init__()
        self.answer = answer
        self.sent: list[requests.PreparedRequest] = []

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        self.sent.append(request)
        return self.answer(request)

    def close(self) -> None:
        pass


def canned(status: int, body: bytes = b"", headers: Mapping[str, str] | None = None) -> Transport:
    return Transport(lambda request: make_response(request, status, body, headers))


@pytest.fixture
def session(tmp_path: Path) -> Iterator[requests_cache.CachedSession]:
    with make_session(tmp_path / "state", expire_after=timedelta(minutes=15), timeout=5) as s:
        yield s


def fetch_request(
    session: requests.Session, url: str = NEWS, cursor: Mapping[str, str] | None = None
) -> FetchRequest:
    spec = KIND.spec(url, Path)
    return FetchRequest(
        spec=spec,
        account=KIND.account(spec),
        cursor=cursor or {},
        limit=20,
        session=session,
        settings=NetworkSettings(),
        log=lambda line: None,
    )


# --- the sources entry ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("", "empty"),
        ("news.example/feed", "must start with https://"),
        ("ftp://news.example/feed", "must start with https://"),
        ("javascript:alert(1)", "must start with https://"),
        ("https://", "no host"),
        ("https:///feed.xml", "no host"),
        ("https://news.example/my feed.xml", "spaces"),
        (" https://news.example/feed", "spaces"),
        ("https://user:pw@news.example/feed", "user name or password"),
        ("https://news.example:port/feed", "malformed"),
    ],
)
def test_a_malformed_feed_url_is_one_line(value: str, words: str) -> None:
    problem = KIND.problem(value)
    assert problem is not None and words in problem and "\n" not in problem
    with pytest.raises(SourceError):
        KIND.spec(value, Path)


def test_a_feed_url_is_its_account() -> None:
    assert KIND.problem(NEWS) is None
    assert KIND.problem("http://news.example/rss.php?kategori=presse") is None
    spec = KIND.spec("HTTPS://News.Example/nyheder.rss#top", Path)
    assert spec == SourceSpec("rss", NEWS)
    account = KIND.account(spec)
    assert account == KIND.account(KIND.spec(NEWS, Path))
    assert account.startswith("news-example-nyheder-rss-") and "/" not in account
    assert KIND.network.name == "rss" and KIND.name == "rss" and not KIND.local


# --- fetching --------------------------------------------------------------------------------


def test_a_first_fetch_reads_the_feed_through_the_shared_replay(session: Any) -> None:
    mount_replay(session, [(DATA, KIND)], fallback=False)
    fetched = KIND.fetch(fetch_request(session))
    assert fetched.requests == 1
    assert len(fetched.posts) == 6
    assert fetched.author is not None and fetched.author.name == "Eksempelministeriet – Nyheder"
    assert len(fetched.problems) == 2
    assert set(fetched.cursor) == {"digest"}  # replayed files carry no validators
    created = [post.created for post in fetched.posts]
    assert created == sorted(created, reverse=True)


def test_the_same_bytes_again_mean_nothing_new(session: Any) -> None:
    mount_replay(session, [(DATA, KIND)], fallback=False)
    first = KIND.fetch(fetch_request(session))
    again = KIND.fetch(fetch_request(session, cursor=first.cursor))
    assert again.posts == () and again.requests == 1
    assert again.cursor == first.cursor


def test_validators_are_kept_and_sent_and_304_means_nothing_new(tmp_path: Path) -> None:
    validators = {"ETag": '"v1"', "Last-Modified": "Tue, 05 Mar 2024 09:00:00 GMT"}
    first_network = canned(200, FEED_BYTES, {"Content-Type": "application/rss+xml", **validators})
    with make_session(tmp_path / "a", expire_after=timedelta(minutes=15), timeout=5) as session:
        session.mount("https://", first_network)
        first = KIND.fetch(fetch_request(session))
    assert first.cursor["etag"] == '"v1"'
    assert first.cursor["last_modified"] == validators["Last-Modified"]
    assert first_network.sent[0].headers["Accept"] == ACCEPT
    assert "If-None-Match" not in first_network.sent[0].headers

    # A later build (its HTTP cache gone) asks conditionally and the server says: unchanged.
    later_network = canned(304)
    with make_session(tmp_path / "b", expire_after=timedelta(minutes=15), timeout=5) as session:
        session.mount("https://", later_network)
        later = KIND.fetch(fetch_request(session, cursor=first.cursor))
    (sent,) = later_network.sent
    assert sent.headers["If-None-Match"] == '"v1"'
    assert sent.headers["If-Modified-Since"] == validators["Last-Modified"]
    assert later.posts == () and later.requests == 1
    assert later.cursor == first.cursor


def test_a_changed_feed_gives_its_posts_and_a_new_cursor(tmp_path: Path) -> None:
    network = canned(200, FEED_BYTES, {"ETag": '"v2"'})
    with make_session(tmp_path, expire_after=timedelta(minutes=15), timeout=5) as session:
        session.mount("https://", network)
        fetched = KIND.fetch(fetch_request(session, cursor={"etag": '"v1"', "digest": "old"}))
    assert len(fetched.posts) == 6
    assert fetched.cursor["etag"] == '"v2"' and fetched.cursor["digest"] != "old"


def test_rate_limited_is_one_line_with_the_reset_time(session: Any) -> None:
    session.mount("https://", canned(429, b"slow down", {"Retry-After": "1900000000"}))
    with pytest.raises(FetchFailure) as caught:
        KIND.fetch(fetch_request(session))
    message = str(caught.value)
    assert message.startswith(f"rss:{NEWS}: ")
    assert "rate limit" in message and "2030-03-17 17:46 UTC" in message
    assert "\n" not in message and caught.value.requests == 1


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (500, "server failed"),
        (503, "server failed"),
        (404, "has no feed at that address"),
        (403, "refused"),
    ],
)
def test_http_errors_are_one_line(session: Any, status: int, words: str) -> None:
    session.mount("https://", canned(status, b"<html>error</html>"))
    with pytest.raises(FetchFailure) as caught:
        KIND.fetch(fetch_request(session))
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_a_connection_error_is_one_line(session: Any) -> None:
    def refuse(request: requests.PreparedRequest) -> requests.Response:
        raise requests.ConnectionError("refused")

    session.mount("https://", Transport(refuse))
    with pytest.raises(FetchFailure, match="could not connect"):
        KIND.fetch(fetch_request(session))


def test_a_page_that_is_no_feed_is_one_line(session: Any) -> None:
    page = (DATA / "news.example" / "ikke-et-feed.html").read_bytes()
    session.mount("https://", canned(200, page, {"Content-Type": "text/html; charset=utf-8"}))
    with pytest.raises(FetchFailure) as caught:
        KIND.fetch(fetch_request(session))
    assert f"the feed at {NEWS} is not RSS or Atom" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_oversized_answer_is_refused(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("widget.sources.rss.kind.MAX_FEED_BYTES", 100)
    session.mount("https://", canned(200, FEED_BYTES))
    with pytest.raises(FetchFailure, match="larger than"):
        KIND.fetch(fetch_request(session))


# --- the recordings' layout -------------------------------------------------------------------


def test_a_feed_address_with_a_query_is_its_own_recording(session: Any) -> None:
    mount_replay(session, [(DATA, KIND)], fallback=False)
    url = "https://news.example/rss.php?kategori=presse"
    fetched = KIND.fetch(fetch_request(session, url))
    (post,) = fetched.posts
    assert post.permalink == "https://news.example/presse/budget"
    with pytest.raises(FetchFailure, match="has no feed at that address"):
        KIND.fetch(fetch_request(session, "https://news.example/rss.php?kategori=andet"))


def test_a_json_feed_is_replayed_and_read(session: Any) -> None:
    mount_replay(session, [(DATA, KIND)], fallback=False)
    fetched = KIND.fetch(fetch_request(session, "https://news.example/feed.json"))
    account = KIND.account(SourceSpec("rss", "https://news.example/feed.json"))
    assert [post.id for post in fetched.posts] == [f"{account}/42", f"{account}/json-2"]


@pytest.mark.parametrize(
    ("url", "relative"),
    [
        ("https://news.example/nyheder.rss", "news.example/nyheder.rss"),
        ("https://news.example/rss.php?a=1&b=2", "news.example/rss.php%3Fa=1&b=2"),
        ("https://news.example/feed/", "news.example/feed/index"),
        ("https://news.example", "news.example/index"),
        ("https://news.example/q?x=../../etc", "news.example/q%3Fx=..%2F..%2Fetc"),
    ],
)
def test_feed_files(tmp_path: Path, url: str, relative: str) -> None:
    assert feed_file(tmp_path, url) == (tmp_path / relative).resolve()


def test_unsafe_or_long_feed_addresses(tmp_path: Path) -> None:
    assert feed_file(tmp_path, "https://news.example/../../etc/passwd") is None
    assert feed_file(tmp_path, "https://localhost/feed") is None
    long = feed_file(tmp_path, "https://news.example/f?" + "x" * 400)
    assert long is not None and len(long.name) < 100 and long.parent == tmp_path / "news.example"


def test_recording_then_replaying_a_feed_with_a_query(tmp_path: Path) -> None:
    url = "https://news.example/rss.php?kategori=presse"
    folder = tmp_path / "recordings"
    with make_session(tmp_path / "live", expire_after=timedelta(minutes=15), timeout=5) as live:
        live.mount("https://", canned(200, FEED_BYTES, {"Content-Type": "application/rss+xml"}))
        live.hooks["response"].append(Recorder(folder, [KIND]))
        recorded = KIND.fetch(fetch_request(live, url))
    assert (folder / "news.example" / "rss.php%3Fkategori=presse").read_bytes() == FEED_BYTES
    with make_session(tmp_path / "replay", expire_after=timedelta(minutes=15), timeout=5) as again:
        mount_replay(again, [(folder, KIND)], fallback=False)
        replayed = KIND.fetch(fetch_request(again, url))
    assert [post.id for post in replayed.posts] == [post.id for post in recorded.posts]


def test_requests_that_are_no_feed_requests_are_not_this_kinds(tmp_path: Path) -> None:
    image = requests.Request("GET", "https://news.example/billeder/logo.png?w=96").prepare()
    assert KIND.replay(DATA, image) is None
    assert KIND.record_target(tmp_path, image) is None
