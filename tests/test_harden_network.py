"""Issue 10 #3 and #7: a failed refresh says why, and no request outlasts its deadline.

Every server here is a loopback fake (tests/fake_server.py) and every answer is invented.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import requests_cache

from tests.fake_server import FakeServer
from widget.http import make_session
from widget.media_check import Skip, fetch
from widget.sources.replay import mount_replay
from widget.sources.x.kinds import X_KIND

BODY = b'{"fictional": "answer"}'


def session(state: Path, timeout: float = 1.0) -> requests_cache.CachedSession:
    return make_session(state, expire_after=timedelta(minutes=15), timeout=timeout)


def test_a_body_dripped_a_byte_a_second_ends_at_the_deadline(tmp_path: Path) -> None:
    with FakeServer() as server:
        url = server.add("/slow.json", body=b"x" * 40, drip=0.1)
        started = time.monotonic()
        with session(tmp_path, timeout=1.0) as http, pytest.raises(requests.Timeout):
            http.get(url)
        assert time.monotonic() - started < 3.0


@pytest.mark.parametrize("framing", ["length", "close", "chunked"])
def test_the_deadline_holds_however_the_body_is_framed(tmp_path: Path, framing: str) -> None:
    with FakeServer() as server:
        url = server.add("/slow", body=b"y" * 40, drip=0.1, framing=framing)  # type: ignore[arg-type]
        started = time.monotonic()
        with session(tmp_path, timeout=1.0) as http, pytest.raises(requests.Timeout):
            http.get(url)
        assert time.monotonic() - started < 3.0


def test_a_dripped_image_is_skipped_as_timed_out_within_the_deadline(tmp_path: Path) -> None:
    with FakeServer() as server:
        url = server.add(
            "/a.png",
            body=b"\x89PNG\r\n\x1a\n" + b"z" * 60,
            drip=0.1,
            headers={"Content-Type": "image/png"},
        )
        started = time.monotonic()
        with session(tmp_path, timeout=1.0) as http, pytest.raises(Skip) as caught:
            # The fake server is on loopback, which only a test may allow.
            fetch(http, url, max_bytes=10_000, timeout=1.0, check_host=lambda host, port: None)
        assert caught.value.reason == "timed out"
        assert time.monotonic() - started < 3.0


def test_a_quick_answer_is_read_whole_and_cached(tmp_path: Path) -> None:
    with FakeServer() as server:
        url = server.add("/ok.json", body=BODY, headers={"Content-Type": "application/json"})
        with session(tmp_path) as http:
            assert http.get(url).content == BODY
            again = http.get(url)
        assert again.content == BODY and getattr(again, "from_cache", False)
        assert server.hits["/ok.json"] == 1


@pytest.mark.parametrize("status", [401, 403, 404, 429, 500, 503])
def test_a_failed_refresh_hands_back_the_real_answer_not_the_expired_copy(
    tmp_path: Path, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    with FakeServer() as server:
        url = server.add("/a.json", body=BODY, headers={"Content-Type": "application/json"})
        with session(tmp_path) as http:
            http.get(url)
        server.add(
            "/a.json",
            status=status,
            body=b'{"detail": "fictional failure"}',
            headers={"Content-Type": "application/json", "Retry-After": "60"},
        )
        with caplog.at_level(logging.DEBUG), session(tmp_path) as http:
            http.cache.reset_expiration(0)
            response = http.get(url)
    assert response.status_code == status and not getattr(response, "from_cache", False)
    assert response.headers["Retry-After"] == "60"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_refresh_that_times_out_raises_the_timeout_without_a_cache_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with FakeServer() as server:
        url = server.add("/a.json", body=BODY)
        with session(tmp_path) as http:
            http.get(url)
        server.add("/a.json", body=BODY, delay=2.0)
        with caplog.at_level(logging.DEBUG), session(tmp_path, timeout=0.5) as http:
            http.cache.reset_expiration(0)
            with pytest.raises(requests.Timeout):
                http.get(url)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_what_a_partial_replay_sends_to_the_network_keeps_the_deadline(tmp_path: Path) -> None:
    with FakeServer() as server:
        url = server.add("/slow.json", body=b"x" * 40, drip=0.1)
        started = time.monotonic()
        with session(tmp_path, timeout=1.0) as http:
            mount_replay(http, [(tmp_path / "recordings", X_KIND)], fallback=True)
            with pytest.raises(requests.Timeout):
                http.get(url)
        assert time.monotonic() - started < 3.0
