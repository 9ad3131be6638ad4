"""`widget inject`: placeholders filled in someone else's pages, and not one other byte changed."""

from __future__ import annotations

import io
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES
from widget.build import BuildOptions, build
from widget.cli import main
from widget.config import load_config
from widget.errors import InjectError
from widget.inject import (
    Delivery,
    Feed,
    fragment_digest,
    inject_page,
    load_delivery,
)
from widget.progress import Progress

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
NEWS = '<section class="wdg" data-widget-feed="nyheder">\n<h2>Nyt fra kommunen</h2>\n</section>\n'
EVENTS = '<section class="wdg" data-widget-feed="events">\n<h2>Arrangementer</h2>\n</section>\n'
NEWS_LINK = (
    '<link rel="stylesheet" href="/widget/default.aaaa.css" integrity="sha384-news" '
    "data-widget-asset>"
)
EVENTS_LINK = (
    '<link rel="stylesheet" href="/widget/dkfds.bbbb.css" integrity="sha384-events" '
    "data-widget-asset>"
)
SCRIPT = '<script src="/widget/widget.js" defer data-widget-asset></script>'


def feed(fragment: str, stylesheet: str, integrity: str) -> Feed:
    return Feed(fragment, fragment_digest(fragment.encode()), stylesheet, integrity)


def delivery(news: str = NEWS, events_theme: str = "dkfds.bbbb.css") -> Delivery:
    return Delivery(
        feeds={
            "nyheder": feed(news, "/widget/default.aaaa.css", "sha384-news"),
            "events": feed(EVENTS, f"/widget/{events_theme}", "sha384-events"),
        },
        script="/widget/widget.js",
    )


def inject(page: str | bytes, target: Delivery | None = None, *, script: bool = True) -> str:
    data = page.encode("utf-8") if isinstance(page, str) else page
    result = inject_page(data, target or delivery(), where="site/index.html", script=script)
    assert result is not None, "the page has a placeholder"
    return result[0].decode("utf-8")


def simple_page(body: str) -> str:
    head = "<!doctype html>\n<html><head><title>Forside</title>\n</head><body>\n"
    return f"{head}{body}\n</body></html>\n"


# --- the odd page: everything outside the placeholder keeps its bytes ---------------------------

ODD_HEAD = (
    "\ufeff<!DOCTYPE html>\r\n"
    "<HTML LANG=da>\r\n"
    "<HEAD>\r\n"
    "  <META CHARSET=utf-8>\r\n"
    "  <TITLE>Kommune &amp; borger &#x2014; forside</TITLE>\r\n"
    '  <!-- analytics removed; was <div data-widget="nyheder"></div> -->\r\n'
    "  <script>var html = '<div data-widget=\"nyheder\"></div>'; if (1 < 2) {}</script>\r\n"
)
ODD_MIDDLE = (
    "</HEAD>\r\n"
    "<BODY class='forside'   data-x=\"a > b\">\r\n"
    "<p>Tekst med &nbsp; entiteter &lt;div&gt; og æøå</p>\r\n"
    '<template><div data-widget="nyheder"><p>skabelon</p></div></template>\r\n'
    '<textarea><div data-widget="nyheder"></div></textarea>\r\n'
)
ODD_START_TAG = "<DIV class=feed data-widget=nyheder title='a > b'>"
ODD_FALLBACK = (
    "\r\n  <!-- fallback --><a href=https://x.com/kommune_test>Vores opslag på X</a>"
    "<div><DIV>indlejret</DIV></div><script>document.write('</div>')</script>\r\n"
)
ODD_TAIL = "</DIV>\r\n<footer>Sidefod &copy; 2026</footer>\r\n</BODY>\r\n</HTML>\r\n"


def test_an_odd_page_keeps_every_byte_outside_the_placeholder_and_the_new_head_tags() -> None:
    page = ODD_HEAD + ODD_MIDDLE + ODD_START_TAG + ODD_FALLBACK + ODD_TAIL
    digest = fragment_digest(NEWS.encode())

    result = inject_page(page.encode("utf-8"), delivery())

    assert result is not None
    expected = (
        ODD_HEAD
        + f"{NEWS_LINK}\r\n{SCRIPT}\r\n"
        + ODD_MIDDLE
        + f"<DIV class=feed data-widget=nyheder title='a > b' data-widget-injected=\"{digest}\">"
        + "\r\n"
        + NEWS.replace("\n", "\r\n")
        + ODD_TAIL
    )
    assert result == (expected.encode("utf-8"), 1)


