"""RSS, Atom and JSON Feed: a site's news as posts (``rss:https://…``)."""

from widget.sources.rss.kind import KIND, RSS_NETWORK

__all__ = ["KIND", "RSS_NETWORK"]
