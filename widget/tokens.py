"""Tokens a configuration needs: a missing one is a mistake to fix, not an outage to ride out.

Checked before any request, so a build whose token is missing or misnamed fails
(exit 1, one line naming the variable) instead of publishing an empty widget
while the CI job stays green.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from widget.config import Config
from widget.errors import ConfigError
from widget.sources.registry import KINDS, NETWORKS


def missing_tokens(
    config: Config,
    *,
    replay: Path | None = None,
    offline: bool = False,
    environ: Mapping[str, str] | None = None,
) -> list[str]:
    """One line per token a network in use needs and the environment lacks.

    A network served from recordings (its ``replay`` setting, or ``--replay``)
    needs none, and neither does an offline build, which serves the store.
    Archives are read from disk and need none either.
    """
    if replay is not None or offline:
        return []
    return [
        f"{config.path}: {variable} is not set or empty, and feed(s) {feeds} read {name} live; "
        f"set it in the environment (or [{name}] replay to build from recordings); "
        "nothing was fetched or built"
        for name, variable, feeds in _lacking(config, environ)
    ]


def token_warnings(config: Config, environ: Mapping[str, str] | None = None) -> list[str]:
    """``widget check``'s lines for the same rule: the build this environment would run
    fails, so a team sees it before CI does (where the token may well be set)."""
    return [
        f"{config.path}: {variable} is not set or empty here, and feed(s) {feeds} read "
        f"{name} live; a build without it exits 1 (set it where the build runs, or "
        f"[{name}] replay to build from recordings)"
        for name, variable, feeds in _lacking(config, environ)
    ]


def _lacking(
    config: Config, environ: Mapping[str, str] | None
) -> list[tuple[str, str | None, str]]:
    """(network, token variable, the feeds reading it, quoted) of each token missing."""
    environ = os.environ if environ is None else environ
    feeds: dict[str, list[str]] = {}
    for feed in config.feeds.values():
        for source in feed.sources:
            kind = KINDS[source.kind]
            network = kind.network
            if kind.local or network.token_variable is None:
                continue
            if config.settings(network.name).replay is not None:
                continue
            if environ.get(network.token_variable, "").strip():
                continue
            feeds.setdefault(network.name, [])
            if feed.name not in feeds[network.name]:
                feeds[network.name].append(feed.name)
    return [
        (name, NETWORKS[name].token_variable, ", ".join(map(repr, feed_names)))
        for name, feed_names in feeds.items()
    ]


def require_tokens(config: Config, *, replay: Path | None = None, offline: bool = False) -> None:
    """Raises ConfigError (exit 1) naming each missing token variable."""
    lines = missing_tokens(config, replay=replay, offline=offline)
    if lines:
        raise ConfigError(lines)
