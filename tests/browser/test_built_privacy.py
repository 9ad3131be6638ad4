"""QUALITY.md privacy and CSP lines, checked on the real built examples in a browser."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.browser.built import FEEDS, BuiltFeed, BuiltWidgets, FeedCase, SharedPages
from tests.browser.harness import PageReport, offsite_requests

pytestmark = pytest.mark.browser

by_feed = pytest.mark.parametrize("case", FEEDS, ids=[case.id for case in FEEDS])
PAGE_KINDS = ("host", "host_without_script", "loader", "index")
by_kind = pytest.mark.parametrize("kind", PAGE_KINDS)


def _url(feed: BuiltFeed, kind: str) -> str:
    url: str = getattr(feed, kind)
    return url


def _articles(feed: BuiltFeed) -> int:
    html = feed.fragment.read_text(encoding="utf-8")
    return len(BeautifulSoup(html, "html.parser").select("section.wdg article"))


def _cookies(shared_pages: SharedPages, report: PageReport) -> list[object]:
    return [*report.cookies, *shared_pages.context.cookies()]


@by_feed
@by_kind
def test_page_asks_no_other_origin_and_stores_nothing(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase, kind: str
) -> None:
    feed = built_widgets[case]
    report = shared_pages.get(_url(feed, kind))

    assert f"{feed.origin}{feed.stylesheet}" in report.requests, "the page was not loaded"
    assert offsite_requests(report, feed.origin) == []
    assert _cookies(shared_pages, report) == []
    assert report.local_storage == {}
    assert report.session_storage == {}


@by_feed
@by_kind
def test_strict_csp_reports_no_violation(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase, kind: str
) -> None:
    report = shared_pages.get(_url(built_widgets[case], kind))
    loaded_script = any(url.endswith("/widget/widget.js") for url in report.requests)

    assert loaded_script == (kind != "host_without_script")
    assert report.all_csp_problems == []
    assert report.page_errors == []


@by_feed
def test_loader_fills_its_div_with_the_feed_section(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase
) -> None:
    feed = built_widgets[case]
    report = shared_pages.get(feed.loader)
    div = report.page.locator("div[data-widget-src]")

    assert div.get_attribute("data-widget-state") == "loaded"
    assert div.evaluate("(d) => Array.from(d.children, (c) => c.id)") == [f"wdg-{case.feed}"]
    assert div.locator("article").count() == _articles(feed)
    assert report.all_csp_problems == []
    assert offsite_requests(report, feed.origin) == []
