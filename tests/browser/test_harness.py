"""The harness's checks catch the faults they exist for, and pass the good page."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tests.browser import conftest
from tests.browser.conftest import STRICT_CSP, StaticServer
from tests.browser.harness import (
    ColorScheme,
    apply_text_spacing,
    axe_violations,
    clipped_text,
    horizontal_overflow,
    offsite_requests,
    open_page,
    small_targets,
    tab_through,
)


def test_missing_browser_skips_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIDGET_REQUIRE_BROWSER", raising=False)

    with pytest.raises(pytest.skip.Exception, match="no chromium here"):
        conftest._unavailable("no chromium here")


@pytest.mark.parametrize("value", ["1", "true"])
def test_missing_browser_fails_when_required(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("WIDGET_REQUIRE_BROWSER", value)

    with pytest.raises(pytest.fail.Exception, match="WIDGET_REQUIRE_BROWSER"):
        conftest._unavailable("no chromium here")


def test_missing_browser_still_skips_when_the_flag_says_false(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WIDGET_REQUIRE_BROWSER", "false")

    with pytest.raises(pytest.skip.Exception):
        conftest._unavailable("no chromium here")


@pytest.mark.parametrize(
    ("name", "content_type", "csp"),
    [
        ("feed.html", "text/html; charset=utf-8", STRICT_CSP),
        ("test.css", "text/css; charset=utf-8", None),
        ("widget/widget.js", "text/javascript; charset=utf-8", None),
        ("widget/media/a1f0c2d3e4b5.webp", "image/webp", None),
        ("data.json", "application/json", None),
        ("feed.xml", "application/xml", None),
    ],
)
def test_static_server_sends_types_and_the_csp_on_html_only(
    site: Path, site_server: StaticServer, name: str, content_type: str, csp: str | None
) -> None:
    (site / "data.json").write_text("{}", encoding="utf-8")
    (site / "feed.xml").write_text("<feed/>", encoding="utf-8")

    with urllib.request.urlopen(f"{site_server.url}/{name}") as response:
        headers = response.headers

    assert headers["Content-Type"] == content_type
    assert headers["Content-Security-Policy"] == csp
    assert site_server.requests == [f"/{name}"]


in_browser = pytest.mark.browser


@in_browser
def test_axe_reports_an_image_without_alt(
    context: BrowserContext, site_server: StaticServer
) -> None:
    report = open_page(context, f"{site_server.url}/bad-alt.html")

    found = axe_violations(report.page)

    assert "image-alt" in [violation["id"] for violation in found]
    image_alt = next(violation for violation in found if violation["id"] == "image-alt")
    assert image_alt["targets"] == [["img"]]


@in_browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_good_page_has_no_axe_violations(
    context: BrowserContext, site_server: StaticServer, color_scheme: ColorScheme, width: int
) -> None:
    report = open_page(
        context, f"{site_server.url}/feed.html", color_scheme=color_scheme, width=width
    )

    assert axe_violations(report.page) == []


@in_browser
def test_horizontal_overflow_catches_an_element_wider_than_the_viewport(
    context: BrowserContext, site_server: StaticServer
) -> None:
    report = open_page(context, f"{site_server.url}/wide.html", width=320)

    found = horizontal_overflow(report.page)

    assert any(item.startswith("page scrolls sideways") for item in found)
    assert any(item.startswith("p.too-wide") for item in found)


@in_browser
def test_good_page_reflows_at_320_px(context: BrowserContext, site_server: StaticServer) -> None:
    report = open_page(context, f"{site_server.url}/feed.html", width=320)

    assert horizontal_overflow(report.page) == []


@in_browser
def test_offsite_requests_catches_an_image_from_another_loopback_address(
    context: BrowserContext, site_server: StaticServer
) -> None:
    report = open_page(context, f"{site_server.url}/offsite.html")

    assert offsite_requests(report, site_server.url) == ["http://127.0.0.2:9/x.png"]


@in_browser
def test_good_page_requests_only_its_own_origin_and_stores_nothing(
    context: BrowserContext, site_server: StaticServer
) -> None:
    report = open_page(context, f"{site_server.url}/feed.html")

    assert offsite_requests(report, site_server.url) == []
    assert f"{site_server.url}/widget/media/b2e1d3c4f5a6.webp" in report.requests
    assert (report.cookies, report.local_storage, report.session_storage) == ([], {}, {})


@in_browser
def test_clipped_text_catches_a_fixed_height_box_once_text_spacing_applies(
    context: BrowserContext, site_server: StaticServer
) -> None:
    report = open_page(context, f"{site_server.url}/clipped.html")
    before = clipped_text(report.page)

    apply_text_spacing(report.page)

    assert before == []
    assert [item.split(" ", 1)[0] for item in clipped_text(report.page)] == ["p.fixed-box"]


@in_browser
def test_text_spacing_applies_under_the_strict_csp(
    context: BrowserContext, site_server: StaticServer
) -> None:
    report = open_page(context, f"{site_server.url}/feed.html")

    apply_text_spacing(report.page)

    spacing = report.page.evaluate(
        "() => getComputedStyle(document.querySelector('.wdg__text')).letterSpacing"
    )
    font_size = report.page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.wdg__text')).fontSize)"
    )
    assert float(spacing.removesuffix("px")) == pytest.approx(0.12 * font_size, abs=0.01)
    assert clipped_text(report.page) == []


@in_browser
def test_small_targets_catches_a_ten_pixel_block_link(
    context: BrowserContext, site_server: StaticServer
) -> None:
    report = open_page(context, f"{site_server.url}/tiny.html")

    assert small_targets(report.page) == ['a.tiny-target "Feed" is 10x10']


@in_browser
def test_good_page_has_no_small_targets(context: BrowserContext, site_server: StaticServer) -> None:
    report = open_page(context, f"{site_server.url}/feed.html")

    assert small_targets(report.page) == []


@in_browser
def test_tab_through_reaches_every_link_of_the_good_page_with_visible_focus(
    context: BrowserContext, site_server: StaticServer
) -> None:
    report = open_page(context, f"{site_server.url}/feed.html")
    links = report.page.evaluate(
        "() => Array.from(document.querySelectorAll('a[href]'), (a) => a.getAttribute('href'))"
    )

    stops = tab_through(report.page)

    assert [stop["href"] for stop in stops] == links
    assert [stop["element"] for stop in stops if not stop["visible_focus"]] == []


@in_browser
def test_tab_through_reports_focus_that_is_not_visible(
    context: BrowserContext, site_server: StaticServer
) -> None:
    report = open_page(context, f"{site_server.url}/feed.html")
    report.page.evaluate(
        """() => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync("a:focus-visible, a:focus { outline: none !important; }");
          document.adoptedStyleSheets = [sheet];
        }"""
    )

    stops = tab_through(report.page)

    assert stops
    assert not any(stop["visible_focus"] for stop in stops)
