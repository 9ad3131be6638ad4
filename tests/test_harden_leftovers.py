"""Leftovers of a killed build are removed by the next one: only ours, only older ones.

"Ours" means our naming and, for folders, our marker; every file here is invented.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from widget.atomic import remove_stale_temporaries, write_atomic
from widget.write import MANIFEST, MARKER, MARKER_TEXT, staged_output

AN_HOUR_AGO = time.time() - 3600


def aged(path: Path, when: float = AN_HOUR_AGO) -> Path:
    os.utime(path, (when, when))
    return path


def killed_staging(parent: Path, name: str, *, marked: bool = True) -> Path:
    folder = parent / name
    folder.mkdir()
    (folder / "a.html").write_text("half-built")
    if marked:
        (folder / MARKER).write_text(MARKER_TEXT)
    return aged(folder)


def build_once(output: Path) -> None:
    with staged_output(output) as stage:
        stage.write_text("a.html", "new")
        stage.write_text(MANIFEST, "{}")


def test_the_next_build_removes_staged_folders_and_temporary_files_of_killed_builds(
    tmp_path: Path,
) -> None:
    output = tmp_path / "widget"
    killed_staging(tmp_path, ".widget.new-k1ll3d")
    killed_staging(tmp_path, ".widget.old-4242")
    empty = tmp_path / ".widget.new-empty0"
    empty.mkdir()
    aged(empty)
    temporary = aged(_touch(tmp_path / ".index.html.widget-abcd1234.tmp"))
    build_once(output)
    assert not temporary.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["widget"]


def test_what_is_not_ours_or_is_newer_than_the_build_is_kept(tmp_path: Path) -> None:
    output = tmp_path / "widget"
    foreign = killed_staging(tmp_path, ".widget.new-site01", marked=False)
    other_output = killed_staging(tmp_path, ".other.new-abc123")
    someone_elses_tmp = aged(_touch(tmp_path / ".index.html.x1y2z3w4.tmp"))
    fresh = killed_staging(tmp_path, ".widget.new-fresh1")
    aged(fresh, time.time() + 3600)  # still being written by another run
    build_once(output)
    for kept in (foreign, other_output, someone_elses_tmp, fresh):
        assert kept.exists(), kept


def test_a_previous_build_moved_aside_by_a_killed_swap_is_put_back(tmp_path: Path) -> None:
    output = tmp_path / "widget"
    aside = killed_staging(tmp_path, ".widget.old-4242")
    (aside / "a.html").write_text("previous")
    with staged_output(output) as stage:
        assert (output / "a.html").read_text() == "previous", "restored before the build"
        stage.write_text(MANIFEST, "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["widget"]


def test_stale_temporaries_of_atomic_writes_are_removed_from_a_state_folder(
    tmp_path: Path,
) -> None:
    state = tmp_path / ".widget"
    write_atomic(state / "media" / "index" / "k.json", b"{}")
    stale = aged(_touch(state / "media" / "index" / ".k.json.widget-q9w8e7r6.tmp"))
    stale_top = aged(_touch(state / ".x.json.widget-a1b2c3d4.tmp"))
    mine_later = _touch(state / ".y.json.widget-zzzzzzzz.tmp")
    aged(mine_later, time.time() + 3600)
    removed = remove_stale_temporaries(state, before=time.time(), recursive=True)
    assert sorted(removed) == sorted([stale, stale_top])
    assert mine_later.exists()
    assert (state / "media" / "index" / "k.json").read_bytes() == b"{}"


def test_atomic_writes_use_the_name_the_cleanup_recognises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real = os.replace

    def spy(source: str, target: Path) -> None:
        seen.append(Path(source).name)
        real(source, target)

    monkeypatch.setattr(os, "replace", spy)
    write_atomic(tmp_path / "page.html", b"x")
    [name] = seen
    assert name.startswith(".page.html.widget-") and name.endswith(".tmp")


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path
