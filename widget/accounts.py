"""Where each source's posts are stored: ``(network, account)``, the key of a store file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from widget.errors import SourceError, StoreError
from widget.sources.base import SourceSpec
from widget.sources.registry import KINDS
from widget.store import Store

Where = tuple[str, str]
"""A store account: ``(network, account)``."""


def stored_accounts(
    store: Store, sources: Iterable[SourceSpec]
) -> Iterator[tuple[Where, SourceSpec]]:
    """Each source with its store account; a source that names none is passed over, since
    the fetch stage has already reported it."""
    for source in sources:
        kind = KINDS[source.kind]
        try:
            account = kind.account(source)
            store.path(kind.network.name, account)
        except (SourceError, StoreError):
            continue
        yield (kind.network.name, account), source
