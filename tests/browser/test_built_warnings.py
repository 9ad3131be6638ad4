"""Content warnings in the built dk-i-verden feeds: closed at first, opened by keyboard.

A Mastodon post behind a content warning, and one whose picture only is marked
sensitive, render as a native ``<details>`` (the warning as its ``<summary>``).
Closed, the pictures inside are not loaded; opened with Tab and Enter, they
load from the site itself, and the page still passes axe, reflows at 320 px and
asks no other origin. Every feed of the built examples that has a warning is
checked, so each theme and locale of the matrix is too.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.browser.built import FEEDS, VERDEN_SOURCES, BuiltFeed, BuiltWidgets, FeedCase, visit
from tests.browser.harness import ColorScheme, axe_violations, horizontal_overflow, offsite_requests
from tests.conftest import EXAMPLES
from widget.config import load_config

pytestmark = pytest.mark.browser

WARNED = tuple(
    case for case in FEEDS if case.site != "borger-dk" and case.feed.startswith("verden")
)
by_warned = pytest.mark.parametrize("case", WARNED, ids=[case.id for case in WARNED])
by_width = pytest.mark.parametrize("width", [1280, 320], ids=["1280px", "320px"])
by_scheme = pytest.mark.parametrize("scheme", ["light", "dark"])

_WARNINGS = """() => Array.from(document.querySelectorAll("details.wdg__warning"), (d) => ({
  open: d.open,
  summary: d.querySelector("summary").textContent.trim(),
  summary_visible: d.querySelector("summary").checkVisibility(),
  links: Array.from(d.querySelectorAll("a[href]"), (a) => a.getAttribute("href")),
  images: Array.from(d.querySelectorAll("img.wdg__image"), (img) => ({
    src: img.src, loaded: img.complete && img.naturalWidth > 0,
    visible: img.checkVisibility()})),
}))"""
_FOCUS_IS_SUMMARY = """(i) => document.activeElement
  === document.querySelectorAll("details.wdg__warning > summary")[i]"""


def warnings(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(_WARNINGS)
    return found


def tab_to_summary(page: Page, index: int, limit: int = 400) -> int:
    """Presses Tab from the top until the ``index``-th warning's summary has focus."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUS_IS_SUMMARY, index):
            return presses
    raise AssertionError(f"Tab never reached the summary of warning {index}")


def open_all_by_keyboard(page: Page) -> None:
    for index in range(len(warnings(page))):
        tab_to_summary(page, index)
        page.keyboard.press("Enter")
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll("details.wdg__warning img.wdg__image"))
            .every((img) => img.complete && img.naturalWidth > 0)""",
        timeout=10_000,
    )


def test_the_matrix_shows_every_source_of_the_example() -> None:
    config = load_config(EXAMPLES / "dk-i-verden" / "widget.toml")
    assert sorted(s.label for s in config.feeds["verden"].sources) == sorted(VERDEN_SOURCES)


@by_warned
@by_width
def test_warnings_start_closed_and_their_pictures_are_not_loaded(
    built_widgets: BuiltWidgets, context: BrowserContext, case: FeedCase, width: int
) -> None:
    feed = built_widgets[case]
    report = visit(context, feed.host, width=width)

    found = warnings(report.page)

    assert len(found) == 2
    assert all(not w["open"] and w["summary_visible"] and w["summary"] for w in found)
    pictures = [image for w in found for image in w["images"]]
    assert len(pictures) == 2
    assert [p for p in pictures if p["loaded"] or p["visible"]] == []
    assert [p["src"] for p in pictures if p["src"] in report.requests] == []
    assert axe_violations(report.page) == []
    assert horizontal_overflow(report.page) == []


@by_warned
@by_width
@by_scheme
def test_warnings_opened_by_keyboard_show_their_post_and_stay_on_this_site(
    built_widgets: BuiltWidgets,
    context: BrowserContext,
    case: FeedCase,
    width: int,
    scheme: ColorScheme,
) -> None:
    feed: BuiltFeed = built_widgets[case]
    report = visit(context, feed.host, width=width, color_scheme=scheme)
    before = len(report.requests)

    open_all_by_keyboard(report.page)
    report.page.wait_for_load_state("networkidle")

    found = warnings(report.page)
    assert all(w["open"] for w in found)
    pictures = [image for w in found for image in w["images"]]
    assert pictures and all(p["loaded"] and p["visible"] for p in pictures)
    loaded_now = report.requests[before:]
    assert sorted(p["src"] for p in pictures) == sorted(
        url for url in loaded_now if "/media/" in url
    ), "the pictures behind the warnings load when they are opened, and only then"
    assert offsite_requests(report, feed.origin) == []
    assert report.all_csp_problems == []
    assert axe_violations(report.page) == []
    assert horizontal_overflow(report.page) == []


@by_warned
def test_after_opening_a_warning_tab_reaches_the_links_inside_it(
    built_widgets: BuiltWidgets, context: BrowserContext, case: FeedCase
) -> None:
    page = visit(context, built_widgets[case].host).page
    (first, _) = warnings(page)
    assert first["links"], "the warned post links somewhere"

    tab_to_summary(page, 0)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    focused = page.evaluate(
        "() => [document.activeElement.getAttribute('href'),"
        " !!document.activeElement.closest('details.wdg__warning[open]')]"
    )
    assert focused == [first["links"][0], True]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # Enter on the summary again closes it
    assert warnings(page)[0]["open"] is False
