"""Fetching a Mastodon account through a real cached session, the network replaced."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import requests_cache
from requests.adapters import BaseAdapter

from widget.http import make_session
from widget.sources.base import Fetched, FetchFailure, FetchRequest, NetworkSettings
from widget.sources.mastodon import KIND
from widget.sources.mastodon.fetch import MAX_PAGES
from widget.sources.replay import ReplayAdapter, attach_recorder, make_response

DATA = Path(__file__).parent / "data" / "mastodon"
ACCOUNT_DIR = DATA / "borgerdemo@social.example"
ACCOUNT_ID = "109000000000000001"
NEWEST = "113000000000000010"
SECRET = "kommune-test-secret-token-0000"

Answer = Callable[[requests.PreparedRequest], requests.Response]


class Network(BaseAdapter):
    """Stands in for the network under the cached session and keeps what reaches it."""

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

    def paths(self) -> list[str]:
        return [urlsplit(r.url or "").path for r in self.sent]

    def query(self, number: int) -> dict[str, str]:
        query = parse_qs(urlsplit(self.sent[number].url or "").query)
        return {key: values[-1] for key, values in query.items()}


def recorded() -> Network:
    adapter = ReplayAdapter([(DATA, KIND)])
    return Network(lambda request: adapter.send(request))


def canned(status: int, body: bytes = b"{}", headers: dict[str, str] | None = None) -> Network:
    def answer(request: requests.PreparedRequest) -> requests.Response:
        return make_response(
            request, status, body, {"Content-Type": "application/json", **(headers or {})}
        )

    return Network(answer)


def session_with(tmp_path: Path, network: Network) -> requests_cache.CachedSession:
    session = make_session(tmp_path / "state", expire_after=timedelta(minutes=15), timeout=5)
    session.mount("https://", network)
    session.mount("http://", network)
    return session


def fetch(
    session: requests.Session,
    cursor: dict[str, str] | None = None,
    *,
    limit: int = 20,
    replaying: bool = True,
    value: str = "borgerdemo@social.example",
) -> Fetched:
    spec = KIND.spec(value, Path)
    request = FetchRequest(
        spec=spec,
        account=KIND.account(spec),
        cursor=cursor or {},
        limit=limit,
        session=session,
        settings=NetworkSettings(),
        log=lambda line: None,
        replaying=replaying,
    )
    return KIND.fetch(request)


def ids(fetched: Fetched) -> list[str]:
    return [post.id[-3:] for post in fetched.posts]


def test_first_fetch_looks_up_then_pages_until_the_limit(tmp_path: Path) -> None:
    network = recorded()
    fetched = fetch(session_with(tmp_path, network))
    assert network.paths() == [
        "/api/v1/accounts/lookup",
        f"/api/v1/accounts/{ACCOUNT_ID}/statuses",
        f"/api/v1/accounts/{ACCOUNT_ID}/statuses",
    ]
    assert network.query(0) == {"acct": "borgerdemo"}
    assert network.query(1) == {"limit": "40"}
    assert network.query(2) == {"limit": "40", "max_id": "113000000000000006"}
    assert fetched.requests == 3
    assert ids(fetched) == [f"{n:03}" for n in range(10, 0, -1)]
    assert fetched.cursor == {"account_id": ACCOUNT_ID, "since_id": NEWEST}
    assert fetched.author is not None and fetched.author.handle == "borgerdemo@social.example"
    assert len(fetched.problems) == 2
    assert all(not any(k.lower() == "authorization" for k in r.headers) for r in network.sent)


def test_a_small_limit_stops_after_the_first_page(tmp_path: Path) -> None:
    network = recorded()
    fetched = fetch(session_with(tmp_path, network), limit=5)
    assert fetched.requests == 2 and len(network.sent) == 2
    assert ids(fetched) == ["010", "009", "008", "007", "006"]


def test_steady_state_is_one_request_with_since_id_and_no_lookup(tmp_path: Path) -> None:
    network = recorded()
    cursor = {"account_id": ACCOUNT_ID, "since_id": NEWEST}
    fetched = fetch(session_with(tmp_path, network), cursor)
    assert network.paths() == [f"/api/v1/accounts/{ACCOUNT_ID}/statuses"]
    assert network.query(0) == {"limit": "40", "since_id": NEWEST}
    assert fetched.requests == 1 and fetched.posts == () and fetched.problems == ()
    assert fetched.cursor == cursor
    assert fetched.author is None


def test_incremental_fetch_gets_only_newer_posts(tmp_path: Path) -> None:
    network = recorded()
    cursor = {"account_id": ACCOUNT_ID, "since_id": "113000000000000007"}
    fetched = fetch(session_with(tmp_path, network), cursor)
    assert fetched.requests == 1
    assert ids(fetched) == ["010", "009", "008"]
    assert fetched.cursor == {"account_id": ACCOUNT_ID, "since_id": NEWEST}
    assert fetched.author is not None and fetched.author.id == ACCOUNT_ID


def test_many_new_posts_page_down_keeping_since_id(tmp_path: Path) -> None:
    network = recorded()
    cursor = {"account_id": ACCOUNT_ID, "since_id": "113000000000000003"}
    fetched = fetch(session_with(tmp_path, network), cursor)
    assert fetched.requests == 2
    assert network.query(1) == {
        "limit": "40",
        "max_id": "113000000000000006",
        "since_id": "113000000000000003",
    }
    assert ids(fetched) == ["010", "009", "008", "007", "006", "005", "004"]


def test_a_server_ignoring_since_id_still_gives_only_newer_posts(tmp_path: Path) -> None:
    body = (ACCOUNT_DIR / "statuses-1.json").read_bytes()
    network = canned(200, body)
    cursor = {"account_id": ACCOUNT_ID, "since_id": "113000000000000008"}
    fetched = fetch(session_with(tmp_path, network), cursor)
    assert ids(fetched) == ["010", "009"] and fetched.requests == 1


def test_a_stale_account_id_is_looked_up_again(tmp_path: Path) -> None:
    network = recorded()
    fetched = fetch(session_with(tmp_path, network), {"account_id": "1", "since_id": NEWEST})
    assert network.paths() == [
        "/api/v1/accounts/1/statuses",
        "/api/v1/accounts/lookup",
        f"/api/v1/accounts/{ACCOUNT_ID}/statuses",
    ]
    assert fetched.cursor == {"account_id": ACCOUNT_ID, "since_id": NEWEST}


def test_an_unknown_account_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(FetchFailure) as caught:
        fetch(session_with(tmp_path, recorded()), value="nobody@social.example")
    assert caught.value.reason == "the server social.example has no account 'nobody' (404)"
    assert caught.value.requests == 1


def test_rate_limit_is_one_line_with_the_reset_time(tmp_path: Path) -> None:
    network = canned(
        429,
        b'{"error":"Too many requests"}',
        {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
         "X-RateLimit-Reset": "2026-03-10T09:05:00.123Z"},
    )  # fmt: skip
    with pytest.raises(FetchFailure) as caught:
        fetch(session_with(tmp_path, network))
    reason = caught.value.reason
    assert "rate limit" in reason and "2026-03-10 09:05 UTC" in reason and "\n" not in reason
    assert str(caught.value).startswith("mastodon:borgerdemo@social.example: ")


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_one_line(tmp_path: Path, status: int) -> None:
    with pytest.raises(FetchFailure) as caught:
        fetch(session_with(tmp_path, canned(status, b"<html>oops</html>")))
    assert caught.value.reason.startswith(f"the server failed ({status} ")
    assert caught.value.requests == 1


def test_whitelist_server_says_which_variable_to_set(tmp_path: Path) -> None:
    body = b'{"error":"This API requires an authenticated user"}'
    with pytest.raises(FetchFailure) as caught:
        fetch(session_with(tmp_path, canned(401, body)), replaying=False)
    assert "set MASTODON_TOKEN_SOCIAL_EXAMPLE to an access token" in caught.value.reason


def test_a_token_is_sent_as_bearer_and_kept_out_of_errors_and_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASTODON_TOKEN_SOCIAL_EXAMPLE", SECRET)
    network = recorded()
    session: requests.Session = session_with(tmp_path, network)
    fetch(session, replaying=False)
    assert all(r.headers["Authorization"] == f"Bearer {SECRET}" for r in network.sent)
    session.close()
    for path in (tmp_path / "state").iterdir():
        assert SECRET.encode() not in path.read_bytes()
        if path.suffix == ".sqlite":
            with sqlite3.connect(path) as db:
                dump = "\n".join(db.iterdump())
            assert SECRET not in dump

    with pytest.raises(FetchFailure) as caught:
        fetch(session_with(tmp_path / "b", canned(401)), replaying=False)
    assert "refused the token in MASTODON_TOKEN_SOCIAL_EXAMPLE" in caught.value.reason
    assert SECRET not in str(caught.value)


def test_replaying_sends_no_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASTODON_TOKEN_SOCIAL_EXAMPLE", SECRET)
    network = recorded()
    fetch(session_with(tmp_path, network))
    assert all("Authorization" not in r.headers for r in network.sent)


def test_a_token_with_a_line_break_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASTODON_TOKEN_SOCIAL_EXAMPLE", "abc\r\nX-Evil: 1")
    network = recorded()
    with pytest.raises(FetchFailure, match="MASTODON_TOKEN_SOCIAL_EXAMPLE holds spaces"):
        fetch(session_with(tmp_path, network), replaying=False)
    assert network.sent == []


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"{not json", "malformed JSON"),
        (b'{"id": "1"}', "unexpected shape"),
        (b"[]", "unexpected shape"),
    ],
)
def test_a_malformed_lookup_is_one_line(tmp_path: Path, body: bytes, words: str) -> None:
    with pytest.raises(FetchFailure, match=words):
        fetch(session_with(tmp_path, canned(200, body)))


def status(number: int) -> dict[str, Any]:
    return {
        "id": str(number),
        "created_at": "2026-01-01T00:00:00.000Z",
        "content": f"<p>{number}</p>",
        "account": {"id": ACCOUNT_ID, "username": "borgerdemo", "acct": "borgerdemo"},
    }


def pages_server(next_link: Callable[[int], str | None]) -> Network:
    """A server whose timeline pages never end; ``next_link`` makes each page's Link."""
    counter = [0]

    def answer(request: requests.PreparedRequest) -> requests.Response:
        if "lookup" in (request.url or ""):
            body = json.dumps({"id": ACCOUNT_ID, "username": "borgerdemo", "acct": "borgerdemo"})
            return make_response(request, 200, body.encode())
        counter[0] += 1
        page = [status(10_000 - counter[0] * 2), status(10_000 - counter[0] * 2 - 1)]
        link = next_link(counter[0])
        headers = {"Link": f'<{link}>; rel="next"'} if link else {}
        return make_response(request, 200, json.dumps(page).encode(), headers)

    return Network(answer)


