"""Mastodon (and other fediverse servers speaking its API): ``mastodon:user@host``."""

from widget.sources.mastodon.account import token_variable
from widget.sources.mastodon.kind import KIND, NETWORK

__all__ = ["KIND", "NETWORK", "token_variable"]
