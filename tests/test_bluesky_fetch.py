"""Fetching a Bluesky account through a real cached session, the network replaced by
our invented recordings (tests/data/bluesky) or by canned answers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from requests.adapters import BaseAdapter

from widget.http import make_session
from widget.sources.base import (
    Fetched,
    FetchFailure,
    FetchRequest,
    NetworkSettings,
    SourceKind,
    SourceSpec,
)
from widget.sources.bluesky import KIND
from widget.sources.bluesky.kind import MAX_PAGES
from widget.sources.replay import ReplayAdapter, attach_recorder, make_response, mount_replay

DATA = Path(__file__).parent / "data" / "bluesky"
HANDLE = "udenrigs-demo.bsky.example"
ME = "did:plc:udenrigsdemo0000000000000"
NEWEST = f"at://{ME}/app.bsky.feed.post/3demo0000001"
PINNED = f"at://{ME}/app.bsky.feed.post/3demo0000012"
HIDDEN_LINE = (
    "1 post(s) left out: their authors asked not to be shown to readers who are not "
    "logged in (!no-unauthenticated)"
)

Answer = Callable[[requests.PreparedRequest], requests.Response]


class Transport(BaseAdapter):
    """Stands in for the network under the cached session and keeps what reaches it."""

    def __init__(self, answer: Answer | BaseAdapter) -> None:
        super().__init__()
        self.answer = answer
        self.sent: list[requests.PreparedRequest] = []

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        self.sent.append(request)
        if isinstance(self.answer, BaseAdapter):
            return self.answer.send(request, **kwargs)
        return self.answer(request)

    def close(self) -> None:
        pass

    def methods(self) -> list[str]:
        return [urlsplit(r.url or "").path.rsplit("/", 1)[-1] for r in self.sent]

    def query(self, number: int) -> dict[str, str]:
        query = urlsplit(self.sent[number].url or "").query
        return {key: values[-1] for key, values in parse_qs(query).items()}


def session_for(tmp_path: Path, transport: BaseAdapter | None = None) -> requests.Session:
    session = make_session(tmp_path / "state", expire_after=timedelta(minutes=15), timeout=5)
    if transport is None:
        mount_replay(session, [(DATA, KIND)], fallback=False)
    else:
        session.mount("https://", transport)
        session.mount("http://", transport)
    return session


def fetch_request(
    session: requests.Session,
    *,
    cursor: Mapping[str, str] | None = None,
    limit: int = 100,
    value: str = HANDLE,
) -> FetchRequest:
    spec = KIND.spec(value, Path)
    return FetchRequest(
        spec=spec,
        account=KIND.account(spec),
        cursor=cursor or {},
        limit=limit,
        session=session,
        settings=NetworkSettings(),
        log=lambda line: None,
    )


def replayed(folder: Path = DATA) -> Transport:
    return Transport(ReplayAdapter([(folder, KIND)]))


def canned(status: int, body: bytes = b"{}", headers: dict[str, str] | None = None) -> Transport:
    def answer(request: requests.PreparedRequest) -> requests.Response:
        return make_response(
            request, status, body, {"Content-Type": "application/json", **(headers or {})}
        )

    return Transport(answer)


def first_fetch(tmp_path: Path, **kwargs: Any) -> Fetched:
    return KIND.fetch(fetch_request(session_for(tmp_path / "first"), **kwargs))


# --- first fetch and steady state -------------------------------------------------------


def test_a_first_fetch_reads_the_profile_and_every_page(tmp_path: Path) -> None:
    fetched = KIND.fetch(fetch_request(session_for(tmp_path)))
    assert fetched.requests == 3
    assert len(fetched.posts) == 12  # 14 items: one hidden, the pin appears twice
    assert len({post.id for post in fetched.posts}) == 12
    assert [p.created for p in fetched.posts] == sorted(
        (p.created for p in fetched.posts), reverse=True
    )
    assert fetched.posts[0].id == NEWEST
    assert {post.account for post in fetched.posts} == {HANDLE}
    assert fetched.author is not None and fetched.author.id == ME
    assert fetched.author.name == "Udenrigs Demo (opdigtet konto)"
    assert fetched.cursor == {
        "did": ME,
        "newest_id": NEWEST,
        "newest_at": "2026-03-10T09:00:00+00:00",
    }
    assert fetched.problems == (
        f"post at://{ME}/app.bsky.feed.post/3demo0000010: its embed of type "
        "'app.bsky.embed.hologram#view' is not supported; left out",
        HIDDEN_LINE,
    )


def test_the_requests_ask_for_posts_with_replies_page_by_page(tmp_path: Path) -> None:
    transport = replayed()
    KIND.fetch(fetch_request(session_for(tmp_path, transport), limit=30))
    assert transport.methods() == [
        "app.bsky.actor.getProfile",
        "app.bsky.feed.getAuthorFeed",
        "app.bsky.feed.getAuthorFeed",
    ]
    assert transport.query(0) == {"actor": HANDLE}
    assert transport.query(1) == {"actor": HANDLE, "limit": "30", "filter": "posts_with_replies"}
    assert transport.query(2)["cursor"] == "2026-03-10T02:00:00.000Z"
    assert all(
        r.url and r.url.startswith("https://public.api.bsky.app/xrpc/") for r in transport.sent
    )
    assert all("Authorization" not in r.headers for r in transport.sent)


def test_a_first_fetch_stops_once_the_limit_is_met(tmp_path: Path) -> None:
    fetched = first_fetch(tmp_path, limit=5)
    assert fetched.requests == 2
    assert len(fetched.posts) == 8  # the whole first page


def test_steady_state_with_nothing_new_is_one_request_and_no_posts(tmp_path: Path) -> None:
    cursor = first_fetch(tmp_path).cursor
    transport = replayed()
    fetched = KIND.fetch(fetch_request(session_for(tmp_path / "next", transport), cursor=cursor))
    assert transport.methods() == ["app.bsky.feed.getAuthorFeed"]
    assert fetched.requests == 1
    assert fetched.posts == ()  # the old pin is not new either
    assert fetched.cursor == cursor
    assert fetched.author is None  # no profile asked and no new post: the stored one stays


def with_new_post(tmp_path: Path) -> Path:
    """The demo recordings plus one newer post, after the pin on page 1."""
    folder = tmp_path / "recordings"
    shutil.copytree(DATA, folder)
    page_path = folder / HANDLE / "feed-1.json"
    page = json.loads(page_path.read_text(encoding="utf-8"))
    newer = json.loads(json.dumps(page["feed"][1]))
    newer["post"]["uri"] = f"at://{ME}/app.bsky.feed.post/3demo0000099"
    newer["post"]["record"].update(text="Endnu et opdigtet opslag", facets=[])
    newer["post"]["record"]["createdAt"] = newer["post"]["indexedAt"] = "2026-03-11T09:00:00Z"
    page["feed"].insert(1, newer)
    page_path.write_text(json.dumps(page), encoding="utf-8")
    return folder


def test_steady_state_takes_only_what_is_newer_and_moves_the_cursor(tmp_path: Path) -> None:
    cursor = first_fetch(tmp_path).cursor
    transport = replayed(with_new_post(tmp_path))
    fetched = KIND.fetch(fetch_request(session_for(tmp_path / "next", transport), cursor=cursor))
    assert fetched.requests == 1 and len(transport.sent) == 1
    assert [post.plain_text for post in fetched.posts] == ["Endnu et opdigtet opslag"]
    assert fetched.author is not None and fetched.author.id == ME
    assert fetched.cursor["newest_id"] == f"at://{ME}/app.bsky.feed.post/3demo0000099"
    assert fetched.cursor["did"] == ME


def test_a_pinned_post_never_stops_paging_nor_becomes_the_newest(tmp_path: Path) -> None:
    cursor = {"did": ME, "newest_id": PINNED, "newest_at": "2026-03-09T06:00:00+00:00"}
    fetched = KIND.fetch(fetch_request(session_for(tmp_path), cursor=cursor))
    assert fetched.requests == 2  # page 1 starts with that very pin, yet page 2 is read
    assert PINNED not in {post.id for post in fetched.posts}
    assert len(fetched.posts) == 10
    assert fetched.cursor["newest_id"] == NEWEST


def test_a_deleted_newest_post_still_stops_at_anything_older(tmp_path: Path) -> None:
    cursor = {"did": ME, "newest_id": "at://gone", "newest_at": "2026-03-10T04:30:00+00:00"}
    fetched = KIND.fetch(fetch_request(session_for(tmp_path), cursor=cursor))
    assert fetched.requests == 1
    assert [post.created.hour for post in fetched.posts] == [9, 8, 7, 6, 5]


def test_an_account_named_by_did_replays_from_its_handles_folder(tmp_path: Path) -> None:
    fetched = KIND.fetch(fetch_request(session_for(tmp_path), value=ME))
    assert len(fetched.posts) == 12
    assert KIND.account(KIND.spec(ME, Path)) != KIND.account(KIND.spec(HANDLE, Path))


# --- failures ---------------------------------------------------------------------------


def fail(tmp_path: Path, transport: Transport, **kwargs: Any) -> FetchFailure:
    with pytest.raises(FetchFailure) as caught:
        KIND.fetch(fetch_request(session_for(tmp_path, transport), **kwargs))
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"bluesky:{kwargs.get('value', HANDLE)}: ")
    return caught.value


def test_an_unknown_account_is_one_line(tmp_path: Path) -> None:
    failure = fail(tmp_path, replayed(), value="nobody-here.bsky.social")
    assert (
        failure.reason
        == "no Bluesky account nobody-here.bsky.social was found (400: Profile not found)"
    )
    assert failure.requests == 1


def test_a_rate_limit_says_when_it_resets(tmp_path: Path) -> None:
    headers = {
        "RateLimit-Limit": "3000",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "1893456000",
    }
    failure = fail(tmp_path, canned(429, b'{"error":"RateLimitExceeded"}', headers))
    assert failure.reason == (
        "the server's rate limit is used up (429 Too Many Requests); "
        "it resets at 2030-01-01 00:00 UTC"
    )


def test_a_rate_limit_in_steady_state_is_one_line_too(tmp_path: Path) -> None:
    cursor = {"did": ME, "newest_id": NEWEST}
    failure = fail(tmp_path, canned(429), cursor=cursor)
    assert failure.reason == (
        "the server's rate limit is used up (429 Too Many Requests); it gave no reset time"
    )
    assert failure.requests == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_failure_is_one_line(tmp_path: Path, status: int) -> None:
    failure = fail(tmp_path, canned(status, b"<html>oops</html>"))
    assert failure.reason.startswith(f"the server failed ({status} ")
    assert failure.reason.endswith("; try again later")


def test_another_refusal_keeps_the_servers_message_on_one_line(tmp_path: Path) -> None:
    body = json.dumps({"error": "InvalidRequest", "message": "Bad\nactor\tvalue"}).encode()
    failure = fail(tmp_path, canned(400, body))
    assert (
        failure.reason == "the server rejected the request for the profile (400: Bad actor value)"
    )


def test_a_refusal_without_a_json_body_is_one_line(tmp_path: Path) -> None:
    failure = fail(tmp_path, canned(400, b"<html>"))
    assert failure.reason == "the server rejected the request for the profile (400)"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "the server answered the profile with malformed JSON"),
        (b"[1, 2]", "the server answered the profile in an unexpected shape"),
        (b'{"did": 5}', "the server answered the profile in an unexpected shape"),
    ],
)
def test_a_malformed_profile_is_one_line(tmp_path: Path, body: bytes, reason: str) -> None:
    assert fail(tmp_path, canned(200, body)).reason == reason


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"feed": {"a": 1}}', "the server answered the posts in an unexpected shape"),
        (b'"feed"', "the server answered the posts in an unexpected shape"),
        (b"\xff\xfe", "the server answered the posts with malformed JSON"),
        (b"[" * 100_000, "the server answered the posts with malformed JSON"),
    ],
)
def test_a_malformed_feed_is_one_line(tmp_path: Path, body: bytes, reason: str) -> None:
    failure = fail(tmp_path, canned(200, body), cursor={"did": ME})
    assert failure.reason == reason


def test_hostile_items_cost_only_themselves(tmp_path: Path) -> None:
    good = json.loads((DATA / HANDLE / "feed-1.json").read_text(encoding="utf-8"))["feed"][1]
    body = json.dumps({"feed": [None, 5, {"post": "x"}, good, {"post": {"uri": []}}]}).encode()
    fetched = KIND.fetch(
        fetch_request(session_for(tmp_path, canned(200, body)), cursor={"did": ME})
    )
    assert [post.id for post in fetched.posts] == [NEWEST]
    assert len(fetched.problems) == 4
    assert all("\n" not in line for line in fetched.problems)


def test_an_account_that_asks_not_to_be_shown_logged_out_fails_in_one_line(
    tmp_path: Path,
) -> None:
    profile = {"did": ME, "handle": HANDLE, "labels": [{"val": "!no-unauthenticated"}]}
    failure = fail(tmp_path, canned(200, json.dumps(profile).encode()))
    assert "!no-unauthenticated" in failure.reason


def cycling(cursors: Callable[[int], str]) -> Transport:
    good = json.loads((DATA / HANDLE / "feed-2.json").read_text(encoding="utf-8"))["feed"]
    calls = [0]

    def answer(request: requests.PreparedRequest) -> requests.Response:
        calls[0] += 1
        body = {"feed": good[:1], "cursor": cursors(calls[0])}
        return make_response(request, 200, json.dumps(body).encode(), {})

    return Transport(answer)


def test_a_cursor_that_repeats_ends_the_paging(tmp_path: Path) -> None:
    transport = cycling(lambda call: "same")
    fetched = KIND.fetch(fetch_request(session_for(tmp_path, transport), cursor={"did": ME}))
    assert fetched.requests == 2 and len(transport.sent) == 2


def test_an_endless_cursor_is_capped(tmp_path: Path) -> None:
    transport = cycling(lambda call: f"page-{call}")
    fetched = KIND.fetch(fetch_request(session_for(tmp_path, transport), cursor={"did": ME}))
    assert fetched.requests == MAX_PAGES == len(transport.sent)
    assert len(fetched.posts) == 1


# --- the sources entry ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            "https://bsky.app/profile/udenrigs.bsky.social",
            "'https://bsky.app/profile/udenrigs.bsky.social' is a profile address; "
            "write the handle: bluesky:udenrigs.bsky.social",
        ),
        ("@udenrigs.bsky.social", "write the handle without '@': bluesky:udenrigs.bsky.social"),
        ("udenrigs", "'udenrigs' is not a full handle; did you mean bluesky:udenrigs.bsky.social?"),
        ("did:plc:", "'did:plc:' is not a valid DID (did:plc:…)"),
        ("", "the account is missing: write bluesky:<handle>, e.g. bluesky:name.bsky.social"),
        (
            "under_score.bsky.social",
            "'under_score.bsky.social' is not a Bluesky handle "
            "(name.bsky.social) or DID (did:plc:…)",
        ),
        (
            "https://example.org/feed",
            "'https://example.org/feed' is an address, not a handle; "
            "write bluesky:name.bsky.social",
        ),
    ],
)
def test_a_malformed_entry_is_one_line_with_a_way_out(value: str, problem: str) -> None:
    assert KIND.problem(value) == problem


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("Udenrigs.BSKY.social", "udenrigs.bsky.social"),
        ("kommune.dk", "kommune.dk"),
        ("did:plc:abc123", "did:plc:abc123"),
    ],
)
def test_a_valid_entry_is_normalised(value: str, stored: str) -> None:
    assert KIND.problem(value) is None
    assert KIND.spec(value, Path) == SourceSpec("bluesky", stored)


def test_the_kind_meets_the_protocol_mypy_checks() -> None:
    kind: SourceKind = KIND
    assert kind.network.profile == "https://bsky.app/profile/{}"
    assert kind.network.hashtag == "https://bsky.app/hashtag/{}"
    assert kind.network.token_variable is None


def test_the_store_key_is_the_lowercased_handle() -> None:
    assert KIND.account(KIND.spec("Udenrigs.BSKY.social", Path)) == "udenrigs.bsky.social"
    assert KIND.network.name == "bluesky" and KIND.name == "bluesky" and not KIND.local


# --- record and replay ------------------------------------------------------------------


def prepared(url: str, **params: str) -> requests.PreparedRequest:
    return requests.Request("GET", url, params=params).prepare()


PROFILE = "https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile"
FEED = "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed"


def test_record_targets_follow_the_fixed_layout(tmp_path: Path) -> None:
    target = KIND.record_target
    assert target(DATA, prepared(PROFILE, actor="Udenrigs-Demo.bsky.example")) == (
        DATA / HANDLE / "profile.json"
    )
    assert target(DATA, prepared(FEED, actor=HANDLE, limit="5")) == DATA / HANDLE / "feed-1.json"
    assert target(DATA, prepared(FEED, actor=HANDLE, cursor="2026-03-10T02:00:00.000Z")) == (
        DATA / HANDLE / "feed-2.json"
    )
    assert target(DATA, prepared(FEED, actor=ME, cursor="unknown")) == DATA / HANDLE / "feed-3.json"
    assert target(tmp_path, prepared(PROFILE, actor="ny.bsky.social")) == (
        tmp_path / "ny.bsky.social" / "profile.json"
    )
    assert target(tmp_path, prepared(PROFILE, actor="../../etc")) is None
    assert target(DATA, prepared("https://cdn.bsky.app/img/avatar/x@jpeg")) is None
    assert target(DATA, prepared("https://bsky.social/xrpc/app.bsky.feed.getAuthorFeed")) is None


def test_replay_answers_only_its_own_api_urls(tmp_path: Path) -> None:
    assert KIND.replay(DATA, prepared("https://cdn.bsky.app/img/avatar/x@jpeg")) is None
    assert (
        KIND.replay(DATA, prepared("https://example.org/xrpc/app.bsky.feed.getAuthorFeed")) is None
    )
    beyond = KIND.replay(DATA, prepared(FEED, actor=HANDLE, cursor="no-such-cursor"))
    assert beyond is not None and beyond.status == 404


def test_recording_then_replaying_gives_the_same_files_and_posts(tmp_path: Path) -> None:
    folder = tmp_path / "recorded"
    session = session_for(tmp_path / "rec", replayed())
    attach_recorder(session, folder, [KIND])
    recorded = KIND.fetch(fetch_request(session))
    for name in ("profile.json", "feed-1.json", "feed-2.json"):
        assert (folder / HANDLE / name).read_bytes() == (DATA / HANDLE / name).read_bytes()
    session = make_session(tmp_path / "play", expire_after=timedelta(minutes=15), timeout=5)
    mount_replay(session, [(folder, KIND)], fallback=False)
    assert KIND.fetch(fetch_request(session)).posts == recorded.posts


def test_a_refusal_after_an_expired_cached_answer_is_said_as_on_a_first_fetch(
    tmp_path: Path,
) -> None:
    session = session_for(tmp_path)
    KIND.fetch(fetch_request(session))
    session.cache.reset_expiration(0)  # type: ignore[attr-defined]
    gone = json.dumps({"error": "InvalidRequest", "message": "Profile not found"}).encode()
    session.mount("https://", canned(400, gone))
    with pytest.raises(FetchFailure) as caught:
        KIND.fetch(fetch_request(session))
    assert caught.value.reason == (
        f"no Bluesky account {HANDLE} was found (400: Profile not found)"
    )


def test_a_server_failure_after_an_expired_cached_answer_is_reported(tmp_path: Path) -> None:
    session = session_for(tmp_path)
    KIND.fetch(fetch_request(session))
    session.cache.reset_expiration(0)  # type: ignore[attr-defined]
    session.mount("https://", canned(503))
    with pytest.raises(FetchFailure) as caught:
        KIND.fetch(fetch_request(session, cursor={"did": ME}))
    assert caught.value.reason == ("the server failed (503 Service Unavailable); try again later")
