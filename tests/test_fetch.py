"""The fetch stage: request counts, freshness, failures served from the store, archives."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests

from tests.test_x_live import SECRET, Transport, cached_session, canned, raising, replayed
from widget.config import Config, FeedConfig, NetworkSettings, SourceSpec
from widget.errors import StoreError
from widget.fetch import FetchReport, age, fetch_sources, stored_posts
from widget.store import Store

RECORDED = Path(__file__).parent / "data" / "recorded"
START = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)
KOMMUNE_ID = "1000000000000000001"


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("X_BEARER_TOKEN", SECRET)
    return SECRET


def x(handle: str) -> SourceSpec:
    return SourceSpec(kind="x", value=handle)


def archive(path: Path) -> SourceSpec:
    return SourceSpec(kind="x-archive", value=str(path), path=path)


def make_config(tmp_path: Path, *feeds: tuple[int, tuple[SourceSpec, ...]]) -> Config:
    return Config(
        path=tmp_path / "widget.toml",
        output=tmp_path / "public",
        state=tmp_path / "state",
        networks={"x": NetworkSettings(refresh_minutes=15)},
        feeds={
            f"feed-{n}": FeedConfig(name=f"feed-{n}", title="Testby", sources=sources, limit=limit)
            for n, (limit, sources) in enumerate(feeds)
        },
    )


class Run:
    """One project: its configuration, store and log, fetched through a counting transport."""

    def __init__(self, tmp_path: Path, *feeds: tuple[int, tuple[SourceSpec, ...]]) -> None:
        self.config = make_config(tmp_path, *feeds)
        self.store = Store(self.config.state)
        self.log: list[str] = []

    def fetch(
        self, transport: Transport, at: datetime = START, *, offline: bool = False
    ) -> FetchReport:
        with cached_session(self.config.state, transport) as session:
            return fetch_sources(
                self.config,
                self.store,
                offline=offline,
                now=at,
                log=self.log.append,
                session=session,
            )

    def stored_file(self, handle: str = "kommune_test") -> dict[str, object]:
        path = self.config.state / "x" / f"{handle}.json"
        data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
        return data


@pytest.fixture
def kommune(tmp_path: Path) -> Run:
    return Run(tmp_path, (5, (x("kommune_test"),)))


def test_a_first_fetch_is_one_user_lookup_and_one_timeline_page(kommune: Run) -> None:
    transport = replayed()
    report = kommune.fetch(transport)
    (status,) = report.accounts
    assert status.source == "x:kommune_test" and status.status == "fresh"
    assert status.requests == 2 == len(transport.sent)
    assert status.new_posts == 5 and status.fetched_at == START
    stored = kommune.stored_file()
    assert stored["cursor"] == {"user_id": KOMMUNE_ID, "since_id": "1800000000000000010"}
    assert not report.degraded


def test_a_second_fetch_within_the_refresh_window_sends_nothing(kommune: Run) -> None:
    kommune.fetch(replayed())
    transport = replayed()
    report = kommune.fetch(transport, at=START + timedelta(minutes=14))
    assert transport.sent == []
    assert [(s.status, s.requests, s.fetched_at) for s in report.accounts] == [("cached", 0, START)]


def test_after_the_window_exactly_one_timeline_request_fetches_what_is_new(
    tmp_path: Path, kommune: Run
) -> None:
    recordings = tmp_path / "recorded"
    shutil.copytree(RECORDED, recordings)
    kommune.fetch(replayed(recordings))
    page_path = recordings / "kommune_test" / "tweets-1.json"
    page = json.loads(page_path.read_text(encoding="utf-8"))
    newer = dict(page["data"][0], id="1800000000000000011", text="Nyt opslag")
    page["data"].insert(0, newer)
    page_path.write_text(json.dumps(page), encoding="utf-8")

    transport = replayed(recordings)
    report = kommune.fetch(transport, at=START + timedelta(minutes=16))
    assert transport.paths() == [f"/2/users/{KOMMUNE_ID}/tweets"]
    assert transport.query(0)["since_id"] == "1800000000000000010"
    (status,) = report.accounts
    assert (status.status, status.new_posts, status.requests) == ("fresh", 1, 1)
    stored = kommune.stored_file()
    assert len(stored["posts"]) == 6  # type: ignore[arg-type]
    assert stored["cursor"]["since_id"] == "1800000000000000011"  # type: ignore[index]


def test_an_account_in_two_feeds_is_fetched_once_with_the_larger_limit(tmp_path: Path) -> None:
    run = Run(tmp_path, (5, (x("kommune_test"),)), (8, (x("kommune_test"), x("region_demo"))))
    transport = replayed()
    report = run.fetch(transport)
    assert [s.source for s in report.accounts] == ["x:kommune_test", "x:region_demo"]
    assert [s.requests for s in report.accounts] == [3, 2]  # 8 posts need two pages
    assert len(transport.sent) == 5


FAILURES = [
    (canned(401), "the API refused the token (401 Unauthorized)"),
    (canned(403), "the API denied access (403 Forbidden)"),
    (canned(404), "no X account @kommune_test was found (404 Not Found)"),
    (
        canned(429, headers={"x-rate-limit-reset": "1714551300"}),
        "the API's rate limit is used up (429 Too Many Requests);"
        " it resets at 2024-05-01 08:15 UTC",
    ),
    (canned(500), "the API failed (500 Internal Server Error)"),
    (raising(requests.ReadTimeout()), "the API did not answer in time"),
    (raising(requests.ConnectionError()), "could not connect to the API"),
    (canned(200, b"{{{"), "the API answered with malformed JSON"),
]


@pytest.mark.parametrize(("transport", "reason"), FAILURES)
def test_a_failed_fetch_serves_the_store_unchanged_and_says_so_in_one_line(
    kommune: Run, transport: Transport, reason: str
) -> None:
    kommune.fetch(replayed())
    posts_before = kommune.stored_file()["posts"]
    report = kommune.fetch(transport, at=START + timedelta(minutes=20))
    (status,) = report.accounts
    assert status.status == "stored" and report.degraded
    message = status.message or ""
    assert message.startswith(f"x:kommune_test: {reason}")
    assert message.endswith("; serving 5 stored posts from 20 minutes ago")
    assert "\n" not in message
    stored = kommune.stored_file()
    assert stored["posts"] == posts_before
    assert reason in str(stored["last_error"])
    assert stored["fetched_at"] == "2024-05-01T08:00:00Z"


def test_a_failed_fetch_with_nothing_stored_is_failed(kommune: Run) -> None:
    (status,) = kommune.fetch(canned(401)).accounts
    assert status.status == "failed"
    assert status.message is not None and status.message.endswith("no posts are stored yet")


def test_the_next_success_clears_the_last_error(kommune: Run) -> None:
    kommune.fetch(canned(503))
    kommune.fetch(replayed(), at=START + timedelta(minutes=1))
    assert kommune.stored_file()["last_error"] is None


def test_without_a_token_every_x_account_fails_in_one_line_and_nothing_is_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = Run(tmp_path, (5, (x("kommune_test"), x("region_demo"))))
    monkeypatch.delenv("X_BEARER_TOKEN")
    transport = replayed()
    report = run.fetch(transport)
    assert transport.sent == []
    assert [s.message for s in report.accounts] == [
        "x:kommune_test: X_BEARER_TOKEN is not set; no posts are stored yet",
        "x:region_demo: X_BEARER_TOKEN is not set; no posts are stored yet",
    ]
    assert report.degraded


def test_replay_needs_no_token(kommune: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("X_BEARER_TOKEN")
    report = fetch_sources(kommune.config, kommune.store, replay=RECORDED, now=START, log=print)
    assert [s.status for s in report.accounts] == ["fresh"]


def test_recording_writes_the_exact_answers_even_when_the_store_is_fresh(
    tmp_path: Path, kommune: Run
) -> None:
    kommune.fetch(replayed())
    folder = tmp_path / "recording"
    report = fetch_sources(
        kommune.config, kommune.store, replay=RECORDED, record=folder, now=START, log=print
    )
    assert report.accounts[0].status == "fresh" and report.accounts[0].requests == 2
    for name in ("user.json", "tweets-1.json"):
        assert (folder / "kommune_test" / name).read_bytes() == (
            RECORDED / "kommune_test" / name
        ).read_bytes()


def test_offline_nothing_is_sent_and_stored_posts_are_served(tmp_path: Path, kommune: Run) -> None:
    kommune.fetch(replayed())
    transport = replayed()
    report = kommune.fetch(transport, at=START + timedelta(days=3), offline=True)
    assert transport.sent == []
    (status,) = report.accounts
    assert status.status == "cached" and not report.degraded
    assert status.message == (
        "x:kommune_test: offline, so nothing was fetched; serving 5 stored posts from 3 days ago"
    )
    empty = Run(tmp_path / "other", (5, (x("region_demo"),)))
    assert empty.fetch(replayed(), offline=True).accounts[0].status == "failed"


def test_the_token_is_in_no_cache_file_store_file_message_or_log_line(kommune: Run) -> None:
    kommune.fetch(replayed())
    report = kommune.fetch(canned(401), at=START + timedelta(hours=1))
    for path in kommune.config.state.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert all(SECRET not in (s.message or "") for s in report.accounts)
    assert all(SECRET not in line for line in kommune.log)


def write_archive(folder: Path, handle: str = "kommune_test") -> Path:
    data = folder / "data"
    data.mkdir(parents=True)
    account = {"username": handle, "accountId": KOMMUNE_ID, "accountDisplayName": "Testby Kommune"}
    (data / "account.js").write_text(
        "window.YTD.account.part0 = " + json.dumps([{"account": account}]), encoding="utf-8"
    )
    tweets = [
        {
            "tweet": {
                "id_str": f"170000000000000000{n}",
                "full_text": f"Gammelt opslag nummer {n}",
                "created_at": f"Sat Feb 1{n} 19:45:15 +0000 2023",
                "lang": "da",
                "entities": {"hashtags": [], "user_mentions": [], "urls": []},
            }
        }
        for n in (1, 2)
    ]
    (data / "tweets.js").write_text(
        "window.YTD.tweets.part0 = " + json.dumps(tweets), encoding="utf-8"
    )
    return folder


def test_an_archive_adds_older_posts_to_the_same_account(tmp_path: Path) -> None:
    folder = write_archive(tmp_path / "export")
    run = Run(tmp_path, (5, (x("kommune_test"), archive(folder))))
    transport = replayed()
    report = run.fetch(transport)
    statuses = {s.source: s for s in report.accounts}
    assert statuses[f"x-archive:{folder}"].new_posts == 2
    assert statuses["x:kommune_test"].new_posts == 5
    # The archive's newest post is where the API takes over.
    assert transport.query(1)["since_id"] == "1700000000000000002"
    posts = stored_posts(run.store, run.config.feeds["feed-0"])
    assert [p.id for p in posts][-2:] == ["1700000000000000002", "1700000000000000001"]
    assert len(posts) == 7
    assert posts == sorted(posts, key=lambda p: p.created, reverse=True)


def test_a_broken_archive_is_a_one_line_status_and_the_rest_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "tweets.js").write_text("window.YTD.tweets.part0 = [ {", encoding="utf-8")
    run = Run(tmp_path, (5, (archive(folder), x("region_demo"))))
    report = run.fetch(replayed())
    broken, region = report.accounts
    assert broken.status == "failed" and report.degraded
    assert broken.message is not None and broken.message.startswith(f"x-archive:{folder}: ")
    assert "\n" not in broken.message
    assert region.status == "fresh"
    assert stored_posts(run.store, run.config.feeds["feed-0"])


def test_a_corrupt_store_file_stops_the_fetch_and_is_left_as_it_is(kommune: Run) -> None:
    path = kommune.config.state / "x" / "kommune_test.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"posts": [', encoding="utf-8")
    transport = replayed()
    with pytest.raises(StoreError, match="left untouched"):
        kommune.fetch(transport)
    assert transport.sent == []
    assert path.read_text(encoding="utf-8") == '{"posts": ['


def test_stored_posts_are_the_feeds_own_newest_first(tmp_path: Path) -> None:
    run = Run(tmp_path, (5, (x("kommune_test"),)), (5, (x("region_demo"), x("kommune_test"))))
    run.fetch(replayed())
    first = stored_posts(run.store, run.config.feeds["feed-0"])
    both = stored_posts(run.store, run.config.feeds["feed-1"])
    assert {p.account for p in first} == {"kommune_test"} and len(first) == 5
    assert len(both) == 7 and len({p.id for p in both}) == 7
    assert [p.created for p in both] == sorted((p.created for p in both), reverse=True)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "a minute ago"), (20, "20 minutes ago"), (180, "3 hours ago"), (4 * 1440, "4 days ago")],
)
def test_ages_are_said_in_the_unit_a_person_would_use(minutes: int, text: str) -> None:
    assert age(START, START + timedelta(minutes=minutes)) == text


@pytest.mark.realdata
def test_a_real_timeline_page_goes_through_tweepy_into_the_store_and_back(
    tmp_path: Path, shared_fixtures: Path
) -> None:
    page = json.loads(
        (shared_fixtures / "x-api-v2" / "users_tweets_timeline_page.json").read_text("utf-8")
    )
    page.pop("__twarc", None)  # twarc's note on the request, not part of the answer
    author_id = page["data"][0]["author_id"]
    user = next(u for u in page["includes"]["users"] if u["id"] == author_id)
    handle = user["username"].lower()
    recordings = tmp_path / "recorded" / handle
    recordings.mkdir(parents=True)
    (recordings / "user.json").write_text(json.dumps({"data": user}), encoding="utf-8")
    (recordings / "tweets-1.json").write_text(json.dumps(page), encoding="utf-8")
    run = Run(tmp_path, (100, (x(handle),)))

    transport = replayed(tmp_path / "recorded")
    (status,) = run.fetch(transport).accounts

    assert status.status == "fresh" and status.requests == 2  # the limit is met by one page
    assert status.new_posts == len(page["data"]) == 100
    assert any("could not be found" in line for line in run.log)  # the partial errors[]
    posts = stored_posts(run.store, run.config.feeds["feed-0"])
    assert {p.id for p in posts} == {t["id"] for t in page["data"]}
    assert Store(run.config.state).load("x", handle).author is not None
