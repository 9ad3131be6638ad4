"""Built examples with and without JavaScript: readable text, dates, stillness and images."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import BrowserContext, Page, Route

from tests.browser.built import FEEDS, BuiltFeed, BuiltWidgets, FeedCase, SharedPages, visit

pytestmark = pytest.mark.browser

by_feed = pytest.mark.parametrize("case", FEEDS, ids=[case.id for case in FEEDS])
by_width = pytest.mark.parametrize("width", [1280, 320], ids=["1280px", "320px"])
# Intl.RelativeTimeFormat with numeric "always": "for 3 dage siden", "for 1 uge siden"; "3 days
# ago", "1 week ago".
RELATIVE = {
    "da": re.compile(r"^for \d+ \w+ siden$"),
    "en": re.compile(r"^\d+ \w+ ago$"),
}
ABSOLUTE = re.compile(r"\b20\d\d\b")

# Text and pictures behind a closed content warning wait for it (test_built_warnings.py).
_TEXTS = """() => Array.from(document.querySelectorAll("section.wdg .wdg__text"), (p) => ({
  text: p.textContent.replace(/\\s+/g, " ").trim(), visible: p.checkVisibility(),
  warned: !!p.closest("details:not([open])")}))"""
_TIMES = """() => Array.from(document.querySelectorAll("section.wdg time[data-widget-time]"),
  (t) => ({text: t.textContent, title: t.getAttribute("title")}))"""
_MOTION = """() => Array.from(document.querySelectorAll("*")).flatMap((el) => {
  const style = getComputedStyle(el);
  const moving = style.animationName !== "none"
    || style.transitionDuration.split(",").some((d) => parseFloat(d) > 0);
  return moving ? [`${el.tagName.toLowerCase()}.${el.className}`] : [];
})"""
_BOXES = """() => Array.from(document.querySelectorAll("section.wdg article"), (a) => {
  const box = a.getBoundingClientRect();
  return [Math.round(box.top + scrollY), Math.round(box.left), Math.round(box.width),
          Math.round(box.height)];
})"""
_IMAGES = """() => Array.from(document.querySelectorAll("section.wdg img"), (img) => ({
  src: img.getAttribute("src"), role: img.className, alt: img.getAttribute("alt"),
  loaded: img.complete && img.naturalWidth > 0, warned: !!img.closest("details:not([open])"),
  natural: [img.naturalWidth, img.naturalHeight],
  attrs: [Number(img.getAttribute("width")), Number(img.getAttribute("height"))]}))"""


def _fragment(feed: BuiltFeed) -> BeautifulSoup:
    return BeautifulSoup(feed.fragment.read_text(encoding="utf-8"), "html.parser")


def _fragment_texts(feed: BuiltFeed) -> list[str]:
    return [" ".join(p.get_text().split()) for p in _fragment(feed).select(".wdg__text")]


def _fragment_times(feed: BuiltFeed) -> list[str]:
    return [t.get_text() for t in _fragment(feed).select("time[data-widget-time]")]


@by_feed
def test_every_post_is_readable_with_javascript_off(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase
) -> None:
    feed = built_widgets[case]
    page = shared_pages.get(feed.host, javascript=False).page

    assert page.locator("section.wdg article").count() == len(
        _fragment(feed).select("section.wdg article")
    )
    texts = page.evaluate(_TEXTS)
    assert [text["text"] for text in texts] == _fragment_texts(feed)
    assert [t for t in texts if not (t["visible"] or t["warned"]) or not t["text"]] == []


@by_feed
def test_dates_stay_absolute_with_javascript_off(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase
) -> None:
    feed = built_widgets[case]
    page = shared_pages.get(feed.host, javascript=False).page

    times = page.evaluate(_TIMES)

    assert [time["text"] for time in times] == _fragment_times(feed)
    assert [time for time in times if not ABSOLUTE.search(time["text"])] == []


@by_feed
def test_script_adds_relative_phrases_in_the_page_language(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase
) -> None:
    feed = built_widgets[case]
    page = shared_pages.get(feed.host).page

    times = page.evaluate(_TIMES)

    assert [time["title"] for time in times] == _fragment_times(feed)
    assert [time for time in times if not RELATIVE[case.locale].match(time["text"])] == []


def test_no_built_page_changes_by_itself(
    built_widgets: BuiltWidgets, shared_pages: SharedPages
) -> None:
    pages = {case.id: shared_pages.get(built_widgets[case].host).page for case in FEEDS}
    before = {name: page.content() for name, page in pages.items()}
    for page in pages.values():
        page.evaluate(
            """() => {
              window.__widgetMutations = 0;
              new MutationObserver((records) => { window.__widgetMutations += records.length; })
                .observe(document, {subtree: true, childList: true, attributes: true,
                                    characterData: true});
            }"""
        )

    next(iter(pages.values())).wait_for_timeout(1500)

    changed = {
        name: page.evaluate("() => [window.__widgetMutations, document.getAnimations().length]")
        for name, page in pages.items()
    }
    assert {name: counts for name, counts in changed.items() if counts != [0, 0]} == {}
    assert [name for name, page in pages.items() if page.content() != before[name]] == []


@by_feed
def test_reduced_motion_renders_the_same_and_nothing_animates(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase
) -> None:
    page = shared_pages.get(built_widgets[case].host).page
    seen: dict[str, Any] = {}
    try:
        for motion in ("no-preference", "reduce"):
            page.emulate_media(reduced_motion=motion)
            seen[motion] = (page.evaluate(_BOXES), page.evaluate(_MOTION))
    finally:
        page.emulate_media(reduced_motion="no-preference")

    assert seen["reduce"][0] == seen["no-preference"][0]
    assert seen["reduce"][1] == []
    assert seen["no-preference"][1] == []


@by_feed
@by_width
def test_images_load_with_matching_sizes_and_alt_text(
    built_widgets: BuiltWidgets, shared_pages: SharedPages, case: FeedCase, width: int
) -> None:
    shown = shared_pages.get(built_widgets[case].host, width=width).page.evaluate(_IMAGES)
    images = [image for image in shown if not image["warned"]]

    assert images, "the feed shows no images"
    assert [image["src"] for image in images if not image["loaded"]] == []
    assert [
        f"{image['src']}: width/height {image['attrs']}, intrinsic {image['natural']}"
        for image in images
        if not _aspect_matches(image)
    ] == []
    # Avatars beside the author's name, and link cards' pictures beside the card's title,
    # are decorative; every other picture says what it shows.
    decorative = [i for i in images if {"wdg__avatar", "wdg__card-image"} & set(i["role"].split())]
    content = [image for image in images if image not in decorative]
    assert decorative
    assert [image["src"] for image in decorative if image["alt"] != ""] == []
    assert [image["src"] for image in content if not (image["alt"] or "").strip()] == []


def _aspect_matches(image: dict[str, Any]) -> bool:
    (width, height), (natural_width, natural_height) = image["attrs"], image["natural"]
    if not (width and height and natural_height):
        return False
    return bool(abs(width * natural_height / height - natural_width) <= 1)


@by_feed
def test_posts_do_not_move_when_images_arrive(
    built_widgets: BuiltWidgets,
    shared_pages: SharedPages,
    context: BrowserContext,
    case: FeedCase,
) -> None:
    url = built_widgets[case].host
    loaded = shared_pages.get(url, width=320).page
    context.route("**/media/*", _refuse)

    blocked = visit(context, url, width=320).page

    assert _broken_images(blocked) > 0, "no image was held back"
    assert blocked.evaluate(_BOXES) == loaded.evaluate(_BOXES)


def _refuse(route: Route) -> None:
    route.abort()


def _broken_images(page: Page) -> int:
    count: int = page.evaluate(
        "() => Array.from(document.images).filter((img) => img.naturalWidth === 0).length"
    )
    return count
