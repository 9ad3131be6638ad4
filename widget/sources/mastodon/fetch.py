"""One account's new statuses from its server's public API, through the build's session.

First fetch: look the account up (``/api/v1/accounts/lookup``), then read its
statuses newest first, following ``Link: rel="next"`` until ``limit`` posts are
in hand. The cursor keeps the account id (so later fetches skip the lookup) and
the newest status id seen.

Later fetches ask with ``since_id``: the server answers the *newest* statuses
newer than it, so the first page is always the newest and, when more arrived
than a page holds, ``rel="next"`` leads down towards the cursor. (``min_id``
would answer the *oldest* newer statuses first and need ``rel="prev"`` paging
up to the present, so a capped page loop could end with the newest missing.)
Mastodon's ``next`` link drops ``since_id``, so it is added back to each page.

No token is needed; a server that refuses anonymous reads takes one from
``MASTODON_TOKEN_<HOST>`` (see ``account.token_variable``).
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from widget.model import Author, Post
from widget.sources import web
from widget.sources.base import Fetched, FetchFailure, FetchRequest
from widget.sources.mastodon.account import Address, parse, token_variable
from widget.sources.mastodon.normalize import author_from_account, normalize_statuses

PAGE_SIZE = 40
"""The API's largest page."""
MAX_PAGES = 10
"""However the server pages, a fetch stops here."""
ACCOUNT_ID = "account_id"
SINCE_ID = "since_id"


class _Gone(Exception):
    """The cached account id is no longer known to the server."""


def fetch(request: FetchRequest) -> Fetched:
    address = parse(request.spec.value)
    call = _Caller(request, address)
    account_id = request.cursor.get(ACCOUNT_ID) or None
    since = request.cursor.get(SINCE_ID) or None
    author: Author | None = None
    try:
        if account_id is None:
            author, account_id = call.lookup()
            posts, problems, newest = call.timeline(account_id, since)
        else:
            posts, problems, newest = call.statuses(account_id, since)
    except _Gone:
        # The account moved or was recreated: its id changed, so look it up again.
        author, account_id = call.lookup()
        posts, problems, newest = call.timeline(account_id, since)
    if author is None:
        author = next((p.author for p in posts if p.author.id == account_id), None)
    cursor = {ACCOUNT_ID: account_id}
    if newest or since:
        cursor[SINCE_ID] = newest or since or ""
    return Fetched(
        posts=tuple(posts),
        cursor=cursor,
        author=author,
        requests=call.counter[0],
        problems=tuple(problems),
    )


class _Caller:
    """The requests of one fetch, counted, with the token when there is one."""

    def __init__(self, request: FetchRequest, address: Address) -> None:
        self.request = request
        self.address = address
        self.counter = [0]
        self.variable = token_variable(address.host)
        token = "" if request.replaying else os.environ.get(self.variable, "").strip()
        if not token.isprintable() or " " in token:
            raise self.failure(f"{self.variable} holds spaces or line breaks; set the token alone")
        self.headers = {"Authorization": f"Bearer {token}"} if token else None

    def failure(self, reason: str) -> FetchFailure:
        return FetchFailure(self.request.spec.label, reason, self.counter[0])

    def get(
        self, url: str, params: dict[str, str] | None, what: str
    ) -> tuple[Any, requests.Response]:
        response = web.get(
            self.request,
            url,
            params=params,
            headers=self.headers,
            what=what,
            counter=self.counter,
            ok=(200, 401, 404),
        )
        if response.status_code == 401:
            status = f"{response.status_code} {response.reason or ''}".strip()
            if self.headers:
                raise self.failure(f"the server refused the token in {self.variable} ({status})")
            raise self.failure(
                f"the server shows {what} only to logged-in users ({status});"
                f" set {self.variable} to an access token"
            )
        if response.status_code == 404:
            raise _Gone(what)
        body = response.content
        if len(body) > web.MAX_JSON_BYTES:
            raise self.failure(f"the answer for {what} is too large")
        try:
            return json.loads(body), response
        except (ValueError, RecursionError):
            raise self.failure(f"the server answered {what} with malformed JSON") from None

    def lookup(self) -> tuple[Author, str]:
        host, user = self.address.host, self.address.user
        url = f"https://{host}/api/v1/accounts/lookup"
        try:
            body, _ = self.get(url, {"acct": user}, f"the account {user}@{host}")
        except _Gone:
            raise self.failure(f"the server {host} has no account {user!r} (404)") from None
        author = author_from_account(body, host)
        if author is None:
            raise self.failure("the server answered the account lookup in an unexpected shape")
        return author, author.id

    def timeline(
        self, account_id: str, since: str | None
    ) -> tuple[list[Post], list[str], str | None]:
        """``statuses`` for an account id the server has just given."""
        try:
            return self.statuses(account_id, since)
        except _Gone:
            raise self.failure(f"the server has no statuses of {self.address} (404)") from None

    def statuses(
        self, account_id: str, since: str | None
    ) -> tuple[list[Post], list[str], str | None]:
        """Posts newest first, problem lines, and the newest status id the server sent."""
        host = self.address.host
        path = f"/api/v1/accounts/{quote(account_id, safe='')}/statuses"
        url = f"https://{host}{path}"
        params: dict[str, str] = {"limit": str(PAGE_SIZE)}
        if since:
            params[SINCE_ID] = since
        posts: dict[str, Post] = {}
        problems: list[str] = []
        newest: str | None = None
        visited: set[str] = set()
        what = f"the statuses of {self.address}"
        for _ in range(MAX_PAGES):
            body, response = self.get(url, params, what)
            if not isinstance(body, list):
                raise self.failure(f"the server answered {what} in an unexpected shape")
            ids = [_status_id(item) for item in body]
            newest = newest or next((i for i in ids if i), None)
            reached = since is not None and since in ids
            if reached:  # a server that ignores since_id: keep only what is newer
                body = body[: ids.index(since)]
            found, skipped = normalize_statuses(body, account=self.request.account, host=host)
            posts.update((post.id, post) for post in found if post.id not in posts)
            problems.extend(skipped)
            following = _next_page(response, host, path)
            if not body or reached or len(posts) >= self.request.limit or following is None:
                break
            if following in visited or following == url:
                problems.append(web.circle(len(visited) + 1, 'Link rel="next"'))
                break
            visited.add(following)
            url, params = following, ({SINCE_ID: since} if since else {})
            if since and SINCE_ID in _query_keys(following):
                params = {}
        ordered = sorted(posts.values(), key=lambda post: post.created, reverse=True)
        return ordered, problems, newest


def _status_id(item: Any) -> str | None:
    value = item.get("id") if isinstance(item, dict) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value else None


def _query_keys(url: str) -> set[str]:
    return {pair.split("=", 1)[0] for pair in urlsplit(url).query.split("&") if pair}


def _next_page(response: requests.Response, host: str, path: str) -> str | None:
    """The ``rel="next"`` URL when it pages the same timeline on the same server."""
    link = response.links.get("next", {}).get("url")
    if not isinstance(link, str):
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if (parts.hostname or "").lower() != host or parts.path != path:
        return None
    return f"https://{host}{path}?{parts.query}" if parts.query else None
