"""The one HTTP session every stage that touches the network uses.

A SQLite-backed ``requests_cache.CachedSession`` in the state folder, so that:
an answer fetched once is not asked for again within its lifetime, and can be
served when the user builds offline (``only_if_cached``); the bearer token
never becomes part of a cache key nor reaches the cache file (requests-cache
keeps ``Authorization`` out of keys and stores it as ``REDACTED``); and no
request can hang forever (a total deadline, not only a socket timeout).

A refresh that fails is never answered with the expired copy (no
``stale_if_error``): the real answer (a 401, a 429 with its reset time, a 5xx)
or the real exception (a timeout) reaches the source, which says it in one line,
exactly as on a first build. The fetch stage serves the stored posts instead,
so the expired copy would add nothing but hide why the refresh failed. Offline,
nothing is sent, so an expired copy is all there is and is served.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import requests
from requests.adapters import HTTPAdapter

if TYPE_CHECKING:
    import requests_cache

from widget.errors import StoreError

CACHE_FILE = "http-cache.sqlite"
REPLAY_CACHE_FILE = "replay-cache.sqlite"
"""Replayed answers are cached apart, so switching to live never serves recorded data."""


class DeadlineAdapter(HTTPAdapter):
    """An adapter whose requests end at a total deadline, however slowly a server drips.

    A socket timeout bounds each wait for a byte, so a server sending one byte a
    second never trips it. Once the headers are in, a timer shuts the socket down
    at the deadline; the read then fails and is reported as a timeout.
    """

    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any
    ) -> requests.Response:
        started = time.monotonic()
        response = super().send(request, stream=True, **kwargs)
        expired = threading.Event()
        remaining = max(0.0, self.deadline - (time.monotonic() - started))
        timer = threading.Timer(remaining, _shut, (response, expired))
        timer.daemon = True
        timer.start()
        _guard_reads(response, expired, timer, self.deadline)
        if not stream:
            try:
                response.content  # noqa: B018 (read the whole body within the deadline)
            finally:
                timer.cancel()
        return response


def _shut(response: requests.Response, expired: threading.Event) -> None:
    expired.set()
    # Raises when the body was read whole and the connection handed back, or is closed.
    with contextlib.suppress(ValueError, RuntimeError, OSError):
        response.raw.shutdown()


def _guard_reads(
    response: requests.Response,
    expired: threading.Event,
    timer: threading.Timer,
    deadline: float,
) -> None:
    """Makes every body read fail as a timeout once the deadline has passed."""
    raw = response.raw
    check = _Deadline(expired, timer, deadline, response.url)
    read, read_chunked = raw.read, raw.read_chunked
    raw.read = lambda *args, **kwargs: check.call(read, *args, **kwargs)  # type: ignore[method-assign]
    raw.read_chunked = lambda *a, **kw: check.chunks(read_chunked(*a, **kw))  # type: ignore[method-assign]


class _Deadline:
    def __init__(
        self, expired: threading.Event, timer: threading.Timer, deadline: float, url: str
    ) -> None:
        self.expired = expired
        self.timer = timer
        self.deadline = deadline
        self.url = url

    def timed_out(self) -> requests.ReadTimeout:
        return requests.ReadTimeout(
            f"no complete answer from {self.url} within {self.deadline:g} s"
        )

    def call(self, read: Callable[..., bytes], *args: Any, **kwargs: Any) -> bytes:
        try:
            data = read(*args, **kwargs)
        except Exception:
            if self.expired.is_set():
                raise self.timed_out() from None
            raise
        if self.expired.is_set():
            raise self.timed_out()
        if not data:
            self.timer.cancel()  # the whole body is in
        return data

    def chunks(self, pieces: Iterator[bytes]) -> Iterator[bytes]:
        try:
            for piece in pieces:
                if self.expired.is_set():
                    raise self.timed_out()
                yield piece
        except Exception:
            if self.expired.is_set():
                raise self.timed_out() from None
            raise
        if self.expired.is_set():
            raise self.timed_out()
        self.timer.cancel()


@functools.cache
def _timeout_session() -> type[requests_cache.CachedSession]:
    """The session class, made on first use: requests-cache (with cattrs and its
    serializers) takes longer to import than the rest of a warm build, and the
    commands that open no session (``--help``, ``check``, ``inject``) never pay for it."""
    import requests_cache

    class TimeoutSession(requests_cache.CachedSession):
        """Adds a timeout to requests made without one (tweepy never passes one), and a
        total deadline to every request."""

        def __init__(self, *args: Any, default_timeout: float, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.default_timeout = default_timeout
            adapter = DeadlineAdapter(default_timeout)
            self.mount("https://", adapter)
            self.mount("http://", adapter)

        def send(  # type: ignore[override]
            self, request: requests.PreparedRequest, **kwargs: Any
        ) -> requests.Response:
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = self.default_timeout
            response: requests.Response = super().send(request, **kwargs)
            return response

    return TimeoutSession


def make_session(
    state_dir: Path,
    *,
    expire_after: timedelta,
    timeout: float,
    offline: bool = False,
    cache_file: str = CACHE_FILE,
) -> requests_cache.CachedSession:
    """Opens the cached session; ``offline`` answers a cache miss with 504 and sends nothing.

    ``timeout`` (seconds) bounds each request in total, body included.
    ``cache_control`` stays off because X answers ``cache-control: no-store``:
    honouring it would mean nothing is ever cached.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / cache_file
    try:
        return _open(path, expire_after=expire_after, timeout=timeout, offline=offline)
    except (sqlite3.DatabaseError, OSError) as exc:
        raise StoreError(
            f"{path}: the HTTP cache cannot be opened ({exc}); it holds only copies of "
            "answers, so delete it and build again"
        ) from None


def _open(
    path: Path, *, expire_after: timedelta, timeout: float, offline: bool
) -> requests_cache.CachedSession:
    return _timeout_session()(
        cache_name=str(path),
        backend="sqlite",
        cache_control=False,
        expire_after=expire_after,
        stale_if_error=offline,  # offline nothing is sent, so nothing can fail and hide
        only_if_cached=offline,
        allowable_codes=(200,),
        default_timeout=timeout,
    )


class _Deferred:
    """Stands for a session not opened yet; the first use of any attribute opens it."""

    def __init__(self, open_session: Callable[[], requests.Session]) -> None:
        self._open = open_session
        self._session: requests.Session | None = None

    def __getattr__(self, name: str) -> Any:
        if self._session is None:
            self._session = self._open()
        return getattr(self._session, name)

    def close(self) -> None:
        """Closes the session if it was ever opened; opens nothing to close it."""
        if self._session is not None:
            self._session.close()


def deferred(open_session: Callable[[], requests.Session]) -> requests.Session:
    """The session ``open_session`` makes, opened when first used.

    An ``--offline`` build sends nothing and finds every image it has seen in its media
    folder, so it usually needs no session at all, and opening one means importing
    requests-cache and opening its SQLite file: about a fifth of a warm build.
    """
    return cast(requests.Session, _Deferred(open_session))
