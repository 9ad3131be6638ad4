"""A fictional site fed by every network at once, for the hostile-input and fuzz tests.

Its recordings are copies of our own invented test data (tests/data), one
folder replaying X, Mastodon, Bluesky and RSS, plus an X archive; a test
mutates one recorded answer and builds. A build must then end with exit 0 or 3,
one line per problem, and no traceback.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from widget.cli import main

DATA = Path(__file__).parent / "data"

RECORDED = {
    "x": "kommune_test/tweets-1.json",
    "mastodon": "borgerdemo@social.example/statuses-1.json",
    "bluesky": "udenrigs-demo.bsky.example/feed-1.json",
}
"""The first recorded page of each JSON network, relative to the recordings folder."""
RSS = "news.example/nyheder.rss"
ARCHIVE_TWEETS = "archive/data/tweets.js"

CONFIG = """\
# Fictional site for the hostile-input tests: every account and post is invented.
output = "public/widget"
state = ".widget"

[x]
replay = "recorded"
refresh_minutes = 0
[mastodon]
replay = "recorded"
refresh_minutes = 0
[bluesky]
replay = "recorded"
refresh_minutes = 0
[rss]
replay = "recorded"
refresh_minutes = 0

[feeds.all]
title = "Alt"
limit = 50
sources = [
  "x:kommune_test",
  "x-archive:archive",
  "mastodon:borgerdemo@social.example",
  "bluesky:udenrigs-demo.bsky.example",
  "rss:https://news.example/nyheder.rss",
  "rss:https://blog.example/atom.xml",
]
"""


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def make_site(root: Path) -> Path:
    """``root/site`` with its configuration, recordings and archive."""
    site = root / "site"
    recorded = site / "recorded"
    recorded.mkdir(parents=True)
    for network in ("recorded", "mastodon", "bluesky", "rss"):
        for item in (DATA / network).iterdir():
            if item.is_dir():
                shutil.copytree(item, recorded / item.name)
    shutil.copytree(DATA / "archive", site / "archive")
    (site / "widget.toml").write_text(CONFIG, encoding="utf-8")
    return site


def widget(site: Path, *args: str) -> Run:
    """Runs the command line as a user would, without a process of its own."""
    result = CliRunner().invoke(
        main, [*args, "-c", str(site / "widget.toml")], prog_name="widget", catch_exceptions=True
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback the user would have seen
    return Run(result.exit_code, result.stdout, result.stderr)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def mutate_json(path: Path, change: Callable[[Any], Any]) -> None:
    """Replaces the JSON at ``path`` by what ``change`` makes of it (in place or returned)."""
    value = read_json(path)
    changed = change(value)
    write_json(path, value if changed is None else changed)


def read_archive(site: Path) -> Any:
    text = (site / ARCHIVE_TWEETS).read_text(encoding="utf-8")
    return json.loads(text.partition("=")[2])


def write_archive(site: Path, value: Any) -> None:
    body = json.dumps(value, ensure_ascii=False)
    (site / ARCHIVE_TWEETS).write_text(f"window.YTD.tweets.part0 = {body}", encoding="utf-8")
