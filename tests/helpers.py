"""Shared set-up for the build-level tests: example copies, fixed clocks and counted requests."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from requests.adapters import BaseAdapter

import widget.build
from tests.conftest import EXAMPLES
from widget.build import BuildOptions, BuildResult, build
from widget.config import Config, load_config
from widget.progress import Progress
from widget.sources import replay
from widget.sources.bluesky.replay import HOST as BLUESKY_HOST
from widget.sources.registry import KINDS
from widget.sources.replay import ReplayAdapter
from widget.sources.rss.replay import is_feed_request
from widget.sources.x.kinds import X_KIND
from widget.sources.x.replay import API_HOSTS

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
"""The fixed clock of every build here, so the rendered output never depends on the day."""

EXAMPLE_NAMES = ("borger-dk", "dk-i-verden")
BUILD_LEFTOVERS = ("public", ".widget")
"""What a `make demo` run leaves in an example folder; never copied into a test."""


def copy_example(name: str, tmp_path: Path) -> Path:
    """A private copy of ``examples/<name>``, so no test ever builds inside the repository."""
    target = tmp_path / name
    shutil.copytree(EXAMPLES / name, target, ignore=shutil.ignore_patterns(*BUILD_LEFTOVERS))
    return target


BORGER_UNDESCRIBED = ("x:2119746821944246288", "x:2118712506577846286")
"""borger-dk's posts whose images have no alt text, on purpose: they show the fallback."""


def describe_every_image(folder: Path) -> Path:
    """Gives borger-dk's undescribed images an editor's alt text, so a build warns of nothing."""
    lines = "".join(f'"{key}" = "A picture (invented example)"\n' for key in BORGER_UNDESCRIBED)
    with (folder / "widget.toml").open("a", encoding="utf-8") as config:
        config.write(f"\n[feeds.borger.alt_text]\n{lines}")
    return folder


def set_key(config_file: Path, section: str, line: str) -> None:
    """Adds ``line`` right under ``[section]`` of a copied configuration."""
    text = config_file.read_text(encoding="utf-8")
    header = f"[{section}]\n"
    assert header in text, f"{config_file} has no {header!r}"
    config_file.write_text(text.replace(header, header + line + "\n", 1), encoding="utf-8")


@dataclass
class Built:
    result: BuildResult
    log: str


def build_folder(folder: Path, options: BuildOptions | None = None) -> Built:
    """Builds ``folder/widget.toml`` at ``NOW`` (unless ``options`` says otherwise)."""
    options = options or BuildOptions(now=NOW)
    stream = io.StringIO()
    result = build(load_config(folder / "widget.toml"), options, Progress(stream))
    return Built(result, stream.getvalue())


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative POSIX path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@dataclass
class CountingAdapter(BaseAdapter):
    """Passes every request on to a ReplayAdapter (every network's layout) and remembers its URL.

    Mounted under the cached session, it sees only what would have reached the
    network: answers served from the HTTP cache never get here.
    """

    folder: Path
    urls: list[str] = field(default_factory=list)
    posts_urls: list[str] = field(default_factory=list)
    """The requests for posts (any network's API, or a feed), as against pictures."""

    def __post_init__(self) -> None:
        super().__init__()
        self.inner = ReplayAdapter([(self.folder, kind) for kind in KINDS.values()])

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        self.urls.append(request.url or "")
        if asks_for_posts(request):
            self.posts_urls.append(request.url or "")
        return self.inner.send(request, **kwargs)

    def close(self) -> None:
        self.inner.close()

    def paths(self, pattern: str) -> list[str]:
        return [urlsplit(url).path for url in self.urls if pattern in urlsplit(url).path]

    @property
    def api(self) -> list[str]:
        return [url for url in self.urls if urlsplit(url).hostname in API_HOSTS]

    @property
    def media(self) -> list[str]:
        return [url for url in self.urls if url not in self.posts_urls]

    def clear(self) -> None:
        self.urls.clear()
        self.posts_urls.clear()


def asks_for_posts(request: requests.PreparedRequest) -> bool:
    """X's or Bluesky's API host, a Mastodon server's API, or a feed (its ``Accept``)."""
    parts = urlsplit(request.url or "")
    return (
        parts.hostname in API_HOSTS
        or parts.hostname == BLUESKY_HOST
        or parts.path.startswith("/api/v1/")
        or is_feed_request(request)
    )


def count_requests(monkeypatch: pytest.MonkeyPatch, folder: Path) -> CountingAdapter:
    """Serves every build's session from ``folder`` through a counter (replay from config too)."""
    counter = CountingAdapter(folder)
    real_open_session = widget.build.open_session

    def open_counted(config: Config, options: BuildOptions) -> requests.Session:
        session = real_open_session(config, options)
        session.mount("https://", counter)
        return session

    monkeypatch.setattr(widget.build, "open_session", open_counted)
    return counter


def files_containing(folder: Path, needle: bytes) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and needle in path.read_bytes():
            yield path


def x_replay_adapter(folder: Path) -> ReplayAdapter:
    """The build's replay adapter, answering X's API from ``folder`` and nothing else."""
    return ReplayAdapter([(folder, X_KIND)])


def mount_x_replay(session: requests.Session, folder: Path) -> None:
    replay.mount_replay(session, [(folder, X_KIND)], fallback=False)


def attach_x_recorder(session: requests.Session, folder: Path) -> None:
    replay.attach_recorder(session, folder, [X_KIND])
