"""What every source kind provides, so that no other stage ever names a network.

A *source kind* is what a ``sources`` entry starts with (``x:``, ``x-archive:``,
``mastodon:``, ``bluesky:``, ``rss:``). Each belongs to a *network*, which names
the settings table (``[x]``, ``[mastodon]`` …), the store folder, the words the
widget uses ("see the post on Mastodon") and how profiles and hashtags link.

A kind turns its entry into a :class:`SourceSpec`, fetches one account into
posts plus an opaque cursor (the fetch stage stores the cursor and hands it back
next time, never looking inside), and answers replayed requests from a
recordings folder in its own fixed layout. Everything network-specific lives in
the kind's own package; ``registry.py`` lists the kinds.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import requests

from widget.errors import SourceError
from widget.model import Author, Post


@dataclass(frozen=True)
class SourceSpec:
    """One parsed entry of a feed's ``sources``.

    ``value`` is the normalised account (``borgerdk``, ``user@host``, a handle, a
    feed URL); ``path`` is set for local sources (an archive folder).
    """

    kind: str
    value: str
    path: Path | None = None

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.value}"


@dataclass(frozen=True)
class NetworkSettings:
    """One network's table (``[x]``, ``[mastodon]`` …): the same keys for every network."""

    replay: Path | None = None
    refresh_minutes: int = 15
    timeout_seconds: int = 20
    wait_on_rate_limit: bool = False
    monthly_post_reads: int | None = None
    """At most this many posts read per calendar month (UTC); None: no cap."""
    recheck_hours: int = 24
    """How often the posts a feed shows are looked up again (0: every build)."""


@dataclass(frozen=True)
class FetchRequest:
    """What the fetch stage asks of a kind for one account."""

    spec: SourceSpec
    account: str
    """The store key of the account (``SourceKind.account``)."""
    cursor: Mapping[str, str]
    """What the kind returned last time (empty for a first fetch, or when recording)."""
    limit: int
    """At least this many posts are wanted when there are that many."""
    session: requests.Session
    settings: NetworkSettings
    log: Callable[[str], None]
    replaying: bool = False
    """Answers come from recordings, so tokens are not needed."""


@dataclass(frozen=True)
class Fetched:
    """One account's new posts and the cursor to hand back next time."""

    posts: tuple[Post, ...]
    cursor: Mapping[str, str]
    author: Author | None = None
    requests: int = 0
    problems: tuple[str, ...] = ()
    """Posts the kind skipped, one line each (the fetch itself went well)."""
    replaced: Mapping[str, str] = field(default_factory=dict)
    """Older versions of edited posts, by id, and the id of the newest version."""


@dataclass(frozen=True)
class RecheckRequest:
    """What the recheck asks of a kind: are these stored posts of one account still there?"""

    spec: SourceSpec
    account: str
    """The store key of the account (``SourceKind.account``)."""
    ids: tuple[str, ...]
    session: requests.Session
    settings: NetworkSettings
    replaying: bool = False
    record: Path | None = None
    """With ``--record``: the recordings folder the kind writes its ``LOOKUP_FILE`` into."""

    def as_fetch(self) -> FetchRequest:
        """The same account asked as a fetch is, quietly: for the kinds whose recheck goes
        through the plain-HTTP helpers of ``widget.sources.web``, which take a fetch."""
        return FetchRequest(
            spec=self.spec,
            account=self.account,
            cursor={},
            limit=0,
            session=self.session,
            settings=self.settings,
            log=lambda line: None,
            replaying=self.replaying,
        )


@dataclass(frozen=True)
class Rechecked:
    """What a recheck found. Ids neither gone nor replaced are still there as stored."""

    gone: frozenset[str] = frozenset()
    """Deleted by their author or the network."""
    replaced: Mapping[str, str] = field(default_factory=dict)
    """Older versions of edited posts, by id, and the id of the newest version."""
    posts: tuple[Post, ...] = ()
    """Current copies of posts, to replace the stored ones (an edit keeping its id)."""
    requests: int = 0
    problems: tuple[str, ...] = ()
    """Why the recheck could not be done, one line each: it is tried again at the next
    build, and nothing is removed on the strength of an answer that did not come."""
    notes: tuple[str, ...] = ()
    """What the answers left open (posts kept as they are), one line each."""


