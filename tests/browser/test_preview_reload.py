"""The preview's reload script in the real browser: an alert for a failed rebuild, a reload."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tests.test_preview import copy_borger
from widget.preview import Preview, serving

pytestmark = pytest.mark.browser


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_page_shows_a_failed_rebuild_in_an_alert_and_reloads_after_the_fix(
    context: BrowserContext, tmp_path: Path
) -> None:
    folder = copy_borger(tmp_path)
    preview = Preview(folder / "widget.toml", log=io.StringIO())
    assert preview.rebuild()
    with serving(preview, "127.0.0.1", 0) as server:
        page = context.new_page()
        page.goto(server.url)
        wait_for(lambda: preview.events.listeners == 1)

        preview.events.error(["widget.toml: feeds.borger.limit: 'ti' must be a number"])
        alert = page.get_by_role("alert")
        alert.wait_for()
        assert "feeds.borger.limit: 'ti' must be a number" in alert.inner_text()
        assert page.get_by_role("heading", name="Nyt fra Borgerportalen").is_visible()

        with page.expect_navigation():
            preview.events.reload()
        assert page.get_by_role("alert").count() == 0
        page.close()
