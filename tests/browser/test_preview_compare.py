"""The preview's comparison page in Chromium: every variant listed, switching without leaving
the page, and the live reload and error banner working there as on the preview's own page."""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.browser.harness import axe_violations
from tests.browser.test_preview_reload import wait_for
from tests.test_preview import copy_borger
from widget.preview import Preview, serving
from widget.preview_compare import WIDTHS, plan
from widget.preview_server import COMPARE_PATH
from widget.themes import ThemeSet

pytestmark = pytest.mark.browser


def two_locales(folder: Path) -> Path:
    """The borger example with a second, English feed: two feeds and two locales to compare."""
    config = folder / "widget.toml"
    text = config.read_text(encoding="utf-8")
    text += '\n[feeds.news]\ntitle = "News from us"\nsources = ["x:borger_demo"]\nlocale = "en"\n'
    config.write_text(text, encoding="utf-8")
    return config


def shown(page: Page) -> dict[str, str]:
    """What the frame shows: its section's theme class, scheme, language and width."""
    frame = page.frame(name="compare-frame")
    assert frame is not None
    frame.wait_for_selector("section.wdg")
    found: dict[str, str] = frame.evaluate(
        """() => {
          const section = document.querySelector("section.wdg");
          return {
            theme: [...section.classList].find((name) => name.startsWith("wdg--")),
            scheme: section.dataset.colorScheme,
            lang: section.lang,
            title: section.querySelector(".wdg__title").textContent,
            background: getComputedStyle(section).backgroundColor,
            width: String(document.documentElement.clientWidth),
          };
        }"""
    )
    return found


def frame_is(page: Page, key: str, value: str) -> bool:
    return shown(page)[key] == value


def still_the_same_document(page: Page) -> bool:
    """Whether the page kept the mark set by ``mark_document``: no load happened since."""
    return bool(page.evaluate("() => window.compareMark === true"))


def mark_document(page: Page) -> None:
    page.evaluate("() => { window.compareMark = true; }")


def test_the_comparison_page_lists_every_variant_switches_in_place_and_reloads(
    context: BrowserContext, tmp_path: Path
) -> None:
    config_path = two_locales(copy_borger(tmp_path))
    preview = Preview(config_path, log=io.StringIO())
    assert preview.rebuild()
    expected = plan(preview.config, ThemeSet()).variants
    with serving(preview, "127.0.0.1", 0) as server:
        page = context.new_page()
        page.goto(server.url.rstrip("/") + COMPARE_PATH)
        wait_for(lambda: preview.events.listeners == 1)

        labels = page.locator("a[data-variant]").all_inner_texts()
        assert labels == [variant.label for variant in expected]
        assert len(labels) == 2 * 3 * 2 * 2  # feeds, themes, light and dark, locales
        assert axe_violations(page) == []
        first = shown(page)
        assert (first["theme"], first["scheme"], first["lang"]) == ("wdg--default", "light", "da")

        mark_document(page)
        target = next(
            v
            for v in expected
            if (v.feed, v.theme, v.scheme, v.locale) == ("news", "dkfds", "dark", "en")
        )
        page.locator(f'a[data-variant="{target.key}"]').click()
        wait_for(lambda: shown(page)["theme"] == "wdg--dkfds")
        after = shown(page)
        assert (after["scheme"], after["lang"], after["title"]) == ("dark", "en", "News from us")
        assert after["background"] == "rgb(26, 26, 26)"  # dkfds's dark palette
        for width in WIDTHS:
            page.get_by_role("button", name=f"{width:,} px").click()
            wait_for(partial(frame_is, page, "width", str(width)))
        assert still_the_same_document(page)
        assert page.url.endswith(f"#{target.key}@1200")
        assert (
            page.locator(f'a[data-variant="{target.key}"]').get_attribute("aria-current") == "true"
        )

        preview.events.error(["widget.toml: feeds.borger.limit: 'ti' must be a number"])
        alert = page.get_by_role("alert")
        alert.wait_for()
        assert "feeds.borger.limit: 'ti' must be a number" in alert.inner_text()

        text = config_path.read_text(encoding="utf-8")
        with page.expect_navigation(timeout=30_000):
            config_path.write_text(text.replace("News from us", "Latest news"), "utf-8")
        assert page.get_by_role("alert").count() == 0
        wait_for(lambda: shown(page)["title"] == "Latest news", seconds=30)
        kept = shown(page)
        assert (kept["theme"], kept["scheme"], kept["width"]) == ("wdg--dkfds", "dark", "1200")
        page.close()
