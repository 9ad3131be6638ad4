"""The preview's watch filter (pure) and its debounced, never-overlapping rebuilds."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from widget.config import Config, parse_config
from widget.themes import builtin_themes_dir
from widget.watch import LOCALES, Watcher, should_rebuild

PROJECT = Path("/srv/kommune")


@pytest.fixture
def config() -> Config:
    raw = {
        "output": "public/widget",
        "state": ".widget",
        "templates": "templates",
        "themes": "themes",
        "x": {"replay": "recorded"},
        "feeds": {
            "nyheder": {
                "title": "Nyt fra kommunen",
                "sources": ["x:kommune_test", "x-archive:arkiv/kommune_test"],
            }
        },
    }
    return parse_config(raw, PROJECT / "widget.toml")


@pytest.mark.parametrize(
    "path",
    [
        "/srv/kommune/widget.toml",
        "/srv/kommune/templates/widget.html",
        "/srv/kommune/templates/partials/post.html",
        "/srv/kommune/themes/kommune/theme.toml",
        "/srv/kommune/themes/kommune/style.css",
        "/srv/kommune/recorded/kommune_test/tweets-1.json",
        "/srv/kommune/arkiv/kommune_test/data/tweets.js",
        str(builtin_themes_dir() / "dkfds" / "style.css"),
        str(LOCALES / "da.toml"),
    ],
)
def test_a_change_to_an_input_of_the_build_rebuilds(path: str, config: Config) -> None:
    assert should_rebuild(path, config)


@pytest.mark.parametrize(
    "path",
    [
        "/srv/kommune/public/widget/nyheder.html",
        "/srv/kommune/public/widget",
        "/srv/kommune/public/.widget.new-k2j3/nyheder.html",
        "/srv/kommune/public/.widget.old-4242",
        "/srv/kommune/.widget/x/kommune_test.json",
        "/srv/kommune/.widget",
        "/srv/kommune/README.md",
        "/srv/kommune/widget.toml.orig/../notes.txt",
        "/srv/other/templates/widget.html",
    ],
)
def test_the_output_the_state_and_unrelated_files_do_not_rebuild(path: str, config: Config) -> None:
    assert not should_rebuild(path, config)


@pytest.mark.parametrize(
    "name",
    [
        ".widget.html.swp",
        "widget.html.swx",
        "widget.html~",
        ".#widget.html",
        "#widget.html#",
        "4913",
        ".DS_Store",
    ],
)
def test_editor_temporary_files_never_rebuild_even_inside_an_input_folder(
    name: str, config: Config
) -> None:
    assert not should_rebuild(f"/srv/kommune/templates/{name}", config)
    assert not should_rebuild(f"/srv/kommune/{name}", config)


def test_an_output_inside_an_input_folder_still_does_not_rebuild() -> None:
    raw = {
        "output": "templates/out",
        "templates": "templates",
        "feeds": {"nyheder": {"title": "Nyt", "sources": ["x:kommune_test"]}},
    }
    config = parse_config(raw, PROJECT / "widget.toml")

    assert not should_rebuild("/srv/kommune/templates/out/nyheder.html", config)
    assert should_rebuild("/srv/kommune/templates/widget.html", config)


def test_relative_paths_are_judged_from_the_working_folder(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir("/")

    assert should_rebuild("srv/kommune/templates/widget.html", config)
    assert not should_rebuild("srv/kommune/public/widget/index.html", config)


# --- the debounced watcher --------------------------------------------------------------------


class Rebuilds:
    """Counts rebuilds and notices two at once."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.count = 0
        self.running = 0
        self.overlapped = False
        self.lock = threading.Lock()
        self.finished = threading.Event()

    def __call__(self) -> None:
        with self.lock:
            self.running += 1
            self.overlapped |= self.running > 1
        time.sleep(self.seconds)
        with self.lock:
            self.running -= 1
            self.count += 1
        self.finished.set()


def project(tmp_path: Path) -> Config:
    (tmp_path / "templates").mkdir()
    raw = {
        "templates": "templates",
        "feeds": {"nyheder": {"title": "Nyt", "sources": ["x:kommune_test"]}},
    }
    return parse_config(raw, tmp_path / "widget.toml")


def wait_until(condition: object, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.02)


def test_a_burst_of_changes_gives_one_rebuild(tmp_path: Path) -> None:
    config = project(tmp_path)
    rebuilds = Rebuilds()
    watcher = Watcher(lambda: config, rebuilds, debounce=0.2)
    watcher.start()
    try:
        for _ in range(5):
            watcher.poke()
            time.sleep(0.02)
        assert rebuilds.finished.wait(5)
        time.sleep(0.4)
    finally:
        watcher.stop()

    assert rebuilds.count == 1


def test_a_change_during_a_rebuild_gives_exactly_one_more_and_never_overlaps(
    tmp_path: Path,
) -> None:
    config = project(tmp_path)
    rebuilds = Rebuilds(seconds=0.3)
    watcher = Watcher(lambda: config, rebuilds, debounce=0.05)
    watcher.start()
    try:
        watcher.poke()
        wait_until(lambda: rebuilds.running == 1)
        watcher.poke()
        watcher.poke()
        wait_until(lambda: rebuilds.count == 2)
        time.sleep(0.3)
    finally:
        watcher.stop()

    assert rebuilds.count == 2
    assert not rebuilds.overlapped


def test_saving_a_template_on_disk_triggers_a_rebuild_and_an_editor_swap_file_does_not(
    tmp_path: Path,
) -> None:
    config = project(tmp_path)
    rebuilds = Rebuilds()
    watcher = Watcher(lambda: config, rebuilds, debounce=0.05)
    watcher.start()
    try:
        (tmp_path / "templates" / ".widget.html.swp").write_text("swap", encoding="utf-8")
        (tmp_path / "notes.txt").write_text("not an input", encoding="utf-8")
        time.sleep(0.5)
        assert rebuilds.count == 0
        (tmp_path / "templates" / "widget.html").write_text("<section>", encoding="utf-8")
        assert rebuilds.finished.wait(5)
    finally:
        watcher.stop()

    assert rebuilds.count >= 1
