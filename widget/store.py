"""The durable store: every post ever fetched, one JSON document per account.

The store is what makes the widget survive a failing API: a build serves what
is stored when a fetch fails, so its files are never overwritten by a failure,
never half-written (temp file, fsync, rename), never silently replaced when
they cannot be read, and never written by two processes at once (a lock).
"""

from __future__ import annotations

import contextlib
import copy
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
from widget.model import (
    Author,
    Post,
    Shared,
    author_to_dict,
    post_from_dict,
    post_to_dict,
)
from widget.sources.registry import network

FORMAT = 2
"""Format 1 (widget 0.1, X only) is read and upgraded in place; see ``upgrade``. Format 2's
``tombstones`` and ``rechecked_at`` are optional: a file without them reads as none."""
REASONS = ("deleted", "edited", "forgotten")
"""Why a post left the store: its network said it is gone, a newer version replaced it, or
``widget forget`` took it down."""
NETWORK_NAME = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
ACCOUNT_NAME = re.compile(r"^[a-z0-9_][a-z0-9_.@-]{0,99}$")
"""A store key (``sources.base.store_key`` makes one of any account)."""


@dataclass(frozen=True)
class Tombstone:
    """A post that left the store and must never come back (from an archive, a later page)."""

    reason: str
    """One of ``REASONS``."""
    at: datetime
    replaced_by: str | None = None
    """For an edited post: the id of its newest version."""


@dataclass
class AccountState:
    """What is known about one account: its posts, the source's cursor and how the last
    fetch went. The cursor is the source's own (X's ``since_id``, Mastodon's newest id,
    an RSS feed's ``ETag``): the store keeps it and never looks inside."""

    network: str
    account: str
    author: Author | None = None
    posts: dict[str, Post] = field(default_factory=dict)
    cursor: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None
    last_error: str | None = None
    tombstones: dict[str, Tombstone] = field(default_factory=dict)
    rechecked_at: datetime | None = None
    """When the posts shown were last looked up again (see ``widget.recheck``)."""

    def merge(self, posts: Iterable[Post], *, replace: bool = True) -> int:
        """Adds posts by id and returns how many ids were new.

        ``replace`` lets a newer API answer win over the stored copy (an edit,
        a new avatar); an archive only fills gaps and never overwrites. A post
        with a tombstone is never added again.
        """
        added = 0
        for post in posts:
            if post.id in self.tombstones:
                continue
            if post.id not in self.posts:
                added += 1
            elif not replace:
                continue
            self.posts[post.id] = post
        return added

    def bury(
        self, ids: Iterable[str], reason: str, at: datetime, replaced_by: str | None = None
    ) -> list[str]:
        """Removes posts and keeps a tombstone for each; returns the ids that were stored."""
        removed = []
        for post_id in ids:
            if post_id == replaced_by:
                continue  # the newest version itself stays
            if self.posts.pop(post_id, None) is not None:
                removed.append(post_id)
            self.tombstones[post_id] = Tombstone(reason, at, replaced_by)
        return removed


def newest_first(posts: Iterable[Post]) -> list[Post]:
    """By time, then id: ids are strings of any network and need not be numbers."""
    return sorted(posts, key=lambda post: (post.created, post.id), reverse=True)


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
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the year 1 in UTC
        raise ValueError(f"time {value!r} is out of range") from None


def state_to_dict(state: AccountState) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT,
        "network": state.network,
        "account": state.account,
        "author": author_to_dict(state.author) if state.author else None,
        "cursor": dict(sorted(state.cursor.items())),
        "fetched_at": _time_to_text(state.fetched_at),
        "last_error": state.last_error,
        "posts": [post_to_dict(post) for post in newest_first(state.posts.values())],
    }
    if state.rechecked_at is not None:
        data["rechecked_at"] = _time_to_text(state.rechecked_at)
    if state.tombstones:
        data["tombstones"] = {
            post_id: _tombstone_to_dict(stone)
            for post_id, stone in sorted(state.tombstones.items())
        }
    return data


def _tombstone_to_dict(stone: Tombstone) -> dict[str, str]:
    data = {"reason": stone.reason, "at": _time_to_text(stone.at) or ""}
    if stone.replaced_by is not None:
        data["replaced_by"] = stone.replaced_by
    return data


def _tombstones_from(value: Any) -> dict[str, Tombstone]:
    if not isinstance(value, dict):
        raise TypeError("tombstones must be an object")
    stones = {}
    for post_id, item in value.items():
        if not isinstance(item, dict) or set(item) - {"reason", "at", "replaced_by"}:
            raise TypeError(f"tombstone {post_id!r} must be an object of reason, at, replaced_by")
        if item.get("reason") not in REASONS:
            raise ValueError(f"tombstone {post_id!r}: reason {item.get('reason')!r} is not known")
        replaced_by = item.get("replaced_by")
        if replaced_by is not None and not isinstance(replaced_by, str):
            raise TypeError(f"tombstone {post_id!r}: replaced_by must be a string")
        at = _time_from_text(item.get("at"))
        if at is None:
            raise ValueError(f"tombstone {post_id!r} has no time")
        stones[post_id] = Tombstone(item["reason"], at, replaced_by)
    return stones


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """A format-1 document (widget 0.1) in format 2: ``user_id`` and ``newest_id`` become
    the X cursor, and the reply handle moves from ``extra`` into its own field."""
    if data.get("format") != 1:
        return data
    unknown = set(data) - set(_FORMAT_1_KEYS)
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
    cursor = {
        name: data[key]
        for key, name in (("user_id", "user_id"), ("newest_id", "since_id"))
        if data.get(key) is not None
    }
    posts = data.get("posts", [])
    if not isinstance(posts, list):
        raise TypeError("posts must be a list")
    return {
        "format": FORMAT,
        "network": data.get("network"),
        "account": data.get("account"),
        "author": data.get("author"),
        "cursor": cursor,
        "fetched_at": data.get("fetched_at"),
        "last_error": data.get("last_error"),
        "posts": [_upgrade_post(post) for post in posts],
    }


