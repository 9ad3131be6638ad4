"""QUALITY.md accessibility lines, checked on the real built examples in every theme and locale."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.built import FEEDS, SITES, BuiltWidgets, FeedCase, SharedPages
from tests.browser.harness import (
    ColorScheme,
    apply_text_spacing,
    axe_violations,
    clipped_text,
    horizontal_overflow,
    small_targets,
    tab_through,
)

pytestmark = pytest.mark.browser

SCHEMES: tuple[ColorScheme, ...] = ("light", "dark")
WIDTHS = (1280, 320)
by_feed = pytest.mark.parametrize("case", FEEDS, ids=[case.id for case in FEEDS])
by_scheme = pytest.mark.parametrize("scheme", SCHEMES)
by_width = pytest.mark.parametrize("width", WIDTHS, ids=[f"{width}px" for width in WIDTHS])


def _readable(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {v['targets'][:5]}" for v in violations
    )


@by_feed
@by_scheme
@by_width
def test_axe_finds_no_wcag_violations_on_the_host_page(
    built_widgets: BuiltWidgets,
    shared_pages: SharedPages,
    case: FeedCase,
    scheme: ColorScheme,
    width: int,
) -> None:
    report = shared_pages.get(built_widgets[case].host, color_scheme=scheme, width=width)

    violations = axe_violations(report.page)

    assert violations == [], _readable(violations)


@pytest.mark.parametrize("site", SITES)
@by_scheme
@by_width
def test_axe_finds_no_wcag_violations_on_the_built_index(
    built_widgets: BuiltWidgets,
    shared_pages: SharedPages,
    site: str,
    scheme: ColorScheme,
    width: int,
) -> None:
    index = next(feed.index for feed in built_widgets.feeds.values() if feed.case.site == site)
    report = shared_pages.get(index, color_scheme=scheme, width=width)

    violations = axe_violations(report.page)

    assert violations == [], _readable(violations)


@by_feed
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_nothing_scrolls_sideways_at_320_px(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase, javascript: bool
) -> None:
    report = shared_pages.get(built_widgets[case].host, width=320, javascript=javascript)

    assert horizontal_overflow(report.page) == []


@by_feed
@by_width
def test_text_spacing_clips_nothing_and_adds_no_sideways_scroll(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase, width: int
) -> None:
    page = shared_pages.get(built_widgets[case].host, width=width).page

    apply_text_spacing(page)
    try:
        spaced = page.evaluate("() => getComputedStyle(document.body).wordSpacing")
        clipped, overflow = clipped_text(page), horizontal_overflow(page)
    finally:
        page.evaluate("() => { document.adoptedStyleSheets = []; }")

    assert spaced != "0px", "the text spacing was not applied"
    assert clipped == []
    assert overflow == []


@by_feed
@by_scheme
def test_keyboard_reaches_every_link_with_a_visible_focus(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase, scheme: ColorScheme
) -> None:
    page = shared_pages.get(built_widgets[case].host, color_scheme=scheme).page
    # A closed content warning's summary takes focus; the links behind it wait till it opens.
    links = page.evaluate(
        "() => Array.from(document.querySelectorAll('section.wdg a[href], section.wdg summary'))"
        ".filter((el) => el.matches('details:not([open]) > summary')"
        " || !el.closest('details:not([open])'))"
        ".map((el) => el.getAttribute('href'))"
    )

    try:
        stops = tab_through(page)
    finally:
        page.evaluate("() => document.activeElement && document.activeElement.blur()")

    assert len(links) > 0
    assert [stop["href"] for stop in stops] == links
    assert [stop for stop in stops if not stop["visible_focus"]] == []


@by_feed
@by_width
def test_no_target_that_is_not_inline_text_is_under_24_px(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase, width: int
) -> None:
    report = shared_pages.get(built_widgets[case].host, width=width)

    assert report.page.locator("section.wdg a[href]").count() > 0
    assert small_targets(report.page) == []
