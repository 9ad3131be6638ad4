"""The real examples, built once into a temporary folder and included the way a web team would.

Each built site is served from its own loopback origin under a strict CSP, with
three kinds of page per feed: the fragment inlined (server-side include) with and
without the optional script, and a loader ``div`` that fetches the fragment.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext

from tests.browser.conftest import StaticServer
from tests.browser.harness import ColorScheme, PageReport, open_page
from tests.conftest import EXAMPLES
from widget.build import BuildOptions, build
from widget.config import load_config
from widget.progress import Progress

NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
PAGE_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
LOADER_CSP = PAGE_CSP + "; connect-src 'self'"
THEMES = ("default", "dkfds", "high-contrast")
LOCALES = ("da", "en")
MATRIX_SITE = "themes-and-locales"
VERDEN_SOURCES = [
    *(
        f"x:{name}_demo"
        for name in (
            "udenrigs",
            "nordland",
            "vesterhav",
            "bergland",
            "lumiere",
            "alwaha",
            "midori",
            "soelvkyst",
            "oestmark",
        )
    ),
    "mastodon:udenrigs@social.example",
    "mastodon:bergland@social.example",
    "bluesky:udenrigs.bsky.example",
    "bluesky:midori.bsky.example",
    "rss:https://nyheder.example/udenrigs/nyheder.rss",
]
NETWORKS = ("x", "mastodon", "bluesky", "rss")
"""Every network of dk-i-verden replays from its one recordings folder."""
TITLES = {"da": "Danmark i verden", "en": "Denmark in the world"}


@dataclass(frozen=True)
class FeedCase:
    """One feed as the matrix knows it before anything is built, so tests can be parametrized."""

    site: str
    feed: str
    theme: str
    locale: str

    @property
    def id(self) -> str:
        return self.feed if self.site == MATRIX_SITE else f"{self.feed}-{self.theme}-{self.locale}"


EXAMPLE_FEEDS = (
    FeedCase("borger-dk", "borger", "dkfds", "da"),
    FeedCase("dk-i-verden", "verden", "default", "da"),
    FeedCase("dk-i-verden", "kultur", "high-contrast", "en"),
)
# The verden feed once more in every theme and locale the examples do not already cover.
MATRIX_FEEDS = tuple(
    FeedCase(MATRIX_SITE, f"verden-{theme}-{locale}", theme, locale)
    for theme in THEMES
    for locale in LOCALES
    if (theme, locale) != ("default", "da")
)
FEEDS = EXAMPLE_FEEDS + MATRIX_FEEDS
SITES = ("borger-dk", "dk-i-verden")


def _policy_for(path: str) -> str:
    """The strict CSP; loader pages also need ``connect-src 'self'`` to fetch the fragment."""
    return LOADER_CSP if path.rsplit("/", 1)[-1].startswith("loader-") else PAGE_CSP


def PolicyServer(root: Path) -> StaticServer:
    """A loopback server in a thread for one built site; ``url`` is its origin."""
    return StaticServer(root, csp_for=_policy_for)


@dataclass(frozen=True)
class BuiltFeed:
    """A built feed and the URLs of the pages that include it."""

    case: FeedCase
    origin: str
    fragment: Path
    stylesheet: str

    @property
    def host(self) -> str:
        return f"{self.origin}/host-{self.case.feed}.html"

    @property
    def host_without_script(self) -> str:
        return f"{self.origin}/host-{self.case.feed}-noscript.html"

    @property
    def loader(self) -> str:
        return f"{self.origin}/loader-{self.case.feed}.html"

    @property
    def index(self) -> str:
        return f"{self.origin}/widget/index.html"


@dataclass
class BuiltWidgets:
    feeds: dict[str, BuiltFeed]
    servers: list[StaticServer]

    def __getitem__(self, case: FeedCase) -> BuiltFeed:
        return self.feeds[case.feed]

    def close(self) -> None:
        for server in self.servers:
            server.close()


def build_copy(folder: Path) -> dict[str, Any]:
    """Builds the site in ``folder`` at the fixed time; returns its manifest."""
    config = load_config(folder / "widget.toml")
    result = build(config, BuildOptions(now=NOW), Progress(quiet=True))
    assert result.exit_code == 0, f"{folder.name} built with exit code {result.exit_code}"
    manifest: dict[str, Any] = json.loads((config.output / "manifest.json").read_text("utf-8"))
    return manifest


def matrix_config(cases: Iterable[FeedCase]) -> str:
    """A widget.toml rendering the verden feed once per case (theme and locale)."""
    sources = ", ".join(f'"{source}"' for source in VERDEN_SOURCES)
    lines = [
        'locale = "da"',
        'output = "public/widget"',
        'base_url = "/widget/"',
        'state = ".widget"',
    ]
    for network in NETWORKS:
        lines += ["", f"[{network}]", 'replay = "recorded"']
    for case in cases:
        lines += [
            "",
            f"[feeds.{case.feed}]",
            f'title = "{TITLES[case.locale]}"',
            f"sources = [{sources}]",
            "limit = 30",
            "reposts = true",
            f'theme = "{case.theme}"',
            f'locale = "{case.locale}"',
            'sensitive = "warn"',  # as the example's verden: its warnings are tested
            'color_scheme = "auto"',  # so a browser preferring dark shows the dark palette
        ]
    return "\n".join(lines) + "\n"


def host_page(title: str, locale: str, head: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="{locale}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{head}</head>\n<body>\n<main>\n"
        f"<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )


def write_host_pages(public: Path, case: FeedCase, manifest: dict[str, Any]) -> Path:
    """Writes the include, include-without-script and loader pages; returns the fragment."""
    entry = manifest["feeds"][case.feed]
    sheet = entry["stylesheet"]
    link = (
        f'<link rel="stylesheet" href="{escape(sheet["href"])}" '
        f'integrity="{escape(sheet["integrity"])}">\n'
    )
    script = '<script src="/widget/widget.js" defer></script>\n'
    fragment = public / str(entry["html"]).lstrip("/")
    html = fragment.read_text(encoding="utf-8")
    title = entry["title"]
    pages = {
        f"host-{case.feed}.html": host_page(title, case.locale, link + script, html),
        f"host-{case.feed}-noscript.html": host_page(title, case.locale, link, html),
        f"loader-{case.feed}.html": host_page(
            title,
            case.locale,
            link + script,
            f'<div data-widget-src="{escape(entry["html"])}">'
            f'<p><a href="{escape(entry["html"])}">{escape(title)}</a></p></div>',
        ),
    }
    for name, text in pages.items():
        (public / name).write_text(text, encoding="utf-8")
    return fragment


def build_widgets(root: Path) -> BuiltWidgets:
    """Copies and builds both examples and the theme/locale matrix, then serves each."""
    for site in SITES:
        shutil.copytree(EXAMPLES / site, root / site)
    shutil.copytree(EXAMPLES / "dk-i-verden", root / MATRIX_SITE)
    (root / MATRIX_SITE / "widget.toml").write_text(matrix_config(MATRIX_FEEDS), "utf-8")
    built = BuiltWidgets(feeds={}, servers=[])
    for site in (*SITES, MATRIX_SITE):
        manifest = build_copy(root / site)
        public = root / site / "public"
        server = PolicyServer(public)
        built.servers.append(server)
        for case in (case for case in FEEDS if case.site == site):
            fragment = write_host_pages(public, case, manifest)
            sheet = manifest["feeds"][case.feed]["stylesheet"]["href"]
            built.feeds[case.feed] = BuiltFeed(case, server.url, fragment, sheet)
    return built


def visit(
    context: BrowserContext,
    url: str,
    *,
    color_scheme: ColorScheme = "light",
    width: int = 1280,
    javascript: bool = True,
) -> PageReport:
    """Opens ``url`` with the page clock at build time, so relative phrases are stable."""
    if javascript:
        context.clock.set_fixed_time(NOW)
    return open_page(context, url, color_scheme=color_scheme, width=width, javascript=javascript)


class SharedPages:
    """Pages loaded once per session, for the checks that only read them.

    One fresh context with the clock at build time; the colour scheme is switched
    on the loaded page before each use, so no check depends on another's choice.
    Checks that change a page (text spacing, focus, blocked images) open their own.
    """

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(storage_state={"cookies": [], "origins": []})
        self.context.clock.set_fixed_time(NOW)
        self._reports: dict[tuple[str, int, bool], PageReport] = {}

    def get(
        self,
        url: str,
        *,
        color_scheme: ColorScheme = "light",
        width: int = 1280,
        javascript: bool = True,
    ) -> PageReport:
        key = (url, width, javascript)
        if key not in self._reports:
            self._reports[key] = open_page(self.context, url, width=width, javascript=javascript)
        report = self._reports[key]
        report.page.emulate_media(color_scheme=color_scheme)
        return report

    def close(self) -> None:
        self.context.close()
