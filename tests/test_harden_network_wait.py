"""Issue 10 #7: ``wait_on_rate_limit`` waits once, bounded, then says the limit in one line.

A 429 that never clears used to be retried about 950 times until RecursionError (X,
through tweepy's own waiting), and Bluesky ignored the setting. Every answer is invented.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
from requests.adapters import BaseAdapter

from tests.test_harden_network_pages import request, session
from widget.sources.base import FetchFailure, FetchRequest
from widget.sources.bluesky import KIND as BLUESKY
from widget.sources.replay import make_response
from widget.sources.web import MAX_WAIT
from widget.sources.x.live import XClient, XFetchError

RESET_IN = 600


class Limited(BaseAdapter):
    """Answers 429 ``limited`` times (forever when None), then an empty page."""

    def __init__(self, limited: int | None, headers: dict[str, str]) -> None:
        super().__init__()
        self.limited = limited
        self.headers = headers
        self.sent = 0

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: object
    ) -> requests.Response:
        self.sent += 1
        assert self.sent < 10, "the fetch kept retrying"
        if self.limited is None or self.sent <= self.limited:
            return make_response(request, 429, b'{"title": "Too Many Requests"}', self.headers)
        body = b'{"meta": {"result_count": 0}, "feed": []}'
        return make_response(request, 200, body, {"Content-Type": "application/json"})

    def close(self) -> None:
        pass


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    return waits


def x_reset(seconds: int) -> dict[str, str]:
    return {"x-rate-limit-reset": str(int(time.time()) + seconds)}


def test_x_a_429_that_never_clears_waits_once_then_is_one_line(
    tmp_path: Path, slept: list[float]
) -> None:
    network = Limited(None, x_reset(RESET_IN))
    http = session(tmp_path, network)
    client = XClient(http, "fictional-token", wait_on_rate_limit=True)
    with pytest.raises(XFetchError) as caught:
        client.timeline("kommune_test", user_id="1", since_id=None, limit=5)
    assert network.sent == 2 and len(slept) == 1
    assert RESET_IN - 5 <= slept[0] <= RESET_IN + 2
    assert "rate limit is used up (429 Too Many Requests); it resets at" in caught.value.reason
    assert caught.value.requests == 2


def test_x_the_wait_is_capped_however_far_the_reset(tmp_path: Path, slept: list[float]) -> None:
    network = Limited(None, x_reset(6 * 3600))
    client = XClient(session(tmp_path, network), "fictional-token", wait_on_rate_limit=True)
    with pytest.raises(XFetchError):
        client.timeline("kommune_test", user_id="1", since_id=None, limit=5)
    assert slept == [MAX_WAIT.total_seconds()]


def test_x_without_waiting_a_429_never_sleeps(tmp_path: Path, slept: list[float]) -> None:
    network = Limited(None, x_reset(RESET_IN))
    client = XClient(session(tmp_path, network), "fictional-token", wait_on_rate_limit=False)
    with pytest.raises(XFetchError):
        client.timeline("kommune_test", user_id="1", since_id=None, limit=5)
    assert network.sent == 1 and slept == []


def bluesky_request(tmp_path: Path, network: Limited, *, wait: bool) -> FetchRequest:
    fetch = request(session(tmp_path, network), "bluesky", "demo.bsky.social", {"did": "did:plc:x"})
    return replace(fetch, settings=replace(fetch.settings, wait_on_rate_limit=wait))


def test_bluesky_honours_wait_on_rate_limit_and_retries_once(
    tmp_path: Path, slept: list[float]
) -> None:
    reset = datetime.now(timezone.utc) + timedelta(seconds=RESET_IN)
    network = Limited(1, {"RateLimit-Reset": str(int(reset.timestamp()))})
    fetched = BLUESKY.fetch(bluesky_request(tmp_path, network, wait=True))
    assert network.sent == 2 and fetched.posts == ()
    assert len(slept) == 1 and RESET_IN - 5 <= slept[0] <= RESET_IN + 2


def test_bluesky_a_429_that_never_clears_waits_once_then_is_one_line(
    tmp_path: Path, slept: list[float]
) -> None:
    network = Limited(None, {"Retry-After": "30"})
    with pytest.raises(FetchFailure) as caught:
        BLUESKY.fetch(bluesky_request(tmp_path, network, wait=True))
    assert network.sent == 2 and len(slept) == 1 and 25 <= slept[0] <= 32
    assert caught.value.reason.startswith("the server's rate limit is used up (429")


def test_bluesky_without_waiting_a_429_is_one_line_at_once(
    tmp_path: Path, slept: list[float]
) -> None:
    network = Limited(None, {"Retry-After": "30"})
    with pytest.raises(FetchFailure):
        BLUESKY.fetch(bluesky_request(tmp_path, network, wait=False))
    assert network.sent == 1 and slept == []
