"""Which file changes call for a rebuild, and a debounced watcher that asks for one.

The filter is a pure function of a path and the configuration, so it is tested
without touching the disk; the watcher only turns watchdog's events into calls
to it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path, PurePath

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

import widget
from widget.config import Config
from widget.themes import builtin_themes_dir

LOCALES = Path(widget.__file__).resolve().parent / "locales"
DEBOUNCE_SECONDS = 0.2
CHANGE_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed"})
"""Reads (``opened``, ``closed_no_write``) are left out: the build itself reads every template."""
EDITOR_LEFTOVERS = frozenset({"4913", ".DS_Store", "Thumbs.db"})
EDITOR_SUFFIXES = (".swp", ".swo", ".swx", ".swpx", "~", ".tmp", ".bak")


def is_editor_leftover(name: str) -> bool:
    """Swap, backup and lock files editors write beside the file being edited.

    ``4913`` is the file vim creates to test whether it may write into a folder.
    """
    return (
        name in EDITOR_LEFTOVERS
        or name.endswith(EDITOR_SUFFIXES)
        or name.startswith(".#")
        or (name.startswith("#") and name.endswith("#"))
    )


def input_folders(config: Config) -> list[Path]:
    """Every folder whose contents go into a build."""
    folders = [builtin_themes_dir().resolve(), LOCALES]
    replays = [settings.replay for settings in config.networks.values()]
    folders.extend(path for path in (config.templates, config.themes, *replays) if path)
    folders.extend(
        source.path for feed in config.feeds.values() for source in feed.sources if source.path
    )
    return list(dict.fromkeys(folders))


def should_rebuild(path: str, config: Config) -> bool:
    """Whether a change at ``path`` can change the build's output."""
    target = PurePath(os.path.abspath(path))
    if is_editor_leftover(target.name):
        return False
    if target == PurePath(config.path):
        return True
    output = PurePath(config.output)
    for own in (output, PurePath(config.state)):
        if target == own or own in target.parents:
            return False
    if target.parent == output.parent and target.name.startswith(f".{output.name}."):
        return False  # the build's staging and swap folders
    return any(
        target == folder or PurePath(folder) in target.parents for folder in input_folders(config)
    )


class _Events(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGE_EVENTS:
            return
        if event.is_directory and event.event_type == "modified":
            return  # only says an entry changed; that entry has its own event
        paths = [event.src_path, getattr(event, "dest_path", "")]
        for path in paths:
            if path and should_rebuild(os.fsdecode(path), self.watcher.config()):
                self.watcher.poke()
                return


class Watcher:
    """Calls ``rebuild`` once a burst of relevant changes has been quiet for a moment.

    Rebuilds run one at a time on the watcher's own thread; a change during a
    rebuild schedules exactly one more.
    """

    def __init__(
        self,
        config: Callable[[], Config],
        rebuild: Callable[[], object],
        *,
        debounce: float = DEBOUNCE_SECONDS,
    ) -> None:
        self.config = config
        self.rebuild = rebuild
        self.debounce = debounce
        self._changed = threading.Event()
        self._stopping = threading.Event()
        self._observer = Observer()
        self._watched: set[tuple[str, bool]] = set()
        self._thread = threading.Thread(target=self._loop, name="widget-rebuild", daemon=True)

    def start(self) -> None:
        self.refresh()
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._changed.set()
        self._observer.stop()
        self._observer.join()
        if self._thread.is_alive():
            self._thread.join()

    def poke(self) -> None:
        self._changed.set()

    def refresh(self) -> None:
        """Watches what the current configuration names (a new templates folder, say)."""
        config = self.config()
        wanted = {(str(folder), True) for folder in input_folders(config) if folder.is_dir()}
        wanted.add((str(config.path.parent), False))
        if wanted == self._watched:
            return
        self._observer.unschedule_all()
        handler = _Events(self)
        for folder, recursive in sorted(wanted):
            self._observer.schedule(handler, folder, recursive=recursive)
        self._watched = wanted

    def _loop(self) -> None:
        while True:
            self._changed.wait()
            if self._stopping.is_set():
                return
            self._wait_for_quiet()
            if self._stopping.is_set():
                return
            self.rebuild()
            self.refresh()

    def _wait_for_quiet(self) -> None:
        while self._changed.is_set():
            self._changed.clear()
            if self._stopping.wait(self.debounce):
                return
