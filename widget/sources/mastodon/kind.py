"""The ``mastodon:user@host`` source kind: what the registry and the fetch stage see."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import requests

from widget.errors import SourceError
from widget.sources.base import (
    Fetched,
    FetchRequest,
    Network,
    Rechecked,
    RecheckRequest,
    Replayed,
    SourceSpec,
    store_key,
)
from widget.sources.mastodon import account, replay

NETWORK = Network(name="mastodon")
"""Profiles and hashtags live on each server: posts carry their own URLs for both."""


class MastodonKind:
    """Public statuses of one account on its own server; no token needed."""

    name = "mastodon"
    network = NETWORK
    syntax = account.SYNTAX
    local = False

    def problem(self, value: str) -> str | None:
        return account.problem(value)

    def spec(self, value: str, resolve: Callable[[str], Path]) -> SourceSpec:
        reason = account.problem(value)
        if reason is not None:
            raise SourceError(f"{self.name}:{value}: {reason}")
        return SourceSpec(self.name, str(account.parse(value)))

    def account(self, spec: SourceSpec) -> str:
        return store_key(str(account.parse(spec.value)))

    def fetch(self, request: FetchRequest) -> Fetched:
        # Imported when an account is fetched: reading Mastodon's HTML needs
        # BeautifulSoup, which an --offline build or `widget check` never uses.
        from widget.sources.mastodon import fetch

        return fetch.fetch(request)

    def recheck(self, request: RecheckRequest) -> Rechecked | None:
        from widget.sources.mastodon import recheck  # BeautifulSoup, as for a fetch

        return recheck.recheck(request)

    def replay(self, folder: Path, request: requests.PreparedRequest) -> Replayed | None:
        return replay.replay(folder, request)

    def record_target(self, folder: Path, request: requests.PreparedRequest) -> Path | None:
        return replay.record_target(folder, request)


KIND = MastodonKind()
