"""Every source kind the widget reads, in one place.

Adding a network means adding its package beside ``x/`` and one line here;
config, fetch, store, curation and rendering learn of it only through this list.
"""

from __future__ import annotations

from widget.errors import did_you_mean
from widget.sources.base import Network, SourceKind
from widget.sources.mastodon import KIND as MASTODON_KIND
from widget.sources.x.kinds import X_ARCHIVE_KIND, X_KIND

KINDS: dict[str, SourceKind] = {
    kind.name: kind
    for kind in (
        X_KIND,
        X_ARCHIVE_KIND,
        MASTODON_KIND,
    )
}
"""By the name a ``sources`` entry starts with."""

NETWORKS: dict[str, Network] = {kind.network.name: kind.network for kind in KINDS.values()}
"""By name: each has a settings table of the same name."""


def source_kind(name: str) -> SourceKind:
    return KINDS[name]


def network(name: str) -> Network | None:
    return NETWORKS.get(name)


def unknown_kind(name: str) -> str:
    return f"unknown source kind {name!r}{did_you_mean(name, KINDS)}"
