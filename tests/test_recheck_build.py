"""Deletions and edits, seen where they matter: the built widget and ``widget explain``."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from click.testing import CliRunner
from requests.adapters import BaseAdapter

import widget.build
from tests.helpers import (
    NOW,
    build_folder,
    copy_example,
    describe_every_image,
    set_key,
    x_replay_adapter,
)
from widget.build import BuildOptions
from widget.cli import main
from widget.config import Config
from widget.errors import EXIT_DEGRADED, EXIT_ERROR, BuildError
from widget.sources.replay import make_response
from widget.store import Store

EDITED = "2124543427998646303"
"""The invented ``borger_demo`` post whose ``edit_history_tweet_ids`` names an older version."""
OLDER = "2124540408099766304"
DELETED = "2121536112030646295"


def page_of(folder: Path) -> Path:
    return folder / "recorded" / "borger_demo" / "tweets-1.json"


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def fragment(folder: Path) -> str:
    return (folder / "public" / "widget" / "borger.html").read_text(encoding="utf-8")


def explain(folder: Path, post_id: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["-c", str(folder / "widget.toml"), "explain", "borger", post_id]
    )
    return result.exit_code, result.stdout


def test_a_post_reported_deleted_leaves_the_widget_at_the_next_build(tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    set_key(folder / "widget.toml", "x", "recheck_hours = 0")
    build_folder(folder)
    assert DELETED in fragment(folder)
    lookup = {
        "errors": [
            {
                "resource_id": DELETED,
                "parameter": "ids",
                "resource_type": "tweet",
                "title": "Not Found Error",
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }
        ]
    }
    (folder / "recorded" / "borger_demo" / "lookup.json").write_text(json.dumps(lookup))

    built = build_folder(folder, BuildOptions(now=NOW + timedelta(minutes=1)))

    assert DELETED not in fragment(folder)
    assert "x:borger_demo: rechecked 10 shown post(s) with 1 request: 1 deleted" in built.log
    assert DELETED not in Store(folder / ".widget").load("x", "borger_demo").posts
    code, out = explain(folder, DELETED)
    assert code == 1 and out.startswith(f"x:{DELETED} is not shown: x reported it deleted")


def test_an_edited_post_shows_once_in_its_newest_version(tmp_path: Path) -> None:
    folder = copy_example("borger-dk", tmp_path)
    page = read(page_of(folder))
    newest = next(item for item in page["data"] if item["id"] == EDITED)
    older = dict(newest, id=OLDER, text="Prisen for nyt pas stiger i 2026 (fiktivt eksempel)")
    page["data"].insert(1, older)  # X's timeline holds every version, newest first
    page_of(folder).write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")

    build_folder(folder)

    html = fragment(folder)
    assert EDITED in html and OLDER not in html and "stiger" not in html
    assert OLDER not in Store(folder / ".widget").load("x", "borger_demo").posts
    code, out = explain(folder, OLDER)
    assert code == 1
    assert out.startswith(f"x:{OLDER} is not shown: it was edited, and x:{EDITED} replaced it")


class LookupDown(BaseAdapter):
    """X from the recordings, except the recheck's lookup, which answers 503."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.inner = x_replay_adapter(folder)

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        if urlsplit(request.url or "").path == "/2/tweets":
            return make_response(request, 503, b"{}", {"Content-Type": "application/json"})
        return self.inner.send(request, **kwargs)

    def close(self) -> None:
        self.inner.close()


def test_a_failed_recheck_is_a_warning_and_strict_fails_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = describe_every_image(copy_example("borger-dk", tmp_path))
    set_key(folder / "widget.toml", "x", "recheck_hours = 0")
    build_folder(folder)
    before = fragment(folder)
    real_open_session = widget.build.open_session

    def lookup_down(config: Config, options: BuildOptions) -> requests.Session:
        session = real_open_session(config, options)
        session.mount("https://", LookupDown(folder / "recorded"))
        return session

    monkeypatch.setattr(widget.build, "open_session", lookup_down)
    later = NOW + timedelta(minutes=1)

    with pytest.raises(BuildError, match=r"^--strict: the build gave 1 warning") as caught:
        build_folder(folder, BuildOptions(now=later, strict=True))

    assert caught.value.exit_code == EXIT_ERROR
    assert fragment(folder) == before, "the previous output stays"
    built = build_folder(folder, BuildOptions(now=later))
    warnings = [line for line in built.log.splitlines() if line.startswith("warning: ")]
    assert warnings == [line for line in warnings if "x:borger_demo: the recheck failed" in line]
    assert len(warnings) == 1, built.log
    assert built.log.count("the recheck failed") == 1, "said once, as a warning"


def test_a_recheck_over_the_monthly_cap_is_not_made_and_the_build_exits_3(
    tmp_path: Path,
) -> None:
    folder = describe_every_image(copy_example("borger-dk", tmp_path))
    set_key(folder / "widget.toml", "x", "recheck_hours = 0")
    build_folder(folder)
    reads = read(folder / ".widget" / "reads.json")["months"]
    (total,) = (counts["x"] for counts in reads.values())
    set_key(folder / "widget.toml", "x", f"monthly_post_reads = {total + 9}")  # 10 are shown

    built = build_folder(folder, BuildOptions(now=NOW + timedelta(minutes=1)))

    assert built.result.exit_code == EXIT_DEGRADED
    lines = [line for line in built.log.splitlines() if "monthly_post_reads" in line]
    assert len(lines) == 1 and lines[0].startswith(
        "warning: x:borger_demo: the recheck was not made, to stay within [x] "
        f"monthly_post_reads: {total} of {total + 9} posts read"
    )
    assert "rechecked" not in built.log
    assert DELETED in fragment(folder)
