"""The recheck: shown posts looked up again every ``recheck_hours``; gone ones leave for good.

Every answer comes from the invented recordings in ``tests/data`` (copied, then
edited the way a network would change them), served by the replay adapter under
the real cached session, so the code under test is the code a live build runs.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.test_x_live import SECRET, Transport, cached_session
from widget.config import Config, FeedConfig, NetworkSettings, SourceSpec
from widget.fetch import FetchReport, fetch_sources
from widget.model import Author, Post
from widget.sources.base import RecheckRequest
from widget.sources.registry import KINDS
from widget.sources.replay import ReplayAdapter, attach_recorder, make_response
from widget.store import AccountState, Store

DATA = Path(__file__).parent / "data"
START = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)
LOOKUP = "/2/tweets"
NEWEST = "1800000000000000010"
NOT_PUBLIC = "https://api.twitter.com/2/problems/not-authorized-for-resource"
SHOWN = [f"18000000000000000{n:02d}" for n in range(10, 5, -1)]
"""The five posts a feed with ``limit = 5`` shows of ``kommune_test``."""


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BEARER_TOKEN", SECRET)


def recordings(tmp_path: Path) -> Path:
    folder = tmp_path / "recorded"
    shutil.copytree(DATA / "recorded", folder)
    shutil.copytree(DATA / "mastodon", folder, dirs_exist_ok=True)
    shutil.copytree(DATA / "bluesky", folder, dirs_exist_ok=True)
    return folder


class Project:
    """A configuration, its store and log, fetched from recordings through a counting adapter."""

    def __init__(
        self, tmp_path: Path, source: str, *more: str, hours: int = 24, limit: int = 5
    ) -> None:
        self.folder = recordings(tmp_path)
        specs = tuple(
            KINDS[kind].spec(value, lambda text: Path(text))
            for kind, _, value in (entry.partition(":") for entry in (source, *more))
        )
        spec = specs[0]
        settings = NetworkSettings(refresh_minutes=15, recheck_hours=hours)
        self.config = Config(
            path=tmp_path / "widget.toml",
            output=tmp_path / "public",
            state=tmp_path / "state",
            networks={name: settings for name in ("x", "mastodon", "bluesky", "rss")},
            feeds={"nyt": FeedConfig(name="nyt", title="Nyt", sources=specs, limit=limit)},
        )
        self.spec = spec
        self.store = Store(self.config.state)
        self.log: list[str] = []
        self.sent: list[str] = []
        self.failing: str | None = None
        """Requests to this path answer 503."""

    def fetch(self, at: datetime = START, *, record: Path | None = None) -> FetchReport:
        adapter = ReplayAdapter([(self.folder, kind) for kind in KINDS.values()])

        def answer(request: requests.PreparedRequest) -> requests.Response:
            if urlsplit(request.url or "").path == self.failing:
                return make_response(request, 503, b"{}", {"Content-Type": "application/json"})
            return adapter.send(request)

        transport = Transport(answer)
        with cached_session(self.config.state, transport) as session:
            if record is not None:
                attach_recorder(session, record, list(KINDS.values()))
            report = fetch_sources(
                self.config, self.store, now=at, log=self.log.append, session=session,
                record=record,
            )  # fmt: skip
        self.sent = [request.url or "" for request in transport.sent]
        return report

    def lookups(self, path: str = LOOKUP) -> list[str]:
        return [url for url in self.sent if urlsplit(url).path.startswith(path)]

    def state(self) -> AccountState:
        kind = KINDS[self.spec.kind]
        return self.store.load(kind.network.name, kind.account(self.spec))

    def user(self, name: str) -> Path:
        return self.folder / name


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def x_deleted(post_id: str) -> dict[str, str]:
    return {
        "value": post_id,
        "detail": f"Could not find tweet with ids: [{post_id}].",
        "title": "Not Found Error",
        "resource_type": "tweet",
        "parameter": "ids",
        "resource_id": post_id,
        "type": "https://api.twitter.com/2/problems/resource-not-found",
    }


def ids_asked(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query)["ids"][0].split(",")


# --- when: recheck_hours ------------------------------------------------------------------


def test_the_first_build_starts_the_clock_and_a_lookup_waits_for_recheck_hours(
    tmp_path: Path,
) -> None:
    project = Project(tmp_path, "x:kommune_test", hours=24)
    project.fetch()
    assert project.lookups() == []
    project.fetch(START + timedelta(hours=23, minutes=59))
    assert project.lookups() == [], "a timeline refresh inside the window looks nothing up"
    report = project.fetch(START + timedelta(hours=24))
    (lookup,) = project.lookups()
    assert ids_asked(lookup) == SHOWN
    (status,) = report.rechecks
    assert (status.checked, status.requests, status.gone) == (5, 1, ())
    assert project.state().rechecked_at == START + timedelta(hours=24)


def test_recheck_hours_0_looks_the_shown_posts_up_on_every_build(tmp_path: Path) -> None:
    project = Project(tmp_path, "x:kommune_test", hours=0)
    project.fetch()
    assert len(project.lookups()) == 1
    project.fetch(START + timedelta(minutes=1))  # the timeline is not due; the recheck is
    assert [urlsplit(url).path for url in project.sent] == [LOOKUP]


def test_a_recheck_asks_for_at_most_100_posts_a_request(tmp_path: Path) -> None:
    project = Project(tmp_path, "x:kommune_test", hours=0, limit=150)
    project.fetch()
    state = project.state()
    template = state.posts[NEWEST]
    many = [replace(template, id=str(1700000000000000000 + n)) for n in range(145)]
    state.merge(many)
    project.store.save(state)
    report = project.fetch(START + timedelta(minutes=1))
    assert [len(ids_asked(url)) for url in project.lookups()] == [100, 50]
    assert report.rechecks[0].requests == 2
    # The invented posts are in no recording, so the recordings report them deleted.
    assert len(report.rechecks[0].gone) == 145 and len(project.state().posts) == 10


# --- deleted ----------------------------------------------------------------------------


def delete_on_x(project: Project, post_id: str) -> None:
    write_json(project.user("kommune_test") / "lookup.json", {"errors": [x_deleted(post_id)]})


def test_a_post_x_reports_deleted_leaves_the_store_and_stays_out(tmp_path: Path) -> None:
    project = Project(tmp_path, "x:kommune_test", hours=0)
    project.fetch()
    delete_on_x(project, NEWEST)
    report = project.fetch(START + timedelta(minutes=1))
    assert report.rechecks[0].gone == (NEWEST,)
    state = project.state()
    assert NEWEST not in state.posts and state.tombstones[NEWEST].reason == "deleted"
    assert any("1 deleted and removed" in line for line in project.log)

    # A later page holding it again (the cursor forgotten, so the timeline is read in full)
    # does not bring it back.
    state.cursor = {key: value for key, value in state.cursor.items() if key != "since_id"}
    project.store.save(state)
    (project.user("kommune_test") / "lookup.json").unlink()  # only the tombstone keeps it out
    project.fetch(START + timedelta(minutes=30))
    assert NEWEST in read_json(project.user("kommune_test") / "tweets-1.json")["data"][0]["id"]
    assert NEWEST not in project.state().posts


def test_an_archive_cannot_bring_back_a_post_that_was_deleted() -> None:
    state = AccountState("x", "kommune_test")
    state.bury(["1"], "deleted", START)
    template = invented_post("1")
    assert state.merge([template], replace=False) == 0
    assert state.merge([template]) == 0
    assert state.posts == {}


def test_an_archive_read_on_every_build_does_not_bring_back_a_deleted_post(
    tmp_path: Path,
) -> None:
    deleted = SHOWN[3]
    project = Project(tmp_path, "x:kommune_test", f"x-archive:{DATA / 'archive'}", hours=0)
    project.fetch()
    assert deleted in project.state().posts
    delete_on_x(project, deleted)
    project.fetch(START + timedelta(minutes=1))
    assert deleted not in project.state().posts
    # The archive, which holds it, is read again; and the recheck no longer says "deleted",
    # so only the tombstone keeps it out.
    (project.user("kommune_test") / "lookup.json").unlink()
    project.fetch(START + timedelta(minutes=2))
    assert deleted not in project.state().posts


def test_a_failed_recheck_removes_nothing_and_tries_again_next_build(tmp_path: Path) -> None:
    project = Project(tmp_path, "x:kommune_test", hours=24)
    project.fetch()
    project.failing = LOOKUP
    report = project.fetch(START + timedelta(hours=25))
    assert len(project.lookups()) == 1
    (problem,) = report.rechecks[0].problems
    assert problem.startswith("the recheck failed: the API failed (503")
    assert len(project.state().posts) == 5
    assert project.state().rechecked_at == START
    assert any(line.startswith("x:kommune_test: the recheck failed") for line in project.log)


def test_a_recheck_without_a_token_says_so_and_removes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project(tmp_path, "x:kommune_test", hours=24)
    project.fetch()
    state = project.state()
    state.fetched_at = START + timedelta(days=2)  # the timeline is not due
    project.store.save(state)
    monkeypatch.delenv("X_BEARER_TOKEN")
    report = project.fetch(START + timedelta(days=2))
    assert project.lookups() == []
    assert report.rechecks[0].problems == ("X_BEARER_TOKEN is not set, so nothing was rechecked",)
    assert len(project.state().posts) == 5
    assert project.state().rechecked_at == START, "the next build tries again"


def capped(project: Project, cap: int) -> None:
    networks = {
        name: replace(settings, monthly_post_reads=cap)
        for name, settings in project.config.networks.items()
    }
    project.config = replace(project.config, networks=networks)


def month_total(report: FetchReport) -> int:
    return next(reads.this_month for reads in report.reads if reads.network == "x")


def test_a_recheck_that_would_go_over_the_monthly_cap_is_not_made(tmp_path: Path) -> None:
    project = Project(tmp_path, "x:kommune_test", hours=0)
    total = month_total(project.fetch())
    capped(project, total + len(SHOWN) - 1)  # room for four reads, and five posts are shown

    report = project.fetch(START + timedelta(minutes=1))  # the timeline is not due

    assert project.sent == [], "X must not be asked"
    (status,) = report.rechecks
    assert status.over_budget and report.degraded
    assert month_total(report) == total
    lines = [line for line in project.log if "monthly_post_reads" in line]
    assert lines == [
        f"x:kommune_test: the recheck was not made, to stay within [x] monthly_post_reads: "
        f"{total} of {total + 4} posts read in 2024-05, and it would read 5 more; "
        "a deleted post stays shown until a recheck is made"
    ]
    assert len(project.state().posts) == 5
    assert project.state().rechecked_at == START, "the next build tries again"

    capped(project, total + len(SHOWN))
    report = project.fetch(START + timedelta(minutes=2))
    assert len(project.lookups()) == 1 and not report.degraded
    assert month_total(report) == total + len(SHOWN)


# --- edited -------------------------------------------------------------------------------


def edit_on_x(project: Project, old: str, new: str) -> None:
    """X's answer after an edit: a new post whose history names the old one; the old one
    now names the new one too."""
    path = project.user("kommune_test") / "tweets-1.json"
    page = read_json(path)
    original = next(item for item in page["data"] if item["id"] == old)
    original["edit_history_tweet_ids"] = [old, new]
    edited = dict(original, id=new, text="Genbrugspladsen har åbent til kl. 19 i dag #affald")
    page["data"].insert(0, edited)
    write_json(path, page)


def test_an_edited_x_post_is_stored_once_in_its_newest_version(tmp_path: Path) -> None:
    project = Project(tmp_path, "x:kommune_test")
    project.fetch()
    edit_on_x(project, NEWEST, "1800000000000000011")
    project.fetch(START + timedelta(minutes=16))
    state = project.state()
    assert "1800000000000000011" in state.posts and NEWEST not in state.posts
    stone = state.tombstones[NEWEST]
    assert (stone.reason, stone.replaced_by) == ("edited", "1800000000000000011")
    assert "kl. 19" in state.posts["1800000000000000011"].plain_text


def test_a_recheck_finds_an_edit_through_the_old_versions_history(tmp_path: Path) -> None:
    project = Project(tmp_path, "x:kommune_test", hours=0)
    project.fetch()
    page = read_json(project.user("kommune_test") / "tweets-1.json")
    old = dict(page["data"][1], edit_history_tweet_ids=[SHOWN[1], "1800000000000000012"])
    write_json(project.user("kommune_test") / "lookup.json", {"data": [old]})
    report = project.fetch(START + timedelta(minutes=1))
    assert report.rechecks[0].replaced == (SHOWN[1],)
    assert project.state().tombstones[SHOWN[1]].replaced_by == "1800000000000000012"


# --- Mastodon and Bluesky ----------------------------------------------------------------


MASTODON_USER = "borgerdemo@social.example"


def test_mastodon_asks_for_each_shown_status_and_a_404_means_gone(tmp_path: Path) -> None:
    project = Project(tmp_path, f"mastodon:{MASTODON_USER}", hours=0, limit=3)
    project.fetch()
    shown = [url.rsplit("/", 1)[1] for url in project.lookups("/api/v1/statuses/")]
    assert len(shown) == 3
    write_json(
        project.user(MASTODON_USER) / "lookup.json",
        {shown[0]: {"error": "Record not found"}},
    )
    report = project.fetch(START + timedelta(minutes=1))
    assert report.rechecks[0].gone == (shown[0],)
    assert report.rechecks[0].requests == 3
    assert shown[0] not in project.state().posts


def test_a_mastodon_edit_replaces_the_stored_copy(tmp_path: Path) -> None:
    project = Project(tmp_path, f"mastodon:{MASTODON_USER}", hours=0, limit=3)
    project.fetch()
    shown = {url.rsplit("/", 1)[1] for url in project.lookups("/api/v1/statuses/")}
    statuses = read_json(project.user(MASTODON_USER) / "statuses-1.json")
    first_shown = next(s for s in statuses if s["id"] in shown and not s.get("reblog"))
    status = dict(first_shown, content="<p>Rettet: mødet er flyttet</p>")
    status["edited_at"] = "2024-05-01T07:00:00.000Z"
    write_json(project.user(MASTODON_USER) / "lookup.json", {status["id"]: status})
    project.fetch(START + timedelta(minutes=1))
    assert project.state().posts[status["id"]].plain_text == "Rettet: mødet er flyttet"


BLUESKY_USER = "udenrigs-demo.bsky.example"


def test_bluesky_asks_getposts_25_at_a_time_and_a_missing_post_is_gone(tmp_path: Path) -> None:
    project = Project(tmp_path, f"bluesky:{BLUESKY_USER}", hours=0, limit=30)
    project.fetch()
    (lookup,) = project.lookups("/xrpc/app.bsky.feed.getPosts")
    uris = parse_qs(urlsplit(lookup).query)["uris"]
    assert 1 <= len(uris) <= 25
    kept = [item["post"] for item in read_json(project.user(BLUESKY_USER) / "feed-1.json")["feed"]]
    gone = kept.pop(1)["uri"]
    write_json(project.user(BLUESKY_USER) / "lookup.json", {"posts": kept})
    report = project.fetch(START + timedelta(minutes=1))
    assert gone in report.rechecks[0].gone
    assert gone not in project.state().posts


def test_rss_has_no_recheck(tmp_path: Path) -> None:
    assert KINDS["rss"].recheck(None) is None  # type: ignore[arg-type]


# --- recording --------------------------------------------------------------------------


def test_record_writes_the_lookup_that_replay_reads(tmp_path: Path) -> None:
    project = Project(tmp_path, "x:kommune_test", hours=24)
    delete_on_x(project, NEWEST)
    target = tmp_path / "new-recording"
    project.fetch(record=target)
    recorded = read_json(target / "kommune_test" / "lookup.json")
    assert [error["resource_id"] for error in recorded["errors"]] == [NEWEST]
    assert [item["id"] for item in recorded["data"]] == SHOWN[1:]


def invented_post(post_id: str) -> Post:
    author = Author(id="1", name="Testby Kommune", handle="kommune_test")
    return Post(
        id=post_id,
        network="x",
        account="kommune_test",
        author=author,
        created=START,
        segments=(),
        permalink=f"https://x.com/kommune_test/status/{post_id}",
    )


@pytest.mark.parametrize(
    ("source", "user", "listed"),
    [
        (f"mastodon:{MASTODON_USER}", MASTODON_USER, lambda body: list(body)),
        (f"bluesky:{BLUESKY_USER}", BLUESKY_USER, lambda body: body["posts"]),
    ],
)
def test_record_writes_mastodon_and_bluesky_lookups_that_replay_reads(
    tmp_path: Path, source: str, user: str, listed: Callable[[Any], list[Any]]
) -> None:
    project = Project(tmp_path, source, hours=24, limit=2)
    target = tmp_path / "new-recording"
    project.fetch(record=target)
    assert len(listed(read_json(target / user / "lookup.json"))) == 2
    # Replayed from the new recording alone, the recheck finds everything still there.
    project.folder = target
    report = project.fetch(START + timedelta(days=2))
    assert report.rechecks[0].gone == () and report.rechecks[0].checked == 2


def test_bluesky_asks_for_25_posts_a_request(tmp_path: Path) -> None:
    asked: list[list[str]] = []

    def answer(request: requests.PreparedRequest) -> requests.Response:
        uris = parse_qs(urlsplit(request.url or "").query)["uris"]
        asked.append(uris)
        posts = [{"uri": uri} for uri in uris if not uri.endswith("/7")]
        body = json.dumps({"posts": posts}).encode()
        return make_response(request, 200, body, {"Content-Type": "application/json"})

    ids = tuple(f"at://did:plc:demo/app.bsky.feed.post/{n}" for n in range(30))
    with cached_session(tmp_path, Transport(answer)) as session:
        found = KINDS["bluesky"].recheck(
            RecheckRequest(
                spec=SourceSpec("bluesky", BLUESKY_USER),
                account=BLUESKY_USER,
                ids=(*ids, f"{ids[7]}#repost-by-did:plc:demo"),
                session=session,
                settings=NetworkSettings(),
            )
        )
    assert [len(uris) for uris in asked] == [25, 5]
    assert found is not None and found.requests == 2
    assert found.gone == {ids[7], f"{ids[7]}#repost-by-did:plc:demo"}


def test_x_drops_posts_no_longer_public_and_keeps_those_it_says_nothing_about(
    tmp_path: Path,
) -> None:
    page = read_json(DATA / "recorded" / "kommune_test" / "tweets-1.json")
    hidden = dict(x_deleted(SHOWN[1]), type=NOT_PUBLIC, title="Authorization Error")
    body = {"data": [page["data"][0]], "includes": page["includes"], "errors": [hidden]}

    def answer(request: requests.PreparedRequest) -> requests.Response:
        content = json.dumps(body).encode()
        return make_response(request, 200, content, {"Content-Type": "application/json"})

    with cached_session(tmp_path, Transport(answer)) as session:
        found = KINDS["x"].recheck(
            RecheckRequest(
                spec=SourceSpec("x", "kommune_test"),
                account="kommune_test",
                ids=tuple(SHOWN[:3]),
                session=session,
                settings=NetworkSettings(),
            )
        )
    assert found is not None and found.requests == 1
    assert found.gone == {SHOWN[1]} and found.problems == ()
    assert found.notes == ("X answered nothing about 1 post(s); they were kept",)
    assert [post.id for post in found.posts] == [SHOWN[0]]
