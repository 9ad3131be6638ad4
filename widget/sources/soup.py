"""Post HTML from outside (Mastodon content, RSS descriptions) parsed without a word to stderr."""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning


def parse_post_html(markup: str) -> BeautifulSoup:
    """``markup`` parsed by ``html.parser``. A post whose whole text looks like an address
    or a file name ("https://") is still a post: BeautifulSoup's guess that we meant to
    fetch it would be a stray warning in the build's output, so it is not raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(markup, "html.parser")
