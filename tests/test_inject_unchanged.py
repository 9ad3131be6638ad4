"""A page that already carries the current widgets is recognised without parsing it, and
the answer is always the one the full parse gives."""

from __future__ import annotations

import pytest

import widget.inject
import widget.soup
from tests.test_inject import (
    EVENTS,
    NEWS,
    ODD_FALLBACK,
    ODD_HEAD,
    ODD_MIDDLE,
    ODD_START_TAG,
    ODD_TAIL,
    delivery,
    simple_page,
)
from widget.inject import Delivery, inject_page

PLAIN = simple_page('<div data-widget="nyheder"><a href="https://x.com/">X</a></div>')
TWO = simple_page(
    '<main>\n<div class="a" data-widget="nyheder">x</div>\n<p>tekst</p>\n'
    "<div data-widget='events'></div>\n</main>"
)
HEAD_WITH_EVERYTHING = (
    '<!doctype html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n<title>Side</title>\n'
    "<script>window.a = 1;</script>\n<style>p { color: black }</style>\n</head>\n<body>\n"
    '<div data-widget="nyheder"></div>\n</body>\n</html>\n'
)
ODD = ODD_HEAD + ODD_MIDDLE + ODD_START_TAG + ODD_FALLBACK + ODD_TAIL
PAGES = [PLAIN, TWO, HEAD_WITH_EVERYTHING, ODD, PLAIN.replace("\n", "\r\n"), "\ufeff" + TWO]


def once(page: str, target: Delivery | None = None, *, script: bool = True) -> bytes:
    result = inject_page(page.encode("utf-8"), target or delivery(), script=script)
    assert result is not None
    return result[0]


def parsed(
    data: bytes, target: Delivery, monkeypatch: pytest.MonkeyPatch, *, script: bool = True
) -> tuple[bytes, int] | None:
    with monkeypatch.context() as patch:
        patch.setattr(widget.inject, "already_current", lambda *args: None)
        return inject_page(data, target, script=script, warnings=[])


@pytest.mark.parametrize("page", PAGES)
def test_reinjecting_gives_what_the_full_parse_gives(
    page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = once(page)
    warnings: list[str] = []
    fast = inject_page(data, delivery(), warnings=warnings)
    assert fast == parsed(data, delivery(), monkeypatch)
    assert fast is not None and fast[0] == data


@pytest.mark.parametrize("page", [PLAIN, TWO, HEAD_WITH_EVERYTHING])
def test_a_plain_page_already_current_is_not_parsed(
    page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = once(page)

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed a page that is already current")

    monkeypatch.setattr(widget.soup, "parse_html", no_parse)  # inject imports it when it parses
    result = inject_page(data, delivery())
    assert result is not None and result[0] == data


def changed_since(page: str) -> list[tuple[str, bytes, Delivery, bool]]:
    """(what changed, the injected page, the delivery now, script) after one injection."""
    data = once(page)
    text = data.decode("utf-8")
    return [
        ("a new fragment", data, delivery(news=NEWS.replace("Nyt", "Nyere")), True),
        ("another theme", data, delivery(events_theme="default.cccc.css"), True),
        ("--no-script now", data, delivery(), False),
        ("an edited fragment", text.replace("Nyt fra", "Nyt fra os").encode(), delivery(), True),
        (
            "a new placeholder",
            text.replace("</body>", '<div data-widget="events"></div></body>').encode(),
            delivery(),
            True,
        ),
        (
            "an asset tag in a comment",
            text.replace("<link", "<!-- <link", 1)
            .replace("data-widget-asset>", "data-widget-asset> -->", 1)
            .encode(),
            delivery(),
            True,
        ),
        (
            "a placeholder in a template",
            text.replace(
                "</body>", '<template><div data-widget="events"></div></template></body>'
            ).encode(),
            delivery(),
            True,
        ),
    ]


@pytest.mark.parametrize("case", range(7))
@pytest.mark.parametrize("page", [PLAIN, TWO])
def test_any_change_gets_the_full_parse_answer(
    page: str, case: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    what, data, target, script = changed_since(page)[case]
    warnings: list[str] = []
    fast = inject_page(data, target, script=script, warnings=warnings)
    full_warnings: list[str] = []
    with monkeypatch.context() as patch:
        patch.setattr(widget.inject, "already_current", lambda *args: None)
        full = inject_page(data, target, script=script, warnings=full_warnings)
    assert fast == full, what
    assert warnings == full_warnings, what


def test_the_fragment_text_itself_may_mention_data_widget() -> None:
    assert "data-widget-feed" in NEWS and "data-widget-feed" in EVENTS
    data = once(TWO)
    assert widget.inject.already_current(data.decode(), delivery(), True, "\n") == 2