LOOKUP_FILE = "lookup.json"
"""Where a recordings folder keeps an account's recheck answers (``<account dir>/lookup.json``)."""


class FetchFailure(SourceError):
    """A fetch that failed; ``reason`` is one line without the account, ``requests`` the count."""

    def __init__(self, label: str, reason: str, requests: int = 0) -> None:
        super().__init__(f"{label}: {reason}")
        self.reason = reason
        self.requests = requests


@dataclass(frozen=True)
class Replayed:
    """A recorded answer: what a replayed request gets instead of the network's."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)
    """Further headers, e.g. a ``Link`` header that pages through a recorded timeline."""


@dataclass(frozen=True)
class Network:
    """What the rest of the widget may know of a network: its name and its public links."""

    name: str
    """The settings table, the store folder and the locale words' key: ``x``, ``mastodon`` …"""
    profile: str | None = None
    """Format string for a handle's profile (``https://x.com/{}``); None when profiles
    have no one address (Mastodon's live on each server: authors carry their own)."""
    hashtag: str | None = None
    cashtag: str | None = None
    token_variable: str | None = None
    """The environment variable holding the token, when the network needs one."""
    defaults: NetworkSettings = field(default_factory=NetworkSettings)
    stored_post: Callable[[Post], Post] | None = None
    """Brings a post stored by an earlier version to today's form (its id, say); the store
    applies it when it reads an account. None when the form never changed."""


class SourceKind(Protocol):
    """One kind of ``sources`` entry. See the module docstring."""

    name: str
    """What the entry starts with: ``x``, ``x-archive``, ``mastodon`` …"""
    network: Network
    syntax: str
    """How the entry is written, for error messages: ``"mastodon:user@host"``."""
    local: bool
    """Read from disk on every build (an archive): never due, never offline, and what it
    reads only fills gaps in the store (an API answer wins over it)."""

    def problem(self, value: str) -> str | None:
        """Why ``value`` (the entry after ``kind:``) is not valid, or None when it is."""

    def spec(self, value: str, resolve: Callable[[str], Path]) -> SourceSpec:
        """The parsed entry; ``resolve`` makes a path relative to the config file absolute."""

    def account(self, spec: SourceSpec) -> str:
        """The store key of the account the entry reads (raises SourceError when unknown)."""

    def fetch(self, request: FetchRequest) -> Fetched:
        """New posts of one account; raises FetchFailure with a one-line reason."""

    def recheck(self, request: RecheckRequest) -> Rechecked | None:
        """Looks stored posts up again (deleted? edited?); None when the kind cannot (RSS has
        no way to ask, an archive never changes)."""

    def replay(self, folder: Path, request: requests.PreparedRequest) -> Replayed | None:
        """The recorded answer to an API request of this kind, or None when not its URL."""

    def record_target(self, folder: Path, request: requests.PreparedRequest) -> Path | None:
        """Where ``--record`` saves the answer to an API request of this kind, or None."""


_SAFE_ACCOUNT = re.compile(r"^[a-z0-9_][a-z0-9_.@-]{0,99}$")


def store_key(account: str) -> str:
    """A file-system-safe, stable name for an account (``user@host``, ``a.bsky.social``, a URL).

    Names that are already safe are kept as they are, so a format-1 X store file
    keeps its name; anything else becomes a readable slug plus a short hash.
    """
    lowered = account.lower()
    if _SAFE_ACCOUNT.match(lowered) and ".." not in lowered:
        return lowered
    slug = re.sub(r"[^a-z0-9]+", "-", lowered.split("://", 1)[-1]).strip("-")[:60] or "account"
    digest = hashlib.sha256(account.encode("utf-8")).hexdigest()[:12]
    return f"{slug}-{digest}"
