"""JSON and feed requests through the build's one cached session, each failure one line.

Shared by the kinds that speak plain HTTP (Mastodon, Bluesky, RSS). A refresh
that fails reaches us as the real answer or exception, never as the cache's
expired copy (see ``widget.http``), so it is described as on a first fetch.
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from widget.sources.base import FetchFailure, FetchRequest

MAX_JSON_BYTES = 20 * 1024 * 1024
"""An API page is a few hundred KB; anything far bigger is not an answer to trust."""


def one_line(text: str, width: int = 160) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def circle(pages: int, name: str) -> str:
    """The problem line of pages that lead back to one already read: the fetch stops there
    and keeps what it read, since a server that pages in a circle would be read forever."""
    return f"the pages lead in a circle (a {name} came back); stopped after {pages} page(s)"


def reset_time(response: requests.Response) -> datetime | None:
    """When a rate limit resets: ``X-RateLimit-Reset`` / ``RateLimit-Reset`` as an ISO time,
    epoch seconds or seconds from now, or ``Retry-After``."""
    for name in ("x-ratelimit-reset", "ratelimit-reset", "retry-after"):
        value = (response.headers.get(name) or "").strip()
        if not value:
            continue
        if value.isdigit():
            number = int(value)
            if number > 1_000_000_000:
                return datetime.fromtimestamp(number, timezone.utc)
            return datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=number)
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
        except ValueError:
            pass
        try:
            return parsedate_to_datetime(value).astimezone(timezone.utc)
        except (TypeError, ValueError):
            continue
    return None


MAX_WAIT = timedelta(minutes=15)
"""The longest a build waits for a rate limit (``wait_on_rate_limit``), and it waits once."""
UNKNOWN_RESET_WAIT = timedelta(minutes=1)


def rate_limit_wait(reset: datetime | None) -> float:
    """Seconds to wait, once, for a used-up rate limit: until it resets (a second after),
    at most ``MAX_WAIT``; a minute when the server gave no reset time. A limit still used up
    after that wait is a failure, so a limit that never clears cannot keep a build waiting."""
    if reset is None:
        return UNKNOWN_RESET_WAIT.total_seconds()
    until = (reset - datetime.now(timezone.utc)).total_seconds() + 1
    return max(0.0, min(until, MAX_WAIT.total_seconds()))


def describe_status(response: requests.Response, what: str) -> str:
    """One line for an HTTP error answer; ``what`` names the thing asked for."""
    status = f"{response.status_code} {response.reason or ''}".strip()
    code = response.status_code
    if code == 429:
        reset = reset_time(response)
        when = f"; it resets at {reset:%Y-%m-%d %H:%M} UTC" if reset else "; it gave no reset time"
        return f"the server's rate limit is used up ({status}){when}"
    if code in (401, 403):
        return f"the server refused to show {what} without a login or token ({status})"
    if code in (404, 410):
        return f"the server has no {what} ({status})"
    if code >= 500:
        return f"the server failed ({status}); try again later"
    return f"the server rejected the request for {what} ({status})"


def describe_exception(exc: Exception) -> str:
    if isinstance(exc, requests.Timeout):
        return "the server did not answer in time"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect to the server (no network, or the host is unreachable)"
    return f"the request failed ({type(exc).__name__})"


def get(
    request: FetchRequest,
    url: str,
    *,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    what: str,
    counter: list[int],
    ok: tuple[int, ...] = (200,),
) -> requests.Response:
    """GETs ``url`` through the session; any failure raises FetchFailure with one line."""
    response = _send(request, url, params, headers, counter)
    if response.status_code == 429 and request.settings.wait_on_rate_limit:
        seconds = rate_limit_wait(reset_time(response))
        request.log(f"{request.spec.label}: the rate limit is used up; waiting {seconds:.0f} s")
        time.sleep(seconds)
        response = _send(request, url, params, headers, counter)
    if response.status_code not in ok:
        raise FetchFailure(request.spec.label, describe_status(response, what), counter[0])
    return response


def _send(
    request: FetchRequest,
    url: str,
    params: dict[str, str] | None,
    headers: dict[str, str] | None,
    counter: list[int],
) -> requests.Response:
    counter[0] += 1
    try:
        return request.session.get(url, params=params, headers=headers)
    except requests.RequestException as exc:
        raise FetchFailure(request.spec.label, describe_exception(exc), counter[0]) from None


def get_json(
    request: FetchRequest,
    url: str,
    *,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    what: str,
    counter: list[int],
) -> tuple[Any, requests.Response]:
    """The decoded JSON body of a GET, and the response (for its headers)."""
    response = get(request, url, params=params, headers=headers, what=what, counter=counter)
    return json_body(request, response, what=what, counter=counter), response


def json_body(
    request: FetchRequest, response: requests.Response, *, what: str, counter: list[int]
) -> Any:
    """``response``'s body decoded; too large or malformed raises FetchFailure with one line."""
    body = response.content
    if len(body) > MAX_JSON_BYTES:
        raise FetchFailure(request.spec.label, f"the answer for {what} is too large", counter[0])
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        reason = f"the server answered {what} with malformed JSON"
        raise FetchFailure(request.spec.label, reason, counter[0]) from None
