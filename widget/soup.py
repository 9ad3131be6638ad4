"""HTML read with BeautifulSoup, as text from elsewhere always is: never as a locator.

A post or feed item whose whole text is an address ("https://…") is ordinary,
but BeautifulSoup warns that such markup "looks like a URL"; the warning would
reach the build's log (or fail a test run, where warnings are errors) for
nothing, so it is silenced here, for this one warning only.
"""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning


def parse_html(markup: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(markup, "html.parser")
