"""Live fetching through tweepy, with the network replaced under a real cached session."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import requests_cache
from requests.adapters import BaseAdapter

from tests.helpers import x_replay_adapter
from widget.http import make_session
from widget.sources.replay import make_response
from widget.sources.x.live import (
    EXPANSIONS,
    MEDIA_FIELDS,
    TWEET_FIELDS,
    USER_FIELDS,
    XClient,
    XFetchError,
    page_size,
)

RECORDED = Path(__file__).parent / "data" / "recorded"
SECRET = "AAAAAAAAAAAAAAAAAAAAAKommuneTestSecretBearerToken0000"
KOMMUNE_ID = "1000000000000000001"

Answer = Callable[[requests.PreparedRequest], requests.Response]


class Transport(BaseAdapter):
    """Stands in for the network under the cached session and counts what reaches it."""

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

    def paths(self) -> list[str]:
        return [urlsplit(request.url or "").path for request in self.sent]

    def query(self, number: int) -> dict[str, str]:
        query = urlsplit(self.sent[number].url or "").query
        return {key: values[-1] for key, values in parse_qs(query).items()}


def replayed(folder: Path = RECORDED) -> Transport:
    return Transport(x_replay_adapter(folder))


def canned(status: int, body: bytes = b"{}", headers: dict[str, str] | None = None) -> Transport:
    def answer(request: requests.PreparedRequest) -> requests.Response:
        return make_response(
            request, status, body, {"Content-Type": "application/json", **(headers or {})}
        )

    return Transport(answer)


def raising(error: Exception) -> Transport:
    def answer(request: requests.PreparedRequest) -> requests.Response:
        raise error

    return Transport(answer)


def cached_session(state: Path, transport: Transport) -> requests_cache.CachedSession:
    session = make_session(state, expire_after=timedelta(minutes=15), timeout=5)
    session.mount("https://", transport)
    return session


@pytest.fixture
def session(tmp_path: Path) -> Iterator[requests_cache.CachedSession]:
    with make_session(tmp_path / "state", expire_after=timedelta(minutes=15), timeout=5) as s:
        yield s


def client_for(session: requests.Session, transport: Transport, *, wait: bool = False) -> XClient:
    session.mount("https://", transport)
    return XClient(session, SECRET, wait_on_rate_limit=wait)


def test_a_first_fetch_looks_up_the_user_then_reads_one_page(session: Any) -> None:
    transport = replayed()
    timeline = client_for(session, transport).timeline(
        "kommune_test", user_id=None, since_id=None, limit=5
    )
    assert transport.paths() == [
        "/2/users/by/username/kommune_test",
        f"/2/users/{KOMMUNE_ID}/tweets",
    ]
    assert timeline.requests == 2 and timeline.user_id == KOMMUNE_ID
    assert [post.id for post in timeline.posts][:2] == [
        "1800000000000000010",
        "1800000000000000009",
    ]
    assert len(timeline.posts) == 5
    assert timeline.author is not None and timeline.author.name == "Testby Kommune"


def test_the_request_asks_for_every_field_the_widget_shows(session: Any) -> None:
    transport = replayed()
    client_for(session, transport).timeline(
        "kommune_test", user_id=KOMMUNE_ID, since_id=None, limit=5
    )
    query = transport.query(0)
    assert query["expansions"].split(",") == EXPANSIONS
    assert query["tweet.fields"].split(",") == TWEET_FIELDS
    assert query["media.fields"].split(",") == MEDIA_FIELDS
    assert query["user.fields"].split(",") == USER_FIELDS
    assert query["max_results"] == "5"
    assert "Bearer" in transport.sent[0].headers["Authorization"]


@pytest.mark.parametrize(("limit", "size"), [(1, 5), (5, 5), (42, 42), (100, 100), (200, 100)])
def test_pages_hold_between_5_and_100_posts(limit: int, size: int) -> None:
    assert page_size(limit) == size


def test_pagination_follows_next_token_until_the_limit_is_reached(session: Any) -> None:
    transport = replayed()
    timeline = client_for(session, transport).timeline(
        "kommune_test", user_id=KOMMUNE_ID, since_id=None, limit=8
    )
    assert len(transport.sent) == 2 and len(timeline.posts) == 10
    assert "pagination_token" not in transport.query(0)
    assert transport.query(1)["pagination_token"] == "7140dibdnow9c7btw4b0oqp1y0t3a5ymcr0v0ypllf4pd"


def test_pagination_stops_when_there_is_no_next_token(session: Any) -> None:
    transport = replayed()
    timeline = client_for(session, transport).timeline(
        "region_demo", user_id="1000000000000000002", since_id=None, limit=50
    )
    assert len(transport.sent) == 1 and len(timeline.posts) == 2


def test_since_id_is_sent_and_only_newer_posts_come_back(session: Any) -> None:
    transport = replayed()
    timeline = client_for(session, transport).timeline(
        "kommune_test", user_id=KOMMUNE_ID, since_id="1800000000000000009", limit=5
    )
    assert transport.query(0)["since_id"] == "1800000000000000009"
    assert [post.id for post in timeline.posts] == ["1800000000000000010"]


def fail(session: Any, transport: Transport, account: str = "kommune_test") -> XFetchError:
    with pytest.raises(XFetchError) as caught:
        client_for(session, transport).timeline(account, user_id=None, since_id=None, limit=5)
    assert "\n" not in caught.value.reason
    assert caught.value.account == account
    return caught.value


@pytest.mark.parametrize(
    ("transport", "expected"),
    [
        (
            canned(401, b'{"title":"Unauthorized","status":401}'),
            "refused the token (401 Unauthorized)",
        ),
        (
            canned(403, b'{"title":"Forbidden","detail":"Client Forbidden"}'),
            "denied access (403 Forbidden): Client Forbidden",
        ),
        (
            canned(404, b'{"title":"Not Found Error"}'),
            "no X account @kommune_test was found (404 Not Found)",
        ),
        (canned(503, b"<html>oops</html>"), "the API failed (503 Service Unavailable)"),
        (
            canned(400, b'{"errors":[{"message":"Invalid since_id"}]}'),
            "rejected the request (400 Bad Request): Invalid since_id",
        ),
        (canned(200, b'{"data": [not json'), "malformed JSON"),
        (canned(200, b'["a", "list"]'), "unexpected shape"),
        (raising(requests.ReadTimeout("read timed out")), "did not answer in time"),
        (raising(requests.ConnectTimeout("connect timed out")), "did not answer in time"),
        (raising(requests.ConnectionError("Name or service not known")), "could not connect"),
    ],
)
def test_each_failure_is_one_line_naming_what_went_wrong(
    session: Any, transport: Transport, expected: str
) -> None:
    error = fail(session, transport)
    assert expected in error.reason
    assert error.message.startswith("x:kommune_test: ")
    assert error.requests == 1


def test_an_unknown_account_answered_with_200_and_errors_is_named(session: Any) -> None:
    body = (
        b'{"errors":[{"value":"nobody_here","detail":"Could not find user with username:'
        b' [nobody_here].","title":"Not Found Error","resource_type":"user"}]}'
    )
    error = fail(session, canned(200, body), account="nobody_here")
    assert error.reason == (
        "no X account @nobody_here was found: Could not find user with username: [nobody_here]."
    )


def test_a_429_says_when_the_limit_resets_and_does_not_sleep(
    session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_sleep(seconds: float) -> None:
        raise AssertionError("slept although wait_on_rate_limit is off")

    monkeypatch.setattr(time, "sleep", no_sleep)
    reset = int(datetime(2030, 1, 2, 12, 30, tzinfo=timezone.utc).timestamp())
    headers = {"x-rate-limit-reset": str(reset), "x-rate-limit-remaining": "0"}
    error = fail(session, canned(429, b'{"title":"Too Many Requests"}', headers))
    assert "429 Too Many Requests" in error.reason
    assert "resets at 2030-01-02 12:30 UTC" in error.reason


def test_with_wait_on_rate_limit_a_429_sleeps_until_the_reset_and_retries(
    session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    replay = x_replay_adapter(RECORDED)
    answers = iter([429])

    def answer(request: requests.PreparedRequest) -> requests.Response:
        status = next(answers, 200)
        if status == 429:
            reset = {"x-rate-limit-reset": str(int(time.time()) + 60)}
            return make_response(request, 429, b"{}", reset)
        return replay.send(request)

    transport = Transport(answer)
    timeline = client_for(session, transport, wait=True).timeline(
        "kommune_test", user_id=KOMMUNE_ID, since_id=None, limit=5
    )
    assert len(transport.sent) == 2 and len(timeline.posts) == 5
    assert slept and 50 <= slept[0] <= 62


def test_a_failure_after_an_expired_cached_answer_is_said_as_on_a_first_fetch(
    session: Any,
) -> None:
    client = client_for(session, replayed())
    client.timeline("region_demo", user_id="1000000000000000002", since_id=None, limit=5)
    session.cache.reset_expiration(0)
    session.mount("https://", canned(401))
    with pytest.raises(XFetchError, match=r"refused the token.*X_BEARER_TOKEN"):
        client.timeline("region_demo", user_id="1000000000000000002", since_id=None, limit=5)


def test_the_token_reaches_no_log_record_even_at_debug_level(
    session: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client_for(session, replayed()).timeline("kommune_test", user_id=None, since_id=None, limit=8)
    fail(session, canned(401))
    assert logging.getLogger("tweepy.client").getEffectiveLevel() >= logging.INFO
    assert caplog.records  # the capture works: requests-cache logs at DEBUG
    for record in caplog.records:
        assert SECRET not in record.getMessage()
