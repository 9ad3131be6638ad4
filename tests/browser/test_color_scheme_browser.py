"""A feed's ``color_scheme`` in Chromium: each value in each built-in theme, with the
browser preferring light and then dark. "light" stays light and "dark" stays dark
whatever the visitor prefers; "auto" follows them. Every combination passes axe
(colour contrast included).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext

from tests.browser.built import (
    NOW,
    THEMES,
    VERDEN_SOURCES,
    FeedCase,
    PolicyServer,
    build_copy,
    write_host_pages,
)
from tests.browser.harness import ColorScheme, axe_violations, open_page
from tests.conftest import EXAMPLES
from widget.config import COLOR_SCHEMES
from widget.contrast import parse_colour
from widget.sources.registry import NETWORKS
from widget.themes import ThemeSet

pytestmark = pytest.mark.browser

SITE = "color-schemes"
CASES = tuple(
    (FeedCase(SITE, f"verden-{theme}-{scheme}", theme, "da"), scheme)
    for theme in THEMES
    for scheme in COLOR_SCHEMES
)
PREFERENCES: tuple[ColorScheme, ...] = ("light", "dark")


def scheme_config() -> str:
    sources = ", ".join(f'"{source}"' for source in VERDEN_SOURCES)
    lines = ['locale = "da"', 'output = "public/widget"', 'base_url = "/widget/"']
    lines += ['state = ".widget"']
    for network in NETWORKS:  # the verden sources span every network, all replayed
        lines += ["", f"[{network}]", 'replay = "recorded"']
    for case, scheme in CASES:
        lines += [
            "",
            f"[feeds.{case.feed}]",
            'title = "Danmark i verden"',
            f"sources = [{sources}]",
            "limit = 6",
            f'theme = "{case.theme}"',
            f'color_scheme = "{scheme}"',
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def scheme_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The verden feed once per theme and color_scheme, built and served; yields the origin."""
    root = tmp_path_factory.mktemp("schemes") / SITE
    shutil.copytree(EXAMPLES / "dk-i-verden", root)
    (root / "widget.toml").write_text(scheme_config(), encoding="utf-8")
    manifest = build_copy(root)
    for case, _ in CASES:
        write_host_pages(root / "public", case, manifest)
    server = PolicyServer(root / "public")
    yield server.url
    server.close()


@pytest.fixture
def clocked(context: BrowserContext) -> BrowserContext:
    context.clock.set_fixed_time(NOW)
    return context


def rgb(colour: str) -> str:
    red, green, blue = parse_colour(colour)
    return f"rgb({red}, {green}, {blue})"


@pytest.mark.parametrize("preference", PREFERENCES)
@pytest.mark.parametrize(
    ("case", "scheme"), CASES, ids=[f"{case.theme}-{scheme}" for case, scheme in CASES]
)
def test_each_color_scheme_shows_its_palette_and_passes_axe(
    scheme_site: str,
    clocked: BrowserContext,
    case: FeedCase,
    scheme: str,
    preference: ColorScheme,
) -> None:
    report = open_page(
        clocked, f"{scheme_site}/host-{case.feed}.html", color_scheme=preference, width=768
    )
    options = ThemeSet().options(case.theme, {})
    dark = scheme == "dark" or (scheme == "auto" and preference == "dark")
    expected = options["dark_color_background" if dark else "color_background"]
    shown = report.page.evaluate(
        "() => getComputedStyle(document.querySelector('section.wdg')).backgroundColor"
    )

    assert shown == rgb(expected)
    violations = axe_violations(report.page)
    assert violations == [], [(v["id"], v["targets"][:3]) for v in violations]