def _upgrade_post(post: Any) -> Any:
    if not isinstance(post, dict):
        return post
    post = dict(post)
    extra = post.pop("extra", None) or {}
    if not isinstance(extra, dict):
        raise TypeError(f"extra must be an object, not {extra!r}")
    if extra.get("in_reply_to_handle") is not None:
        post["in_reply_to_handle"] = extra["in_reply_to_handle"]
    if isinstance(post.get("original"), dict):
        post["original"] = _upgrade_post(post["original"])
    return post


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
    if data.get("last_error") is not None and not isinstance(data["last_error"], str):
        raise TypeError(f"last_error must be a string, not {data['last_error']!r}")
    cursor = data.get("cursor", {})
    if not isinstance(cursor, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in cursor.items()
    ):
        raise TypeError("cursor must be an object of strings")
    if not isinstance(data.get("posts", []), list):
        raise TypeError("posts must be a list")
    shared = Shared()
    posts = (post_from_dict(item, shared) for item in data.get("posts", ()))
    return AccountState(
        network=network,
        account=account,
        author=shared.author(data["author"]) if data.get("author") else None,
        posts={post.id: post for post in posts},
        cursor=dict(cursor),
        fetched_at=_time_from_text(data.get("fetched_at")),
        last_error=data.get("last_error"),
        tombstones=_tombstones_from(data.get("tombstones", {})),
        rechecked_at=_time_from_text(data.get("rechecked_at")),
    )


_STATE_KEYS = (
    "format", "network", "account", "author", "cursor", "fetched_at", "last_error", "posts",
    "tombstones", "rechecked_at",
)  # fmt: skip
_FORMAT_1_KEYS = (
    "format", "network", "account", "user_id", "author", "newest_id", "fetched_at",
    "last_error", "posts",
)  # fmt: skip


def _in_todays_form(state: AccountState) -> bool:
    """Applies the network's ``stored_post`` to every post; True when any id changed."""
    known = network(state.network)
    upgrade = known.stored_post if known is not None else None
    if upgrade is None:
        return False
    posts = [upgrade(post) for post in state.posts.values()]
    if [post.id for post in posts] == list(state.posts):
        return False
    state.posts = {post.id: post for post in posts}
    return True


def _brief(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Store:
    """The state folder: ``<state>/<network>/<account>.json`` plus a lock file."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self._held = threading.local()
        self._parsed: dict[Path, tuple[tuple[int, int, int], AccountState]] = {}
        """Each file's last parse, by its identity on disk: the fetch and the render stage
        of one build both load every account, and parsing is most of a warm build."""

    def path(self, network: str, account: str) -> Path:
        # Handles come from configuration and archives; a name such as "../x"
        # must never turn into a path outside the state folder.
        if not NETWORK_NAME.match(network) or not ACCOUNT_NAME.match(account) or ".." in account:
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
        known = self._parsed.get(path)
        if known is not None and known[0] == _identity(path):
            return _copy(known[1])
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
            old_format = data.get("format") == 1
            state = state_from_dict(upgrade(data), network, account)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise StoreError(
                f"{path}: is not a valid store file ({type(exc).__name__}: {_brief(exc)}); "
                "it was left untouched: repair it, or delete it to fetch the account afresh"
            ) from None
        if _in_todays_form(state) or old_format:
            self.save(state)  # upgraded in one atomic step; a 0.1 CI cache keeps working
        else:
            self._remember(path, state)
        return state

    def _remember(self, path: Path, state: AccountState) -> None:
        identity = _identity(path)
        if identity is not None:
            self._parsed[path] = (identity, _copy(state))

    def save(self, state: AccountState) -> None:
        """Replaces the account's file in one step, so a crash leaves the previous one."""
        path = self.path(state.network, state.account)
        text = json.dumps(state_to_dict(state), ensure_ascii=False, separators=(",", ":"))
        data = text.encode("utf-8")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        except OSError as exc:
            message = f"{path}: cannot be written ({exc}); the previous file is kept"
            raise StoreError(message) from None
        self._remember(path, state)


def _identity(path: Path) -> tuple[int, int, int] | None:
    """Changes whenever the file does: every save renames a new file (a new inode) into place."""
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def _copy(state: AccountState) -> AccountState:
    """A state the caller may change without changing the remembered one (posts are frozen)."""
    copied = copy.copy(state)
    copied.posts = dict(state.posts)
    copied.cursor = dict(state.cursor)
    copied.tombstones = dict(state.tombstones)  # Tombstone is frozen, like Post
    return copied
