"""The preview's comparison page: every feed in every theme, light and dark, each locale.

Each variant is a feed of a configuration made for the purpose, built offline (the
posts and pictures the preview's own build just stored) into the preview's
temporary folder, never into the site's output. A small page per variant holds its
fragment and stylesheet; the comparison page lists them all and shows the chosen one
in a frame at 320, 768 or 1,200 px, switching without leaving the page.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from widget.build import BuildOptions, build
from widget.config import Config, FeedConfig
from widget.errors import ThemeError
from widget.progress import Progress
from widget.themes import ROOT, ThemeSet

COMPARE_PATH = "/__widget/compare/"
OUTPUT = "out"
PAGES = "pages"
SCHEMES = ("light", "dark")
WIDTHS = (320, 768, 1200)
STATIC = Path(__file__).parent / "static"
ASSETS = ("compare.js", "compare.css")


@dataclass(frozen=True)
class Variant:
    """One feed as one theme, scheme and locale show it; ``key`` names its files."""

    key: str
    feed: str
    theme: str
    scheme: str
    locale: str

    @property
    def label(self) -> str:
        return f"{self.feed} · {self.theme} · {self.scheme} · {self.locale}"


@dataclass(frozen=True)
class Plan:
    variants: tuple[Variant, ...]
    feeds: dict[str, FeedConfig]
    """Each variant's feed configuration, by ``Variant.key``."""
    skipped: tuple[str, ...]
    """Combinations not shown, one line each saying why."""


def locales(config: Config) -> list[str]:
    """Every locale the configuration uses, the top-level one first."""
    return list(dict.fromkeys([config.locale, *(feed.locale for feed in config.feeds.values())]))


def plan(config: Config, themes: ThemeSet) -> Plan:
    """Every combination worth showing; a theme that cannot render one is named, not fatal."""
    variants: list[Variant] = []
    feeds: dict[str, FeedConfig] = {}
    skipped: list[str] = []
    names = [name for name in themes.names() if name != ROOT]
    for feed in config.feeds.values():
        for theme in names:
            # The feed's own options may name options another theme lacks.
            overrides = feed.theme_options if theme == feed.theme else {}
            try:
                options = themes.options(theme, overrides)
                problems = themes.check(theme, options)
                themes.stylesheet(theme, overrides)
            except ThemeError as exc:
                problems = exc.lines()
            if problems:
                skipped.append(f"{feed.name} in {theme}: {problems[0]}")
                continue
            for scheme in SCHEMES:
                if scheme == "dark" and options.get("dark") is not True:
                    skipped.append(f"{feed.name} in {theme}, dark: the theme has no dark palette")
                    continue
                for locale in locales(config):
                    key = f"v{len(variants) + 1}"
                    variants.append(Variant(key, feed.name, theme, scheme, locale))
                    feeds[key] = replace(
                        feed,
                        name=key,
                        theme=theme,
                        theme_options=dict(overrides),
                        color_scheme=scheme,
                        locale=locale,
                    )
    return Plan(tuple(variants), feeds, tuple(skipped))


def variant_config(config: Config, feeds: dict[str, FeedConfig], folder: Path) -> Config:
    """The site's configuration with the variants as its feeds, built into ``folder``."""
    return replace(
        config,
        output=folder / OUTPUT,
        base_url=COMPARE_PATH + OUTPUT + "/",
        site_url=None,
        feeds=feeds,
    )


