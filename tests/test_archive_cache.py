"""An unchanged X export is merged once, not parsed again on every build."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

import widget.sources.x.archive
import widget.sources.x.kinds
from tests.test_fetch import START, Run, archive, write_archive, x
from tests.test_x_live import replayed
from widget.fetch import stored_posts
from widget.model import Post
from widget.sources.x import archive_cache


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every export the X archive kind parses, in order."""
    seen: list[Path] = []
    real = widget.sources.x.archive.read_archive

    def counting(folder: Path, skipped: list[str] | None = None) -> tuple[str, tuple[Post, ...]]:
        seen.append(folder)
        return real(folder, skipped)

    monkeypatch.setattr(widget.sources.x.kinds, "read_archive", counting)
    return seen


def test_an_unchanged_export_is_parsed_once_and_its_posts_stay_in_the_feed(
    tmp_path: Path, parses: list[Path]
) -> None:
    folder = write_archive(tmp_path / "export")
    run = Run(tmp_path, (5, (x("kommune_test"), archive(folder))))
    run.fetch(replayed())
    later = START + timedelta(hours=1)
    run.fetch(replayed(), at=later)
    report = run.fetch(replayed(), at=later + timedelta(hours=1), offline=True)
    assert parses == [folder]
    assert {s.source: s.status for s in report.accounts}[f"x-archive:{folder}"] == "fresh"
    posts = stored_posts(run.store, run.config.feeds["feed-0"])
    assert [p.id for p in posts][-2:] == ["1700000000000000002", "1700000000000000001"]


def test_a_changed_export_is_parsed_again_and_its_new_posts_added(
    tmp_path: Path, parses: list[Path]
) -> None:
    folder = write_archive(tmp_path / "export")
    run = Run(tmp_path, (5, (archive(folder),)))
    run.fetch(replayed())
    tweets = folder / "data" / "tweets.js"
    items = json.loads(tweets.read_text(encoding="utf-8").split("=", 1)[1])
    items.append({"tweet": {**items[0]["tweet"], "id_str": "1600000000000000009"}})
    tweets.write_text("window.YTD.tweets.part0 = " + json.dumps(items), encoding="utf-8")
    report = run.fetch(replayed(), offline=True)
    assert parses == [folder, folder]
    assert report.accounts[0].new_posts == 1


def test_the_signature_follows_sizes_times_and_new_pictures(tmp_path: Path) -> None:
    folder = write_archive(tmp_path / "export")
    first = archive_cache.signature(folder)
    assert first is not None and archive_cache.signature(folder) == first
    (folder / "data" / "tweets_media").mkdir()
    assert archive_cache.signature(folder) != first
    assert archive_cache.signature(tmp_path / "missing") is None
    assert not archive_cache.unchanged(tmp_path / "missing", {})
