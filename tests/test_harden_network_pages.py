"""Issue 10 #7: pages whose tokens lead in a circle end the fetch with one problem line.

Each server here answers page after page with a token, link or cursor that leads back
to a page already read (A, B, A, …), with invented, fictional bodies.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter

from widget.http import make_session
from widget.sources.base import FetchRequest, NetworkSettings, SourceSpec
from widget.sources.bluesky import KIND as BLUESKY
from widget.sources.mastodon import KIND as MASTODON
from widget.sources.replay import make_response
from widget.sources.x.live import XClient

CIRCLE = {None: "A", "A": "B", "B": "A"}
"""From each page's token to the next page's: the third page leads back to the second."""


class Pages(BaseAdapter):
    """Answers every request with ``page(query)`` and counts them."""

    def __init__(self, page: Callable[[dict[str, str]], tuple[Any, dict[str, str]]]) -> None:
        super().__init__()
        self.page = page
        self.sent = 0

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        self.sent += 1
        assert self.sent < 50, "the fetch did not stop"
        query = {k: v[-1] for k, v in parse_qs(urlsplit(request.url or "").query).items()}
        body, headers = self.page(query)
        headers = {"Content-Type": "application/json", **headers}
        return make_response(request, 200, json.dumps(body).encode(), headers)

    def close(self) -> None:
        pass


def session(tmp_path: Path, pages: BaseAdapter) -> requests.Session:
    http = make_session(tmp_path, expire_after=timedelta(minutes=15), timeout=5)
    http.mount("https://", pages)
    return http


def request(http: requests.Session, kind: str, value: str, cursor: dict[str, str]) -> FetchRequest:
    return FetchRequest(
        spec=SourceSpec(kind, value),
        account=value,
        cursor=cursor,
        limit=1000,
        session=http,
        settings=NetworkSettings(),
        log=lambda line: None,
    )


def test_x_next_tokens_in_a_circle_stop_with_one_problem(tmp_path: Path) -> None:
    def page(query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        following = CIRCLE[query.get("pagination_token")]
        return {"meta": {"result_count": 0, "next_token": following}}, {}

    pages = Pages(page)
    client = XClient(session(tmp_path, pages), "fictional-token", wait_on_rate_limit=False)
    timeline = client.timeline("kommune_test", user_id="1", since_id=None, limit=1000)
    assert pages.sent == 3
    assert [p for p in timeline.problems if "circle" in p] == [
        "the pages lead in a circle (a next_token came back); stopped after 3 page(s)"
    ]


def test_bluesky_cursors_in_a_circle_stop_with_one_problem(tmp_path: Path) -> None:
    def page(query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        return {"feed": [], "cursor": CIRCLE[query.get("cursor")]}, {}

    pages = Pages(page)
    http = session(tmp_path, pages)
    fetched = BLUESKY.fetch(request(http, "bluesky", "demo.bsky.social", {"did": "did:plc:x"}))
    assert pages.sent == 3
    assert fetched.problems == (
        "the pages lead in a circle (a cursor came back); stopped after 3 page(s)",
    )


def test_mastodon_next_links_in_a_circle_stop_with_one_problem(tmp_path: Path) -> None:
    base = "https://social.example/api/v1/accounts/1/statuses"

    def page(query: dict[str, str]) -> tuple[Any, dict[str, str]]:
        following = CIRCLE[query.get("max_id")]
        return [{"id": "fictional"}], {"Link": f'<{base}?max_id={following}>; rel="next"'}

    pages = Pages(page)
    http = session(tmp_path, pages)
    fetched = MASTODON.fetch(request(http, "mastodon", "demo@social.example", {"account_id": "1"}))
    assert pages.sent == 3
    assert [p for p in fetched.problems if "circle" in p] == [
        'the pages lead in a circle (a Link rel="next" came back); stopped after 3 page(s)'
    ]
