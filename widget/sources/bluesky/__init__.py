"""Bluesky: public author feeds from the AppView, read anonymously over plain HTTP."""

from widget.sources.bluesky.kind import KIND

__all__ = ["KIND"]
