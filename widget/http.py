"""The one HTTP session every stage that touches the network uses.

A SQLite-backed ``requests_cache.CachedSession`` in the state folder, so that:
an answer fetched once can be served again when the network fails
(``stale_if_error``) or when the user builds offline (``only_if_cached``);
the bearer token never becomes part of a cache key nor reaches the cache file
(requests-cache keeps ``Authorization`` out of keys and stores it as
``REDACTED``); and no request can hang forever (a default timeout).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import requests

if TYPE_CHECKING:
    import requests_cache

from widget.errors import StoreError

CACHE_FILE = "http-cache.sqlite"
REPLAY_CACHE_FILE = "replay-cache.sqlite"
"""Replayed answers are cached apart, so switching to live never serves recorded data."""


@functools.cache
def _timeout_session() -> type[requests_cache.CachedSession]:
    """The session class, made on first use: requests-cache (with cattrs and its
    serializers) takes longer to import than the rest of a warm build, and the
    commands that open no session (``--help``, ``check``, ``inject``) never pay for it."""
    import requests_cache

    class TimeoutSession(requests_cache.CachedSession):
        """Adds a timeout to requests made without one (tweepy never passes one)."""

        def __init__(self, *args: Any, default_timeout: float, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.default_timeout = default_timeout

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
        stale_if_error=True,
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


def deferred(open_session: Callable[[], requests.Session]) -> requests.Session:
    """The session ``open_session`` makes, opened when first used.

    An ``--offline`` build sends nothing and finds every image it has seen in its media
    folder, so it usually needs no session at all, and opening one means importing
    requests-cache and opening its SQLite file: about a fifth of a warm build.
    """
    return cast(requests.Session, _Deferred(open_session))
