"""One account's new posts from the X API v2, through tweepy on our cached session.

Every way the API or the network can fail becomes an ``XFetchError`` whose
``reason`` is one readable line, so the fetch stage can report it and carry on
with what the store holds.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import requests
import tweepy

from widget.errors import SourceError
from widget.model import Author, Post
from widget.sources import web
from widget.sources.x.common import REPLAY_TOKEN as REPLAY_TOKEN
from widget.sources.x.common import TOKEN_VARIABLE as TOKEN_VARIABLE
from widget.sources.x.v2 import author_from_v2, normalize_page

# tweepy logs every request's headers, bearer token included, at DEBUG level.
for _name in ("tweepy", "tweepy.client"):
    _logger = logging.getLogger(_name)
    if _logger.level < logging.INFO:
        _logger.setLevel(logging.INFO)


EXPANSIONS = [
    "author_id",
    "attachments.media_keys",
    "referenced_tweets.id",
    "referenced_tweets.id.author_id",
]
TWEET_FIELDS = [
    "created_at",
    "lang",
    "entities",
    "attachments",
    "referenced_tweets",
    "author_id",
    "note_tweet",
    "in_reply_to_user_id",
    "conversation_id",
    "possibly_sensitive",
]
MEDIA_FIELDS = ["url", "preview_image_url", "alt_text", "width", "height", "type", "variants"]
USER_FIELDS = ["name", "username", "profile_image_url"]


class XFetchError(SourceError):
    """A fetch that failed; ``reason`` says why in one line, ``requests`` how many were sent."""

    def __init__(self, account: str, reason: str, requests: int) -> None:
        super().__init__(f"x:{account}: {reason}")
        self.account = account
        self.reason = reason
        self.requests = requests


@dataclass(frozen=True)
class Timeline:
    user_id: str
    author: Author | None
    """The newest profile the answers carried, if any did."""
    posts: tuple[Post, ...]
    requests: int
    problems: tuple[str, ...]
    versions: tuple[Any, ...] = ()
    """The ``edit_history_tweet_ids`` of each post received (see ``recheck.superseded``)."""


MAX_PAGES = 40
"""The API reaches back 3,200 posts, 32 pages of 100; a fetch never asks for more."""


def page_size(limit: int) -> int:
    """The API accepts 5 to 100 posts per page."""
    return max(5, min(100, limit))


def _one_line(text: str, width: int = 160) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def _api_detail(exc: tweepy.HTTPException) -> str:
    messages = [str(m) for m in exc.api_messages if str(m).strip()]
    return f": {_one_line(messages[0])}" if messages else ""


def describe(exc: Exception, account: str) -> str:
    """The one line a person needs to understand a failed request."""
    if isinstance(exc, tweepy.HTTPException):
        status = f"{exc.response.status_code} {exc.response.reason}"
        if isinstance(exc, tweepy.Unauthorized):
            return f"the API refused the token ({status}); check {TOKEN_VARIABLE}"
        if isinstance(exc, tweepy.Forbidden):
            return f"the API denied access ({status}){_api_detail(exc)}"
        if isinstance(exc, tweepy.NotFound):
            return f"no X account @{account} was found ({status}){_api_detail(exc)}"
        if isinstance(exc, tweepy.TooManyRequests):
            if exc.reset_time is None:
                return f"the API's rate limit is used up ({status}); it gave no reset time"
            reset = datetime.fromtimestamp(exc.reset_time, timezone.utc)
            return (
                f"the API's rate limit is used up ({status}); "
                f"it resets at {reset:%Y-%m-%d %H:%M} UTC"
            )
        if isinstance(exc, tweepy.TwitterServerError):
            return f"the API failed ({status}); try again later"
        return f"the API rejected the request ({status}){_api_detail(exc)}"
    if isinstance(exc, requests.JSONDecodeError):
        return "the API answered with malformed JSON"
    if isinstance(exc, requests.Timeout):
        return "the API did not answer in time"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect to the API (no network, or the host is unreachable)"
    if isinstance(exc, requests.RequestException):
        return f"the request failed ({type(exc).__name__})"
    if isinstance(exc, SourceError):
        return f"the API answered in an unexpected shape: {_one_line(exc.message)}"
    return f"the request failed ({type(exc).__name__})"


FAILURES = (tweepy.TweepyException, requests.RequestException, ValueError, SourceError)
"""What a request can raise that is the world's fault, not ours (JSON errors are ValueErrors)."""