BASE = f"https://social.example/api/v1/accounts/{ACCOUNT_ID}/statuses"


def test_endless_pages_stop_at_the_page_cap(tmp_path: Path) -> None:
    network = pages_server(lambda n: f"{BASE}?limit=40&max_id={10_000 - n * 2 - 1}")
    fetched = fetch(session_with(tmp_path, network), limit=10_000)
    assert fetched.requests == 1 + MAX_PAGES
    assert len(fetched.posts) == 2 * MAX_PAGES


def test_a_next_link_in_a_circle_is_followed_once(tmp_path: Path) -> None:
    network = pages_server(lambda n: f"{BASE}?limit=40&max_id=1")
    fetched = fetch(session_with(tmp_path, network), limit=10_000)
    assert fetched.requests == 3  # lookup, first page, the circling page once


@pytest.mark.parametrize(
    "link",
    [
        f"https://evil.example/api/v1/accounts/{ACCOUNT_ID}/statuses?max_id=1",
        "https://social.example/api/v1/accounts/2/statuses?max_id=1",
        "javascript:alert(1)",
    ],
)
def test_next_links_elsewhere_are_not_followed(tmp_path: Path, link: str) -> None:
    network = pages_server(lambda n: link)
    fetched = fetch(session_with(tmp_path, network), limit=10_000)
    assert fetched.requests == 2
    assert all((urlsplit(r.url or "").hostname == "social.example") for r in network.sent)


def test_recording_writes_the_fixed_layout_byte_for_byte(tmp_path: Path) -> None:
    session = session_with(tmp_path, recorded())
    folder = tmp_path / "recorded"
    attach_recorder(session, folder, [KIND])
    fetch(session, replaying=False)
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert written == [
        "borgerdemo@social.example/account.json",
        "borgerdemo@social.example/statuses-1.json",
        "borgerdemo@social.example/statuses-2.json",
    ]
    for name in written:
        assert (folder / name).read_bytes() == (DATA / name).read_bytes()


def test_replay_answers_only_mastodon_api_urls(tmp_path: Path) -> None:
    request = requests.Request("GET", "https://social.example/api/v2/search?q=x").prepare()
    assert KIND.replay(DATA, request) is None
    request = requests.Request("GET", "https://other.example/avatars/a.png").prepare()
    assert KIND.replay(DATA, request) is None
    assert KIND.record_target(tmp_path, request) is None
