"""The cached HTTP session: where it caches, what it keeps out, how it behaves offline."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import requests_cache
from requests.adapters import BaseAdapter

from widget.errors import StoreError
from widget.http import CACHE_FILE, make_session
from widget.sources.replay import make_response

SECRET = "AAAAAAAAAAAAAAAAAAAAAKommuneTestSecretBearerToken0000"
URL = "https://api.twitter.com/2/users/by/username/kommune_test"


class Canned(BaseAdapter):
    """Answers with a fixed status and body, and remembers what reached it."""

    def __init__(self, status: int = 200, body: bytes = b'{"data": {"id": "1"}}') -> None:
        super().__init__()
        self.status = status
        self.body = body
        self.sent: list[tuple[requests.PreparedRequest, dict[str, Any]]] = []

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        self.sent.append((request, kwargs))
        return make_response(request, self.status, self.body, {"Content-Type": "application/json"})

    def close(self) -> None:
        pass


def session_with(state: Path, adapter: BaseAdapter, **options: Any) -> requests_cache.CachedSession:
    settings: dict[str, Any] = {"expire_after": timedelta(minutes=15), "timeout": 7.0}
    settings.update(options)
    session = make_session(state, **settings)
    session.mount("https://", adapter)
    return session


def test_the_cache_is_a_sqlite_file_in_the_state_folder(tmp_path: Path) -> None:
    session = make_session(tmp_path / "state", expire_after=timedelta(minutes=15), timeout=5)
    with session:
        assert session.settings.cache_control is False
        assert session.settings.stale_if_error is False
        assert session.settings.expire_after == timedelta(minutes=15)
    assert (tmp_path / "state" / CACHE_FILE).is_file()


def test_every_request_gets_the_default_timeout_unless_it_names_one(tmp_path: Path) -> None:
    adapter = Canned()
    with session_with(tmp_path, adapter, timeout=7.0) as session:
        session.get(URL)
        session.get(URL + "?x=1", timeout=2)
    assert [kwargs["timeout"] for _, kwargs in adapter.sent] == [7.0, 2]


def test_a_repeated_request_within_the_lifetime_is_served_from_the_cache(tmp_path: Path) -> None:
    adapter = Canned()
    with session_with(tmp_path, adapter) as session:
        first = session.get(URL)
        second = session.get(URL)
    assert len(adapter.sent) == 1
    assert second.from_cache and second.content == first.content


def test_the_bearer_token_is_neither_part_of_the_key_nor_stored(tmp_path: Path) -> None:
    adapter = Canned()
    with session_with(tmp_path, adapter) as session:
        session.get(URL, headers={"Authorization": f"Bearer {SECRET}"})
        again = session.get(URL, headers={"Authorization": "Bearer another-token"})
    assert again.from_cache and len(adapter.sent) == 1
    assert adapter.sent[0][0].headers["Authorization"] == f"Bearer {SECRET}"
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_offline_a_miss_answers_504_without_touching_the_network(tmp_path: Path) -> None:
    adapter = Canned()
    with session_with(tmp_path, adapter, offline=True) as session:
        response = session.get(URL)
    assert response.status_code == 504 and adapter.sent == []


def test_offline_an_expired_entry_is_still_served(tmp_path: Path) -> None:
    adapter = Canned()
    with session_with(tmp_path, adapter) as session:
        session.get(URL)
    offline_adapter = Canned(status=500)
    with session_with(tmp_path, offline_adapter, offline=True) as session:
        session.cache.reset_expiration(0)
        response = session.get(URL)
    assert response.status_code == 200 and response.from_cache
    assert offline_adapter.sent == []


def test_an_expired_entry_is_fetched_again(tmp_path: Path) -> None:
    adapter = Canned()
    with session_with(tmp_path, adapter) as session:
        session.get(URL)
        session.cache.reset_expiration(0)
        response = session.get(URL)
    assert len(adapter.sent) == 2 and not response.from_cache


def test_a_failing_refresh_hands_back_the_real_answer_not_the_expired_entry(
    tmp_path: Path,
) -> None:
    with session_with(tmp_path, Canned()) as session:
        session.get(URL)
    failing = Canned(status=503, body=b"{}")
    with session_with(tmp_path, failing) as session:
        session.cache.reset_expiration(0)
        response = session.get(URL)
    assert len(failing.sent) == 1
    assert response.status_code == 503 and not getattr(response, "from_cache", False)


def test_error_answers_are_not_cached(tmp_path: Path) -> None:
    adapter = Canned(status=429, body=b"{}")
    with session_with(tmp_path, adapter) as session:
        session.get(URL)
        session.get(URL)
    assert len(adapter.sent) == 2


def test_a_damaged_cache_file_is_one_line_telling_what_to_do(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"garbage, not SQLite")
    with pytest.raises(StoreError) as caught:
        make_session(tmp_path, expire_after=timedelta(minutes=5), timeout=5)
    assert caught.value.message.startswith(f"{tmp_path / CACHE_FILE}: the HTTP cache cannot")
    assert "delete it and build again" in caught.value.message
