"""Each recipe's built page in Chromium: the widget is there, styled, and its text verbatim.

"Styled" means the stylesheet the page links was applied: a wrong ``integrity``
makes Chromium refuse it, and the list would keep its numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import BrowserContext, Page

from tests.browser.conftest import StaticServer
from tests.browser.harness import horizontal_overflow, open_page
from tests.recipe_support import (
    FEED,
    GENERATORS,
    TEMPLATE_TEXT,
    build_recipe,
    build_widget,
    copy_recipe,
)
from widget.cli import main

pytestmark = pytest.mark.browser

Serve = Callable[[Path], StaticServer]

_STYLE = """() => {
  const section = document.querySelector("section.wdg");
  const list = section && section.querySelector("ol");
  const sheets = [...document.querySelectorAll('link[rel="stylesheet"]')].map((link) => ({
    href: link.getAttribute("href"),
    integrity: link.getAttribute("integrity"),
    applied: Boolean(link.sheet),
  }));
  return {
    present: Boolean(section) && section.getBoundingClientRect().height > 0,
    listStyle: list ? getComputedStyle(list).listStyleType : null,
    text: section ? section.innerText : "",
    sheets,
  };
}"""


def styled_widget_problems(page: Page) -> list[str]:
    found = page.evaluate(_STYLE)
    problems = []
    if not found["present"]:
        problems.append("no visible section.wdg")
    if not found["sheets"] or not all(sheet["applied"] for sheet in found["sheets"]):
        problems.append(f"stylesheet not applied: {found['sheets']}")
    if found["listStyle"] != "none":
        problems.append(f"the widget is unstyled (list-style {found['listStyle']})")
    if TEMPLATE_TEXT not in " ".join(found["text"].split()):
        problems.append("the post with template syntax is missing or changed")
    return problems


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_the_generator_recipe_page_shows_the_styled_widget(
    name: str, tmp_path: Path, context: BrowserContext, static_server: Serve
) -> None:
    built = build_recipe(GENERATORS[name], tmp_path)
    server = static_server(built.site)
    report = open_page(context, f"{server.url}/")
    assert styled_widget_problems(report.page) == []
    sheets = report.page.evaluate(_STYLE)["sheets"]
    assert sheets and all(sheet["integrity"].startswith("sha384-") for sheet in sheets)
    assert report.all_csp_problems == []
    assert report.page_errors == []


def test_the_plain_html_page_after_inject_shows_the_styled_widget(
    tmp_path: Path, context: BrowserContext, static_server: Serve
) -> None:
    recipe = copy_recipe("plain-html", tmp_path)
    build_widget(recipe)
    result = CliRunner().invoke(
        main, ["inject", "-c", str(recipe / "widget.toml"), str(recipe / "site")]
    )
    assert result.exit_code == 0, result.output
    report = open_page(context, f"{static_server(recipe / 'site').url}/")
    assert styled_widget_problems(report.page) == []


def test_the_loader_page_is_styled_and_does_not_scroll_sideways_at_320px(
    tmp_path: Path, context: BrowserContext, static_server: Serve
) -> None:
    recipe = copy_recipe("loader", tmp_path)
    build_widget(recipe)
    manifest = json.loads((recipe / "site" / "widget" / "manifest.json").read_text("utf-8"))
    assert manifest["feeds"][FEED]["stylesheet_stable"] == "/widget/default.css"
    report = open_page(context, f"{static_server(recipe / 'site').url}/", width=320)
    report.page.wait_for_selector(f'section.wdg[data-widget-feed="{FEED}"]')
    assert styled_widget_problems(report.page) == []
    assert horizontal_overflow(report.page) == []