def test_placeholders_in_comments_scripts_templates_and_textareas_are_left_alone() -> None:
    page = ODD_HEAD + ODD_MIDDLE + "<p>no live placeholder</p>" + ODD_TAIL

    result = inject_page(page.encode("utf-8"), delivery())

    assert result is None


def test_a_second_run_with_the_same_fragment_changes_no_byte() -> None:
    page = ODD_HEAD + ODD_MIDDLE + ODD_START_TAG + ODD_FALLBACK + ODD_TAIL
    once = inject(page)

    assert inject(once) == once


def test_a_new_fragment_replaces_the_old_injected_content() -> None:
    once = inject(simple_page('<div data-widget="nyheder">Se vores opslag</div>'))
    newer = NEWS.replace("Nyt fra kommunen", "Endnu nyere")

    twice = inject(once, delivery(news=newer))

    assert "Endnu nyere" in twice
    assert "Nyt fra kommunen" not in twice
    assert f'data-widget-injected="{fragment_digest(newer.encode())}"' in twice
    assert twice.count("data-widget-injected") == 1
    assert twice.count(SCRIPT) == 1


def test_the_fallback_content_of_a_placeholder_is_replaced() -> None:
    page = simple_page(
        '<div data-widget="nyheder"><a href="https://x.com/kommune_test">X</a></div>'
    )

    filled = inject(page)

    assert "kommune_test" not in filled
    assert "<h2>Nyt fra kommunen</h2>\n</section>\n</div>" in filled


def test_each_theme_on_a_page_gets_one_stylesheet_and_the_script_comes_once() -> None:
    page = simple_page(
        '<div data-widget="nyheder"></div><div data-widget="events"></div>'
        '<div data-widget="nyheder"></div>'
    )

    filled = inject(page)

    assert filled.count(NEWS_LINK) == 1
    assert filled.count(EVENTS_LINK) == 1
    assert filled.count(SCRIPT) == 1
    assert filled.index(NEWS_LINK) < filled.index(EVENTS_LINK) < filled.index("</head>")


def test_earlier_asset_tags_are_replaced_never_duplicated() -> None:
    once = inject(simple_page('<div data-widget="events"></div>'))

    retheme = inject(once, delivery(events_theme="dkfds.cccc.css"))

    assert "dkfds.bbbb.css" not in retheme
    assert retheme.count("data-widget-asset") == 2
    assert once.replace("dkfds.bbbb.css", "dkfds.cccc.css") == retheme


def test_no_script_removes_an_earlier_script_tag() -> None:
    once = inject(simple_page('<div data-widget="nyheder"></div>'))

    without = inject(once, script=False)

    assert "widget.js" not in without
    assert without.count(NEWS_LINK) == 1
    assert without == once.replace(SCRIPT + "\n", "")


def test_an_unknown_feed_names_the_file_the_line_and_the_nearest_feed() -> None:
    page = simple_page('<p>one</p>\n<div data-widget="nyhedr"></div>')

    with pytest.raises(InjectError) as caught:
        inject(page)

    assert caught.value.lines() == [
        "site/index.html:5: no feed named 'nyhedr'; did you mean 'nyheder'? "
        "(feeds built: events, nyheder)"
    ]


def test_an_unclosed_placeholder_is_an_error_not_a_guess() -> None:
    with pytest.raises(InjectError, match=r"site/index.html:3: .* is never closed"):
        inject('<html><head></head>\n<body>\n<div data-widget="nyheder"><p>tekst')


def test_a_page_without_a_head_is_an_error_rather_than_a_guess() -> None:
    with pytest.raises(InjectError, match=r"site/index.html: has no <head>"):
        inject('<p>Forside</p>\n<div data-widget="nyheder"></div>\n')


def test_a_page_that_is_not_utf8_is_refused_only_when_it_has_a_placeholder() -> None:
    latin1 = simple_page('<p>æøå</p><div data-widget="nyheder"></div>').encode("latin-1")

    with pytest.raises(InjectError, match="is not UTF-8"):
        inject_page(latin1, delivery(), where="site/index.html")
    assert inject_page("<p>æøå</p>".encode("latin-1"), delivery()) is None


