"""The preview's comparison page: which variants it plans, where it builds them, what it serves."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import widget.preview_compare
from tests.test_preview import copy_borger
from tests.test_themes import write_theme
from widget.config import load_config
from widget.errors import ThemeError
from widget.preview import Preview
from widget.preview_compare import SCHEMES, locales, plan
from widget.preview_server import COMPARE_PATH, LIVERELOAD_TAG
from widget.themes import ThemeSet


def with_user_themes(folder: Path) -> Path:
    """The borger example with an English second feed and two invented themes of its own."""
    config = folder / "widget.toml"
    text = config.read_text(encoding="utf-8").replace("[x]\n", 'themes = "themes"\n\n[x]\n', 1)
    text += '\n[feeds.news]\ntitle = "News"\nsources = ["x:borger_demo"]\nlocale = "en"\n'
    config.write_text(text, encoding="utf-8")
    write_theme(folder / "themes", "kommune", options={"color_link": "#00576b"})
    write_theme(folder / "themes", "lys", options={"dark": False})
    write_theme(folder / "themes", "bleg", options={"color_text": "#aaaaaa"})
    write_theme(folder / "themes", "ugyldig", css="a { color: {{ colour_link }} }")
    return config


def test_every_feed_is_planned_in_every_theme_scheme_and_locale(tmp_path: Path) -> None:
    config = load_config(with_user_themes(copy_borger(tmp_path)))
    themes = ThemeSet([config.root / "themes"])

    planned = plan(config, themes)

    assert locales(config) == ["da", "en"]
    shown = {(v.feed, v.theme, v.scheme, v.locale) for v in planned.variants}
    usable = ["default", "dkfds", "high-contrast", "kommune"]
    expected = {
        (feed, theme, scheme, locale)
        for feed in ("borger", "news")
        for theme in usable
        for scheme in SCHEMES
        for locale in ("da", "en")
    }
    expected |= {
        (feed, "lys", "light", locale) for feed in ("borger", "news") for locale in ["da", "en"]
    }
    assert shown == expected
    assert len(planned.variants) == len(expected) == len({v.key for v in planned.variants})
    assert "borger in lys, dark: the theme has no dark palette" in planned.skipped
    assert "borger in ugyldig: " in "\n".join(planned.skipped)
    assert any(
        line.startswith("news in bleg: theme 'bleg': text #aaaaaa") for line in planned.skipped
    )
    # A variant renders the feed as it is, in another look: its own options only in its theme.
    dark = next(
        v for v in planned.variants if (v.feed, v.theme, v.scheme) == ("borger", "dkfds", "dark")
    )
    assert planned.feeds[dark.key].color_scheme == "dark"
    assert planned.feeds[dark.key].sources == config.feeds["borger"].sources


def test_the_comparison_is_built_in_its_own_folder_once_per_build_and_removed_on_close(
    tmp_path: Path,
) -> None:
    folder = copy_borger(tmp_path)
    preview = Preview(folder / "widget.toml", log=io.StringIO())
    assert preview.rebuild()
    output = sorted(p.name for p in (folder / "public" / "widget").iterdir())

    site = preview.compare()
    page = preview.state.respond(COMPARE_PATH)
    frame = preview.state.respond(COMPARE_PATH + "pages/v1.html")

    assert page.status == 200 and LIVERELOAD_TAG in page.body
    assert b'data-variant="v1"' in page.body
    assert frame.status == 200 and LIVERELOAD_TAG not in frame.body
    assert b'data-color-scheme="light"' in frame.body
    assert not site.output.is_relative_to(folder)
    assert sorted(p.name for p in (folder / "public" / "widget").iterdir()) == output
    index = site.output / "index.html"
    built = index.stat().st_mtime_ns
    assert preview.compare() == site and index.stat().st_mtime_ns == built
    assert preview.state.respond("/__widget/compare").status == 301

    preview.close()

    assert not site.output.exists()


def test_a_failed_comparison_build_is_shown_on_its_page_and_the_preview_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = Preview(copy_borger(tmp_path) / "widget.toml", log=io.StringIO())
    assert preview.rebuild()

    def fail(*args: object, **kwargs: object) -> None:
        raise ThemeError("themes/kommune/style.css: line 3: unexpected '}'")

    monkeypatch.setattr(widget.preview_compare, "build", fail)
    page = preview.state.respond(COMPARE_PATH).body.decode("utf-8")
    preview.close()

    assert 'role="alert"' in page
    assert "themes/kommune/style.css: line 3: unexpected &#x27;}&#x27;" in page
    assert preview.state.respond("/widget/borger.html").status == 200
