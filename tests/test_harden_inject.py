"""inject hardening: browser-shaped placeholder extents, case, inert places, all-or-nothing.

Every page here is invented for the test.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

import widget.inject
from tests.test_inject import NEWS, delivery, inject, simple_page
from widget.atomic import write_atomic
from widget.errors import InjectError
from widget.inject import InjectPlan, PageChange, apply_plan, inject_page, plan_injection


@pytest.mark.parametrize("comment", ["<!-->", "<!--->", "<!-- a --!>"])
def test_content_after_an_abruptly_closed_comment_is_kept(comment: str) -> None:
    page = simple_page(f'<div data-widget="nyheder">{comment}</div><p>KEEP</p>')
    filled = inject(page)
    assert "<p>KEEP</p>" in filled
    assert NEWS in filled


@pytest.mark.parametrize(
    "content",
    [
        "<table><tr><td></div></td></tr></table>",
        "<svg><![CDATA[</div>]]></svg>",
        "<template></div></template>",
        "<!-- never closed",
    ],
)
def test_a_placeholder_whose_end_a_browser_might_see_elsewhere_is_refused(content: str) -> None:
    page = simple_page(f'<div data-widget="nyheder">{content}</div><p>KEEP</p>')
    with pytest.raises(InjectError) as caught:
        inject(page)
    [line] = caught.value.lines()
    assert line.startswith("site/index.html:")


def test_an_attribute_name_in_capitals_is_found() -> None:
    filled = inject(simple_page('<DIV DATA-WIDGET="nyheder"></DIV>'))
    assert NEWS in filled


@pytest.mark.parametrize(
    "element", ["xmp", "noembed", "iframe", "noscript", "textarea", "title", "style", "script"]
)
def test_placeholders_in_raw_text_elements_are_not_filled_and_are_reported(element: str) -> None:
    page = simple_page(f'<{element}><div data-widget="nyheder"></div></{element}>')
    warnings: list[str] = []
    assert inject_page(page.encode(), delivery(), where="p.html", warnings=warnings) is None
    assert len(warnings) == 1 and warnings[0].startswith("p.html:")
    assert f"<{element}>" in warnings[0]


def test_a_placeholder_in_a_template_is_reported_not_filled() -> None:
    page = simple_page('<template><div data-widget="nyheder"></div></template>')
    warnings: list[str] = []
    assert inject_page(page.encode(), delivery(), where="p.html", warnings=warnings) is None
    assert warnings and "<template>" in warnings[0]


def test_a_big_page_with_many_placeholders_is_filled_correctly_in_one_pass() -> None:
    filler = "<p>" + "tekst " * 900 + "</p>\n"
    body = "".join(f'{filler}<div data-widget="nyheder">{n}</div>\n' for n in range(2000))
    page = simple_page(body)
    started = time.perf_counter()
    filled = inject(page)
    elapsed = time.perf_counter() - started
    print(f"2,000 placeholders in a {len(page) / 1e6:.1f} MB page: {elapsed:.2f} s")
    assert filled.count(NEWS) == 2000
    assert filled.count(filler) == 2000


def test_an_unwritable_page_means_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("a.html", "b.html", "c.html"):
        (site / name).write_text(simple_page('<div data-widget="nyheder"></div>'), "utf-8")
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    plan = plan_injection(site, delivery())
    real = write_atomic

    def fail_on_c(path: Path, data: bytes) -> None:
        if path.name == "c.html":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        real(path, data)

    monkeypatch.setattr(widget.inject, "write_atomic", fail_on_c)
    with pytest.raises(InjectError) as caught:
        apply_plan(plan)
    [line] = caught.value.lines()
    assert f"{site / 'c.html'}: cannot be written: Read-only file system" in line
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before


def test_every_page_is_checked_for_writing_before_any_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    page = simple_page('<div data-widget="nyheder"></div>')
    (site / "a.html").write_text(page, "utf-8")
    written: list[Path] = []
    monkeypatch.setattr(widget.inject, "write_atomic", lambda path, data: written.append(path))
    monkeypatch.setattr(widget.inject, "writable_problem", lambda path: "Permission denied")
    plan = InjectPlan((PageChange(site / "a.html", b"new", 1, page.encode()),), 0)
    with pytest.raises(InjectError, match=r"a\.html: cannot be written: Permission denied"):
        apply_plan(plan)
    assert written == []
