"""Deletions and edits, seen where they matter: the built widget and ``widget explain``."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.helpers import NOW, build_folder, copy_example, set_key
from widget.build import BuildOptions
from widget.cli import main
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