class XClient:
    """A tweepy client whose HTTP goes through ``session`` (cache, timeout, replay)."""

    def __init__(self, session: requests.Session, token: str, *, wait_on_rate_limit: bool) -> None:
        # tweepy's own waiting retries a 429 that never clears until RecursionError;
        # we wait once, bounded, in ``_call``.
        self.client = tweepy.Client(bearer_token=token, return_type=dict)
        self.wait_on_rate_limit = wait_on_rate_limit
        self.client.session = session
        self.session = session

    def timeline(
        self, account: str, *, user_id: str | None, since_id: str | None, limit: int
    ) -> Timeline:
        """The account's posts newer than ``since_id``, at least ``limit`` of them if there are.

        The user is looked up only when ``user_id`` is unknown; steady state is
        one timeline request.
        """
        counter = [0]
        try:
            return self._timeline(account, user_id, since_id, limit, counter)
        except XFetchError:
            raise
        except FAILURES as exc:
            raise XFetchError(account, describe(exc, account), counter[0]) from None

    def lookup(self, ids: list[str], counter: list[int]) -> dict[str, Any]:
        """One ``GET /2/tweets?ids=`` (at most 100 ids), with the fields a timeline page has."""
        body: dict[str, Any] = self._call(
            counter,
            self.client.get_tweets,
            ids,
            expansions=EXPANSIONS,
            tweet_fields=TWEET_FIELDS,
            media_fields=MEDIA_FIELDS,
            user_fields=USER_FIELDS,
        )
        return body

    def _call(self, counter: list[int], method: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        counter[0] += 1
        try:
            body = method(*args, **kw)
        except tweepy.TooManyRequests as exc:
            if not self.wait_on_rate_limit:
                raise
            time.sleep(web.rate_limit_wait(_reset(exc)))
            counter[0] += 1
            body = method(*args, **kw)  # a limit still used up now is the failure to report
        except RecursionError:  # JSON nested 100,000 deep fails inside the decoder
            raise SourceError("the answer is JSON nested too deeply to read") from None
        if not isinstance(body, dict):
            raise SourceError("the answer is not a JSON object")
        return body

    def _timeline(
        self,
        account: str,
        user_id: str | None,
        since_id: str | None,
        limit: int,
        counter: list[int],
    ) -> Timeline:
        author: Author | None = None
        if user_id is None:
            body = self._call(
                counter, self.client.get_user, username=account, user_fields=USER_FIELDS
            )
            if not isinstance(body.get("data"), dict):
                raise XFetchError(account, _unknown_account(account, body), counter[0])
            author = author_from_v2(body["data"])
            user_id = author.id
        posts: list[Post] = []
        problems: list[str] = []
        versions: list[Any] = []
        seen = 0
        token: str | None = None
        used: set[str] = set()
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {
                "max_results": page_size(limit),
                "expansions": EXPANSIONS,
                "tweet_fields": TWEET_FIELDS,
                "media_fields": MEDIA_FIELDS,
                "user_fields": USER_FIELDS,
            }
            if since_id is not None:
                params["since_id"] = since_id
            if token is not None:
                params["pagination_token"] = token
            body = self._call(counter, self.client.get_users_tweets, user_id, **params)
            page = normalize_page(body, account)
            posts.extend(page.posts)
            problems.extend(page.problems)
            author = page.users.get(user_id, author)
            data = body.get("data")
            seen += len(data) if isinstance(data, list) else 0
            versions += [item for item in data if isinstance(item, dict)] if data else []
            meta = body.get("meta") if isinstance(body.get("meta"), Mapping) else {}
            next_token = meta.get("next_token") if meta else None
            if seen >= limit or not isinstance(next_token, str) or not next_token:
                break
            if next_token in used or next_token == token:
                problems.append(web.circle(len(used) + 1, "next_token"))
                break
            used.add(next_token)
            token = next_token
        return Timeline(user_id, author, tuple(posts), counter[0], tuple(problems), tuple(versions))


def _reset(exc: tweepy.TooManyRequests) -> datetime | None:
    if exc.reset_time is not None:
        return datetime.fromtimestamp(exc.reset_time, timezone.utc)
    return web.reset_time(exc.response)


def _unknown_account(account: str, body: Mapping[str, Any]) -> str:
    errors = body.get("errors")
    detail = ""
    if isinstance(errors, list) and errors and isinstance(errors[0], Mapping):
        text = errors[0].get("detail") or errors[0].get("title") or ""
        detail = f": {_one_line(str(text))}" if text else ""
    return f"no X account @{account} was found{detail}"
