"""Issue 10 #16: replayed answers never reach the live HTTP cache, however fetch is called.

``fetch_sources(replay=…)`` without a session opens the build's own session, whose
replayed answers are cached apart; a later live build must not be served recorded data.
The recordings are the invented examples.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.helpers import NOW, copy_example
from widget.config import load_config
from widget.fetch import fetch_sources
from widget.http import CACHE_FILE, REPLAY_CACHE_FILE, make_session
from widget.store import Store


def cached_urls(state: Path, cache_file: str) -> list[str]:
    if not (state / cache_file).exists():
        return []
    with make_session(
        state, expire_after=timedelta(minutes=15), timeout=5, cache_file=cache_file
    ) as session:
        return [str(url) for url in session.cache.urls()]


def test_fetch_with_replay_and_no_session_leaves_the_live_cache_untouched(
    tmp_path: Path,
) -> None:
    folder = copy_example("borger-dk", tmp_path)
    config_file = folder / "widget.toml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace('replay = "recorded"\n', ""), encoding="utf-8")
    config = load_config(config_file)
    assert config.settings("x").replay is None  # only the argument replays

    report = fetch_sources(
        config, Store(config.state), replay=folder / "recorded", now=NOW, log=lambda _: None
    )

    assert [account.status for account in report.accounts] == ["fresh"]
    assert cached_urls(config.state, REPLAY_CACHE_FILE), "the replayed answers are cached apart"
    assert cached_urls(config.state, CACHE_FILE) == []
