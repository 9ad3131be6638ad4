"""``max_stale_hours``: a feed whose every account is old says so, and exits 3 (1 with --strict)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.helpers import NOW, build_folder, copy_example, describe_every_image, set_key, tree
from widget.build import BuildOptions
from widget.config import parse_config
from widget.errors import EXIT_DEGRADED, EXIT_OK, BuildError
from widget.fetch import AccountStatus, FetchReport
from widget.policy import stale_feeds

# Every account and post here is invented.


def stale_copy(tmp_path: Path, hours: int) -> Path:
    folder = describe_every_image(copy_example("borger-dk", tmp_path))
    set_key(folder / "widget.toml", "feeds.borger", f"max_stale_hours = {hours}")
    return folder


def test_a_feed_older_than_max_stale_hours_gives_one_line_and_exit_3(tmp_path: Path) -> None:
    folder = stale_copy(tmp_path, 2)
    assert build_folder(folder).result.exit_code == EXIT_OK
    later = build_folder(folder, BuildOptions(now=NOW + timedelta(hours=3), offline=True))
    assert later.result.exit_code == EXIT_DEGRADED
    lines = [line for line in later.log.splitlines() if "max_stale_hours" in line]
    assert lines == [
        "warning: feeds.borger: every account is stale (last fetched 3 hours ago; "
        "max_stale_hours is 2)"
    ]


def test_within_max_stale_hours_the_build_is_ok(tmp_path: Path) -> None:
    folder = stale_copy(tmp_path, 4)
    build_folder(folder)
    later = build_folder(folder, BuildOptions(now=NOW + timedelta(hours=3), offline=True))
    assert later.result.exit_code == EXIT_OK
    assert "warning:" not in later.log


def test_strict_fails_a_stale_feed_and_keeps_the_previous_output(tmp_path: Path) -> None:
    folder = stale_copy(tmp_path, 2)
    output = build_folder(folder).result.output
    before = tree(output)
    options = BuildOptions(now=NOW + timedelta(hours=3), offline=True, strict=True)
    with pytest.raises(BuildError, match=r"^--strict: the build gave 1 warning"):
        build_folder(folder, options)
    assert tree(output) == before


def report(*accounts: tuple[str, int | None]) -> FetchReport:
    return FetchReport(
        tuple(
            AccountStatus(
                source,
                "cached",
                None,
                None if hours is None else NOW - timedelta(hours=hours),
                0,
                0,
            )
            for source, hours in accounts
        )
    )


def test_one_fresh_account_keeps_a_feed_fresh_and_none_fetched_is_stale(tmp_path: Path) -> None:
    raw = {
        "feeds": {
            "a": {"title": "A", "sources": ["x:one_demo", "x:two_demo"], "max_stale_hours": 5},
            "b": {"title": "B", "sources": ["x:two_demo"], "max_stale_hours": 5},
            "c": {"title": "C", "sources": ["x:two_demo"]},
        }
    }
    config = parse_config(raw, tmp_path / "widget.toml")
    assert stale_feeds(config, report(("x:one_demo", 1), ("x:two_demo", 9)), NOW) == [
        "feeds.b: every account is stale (last fetched 9 hours ago; max_stale_hours is 5)"
    ]
    assert stale_feeds(config, report(("x:one_demo", 6), ("x:two_demo", None)), NOW) == [
        "feeds.a: every account is stale (last fetched 6 hours ago; max_stale_hours is 5)",
        "feeds.b: every account is stale (never fetched; max_stale_hours is 5)",
    ]
    assert stale_feeds(config, report(("x:one_demo", 5), ("x:two_demo", 0)), NOW) == []


def test_an_export_read_every_build_neither_keeps_a_feed_fresh_nor_is_stale(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    raw = {
        "feeds": {
            "a": {
                "title": "A",
                "sources": ["x:one_demo", "x-archive:archive"],
                "max_stale_hours": 5,
            },
            "b": {"title": "B", "sources": ["x-archive:archive"], "max_stale_hours": 5},
        }
    }
    config = parse_config(raw, tmp_path / "widget.toml")
    (label,) = {source.label for source in config.sources if source.kind == "x-archive"}
    assert stale_feeds(config, report(("x:one_demo", 9), (label, 0)), NOW) == [
        "feeds.a: every account is stale (last fetched 9 hours ago; max_stale_hours is 5)"
    ]


def test_max_stale_hours_is_a_whole_number_of_hours(tmp_path: Path) -> None:
    from widget.config import load_config
    from widget.errors import ConfigError

    folder = copy_example("borger-dk", tmp_path)
    set_key(folder / "widget.toml", "feeds.borger", 'max_stale_hours = "2h"')
    with pytest.raises(ConfigError) as caught:
        load_config(folder / "widget.toml")
    [line] = caught.value.lines()
    assert line.endswith(
        "feeds.borger.max_stale_hours: '2h' must be a whole number from 1 to 87600"
    )
