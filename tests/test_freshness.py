"""The widget says when it was last updated: the newest successful fetch, not the clock.

The builds use the invented borger-dk example.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import NOW, build_folder, copy_example, set_key
from tests.render_support import make_entry, make_env, make_post, parse, tag
from tests.render_support import make_feed as make_curated
from widget.build import BuildOptions
from widget.config import FeedConfig, SourceSpec
from widget.errors import EXIT_DEGRADED
from widget.fetch import AccountStatus, FetchReport
from widget.i18n import Messages
from widget.policy import last_fetched
from widget.render.html import RenderOptions, render_feed, updated_stamp

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
FETCHED = datetime(2026, 11, 30, 9, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("da", "Opdateret 30. nov. 2026 kl. 10.12"),
        ("en", "Updated 30 Nov 2026 at 10:12"),
    ],
)
def test_the_stamp_reads_in_the_feed_language_and_time_zone(locale: str, text: str) -> None:
    stamp = updated_stamp(FETCHED, Messages(locale, zone=COPENHAGEN))
    assert stamp is not None
    assert stamp.before + stamp.when + stamp.after == text
    assert stamp.datetime == "2026-11-30T09:12:00Z"


def render_with(updated: datetime | None, *, locale: str = "da", **feed: Any) -> str:
    options = RenderOptions(
        base_url="/widget/",
        locale=locale,
        heading_level=2,
        theme="default",
        theme_options={},
        show_media=True,
        zone=COPENHAGEN,
        updated=updated,
    )
    curated = make_curated(make_entry(make_post()), **feed)
    return render_feed(make_env(), curated, {}, options)


def test_the_stamp_is_a_paragraph_at_the_end_of_the_widget_with_a_time_element() -> None:
    section = tag(parse(render_with(FETCHED, locale="en")).find("section"))
    last = section.find_all(recursive=False)[-1]
    assert last.name == "p" and "wdg__updated" in last["class"]
    time = tag(last.find("time"))
    assert time["datetime"] == "2026-11-30T09:12:00Z"
    assert time.get_text() == "30 Nov 2026 at 10:12"
    assert " ".join(last.get_text().split()) == "Updated 30 Nov 2026 at 10:12"


def test_show_updated_false_and_an_unknown_time_show_no_stamp() -> None:
    assert "wdg__updated" in render_with(FETCHED)
    assert "wdg__updated" not in render_with(FETCHED, show_updated=False)
    assert "wdg__updated" not in render_with(None)


def status(source: str, fetched_at: datetime | None, state: str = "fresh") -> AccountStatus:
    return AccountStatus(source, state, None, fetched_at, 0, 0)


def test_the_time_is_the_newest_fetch_of_the_feeds_own_network_accounts() -> None:
    feed = FeedConfig(
        name="nyheder",
        title="Nyheder",
        sources=(
            SourceSpec("x", "kommune_test"),
            SourceSpec("x", "region_test"),
            SourceSpec("x-archive", "/arkiv"),
        ),
    )
    report = FetchReport(
        (
            status("x:kommune_test", FETCHED - timedelta(hours=2), "stored"),
            status("x:region_test", FETCHED - timedelta(hours=1), "cached"),
            status("x:other_feed", FETCHED),
            status("x-archive:/arkiv", FETCHED + timedelta(days=1)),
        )
    )
    assert last_fetched(feed, report) == FETCHED - timedelta(hours=1)
    never = FetchReport((status("x:kommune_test", None, "failed"),))
    assert last_fetched(feed, never) is None


def stamp_of(output: Path) -> str:
    found = re.search(
        r'<p class="wdg__updated">.*?datetime="([^"]+)"', (output / "borger.html").read_text()
    )
    assert found is not None
    return found.group(1)


def test_a_build_shows_when_it_fetched_and_a_later_build_without_a_fetch_keeps_it(
    tmp_path: Path,
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    first = build_folder(folder)
    assert stamp_of(first.result.output) == "2026-11-24T12:00:00Z"
    within_refresh = build_folder(folder, BuildOptions(now=NOW + timedelta(minutes=7)))
    assert stamp_of(within_refresh.result.output) == "2026-11-24T12:00:00Z"
    due = build_folder(folder, BuildOptions(now=NOW + timedelta(minutes=20)))
    assert stamp_of(due.result.output) == "2026-11-24T12:20:00Z"


def test_a_failed_fetch_keeps_the_time_of_the_last_successful_one(tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    build_folder(folder)
    shutil.rmtree(folder / "recorded" / "borger_demo")
    failed = build_folder(folder, BuildOptions(now=NOW + timedelta(hours=3)))
    assert failed.result.exit_code == EXIT_DEGRADED
    assert stamp_of(failed.result.output) == "2026-11-24T12:00:00Z"


def test_show_updated_false_leaves_the_stamp_out_of_a_build(tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    set_key(folder / "widget.toml", "feeds.borger", "show_updated = false")
    built = build_folder(folder)
    assert "wdg__updated" not in (built.result.output / "borger.html").read_text()
    assert "wdg__updated" not in (built.result.output / "index.html").read_text()
