"""The monthly read budget: posts received per network and calendar month, and the cap.

The expected counts are taken from the answers themselves (every ``data`` item of
every timeline page served), not from the code under test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from requests.adapters import BaseAdapter

import widget.build
from tests.helpers import NOW, build_folder, copy_example, set_key, x_replay_adapter
from widget.budget import READS_FILE, Budget, describe, month_of
from widget.build import BuildOptions
from widget.cli import main
from widget.config import Config
from widget.errors import EXIT_DEGRADED, EXIT_OK, StoreError

# Every account and post here is invented.

LAST_EVENING = datetime(2026, 11, 30, 23, 0, tzinfo=timezone.utc)
NEXT_MORNING = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)


@dataclass
class ItemCounter(BaseAdapter):
    """Serves X from recordings and counts the posts (``data`` items) each timeline page holds."""

    folder: Path
    items: int = 0
    timelines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()
        self.inner = x_replay_adapter(self.folder)

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        response = self.inner.send(request, **kwargs)
        if "/tweets" in (request.path_url or "") and response.status_code == 200:
            self.timelines.append(request.url or "")
            self.items += len(json.loads(response.content).get("data", []))
        return response

    def close(self) -> None:
        self.inner.close()

    def take(self) -> int:
        items, self.items = self.items, 0
        self.timelines.clear()
        return items


@pytest.fixture
def counter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ItemCounter:
    folder = copy_example("borger-dk", tmp_path)
    set_key(folder / "widget.toml", "x", "refresh_minutes = 0")
    adapter = ItemCounter(folder / "recorded")
    real_open_session = widget.build.open_session

    def open_counted(config: Config, options: BuildOptions) -> requests.Session:
        session = real_open_session(config, options)
        session.mount("https://", adapter)
        return session

    monkeypatch.setattr(widget.build, "open_session", open_counted)
    return adapter


def site(counter: ItemCounter) -> Path:
    return counter.folder.parent


def reads(folder: Path) -> dict[str, Any]:
    manifest = json.loads((folder / "public" / "widget" / "manifest.json").read_text("utf-8"))
    document: dict[str, Any] = manifest["reads"]
    return document


def test_reads_are_counted_per_build_and_per_month(counter: ItemCounter) -> None:
    folder = site(counter)
    first = build_folder(folder)
    received = counter.take()
    assert received > 0
    assert reads(folder) == {
        "month": "2026-11",
        "networks": {"x": {"this_build": received, "this_month": received, "cap": None}},
    }
    assert first.log.rstrip().endswith(
        f"posts read: x {received} this build, {received} this month"
    )
    # Newer posts only: a second build asks with since_id, and the recordings have
    # nothing newer; a third build in the same month adds to the same total.
    build_folder(folder, BuildOptions(now=NOW + timedelta(hours=1)))
    again = counter.take()
    assert reads(folder)["networks"]["x"] == {
        "this_build": again,
        "this_month": received + again,
        "cap": None,
    }
    stored = json.loads((folder / ".widget" / READS_FILE).read_text("utf-8"))
    assert stored == {"format": 1, "months": {"2026-11": {"x": received + again}}}


def test_a_new_month_starts_from_zero_and_keeps_the_old_total(counter: ItemCounter) -> None:
    folder = site(counter)
    build_folder(folder, BuildOptions(now=LAST_EVENING))
    november = counter.take()
    (folder / ".widget" / "x").rename(folder / ".widget" / "x-away")  # so December reads again
    build_folder(folder, BuildOptions(now=NEXT_MORNING))
    december = counter.take()
    assert november > 0 and december > 0
    assert reads(folder) == {
        "month": "2026-12",
        "networks": {"x": {"this_build": december, "this_month": december, "cap": None}},
    }
    stored = json.loads((folder / ".widget" / READS_FILE).read_text("utf-8"))
    assert stored["months"] == {"2026-11": {"x": november}, "2026-12": {"x": december}}


def test_the_cap_stops_x_reads_and_the_build_serves_the_store(counter: ItemCounter) -> None:
    folder = site(counter)
    build_folder(folder, BuildOptions(now=LAST_EVENING - timedelta(days=1)))
    first = counter.take()
    # Room for the first fetch (limit 10) but not for a second one.
    cap = first + 10 - 1
    set_key(folder / "widget.toml", "x", f"monthly_post_reads = {cap}")
    (folder / ".widget" / READS_FILE).unlink()
    (folder / ".widget" / "x").rename(folder / ".widget" / "x-first")
    allowed = build_folder(folder, BuildOptions(now=LAST_EVENING - timedelta(hours=2)))
    assert allowed.result.exit_code == EXIT_OK
    assert counter.take() == first
    stopped = build_folder(folder, BuildOptions(now=LAST_EVENING))
    assert counter.timelines == [] and counter.take() == 0, "X must not be asked"
    assert stopped.result.exit_code == EXIT_DEGRADED
    lines = [line for line in stopped.log.splitlines() if "monthly_post_reads" in line]
    assert len(lines) == 1
    assert f"not asked, to stay within [x] monthly_post_reads: {first} of {cap} posts" in lines[0]
    assert "serving" in lines[0] and "stored post" in lines[0]
    assert reads(folder)["networks"]["x"] == {"this_build": 0, "this_month": first, "cap": cap}
    shown = (folder / "public" / "widget" / "borger.html").read_text("utf-8")
    assert shown.count("<article") > 0
    # The next month the cap has room again.
    build_folder(folder, BuildOptions(now=NEXT_MORNING))
    assert counter.timelines


def test_the_budget_file_is_kept_per_month(tmp_path: Path) -> None:
    budget = Budget.load(tmp_path, NOW)
    assert budget.allows("x", 10, 10) and not budget.allows("x", 11, 10)
    assert budget.allows("x", 10**9, None)
    budget.add("x", 7)
    budget.add("mastodon", 3)
    budget.add("x", 0)
    budget.save()
    again = Budget.load(tmp_path, NOW + timedelta(days=1))
    assert (again.total("x"), again.total("mastodon"), again.added) == (7, 3, {})
    assert not again.allows("x", 4, 10)
    december = Budget.load(tmp_path, NEXT_MORNING)
    assert december.month == "2026-12" and december.total("x") == 0
    reported = december.report(["x"], {"x": 100})
    assert describe(reported) == "posts read: x 0 this build, 0 this month (cap 100)"
    assert describe(again.report(["x", "rss"], {})) == "posts read: x 0 this build, 7 this month"


def test_nothing_is_written_when_nothing_was_read(tmp_path: Path) -> None:
    Budget.load(tmp_path, NOW).save()
    assert not (tmp_path / READS_FILE).exists()


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", '{"format": 2, "months": {}}', '{"format": 1, "months": {"x": 1}}'],
)
def test_a_damaged_budget_file_is_named_in_one_line(tmp_path: Path, content: str) -> None:
    (tmp_path / READS_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Budget.load(tmp_path, NOW)
    assert str(tmp_path / READS_FILE) in caught.value.message
    assert "\n" not in caught.value.message


def test_the_month_is_the_utc_calendar_month() -> None:
    west_of_utc_new_years_eve = datetime(2026, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-1)))
    assert month_of(west_of_utc_new_years_eve) == "2027-01"
    assert month_of(NOW) == "2026-11"


def test_widget_fetch_counts_and_prints_the_reads_too(counter: ItemCounter) -> None:
    config = str(site(counter) / "widget.toml")
    result = CliRunner().invoke(main, ["fetch", "-c", config])
    assert result.exit_code == EXIT_OK, result.stderr
    received = counter.take()
    assert f"posts read: x {received} this build, {received} this month" in result.stderr
    stored = json.loads((site(counter) / ".widget" / READS_FILE).read_text("utf-8"))
    assert stored["months"] == {month_of(datetime.now(timezone.utc)): {"x": received}}
