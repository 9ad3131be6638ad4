"""A post shown behind a content warning, in a real browser: closed and open.

A copy of the invented borger-dk example, with two of its recorded posts flagged
``possibly_sensitive`` (one with pictures, one with text only) and the feed set to
``sensitive = "warn"``. The example itself is left as it is.

The host page carries no script at all: the warning is native ``<details>``, and the
pictures inside wait through ``loading="lazy"``, which browsers honour while scripting
is on (the HTML standard loads every image eagerly when it is off, against tracking;
they still stay hidden until the warning is opened).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.built import NOW, FeedCase, PolicyServer, build_copy, write_host_pages
from tests.browser.harness import PageReport, axe_violations, open_page, tab_through
from tests.conftest import EXAMPLES
from tests.helpers import set_key

pytestmark = pytest.mark.browser

WITH_PICTURES = "2123023412229046299"
TEXT_ONLY = "2124543427998646303"
CASE = FeedCase("borger-dk", "borger", "dkfds", "da")


@dataclass(frozen=True)
class WarnedSite:
    host: str
    origin: str


def flag(recorded: Path, post_ids: set[str]) -> None:
    for page in recorded.glob("tweets-*.json"):
        body = json.loads(page.read_text(encoding="utf-8"))
        for tweet in body["data"]:
            if tweet["id"] in post_ids:
                tweet["possibly_sensitive"] = True
        page.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def warned_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WarnedSite]:
    folder = tmp_path_factory.mktemp("sensitive") / "borger-dk"
    shutil.copytree(EXAMPLES / "borger-dk", folder)
    flag(folder / "recorded" / "borger_demo", {WITH_PICTURES, TEXT_ONLY})
    set_key(folder / "widget.toml", "feeds.borger", 'sensitive = "warn"')
    manifest = build_copy(folder)
    write_host_pages(folder / "public", CASE, manifest)
    server = PolicyServer(folder / "public")
    try:
        yield WarnedSite(f"{server.url}/host-borger-noscript.html", server.url)
    finally:
        server.close()


@pytest.fixture
def warned_page(browser: Browser, warned_site: WarnedSite) -> Iterator[PageReport]:
    context = browser.new_context(storage_state={"cookies": [], "origins": []})
    context.clock.set_fixed_time(NOW)
    try:
        report = open_page(context, warned_site.host)
        assert report.page.locator("script").count() == 0
        yield report
    finally:
        context.close()


def warned_images(page: Page) -> list[str]:
    sources: list[str] = page.evaluate(
        "() => Array.from(document.querySelectorAll('details.wdg__warning img'),"
        " (img) => new URL(img.getAttribute('src'), location.href).href)"
    )
    return sources


def summaries(page: Page) -> list[str]:
    texts: list[str] = page.locator("details.wdg__warning > summary").all_inner_texts()
    return texts


def test_both_warned_posts_are_closed_and_their_pictures_are_not_loaded(
    warned_page: PageReport,
) -> None:
    page = warned_page.page
    assert summaries(page) == ["Følsomt indhold", "Følsomt indhold"]
    assert page.locator("details.wdg__warning[open]").count() == 0
    hidden = warned_images(page)
    assert hidden, "the flagged post's pictures sit inside its warning"
    assert set(hidden).isdisjoint(warned_page.requests)
    text_only = page.locator(f"#wdg-borger-p-{TEXT_ONLY}").locator("xpath=ancestor::article")
    assert text_only.locator("details.wdg__warning p.wdg__text").count() == 1
    assert not text_only.locator("p.wdg__text").first.is_visible()


def test_closed_warnings_pass_axe_csp_and_the_keyboard(warned_page: PageReport) -> None:
    page = warned_page.page
    assert axe_violations(page) == []
    assert warned_page.all_csp_problems == []
    stops = tab_through(page)
    summary_stops = [stop for stop in stops if stop["element"].startswith("summary")]
    assert len(summary_stops) == 2
    assert [stop for stop in stops if not stop["visible_focus"]] == []


def test_the_keyboard_opens_a_warning_and_only_then_its_pictures_load(
    warned_page: PageReport,
) -> None:
    page = warned_page.page
    hidden = warned_images(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    opened = 0
    for _ in range(200):
        page.keyboard.press("Tab")
        closed = "() => document.activeElement.matches('details:not([open]) > summary')"
        if page.evaluate(closed):
            page.keyboard.press("Enter")
            opened += 1
        if opened == 2:
            break
    page.wait_for_load_state("networkidle")
    for source in hidden:
        page.wait_for_function(
            "(src) => Array.from(document.images).some((img) => img.src === src"
            " && img.complete && img.naturalWidth > 0)",
            arg=source,
        )
    assert page.locator("details.wdg__warning[open]").count() == 2
    assert set(hidden) <= set(warned_page.requests)
    assert page.locator("details.wdg__warning p.wdg__text").first.is_visible()
    assert axe_violations(page) == []
    assert warned_page.all_csp_problems + page.evaluate("() => window.__widgetCsp") == []
    links_inside = page.evaluate(
        "() => Array.from(document.querySelectorAll('details.wdg__warning a[href]'),"
        " (a) => a.getAttribute('href'))"
    )
    page.mouse.click(1, 1)  # Tab starts again from the top, not from the last summary
    stops = tab_through(page)
    assert set(links_inside) <= {stop["href"] for stop in stops}
    assert [stop for stop in stops if not stop["visible_focus"]] == []
