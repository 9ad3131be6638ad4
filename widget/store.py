"""The durable store: every post ever fetched, one JSON document per account.

The store is what makes the widget survive a failing API: a build serves what
is stored when a fetch fails, so its files are never overwritten by a failure,
never half-written (temp file, fsync, rename), never silently replaced when
they cannot be read, and never written by two processes at once (a lock).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from widget.atomic import write_atomic
from widget.errors import StoreError
from widget.model import Author, Post, author_from_dict, post_from_dict, post_to_dict

FORMAT = 1
ACCOUNT_NAME = re.compile(r"^[a-z0-9_]{1,50}$")
NETWORK_NAME = re.compile(r"^[a-z][a-z0-9-]{0,19}$")


@dataclass
class AccountState:
    """What is known about one account: its posts and how the last fetch went."""

    network: str
    account: str
    user_id: str | None = None
    author: Author | None = None
    posts: dict[str, Post] = field(default_factory=dict)
    newest_id: str | None = None
    fetched_at: datetime | None = None
    last_error: str | None = None

    def merge(self, posts: Iterable[Post], *, replace: bool = True) -> int:
        """Adds posts by id and returns how many ids were new.

        ``replace`` lets a newer API answer win over the stored copy (an edit,
        a new avatar); an archive only fills gaps and never overwrites.
        """
        added = 0
        for post in posts:
            if post.id not in self.posts:
                added += 1
            elif not replace:
                continue
            self.posts[post.id] = post
        if self.posts:
            newest = max(self.posts, key=id_order)
            if self.newest_id is None or id_order(newest) > id_order(self.newest_id):
                self.newest_id = newest
        return added


def id_order(post_id: str) -> tuple[int, str]:
    """Orders X ids numerically (they are decimal strings of varying length)."""
    return (int(post_id), post_id) if post_id.isdigit() else (-1, post_id)


def _time_to_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _time_from_text(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"time {value!r} has no time zone")
    return moment.astimezone(timezone.utc)


def state_to_dict(state: AccountState) -> dict[str, Any]:
    ordered = sorted(state.posts.values(), key=lambda post: id_order(post.id), reverse=True)
    return {
        "format": FORMAT,
        "network": state.network,
        "account": state.account,
        "user_id": state.user_id,
        "author": dict(state.author.__dict__) if state.author else None,
        "newest_id": state.newest_id,
        "fetched_at": _time_to_text(state.fetched_at),
        "last_error": state.last_error,
        "posts": [post_to_dict(post) for post in ordered],
    }


def state_from_dict(data: dict[str, Any], network: str, account: str) -> AccountState:
    """Reads a store file strictly: a file this version did not write is refused, not rewritten."""
    if data.get("format") != FORMAT:
        raise ValueError(
            f"format {data.get('format')!r} is not {FORMAT}, the one this version reads"
        )
    if (data.get("network"), data.get("account")) != (network, account):
        raise ValueError(
            f"it holds {data.get('network')}:{data.get('account')}, not {network}:{account}"
        )
    unknown = set(data) - set(_STATE_KEYS)
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("user_id", "newest_id", "last_error"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise TypeError(f"{key} must be a string, not {data[key]!r}")
    if not isinstance(data.get("posts", []), list):
        raise TypeError("posts must be a list")
    posts = (post_from_dict(item) for item in data.get("posts", ()))
    return AccountState(
        network=network,
        account=account,
        user_id=data.get("user_id"),
        author=author_from_dict(data["author"]) if data.get("author") else None,
        posts={post.id: post for post in posts},
        newest_id=data.get("newest_id"),
        fetched_at=_time_from_text(data.get("fetched_at")),
        last_error=data.get("last_error"),
    )


_STATE_KEYS = (
    "format", "network", "account", "user_id", "author", "newest_id", "fetched_at",
    "last_error", "posts",
)  # fmt: skip


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Store:
    """The state folder: ``<state>/<network>/<account>.json`` plus a lock file."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self._held = threading.local()

    def path(self, network: str, account: str) -> Path:
        # Handles come from configuration and archives; a name such as "../x"
        # must never turn into a path outside the state folder.
        if not NETWORK_NAME.match(network) or not ACCOUNT_NAME.match(account):
            raise StoreError(f"{network}:{account}: not a valid account name for the store")
        return self.state_dir / network / f"{account}.json"

    @contextlib.contextmanager
    def lock(self, log: Callable[[str], None] = _stderr) -> Iterator[None]:
        """Holds the state folder exclusively, waiting (and saying so) while another holds it.

        Re-entrant within one thread, so a build can hold it around a fetch
        that takes it too.
        """
        if getattr(self._held, "depth", 0):
            self._held.depth += 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        lock_path = self.state_dir / "lock"
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            handle = open(lock_path, "a+b")  # noqa: SIM115 - held for the whole block
        except OSError as exc:
            raise StoreError(f"{lock_path}: cannot open the lock file: {exc}") from None
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log(f"waiting for another widget process to finish with {self.state_dir} ...")
                fcntl.flock(handle, fcntl.LOCK_EX)
            self._held.depth = 1
            try:
                yield
            finally:
                self._held.depth = 0
                fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            handle.close()

    def load(self, network: str, account: str) -> AccountState:
        """The stored state, or an empty one; a file that cannot be read is left as it is."""
        path = self.path(network, account)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return AccountState(network=network, account=account)
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"{path}: cannot be read ({exc}); it was left untouched") from None
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            return state_from_dict(data, network, account)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise StoreError(
                f"{path}: is not a valid store file ({type(exc).__name__}: {exc}); "
                "it was left untouched: repair it, or delete it to fetch the account afresh"
            ) from None

    def save(self, state: AccountState) -> None:
        """Replaces the account's file in one step, so a crash leaves the previous one."""
        path = self.path(state.network, state.account)
        data = json.dumps(state_to_dict(state), ensure_ascii=False, indent=1).encode("utf-8")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        except OSError as exc:
            message = f"{path}: cannot be written ({exc}); the previous file is kept"
            raise StoreError(message) from None