# --- the command over a real build -------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the borger-dk example, built once for this module."""
    folder = tmp_path_factory.mktemp("inject") / "borger-dk"
    shutil.copytree(
        EXAMPLES / "borger-dk", folder, ignore=shutil.ignore_patterns("public", ".widget")
    )
    build(load_config(folder / "widget.toml"), BuildOptions(now=NOW), Progress(io.StringIO()))
    return folder


def make_site(root: Path, pages: int = 3) -> Path:
    site = root / "site"
    (site / "nyheder").mkdir(parents=True)
    (site / "index.html").write_text(simple_page('<div data-widget="borger">X</div>'), "utf-8")
    (site / "nyheder" / "index.html").write_text(simple_page("<p>ingen widget</p>"), "utf-8")
    for number in range(pages - 2):
        (site / f"side-{number}.html").write_text(simple_page(f"<p>{number}</p>"), "utf-8")
    return site


def run(built: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["inject", "-c", str(built / "widget.toml"), *args])
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_ino)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_inject_fills_the_page_from_the_build_and_says_how_much(
    built: Path, tmp_path: Path
) -> None:
    site = make_site(tmp_path, pages=5)
    before = snapshot(site)

    code, output = run(built, str(site))

    assert code == 0
    assert output == "injected 1 widget(s) into 1 page(s); 4 page(s) unchanged\n"
    manifest = json.loads((built / "public/widget/manifest.json").read_text("utf-8"))
    stylesheet = manifest["feeds"]["borger"]["stylesheet"]
    page = (site / "index.html").read_text("utf-8")
    fragment = (built / "public/widget/borger.html").read_text("utf-8")
    assert fragment in page
    assert f'href="{stylesheet["href"]}" integrity="{stylesheet["integrity"]}"' in page
    after = snapshot(site)
    assert set(after) == set(before), "no temporary file is left behind"
    unchanged = {name for name in before if name != "index.html"}
    assert {name: after[name] for name in unchanged} == {name: before[name] for name in unchanged}


def test_check_reports_what_would_change_exits_1_and_writes_nothing(
    built: Path, tmp_path: Path
) -> None:
    site = make_site(tmp_path)
    before = snapshot(site)

    code, output = run(built, str(site), "--check")

    assert code == 1
    assert f"would change {site / 'index.html'} (1 widget(s))" in output
    assert snapshot(site) == before


def test_check_passes_once_the_site_is_up_to_date(built: Path, tmp_path: Path) -> None:
    site = make_site(tmp_path)
    run(built, str(site))

    code, output = run(built, str(site), "--check")

    assert code == 0
    assert "would have injected 0 widget(s) into 0 page(s)" in output


def test_one_bad_page_means_no_page_is_written(built: Path, tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "zz-bad.html").write_text(simple_page('<div data-widget="borgr"></div>'), "utf-8")
    before = snapshot(site)

    code, output = run(built, str(site))

    assert code == 1
    assert output.strip().splitlines() == [
        f"Error: {site / 'zz-bad.html'}:4: no feed named 'borgr'; did you mean 'borger'? "
        "(feeds built: borger)"
    ]
    assert snapshot(site) == before


def test_a_missing_build_says_to_run_widget_build_first(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "widget.toml").write_text(
        '[feeds.nyheder]\ntitle = "Nyt"\nsources = ["x:kommune_test"]\n', "utf-8"
    )
    site = make_site(tmp_path)

    result = CliRunner().invoke(main, ["inject", "-c", str(project / "widget.toml"), str(site)])

    assert result.exit_code == 1
    assert result.output == (
        f"Error: {project / 'public' / 'widget'}: no widget build here (no manifest.json); "
        "run `widget build` first\n"
    )


def test_load_delivery_reads_the_fragments_and_assets_of_the_build(built: Path) -> None:
    config = load_config(built / "widget.toml")

    loaded = load_delivery(config)

    fragment = (built / "public/widget/borger.html").read_bytes()
    assert list(loaded.feeds) == ["borger"]
    assert loaded.feeds["borger"].digest == fragment_digest(fragment)
    assert loaded.script == "/widget/widget.js"


def test_inject_warns_about_a_placeholder_it_will_not_fill(built: Path, tmp_path: Path) -> None:
    site = make_site(tmp_path)
    hidden = simple_page('<noscript><div data-widget="borger">X</div></noscript>')
    (site / "noscript.html").write_text(hidden, "utf-8")
    code, output = run(built, str(site))
    assert code == 0
    assert "warning: " in output and "noscript.html" in output
    assert (site / "noscript.html").read_text("utf-8") == hidden
