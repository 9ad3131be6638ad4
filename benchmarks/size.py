"""Page-weight budget: a 10-post widget without images, HTML + CSS gzipped, per theme.

Budget (QUALITY.md): HTML + CSS at most 8 KB gzipped; the optional script at most
3 KB gzipped. Run with ``make bench``; the figures go in the README.
"""

from __future__ import annotations

import gzip
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from widget.config import FeedConfig, SourceSpec
from widget.curate import curate
from widget.model import Author, Hashtag, Link, Mention, Post, Text
from widget.render.environment import theme_environment
from widget.render.html import RenderOptions, render_feed
from widget.themes import ThemeSet

BUDGET_HTML_CSS = 8 * 1024
BUDGET_SCRIPT = 3 * 1024
SCRIPT = Path(__file__).resolve().parents[1] / "widget" / "static" / "widget.js"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def sample_posts(count: int = 10) -> list[Post]:
    """Posts of a typical length for a public authority: ~200 characters, a link, a tag."""
    author = Author(id="1", name="Borgerportalen (eksempel)", handle="borgerportal_demo")
    posts = []
    for number in range(count):
        segments = (
            Text(f"Opslag nummer {number + 1}: Nu kan du søge om ny ordning digitalt. "),
            Text("Læs om fristerne, og hvad du skal have klar, før du går i gang "),
            Link(
                text="borger.example/artikel/ny-ordn…",
                url="https://borger.example/artikel/ny-ordning",
            ),
            Text(" "),
            Hashtag(text="#digitalt", tag="digitalt"),
            Text(" via "),
            Mention(text="@kommune_demo", handle="kommune_demo"),
        )
        posts.append(
            Post(
                id=str(1_000_000 + number),
                network="x",
                account="borgerportal_demo",
                author=author,
                created=NOW - timedelta(hours=5 * number),
                segments=segments,
                permalink=f"https://x.com/borgerportal_demo/status/{1_000_000 + number}",
                lang="da",
            )
        )
    return posts


def measure() -> list[tuple[str, int, int, int]]:
    themes = ThemeSet()
    rows = []
    for theme in ("default", "dkfds", "high-contrast"):
        feed = FeedConfig(
            name="borger",
            title="Nyt fra borger.dk",
            sources=(SourceSpec("x", "borgerportal_demo"),),
        )
        curated = curate(feed, sample_posts(), now=NOW)
        options = themes.options(theme, {})
        html = render_feed(
            theme_environment(themes, theme),
            curated,
            {},
            RenderOptions(
                base_url="/widget/",
                locale="da",
                heading_level=2,
                theme=theme,
                theme_options=options,
                show_media=False,
            ),
        )
        if html.count("<article") != len(curated.entries) or len(curated.entries) != 10:
            raise SystemExit(f"{theme}: expected 10 rendered posts")
        css = themes.stylesheet(theme, options)
        html_size = gzipped(html.encode("utf-8"))
        css_size = gzipped(css.encode("utf-8"))
        rows.append((theme, html_size, css_size, html_size + css_size))
    return rows


def main() -> int:
    rows = measure()
    script = gzipped(SCRIPT.read_bytes())
    print("| theme | HTML (gzip) | CSS (gzip) | HTML + CSS | budget 8192 B |")
    print("| --- | --- | --- | --- | --- |")
    worst = 0
    for theme, html, css, total in rows:
        worst = max(worst, total)
        verdict = "within" if total <= BUDGET_HTML_CSS else "OVER"
        print(f"| {theme} | {html} B | {css} B | {total} B | {verdict} |")
    print(f"\nwidget.js: {script} B gzipped (budget {BUDGET_SCRIPT} B)")
    return 0 if worst <= BUDGET_HTML_CSS and script <= BUDGET_SCRIPT else 1


if __name__ == "__main__":
    sys.exit(main())