class Comparison:
    """The comparison pages in ``folder``, rebuilt when the preview's build is newer."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.built_for: object = None

    def refresh(
        self, config: Config, generation: object, describe: Callable[[Exception], list[str]]
    ) -> None:
        """Builds every variant and writes the pages, once per successful preview build.

        A failure (a user theme no feed uses may fail its checks) is shown on the page
        in ``describe``'s words; the preview's own build has already passed.
        """
        if generation == self.built_for:
            return
        planned = Plan((), {}, ())
        problems: list[str] = []
        stylesheets: dict[str, str] = {}
        try:
            planned = plan(config, ThemeSet(extra_dirs=[config.themes] if config.themes else []))
            if planned.variants:
                variants = variant_config(config, planned.feeds, self.folder)
                build(variants, BuildOptions(offline=True), Progress(quiet=True))
                manifest = json.loads((variants.output / "manifest.json").read_text("utf-8"))
                stylesheets = {
                    key: entry["stylesheet"]["href"] for key, entry in manifest["feeds"].items()
                }
        except Exception as error:
            problems = describe(error)
        self._write_pages(planned, stylesheets, problems)
        self.built_for = generation

    def _write_pages(
        self, planned: Plan, stylesheets: dict[str, str], problems: Sequence[str]
    ) -> None:
        pages = self.folder / PAGES
        pages.mkdir(parents=True, exist_ok=True)
        shown = [variant for variant in planned.variants if variant.key in stylesheets]
        for variant in shown:
            fragment = (self.folder / OUTPUT / f"{variant.key}.html").read_text("utf-8")
            page = variant_page(variant, fragment, stylesheets[variant.key])
            (pages / f"{variant.key}.html").write_text(page, encoding="utf-8")
        for name in ASSETS:
            shutil.copyfile(STATIC / name, self.folder / name)
        page = compare_page(shown, planned.skipped, problems)
        (self.folder / "index.html").write_text(page, encoding="utf-8")


def variant_page(variant: Variant, fragment: str, stylesheet: str) -> str:
    """One variant as a host page would hold it: the stylesheet, the fragment, the script."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(variant.locale)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(variant.label)}</title>\n"
        f'<link rel="stylesheet" href="{escape(stylesheet)}">\n'
        f'<link rel="stylesheet" href="../compare.css">\n'
        f'<script src="{COMPARE_PATH}{OUTPUT}/widget.js" defer></script>\n'
        f'</head>\n<body class="compare-host" data-scheme="{escape(variant.scheme)}">\n'
        f"{fragment}\n</body>\n</html>\n"
    )


def compare_page(
    variants: Sequence[Variant], skipped: Sequence[str], problems: Sequence[str]
) -> str:
    """The list of every variant, the width switch, and the frame that shows the chosen one."""
    first = f"{PAGES}/{variants[0].key}.html" if variants else "about:blank"
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        "<title>widget preview: compare</title>\n",
        '<link rel="stylesheet" href="compare.css">\n',
        '<script src="compare.js" defer></script>\n</head>\n<body class="compare">\n',
        '<header class="compare__head">\n<h1>Compare themes, schemes and languages</h1>\n',
        f'<p>{len(variants)} variants. <a href="/">Back to the preview</a></p>\n',
    ]
    if problems:
        parts.append('<div class="compare__problem" role="alert"><p>')
        parts.append("The comparison could not be built; the preview itself is fine:</p><ul>")
        parts.extend(f"<li>{escape(line)}</li>" for line in problems)
        parts.append("</ul></div>\n")
    parts.append('<div class="compare__widths" role="group" aria-label="Width">\n')
    for width in WIDTHS:
        pressed = "true" if width == WIDTHS[-1] else "false"
        parts.append(
            f'<button type="button" data-width="{width}" aria-pressed="{pressed}">'
            f"{width:,} px</button>\n"
        )
    parts.append("</div>\n</header>\n")
    parts.append('<nav class="compare__list" aria-label="Variants">\n<ul>\n')
    for index, variant in enumerate(variants):
        current = ' aria-current="true"' if index == 0 else ""
        parts.append(
            f'<li><a href="{PAGES}/{variant.key}.html" target="compare-frame" '
            f'data-variant="{variant.key}" data-feed="{escape(variant.feed)}" '
            f'data-theme="{escape(variant.theme)}" data-scheme="{variant.scheme}" '
            f'data-locale="{escape(variant.locale)}"{current}>{escape(variant.label)}</a></li>\n'
        )
    parts.append("</ul>\n")
    if skipped:
        parts.append("<p>Not shown:</p>\n<ul>\n")
        parts.extend(f"<li>{escape(line)}</li>\n" for line in skipped)
        parts.append("</ul>\n")
    parts.append("</nav>\n")
    parts.append(
        '<main class="compare__stage">\n'
        f'<iframe name="compare-frame" id="compare-frame" title="The chosen variant" '
        f'src="{first}" width="{WIDTHS[-1]}" height="900"></iframe>\n</main>\n'
    )
    parts.append("</body>\n</html>\n")
    return "".join(parts)
